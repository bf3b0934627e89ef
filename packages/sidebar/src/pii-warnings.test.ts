import { describe, expect, it } from 'vitest';
import { piiWarnings } from './pii-warnings.ts';

describe('piiWarnings', () => {
  it('says what was found, the value and on which line', () => {
    const warnings = piiWarnings('Hi Ana,\nthe card on file is 4111 1111 1111 1111\nthanks');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      type: 'payment_card',
      severity: 'block',
      label: 'Card number',
      value: '4111 1111 1111 1111',
      line: 2,
    });
  });

  it('keeps warn-level findings, in order of appearance', () => {
    const warnings = piiWarnings('dob 04/12/1988, ssn 123-45-6789');
    expect(warnings.map((w) => [w.type, w.severity])).toEqual([
      ['date_of_birth', 'warn'],
      ['us_ssn', 'block'],
    ]);
  });

  it('finds nothing in an ordinary reply or odd strings', () => {
    for (const text of ['order 12345 ships tomorrow', '', '\ud800', '😀'.repeat(3000)]) {
      expect(piiWarnings(text)).toEqual([]);
    }
  });

  it('throws a TypeError for a non-string', () => {
    expect(() => piiWarnings({} as never)).toThrow(/piiWarnings: .*received an object/);
  });
});
