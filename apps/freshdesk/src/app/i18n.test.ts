import { catalogMismatches } from '@smsbridge/sidebar';
import { describe, expect, it } from 'vitest';
import en from '../translations/en.json';
import es from '../translations/es.json';
import { createTranslator } from './i18n.ts';

describe('i18n', () => {
  it('speaks Spanish from the Spanish catalog, placeholders filled; unknown ones stay as written', () => {
    expect(createTranslator('es')('meter_warning', { segments: 3 })).toMatch(/3 segmentos/);
    expect(createTranslator('en')('composer_hint')).toContain('{{phone}}');
  });

  it('has every English string in Spanish, with the same placeholders, and no other', () => {
    expect(catalogMismatches(en.ticket_sidebar, es.ticket_sidebar)).toEqual([]);
  });
});
