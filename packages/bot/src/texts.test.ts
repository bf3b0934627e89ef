// Proves every default bot text, in English and Spanish, is one GSM-7 segment with the longest values.
import { analyzeSms } from '@smsbridge/sms';
import { describe, expect, it } from 'vitest';
import { parseBotConfig } from './config.ts';
import { menuText, packReplies, submenuText } from './engine.ts';
import { formatClosing, formatEta, formatMoment, summarizeWeeklyHours } from './format.ts';
import { BOT_LANGUAGES } from './intents.ts';
import {
  BOT_TEXT_KEYS,
  DEFAULT_TEXTS,
  PLACEHOLDER_MAX_LENGTH,
  placeholdersIn,
  renderText,
  TEXT_PLACEHOLDERS,
} from './texts.ts';
import type { Placeholder } from './texts.ts';

/** Every placeholder filled with a value of its maximum length ('W' is as wide as any GSM letter). */
const LONGEST = Object.fromEntries(
  Object.entries(PLACEHOLDER_MAX_LENGTH).map(([name, length]) => [name, 'W'.repeat(length)]),
) as Record<Placeholder, string>;

function expectOneGsmSegment(text: string): void {
  const analysis = analyzeSms(text);
  expect({ text, encoding: analysis.encoding, segments: analysis.segmentCount }).toEqual({
    text,
    encoding: 'GSM-7',
    segments: 1,
  });
}

describe('default texts', () => {
  for (const language of BOT_LANGUAGES) {
    for (const key of BOT_TEXT_KEYS) {
      it(`${language}.${key} is one GSM-7 segment with every placeholder at its maximum length`, () => {
        const text = DEFAULT_TEXTS[language][key];
        const rendered = renderText(text, LONGEST);
        expect(rendered).not.toMatch(/\{[A-Za-z]+\}/);
        expectOneGsmSegment(rendered);
      });
    }
  }

  it('uses only the placeholders each text declares', () => {
    for (const language of BOT_LANGUAGES) {
      for (const key of BOT_TEXT_KEYS) {
        const allowed: readonly string[] = TEXT_PLACEHOLDERS[key];
        for (const name of placeholdersIn(DEFAULT_TEXTS[language][key])) {
          expect(allowed, `${language}.${key} uses {${name}}`).toContain(name);
        }
      }
    }
  });

  it('keeps Spanish free of á í ó ú (not GSM-7) while é and ñ (GSM-7) stay', () => {
    const spanish = Object.values(DEFAULT_TEXTS.es).join(' ');
    expect(spanish).not.toMatch(/[áíóúÁÍÓÚç]/);
    expect(spanish).toMatch(/ñ/);
    expect(spanish).toMatch(/é/);
    expect(analyzeSms('contraseña técnico').encoding).toBe('GSM-7');
    expect(analyzeSms('número').encoding).toBe('UCS-2');
  });

  it('names the business, says what to expect and how to opt out in the greeting', () => {
    expect(renderText(DEFAULT_TEXTS.en.greeting, { businessName: 'Acme' })).toMatch(
      /Acme.*automated.*orders.*0 for a person.*STOP to opt out/,
    );
    expect(renderText(DEFAULT_TEXTS.es.greeting, { businessName: 'Acme' })).toMatch(
      /Acme.*pedidos.*0 para una persona.*STOP para darte de baja/,
    );
  });

  it('asks YES or NO after the reset link and never asks for a password', () => {
    expect(DEFAULT_TEXTS.en.resetLink).toMatch(/Did that work\? Reply YES or NO$/);
    for (const language of BOT_LANGUAGES) {
      for (const text of Object.values(DEFAULT_TEXTS[language])) {
        expect(text).not.toMatch(
          /(send|tell|give|reply with) (us |me )?(your )?(password|card|ssn)/i,
        );
        expect(text).not.toMatch(/(manda|env[ií]a|dime) (tu )?(contraseña|tarjeta)/i);
      }
    }
  });
});

describe('default menus', () => {
  const config = parseBotConfig({ businessName: 'W'.repeat(30) });
  for (const language of BOT_LANGUAGES) {
    it(`the ${language} main menu and sub-menu are one GSM-7 segment each`, () => {
      expectOneGsmSegment(menuText(config, language));
      const account = config.menu.find((item) => item.submenu);
      expect(account).toBeDefined();
      if (account) expectOneGsmSegment(submenuText(config, account, language));
    });

    it(`"${language}" not-understood plus menu packs into one GSM-7 SMS`, () => {
      const packed = packReplies([
        DEFAULT_TEXTS[language].notUnderstood,
        menuText(config, language),
      ]);
      expect(packed).toHaveLength(1);
      expectOneGsmSegment(packed[0] ?? '');
    });
  }
});

describe('generated values stay within their proven lengths', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  it('formatMoment and formatClosing for every day and half hour of a year, in both languages', () => {
    let longest = 0;
    for (let day = 0; day < 366; day += 1) {
      for (const minutes of [0, 30, 12 * 60 + 30, 23 * 60 + 30]) {
        const moment = new Date(now.getTime() + day * 86_400_000 + minutes * 60_000);
        for (const language of BOT_LANGUAGES) {
          const formatted = formatMoment(moment, now, 'America/New_York', language);
          const closing = formatClosing(moment, now, 'America/New_York', language);
          longest = Math.max(longest, formatted.length, closing.length);
          expect(analyzeSms(formatted).encoding).toBe('GSM-7');
        }
      }
    }
    expect(longest).toBeLessThanOrEqual(PLACEHOLDER_MAX_LENGTH.nextOpening);
    expect(PLACEHOLDER_MAX_LENGTH.closesAt).toBe(PLACEHOLDER_MAX_LENGTH.nextOpening);
  });

  it('formatEta of a date fits, in both languages', () => {
    for (const language of BOT_LANGUAGES) {
      expect(formatEta('2026-09-30', language).length).toBeLessThanOrEqual(
        PLACEHOLDER_MAX_LENGTH.eta,
      );
      expect(formatEta('2026-09-30T18:00:00Z', language)).toBe(
        language === 'en' ? 'Wed Sep 30' : 'el 30 de septiembre',
      );
    }
  });

  it('a typical weekly schedule summary fits the hours placeholder', () => {
    const schedule = {
      timeZone: 'America/New_York',
      weekly: {
        mon: [{ open: '09:00', close: '17:30' }],
        tue: [{ open: '09:00', close: '17:30' }],
        wed: [{ open: '09:00', close: '17:30' }],
        thu: [{ open: '09:00', close: '17:30' }],
        fri: [{ open: '09:00', close: '17:30' }],
        sat: [{ open: '10:00', close: '14:00' }],
      },
    };
    expect(summarizeWeeklyHours(schedule, 'en')).toBe('Mon-Fri 9am-5:30pm, Sat 10am-2pm');
    expect(summarizeWeeklyHours(schedule, 'es')).toBe('Lu-Vi 9:00-17:30, Sa 10:00-14:00');
    for (const language of BOT_LANGUAGES) {
      expect(summarizeWeeklyHours(schedule, language).length).toBeLessThanOrEqual(
        PLACEHOLDER_MAX_LENGTH.hours,
      );
    }
  });
});

describe('renderText', () => {
  it('cuts outside values (order status) but never a workspace value or a link', () => {
    const long = 'Shipped from our warehouse in Nevada via ground freight';
    expect(renderText('{orderStatus}', { orderStatus: long })).toBe(
      'Shipped from our warehouse in Nevada...',
    );
    expect(renderText('{orderStatus}', { orderStatus: long }).length).toBeLessThanOrEqual(
      PLACEHOLDER_MAX_LENGTH.orderStatus,
    );
    expect(renderText('{businessName}', { businessName: long })).toBe(long);
    const link = `https://example.com/${'t'.repeat(60)}`;
    expect(renderText('{trackingLink}', { trackingLink: link })).toBe(link);
  });

  it('leaves unknown and missing placeholders as they are', () => {
    expect(renderText('{nope} {orderNumber}', {})).toBe('{nope} {orderNumber}');
  });
});
