import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneSpellings } from './phone.ts';

describe('normalizePhone: valid numbers', () => {
  it.each([
    ['+1 212 555 0100', undefined, '+12125550100', 'US'],
    ['+1 (415) 555-0123', undefined, '+14155550123', 'US'],
    ['+44 20 7946 0018', undefined, '+442079460018', 'GB'],
    ['+44 7400 123456', undefined, '+447400123456', 'GB'],
    ['+33 6 12 34 56 78', undefined, '+33612345678', 'FR'],
    ['tel:+12125550100', undefined, '+12125550100', 'US'],
  ])('%s → %s', (input, country, e164, expectedCountry) => {
    expect(normalizePhone(input, country)).toMatchObject({
      ok: true,
      e164,
      country: expectedCountry,
    });
  });

  it.each([
    ['(212) 555-0100', 'US', '+12125550100'],
    ['212.555.0100', 'US', '+12125550100'],
    ['1 (212) 555-0100', 'US', '+12125550100'],
    ['020 7946 0018', 'GB', '+442079460018'],
    ['07400 123456', 'GB', '+447400123456'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['06 12 34 56 78', 'fr', '+33612345678'],
    ['011 44 20 7946 0018', 'US', '+442079460018'],
    ['  +1 212 555 0100  ', 'FR', '+12125550100'],
  ])('national or dialled format %s with default country %s → %s', (input, country, e164) => {
    expect(normalizePhone(input, country)).toMatchObject({ ok: true, e164 });
  });

  it('tells mobiles from landlines where the numbering plan does (max metadata)', () => {
    expect(normalizePhone('+33 6 12 34 56 78')).toMatchObject({ type: 'MOBILE' });
    expect(normalizePhone('+33 1 23 45 67 89')).toMatchObject({ type: 'FIXED_LINE' });
    expect(normalizePhone('+1 800 555 0199')).toMatchObject({ type: 'TOLL_FREE' });
  });
});

describe('normalizePhone: invalid input', () => {
  it.each([
    ['', 'US', 'empty'],
    ['   ', 'US', 'empty'],
    ['hello', 'US', 'not_a_number'],
    ['call me at 2125550100', 'US', 'not_a_number'],
    ['x'.repeat(10_000), 'US', 'not_a_number'],
    ['\ud83d\u0000', 'US', 'not_a_number'],
    ['2125550100', undefined, 'invalid_country'],
    ['+999 1234567', undefined, 'invalid_country'],
    ['123', 'US', 'too_short'],
    ['+1 212-555-010', undefined, 'too_short'],
    ['+1 212 555 01000000', undefined, 'too_long'],
    ['1'.repeat(10_000), 'US', 'too_long'],
    ['+44 20794600', undefined, 'invalid_length'],
    // No US area code starts with 1; Ofcom keeps 07700 900xxx for drama. `min` metadata accepts both.
    ['+1 123 456 7890', undefined, 'invalid'],
    ['07700 900123', 'GB', 'invalid'],
    ['212 555 0100 ext 12', 'US', 'has_extension'],
  ])('%j (default country %s) → %s', (input, country, code) => {
    const result = normalizePhone(input, country);
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (!result.ok) expect(result.error.message).not.toBe('');
  });

  it('reports an unknown default country', () => {
    expect(normalizePhone('2125550100', 'XX')).toMatchObject({
      ok: false,
      error: { code: 'invalid_country' },
    });
  });

  it('does not echo the number in its error message (no PII in logs)', () => {
    const result = normalizePhone('+1 123 456 7890');
    expect(result.ok ? '' : result.error.message).not.toMatch(/\d{3}/);
  });

  it('throws a TypeError for a non-string input or default country', () => {
    expect(() => normalizePhone(12125550100 as unknown as string)).toThrow(/normalizePhone/);
    expect(() => normalizePhone('+12125550100', 1 as unknown as string)).toThrow(TypeError);
  });
});

describe('phoneSpellings', () => {
  it('lists the common ways a number is typed, each once, all normalising back to it', () => {
    const spellings = phoneSpellings('+14155550123');
    expect(spellings).toEqual([
      '+14155550123',
      '14155550123',
      '4155550123',
      '(415) 555-0123',
      '+1 415 555 0123',
      '415-555-0123',
    ]);
    for (const spelling of spellings) {
      expect(normalizePhone(spelling, 'US')).toMatchObject({ ok: true, e164: '+14155550123' });
    }
    expect(phoneSpellings('+447700900123')).toContain('07700 900123');
  });

  it('returns a number it cannot parse as it is', () => {
    expect(phoneSpellings('not a number')).toEqual(['not a number']);
  });
});
