import { describe, expect, it } from 'vitest';
import { isInternalNote, saveGuard } from './save-guard.ts';

const optedOut = { status: 'opted_out', canSend: false } as const;
const implied = { status: 'implied', canSend: true } as const;

describe('saveGuard', () => {
  it('allows an ordinary public reply to a customer who may be texted', () => {
    expect(
      saveGuard({
        commentType: 'publicReply',
        text: 'your order ships tomorrow :)',
        consent: implied,
      }),
    ).toEqual({ allow: true });
  });

  it('blocks a public reply with a card number and names it in the reason', () => {
    const decision = saveGuard({
      commentType: 'publicReply',
      text: 'ok i see the card 4111 1111 1111 1111 on file',
      consent: implied,
    });
    expect(decision.allow).toBe(false);
    if (decision.allow) return;
    expect(decision.code).toBe('pii');
    expect(decision.reason).toMatch(/card number/);
    expect(decision.findings.map((finding) => finding.type)).toEqual(['payment_card']);
  });

  it('blocks a quick reply whose variables were left unfilled, naming each once', () => {
    const decision = saveGuard({
      commentType: 'publicReply',
      text: 'Hi {{first_name}}, order {{ order_id }} ships today. Thanks {{first_name}}!',
      consent: implied,
    });
    expect(decision).toMatchObject({
      allow: false,
      code: 'placeholder',
      placeholders: ['{{first_name}}', '{{ order_id }}'],
    });
    if (decision.allow) return;
    expect(decision.reason).toMatch(
      /still has \{\{first_name\}\} and \{\{ order_id \}\} to fill in/,
    );
    // Braces that are not a variable, and filled-in replies, go through.
    expect(
      saveGuard({ commentType: 'publicReply', text: 'Hi Ana, use {{ }} or {x}', consent: implied }),
    ).toEqual({ allow: true });
    // An internal note may quote a template.
    expect(
      saveGuard({ commentType: 'internalNote', text: 'Hi {{first_name}}', consent: implied }),
    ).toEqual({ allow: true });
  });

  it('names every kind of blocking PII once', () => {
    const decision = saveGuard({
      commentType: 'publicReply',
      text: 'ssn 123-45-6789, card 4111 1111 1111 1111 and 5500 0000 0000 0004',
      consent: null,
    });
    expect(decision.allow).toBe(false);
    if (decision.allow) return;
    expect(decision.reason).toMatch(/card number/);
    expect(decision.reason).toMatch(/Social Security number/);
    expect(decision.reason.match(/card number/g)).toHaveLength(1);
  });

  it('does not block warn-level PII such as a date of birth', () => {
    expect(
      saveGuard({
        commentType: 'publicReply',
        text: 'dob on file is 04/12/1988',
        consent: implied,
      }),
    ).toEqual({ allow: true });
  });

  it('blocks any public reply to a customer who opted out, with a reason saying so', () => {
    const decision = saveGuard({ commentType: 'publicReply', text: 'hi!', consent: optedOut });
    expect(decision).toMatchObject({ allow: false, code: 'opted_out' });
    if (!decision.allow) expect(decision.reason).toMatch(/opted out/);
  });

  it('blocks a reply when the relay says it cannot send for another reason', () => {
    const decision = saveGuard({
      commentType: 'publicReply',
      text: 'hi',
      consent: { status: 'unknown', canSend: false },
    });
    expect(decision).toMatchObject({ allow: false, code: 'opted_out' });
  });

  it('never blocks an internal note, even with PII to an opted-out customer', () => {
    expect(
      saveGuard({
        commentType: 'internalNote',
        text: 'customer read me 4111 1111 1111 1111',
        consent: optedOut,
      }),
    ).toEqual({ allow: true });
  });

  it('treats an unknown comment type as public, so nothing slips through', () => {
    expect(
      saveGuard({ commentType: undefined, text: 'card 4111111111111111', consent: null }).allow,
    ).toBe(false);
    expect(saveGuard({ commentType: 'weird', text: 'hello', consent: optedOut }).allow).toBe(false);
  });

  it('allows saving with an empty composer (a status change only)', () => {
    expect(saveGuard({ commentType: 'publicReply', text: '  \n', consent: optedOut })).toEqual({
      allow: true,
    });
  });

  it('allows when consent is not known; the relay checks consent again before sending', () => {
    expect(saveGuard({ commentType: 'publicReply', text: 'hello', consent: null })).toEqual({
      allow: true,
    });
  });

  it('accepts any string: lone surrogates, emoji, 10,000 characters', () => {
    for (const text of ['\ud800 x', '😀'.repeat(500), 'a'.repeat(10_000), '\u0000\u0007']) {
      expect(saveGuard({ commentType: 'publicReply', text, consent: implied }).allow).toBe(true);
    }
  });

  it('throws a TypeError naming the function for a non-string text or missing input', () => {
    expect(() =>
      saveGuard({ commentType: 'publicReply', text: 42 as never, consent: null }),
    ).toThrow(/saveGuard: expected text to be a string, received number 42/);
    expect(() => saveGuard(null as never)).toThrow(TypeError);
  });
});

describe('isInternalNote', () => {
  it('recognises internal notes only', () => {
    expect(isInternalNote('internalNote')).toBe(true);
    expect(isInternalNote('publicReply')).toBe(false);
    expect(isInternalNote(null)).toBe(false);
  });
});
