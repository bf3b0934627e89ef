import { describe, expect, it } from 'vitest';
import en from '../translations/en.json';
import es from '../translations/es.json';
import { createTranslator, pickLanguage } from './i18n.ts';

describe('i18n', () => {
  it('picks Spanish for any Spanish language setting and English otherwise', () => {
    expect(pickLanguage('es-LA')).toBe('es');
    expect(pickLanguage('es')).toBe('es');
    expect(pickLanguage('pt-BR')).toBe('en');
    expect(pickLanguage(undefined)).toBe('en');
  });

  it('fills placeholders and keeps unknown ones as written', () => {
    expect(createTranslator('es')('meter_warning', { segments: 3 })).toMatch(/3 segmentos/);
    expect(createTranslator('en')('composer_hint')).toContain('{{phone}}');
  });

  it('has every English string in Spanish, with the same placeholders', () => {
    const placeholders = (text: string) =>
      [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(en.ticket_sidebar)) {
      const spanish = (es.ticket_sidebar as Record<string, string>)[key];
      expect(spanish, key).toBeTypeOf('string');
      expect(placeholders(spanish ?? ''), key).toEqual(placeholders(text));
    }
    expect(Object.keys(es.ticket_sidebar).sort()).toEqual(Object.keys(en.ticket_sidebar).sort());
  });
});
