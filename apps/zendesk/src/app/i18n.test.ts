import { catalogMismatches } from '@smsbridge/sidebar';
import { describe, expect, it } from 'vitest';
import en from '../translations/en.json';
import es from '../translations/es.json';
import { createTranslator } from './i18n.ts';

describe('i18n', () => {
  it('speaks Spanish from the Spanish catalog, placeholders filled', () => {
    expect(createTranslator('es')('meter_warning', { segments: 3 })).toMatch(/3 segmentos/);
  });

  it('has every English string in Spanish, with the same placeholders, and the same marketplace parameters', () => {
    expect(catalogMismatches(en.ticket_sidebar, es.ticket_sidebar)).toEqual([]);
    expect(Object.keys(es.app.parameters)).toEqual(Object.keys(en.app.parameters));
  });
});
