import { describe, expect, it } from 'vitest';
import { catalogMismatches, createDateFormatter, createTranslator, pickLanguage } from './i18n.ts';

describe('pickLanguage', () => {
  it("picks Spanish for any Spanish locale (Zendesk's es-419, Freshdesk's es-LA) and English otherwise", () => {
    expect(pickLanguage('es-419')).toBe('es');
    expect(pickLanguage('es-LA')).toBe('es');
    expect(pickLanguage('ES')).toBe('es');
    expect(pickLanguage('fr')).toBe('en');
    expect(pickLanguage('pt-BR')).toBe('en');
    expect(pickLanguage('estonian')).toBe('en');
    expect(pickLanguage(undefined)).toBe('en');
    expect(pickLanguage(42)).toBe('en');
  });
});

describe('createTranslator', () => {
  const catalogs = {
    en: { greeting: 'Hi {{name}}', left: '{{count}} left', only_en: 'English only' },
    es: { greeting: 'Hola {{name}}', left: 'Quedan {{count}}' },
  };

  it('fills placeholders in the chosen language', () => {
    expect(createTranslator(catalogs, 'es')('greeting', { name: 'Ana' })).toBe('Hola Ana');
    expect(createTranslator(catalogs, 'en')('left', { count: 0 })).toBe('0 left');
  });

  it('falls back to English for a key the language lacks, and keeps unknown placeholders as written', () => {
    expect(createTranslator(catalogs, 'es')('only_en')).toBe('English only');
    expect(createTranslator(catalogs, 'es')('greeting')).toBe('Hola {{name}}');
    expect(createTranslator(catalogs, 'en')('greeting', { other: 'x' })).toBe('Hi {{name}}');
  });
});

describe('catalogMismatches', () => {
  const english = { title: 'Consent', since: 'since {{date}}', by: 'by {{how}} at {{date}}' };

  it('is empty for a complete translation, whatever the order of the placeholders', () => {
    expect(
      catalogMismatches(english, {
        title: 'Consentimiento',
        since: 'desde {{date}}',
        by: 'el {{date}} por {{how}}',
      }),
    ).toEqual([]);
  });

  it('names missing keys, keys English lacks, and placeholders that differ', () => {
    expect(catalogMismatches(english, { since: 'desde {{fecha}}', by: 7, extra: 'sobra' })).toEqual(
      [
        'title: missing',
        'since: placeholders {fecha} instead of {date}',
        'by: missing',
        'extra: not in the English catalog',
      ],
    );
  });
});

describe('createDateFormatter', () => {
  it("writes a date in the agent's language and leaves a value that is no date as written", () => {
    const iso = '2025-03-04T15:06:00.000Z';
    expect(createDateFormatter('en')(iso)).toBe(
      new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(iso),
      ),
    );
    expect(createDateFormatter('es')(iso)).toMatch(/mar/);
    expect(createDateFormatter('en')('not a date')).toBe('not a date');
  });
});
