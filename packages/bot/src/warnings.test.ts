// Start-up warnings: workspace texts over one SMS segment and flows left unconfigured.
import { describe, expect, it } from 'vitest';
import { parseBotConfig } from './config.ts';
import { botStartupWarnings } from './warnings.ts';

const complete = {
  businessName: 'Acme',
  orderLookup: { urlTemplate: 'https://shop.example/o/{orderNumber}' },
  passwordReset: { mode: 'link', url: 'https://acme.example/reset' },
  businessHours: { timeZone: 'UTC', weekly: { mon: [{ open: '09:00', close: '17:00' }] } },
} as const;

describe('botStartupWarnings', () => {
  it('has nothing to say about a complete workspace with default texts', () => {
    expect(botStartupWarnings(parseBotConfig(complete))).toEqual([]);
  });

  it('flags a workspace text over one segment, and one forced into UCS-2', () => {
    const spanish =
      '¡Gracias por escribirnos! Aquí estamos para lo que necesites, cuando quieras, también los sábados y domingos.';
    const warnings = botStartupWarnings(
      parseBotConfig({
        ...complete,
        texts: { en: { thanksReply: 'Thanks! '.repeat(25) }, es: { thanksReply: spanish } },
      }),
    );
    expect(warnings.map((warning) => warning.message)).toEqual([
      // 'Thanks! ' x 25 is 200 septets; the config trims the trailing space.
      'texts.en.thanksReply (workspace text) takes 2 SMS segments (199 septets; one segment holds 160)',
      `texts.es.thanksReply (workspace text) takes 2 SMS segments (${spanish.length} UTF-16 units, UCS-2 because of "í" "á"; one segment holds 70)`,
    ]);
  });

  it('flags default texts pushed over by long workspace values (reset link, menu labels)', () => {
    const warnings = botStartupWarnings(
      parseBotConfig({
        ...complete,
        languages: ['en'],
        passwordReset: {
          mode: 'link',
          url: `https://acme.example/account/password/reset?utm_source=sms&ref=${'x'.repeat(60)}`,
        },
        menu: [
          {
            key: '1',
            label: { en: 'Where is my order and when does it come' },
            intent: 'order_status',
          },
          {
            key: '2',
            label: { en: 'Password, login and two-factor problems' },
            intent: 'password_reset',
          },
          { key: '3', label: { en: 'Billing, refunds, invoices and receipts' }, intent: 'billing' },
          { key: '4', label: { en: 'Anything else: talk to a real person' }, intent: 'agent' },
        ],
      }),
    );
    expect(warnings.map((warning) => warning.path)).toEqual(['texts.en.resetLink', 'menu']);
    expect(warnings[0]?.message).toMatch(
      /^texts\.en\.resetLink \(default text with \{resetLink\}\) takes 2 SMS segments/,
    );
  });

  it('says which flows will hand off because a setting is missing', () => {
    expect(
      botStartupWarnings(parseBotConfig({ businessName: 'Acme' })).map((warning) => warning.path),
    ).toEqual(['orderLookup', 'passwordReset', 'businessHours']);
  });
});
