// What the bot treats as sensitive (compliance's block-level PII), and how it is redacted and blanked.
import { describe, expect, it } from 'vitest';
import { blankSensitiveData, detectSensitiveData, redactSensitiveData } from './sensitive.ts';

const found = (text: string) =>
  detectSensitiveData(text).map((span) => [span.type, text.slice(span.start, span.end)]);

describe('detectSensitiveData', () => {
  it.each([
    ['card 4111 1111 1111 1111 pls', [['payment_card', '4111 1111 1111 1111']]],
    ['my ssn is 123-45-6789', [['us_ssn', '123-45-6789']]],
    ['SSN: 123456789', [['us_ssn', '123456789']]],
    ['iban DE89 3704 0044 0532 0130 00', [['iban', 'DE89 3704 0044 0532 0130 00']]],
    ['my password is hunter22.', [['password', 'hunter22']]],
    ['pw: "c0rrect-h0rse"', [['password', 'c0rrect-h0rse']]],
    ['mi contraseña es Gato2024', [['password', 'Gato2024']]],
  ])('finds %j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    'order 48213377',
    'card 4111 1111 1111 1112', // fails Luhn
    'my password is not working',
    'la contraseña es incorrecta',
    // Compliance only warns about these; the bot may still need them understood.
    'DOB 01/02/1985',
    'acct 1234567890',
    '',
  ])('finds nothing in %j', (text) => {
    expect(detectSensitiveData(text)).toEqual([]);
  });

  it('throws on a non-string', () => {
    expect(() => detectSensitiveData(null as unknown as string)).toThrow(TypeError);
  });
});

describe('redaction', () => {
  it('labels each value in the transcript and blanks it for understanding', () => {
    const text = 'card 4111111111111111, iban DE89370400440532013000 and pw: hunter22';
    const spans = detectSensitiveData(text);
    expect(redactSensitiveData(text, spans)).toBe(
      'card [card number removed], iban [bank account removed] and pw: [password removed]',
    );
    const blanked = blankSensitiveData(text, spans);
    expect(blanked).toHaveLength(text.length);
    expect(blanked).not.toMatch(/4111|DE89|hunter/);
  });

  it('ignores spans out of range or overlapping', () => {
    expect(redactSensitiveData('abc', [{ type: 'password', start: 2, end: 10 }])).toBe('abc');
    expect(
      redactSensitiveData('abcdef', [
        { type: 'password', start: 0, end: 3 },
        { type: 'password', start: 2, end: 4 },
      ]),
    ).toBe('[password removed]def');
  });
});
