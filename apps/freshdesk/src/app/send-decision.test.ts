import { describe, expect, it } from 'vitest';
import { createTranslator } from './i18n.ts';
import { blockedReason, sendDecision } from './send-decision.ts';

const optedOut = { status: 'opted_out', canSend: false } as const;
const implied = { status: 'implied', canSend: true } as const;
const en = createTranslator('en');
const es = createTranslator('es');

function reason(text: string, consent: typeof implied | typeof optedOut | null, t = en): string {
  const decision = sendDecision(text, consent);
  if (decision.allow) throw new Error(`expected "${text}" to be blocked`);
  return blockedReason(decision, t);
}

describe('sendDecision', () => {
  it('allows an ordinary text to a customer who may be texted', () => {
    expect(sendDecision('Your parcel left the depot today.', implied)).toEqual({ allow: true });
    // Consent not known yet: the relay decides when the text is sent.
    expect(sendDecision('Your parcel left the depot today.', null)).toEqual({ allow: true });
  });

  it('blocks a card number with the reason, in English and Spanish', () => {
    expect(reason('card 4111 1111 1111 1111 on file', implied)).toBe(
      'Cannot send: this text contains a card number, which must not go by SMS. Remove it first.',
    );
    expect(reason('tarjeta 4111 1111 1111 1111', implied, es)).toMatch(/un número de tarjeta/);
  });

  it('names each blocking kind once', () => {
    expect(reason('4111 1111 1111 1111 and 5500 0000 0000 0004, SSN 123-45-6789', implied)).toBe(
      'Cannot send: this text contains a card number and a US Social Security number, which must not go by SMS. Remove it first.',
    );
  });

  it('blocks any text to a customer who opted out, before looking at PII', () => {
    expect(reason('hello', optedOut)).toMatch(/^Cannot send: the customer opted out of texts/);
    expect(sendDecision('card 4111 1111 1111 1111', optedOut)).toMatchObject({ code: 'opted_out' });
  });

  it('blocks a quick reply whose {{first_name}} was not filled', () => {
    expect(reason('Hi {{first_name}}, Alex here.', implied)).toBe(
      'Cannot send: this text still has {{first_name}} to fill in. Replace it with the right words first.',
    );
  });

  it('blocks a text over 1600 characters and says how long it is; 1600 is fine', () => {
    expect(sendDecision('a'.repeat(1600), implied)).toEqual({ allow: true });
    expect(reason('a'.repeat(1601), implied)).toBe(
      'Cannot send: this text has 1601 characters; a text can have at most 1600.',
    );
  });

  it('treats an empty or blank composer as nothing to send', () => {
    expect(sendDecision('   \n', implied)).toEqual({ allow: false, code: 'empty' });
    expect(reason('', optedOut)).toBe('Type a message to send it by SMS.');
  });
});
