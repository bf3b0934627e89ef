// Decides whether the helpdesk may save a reply on an SMS ticket: the ticket.save hook's rule.
import { detectPii } from '@smsbridge/compliance';
import type { PiiFinding, PiiType } from '@smsbridge/compliance';
import { describeValue } from './describe-value.ts';
import type { Consent } from './relay-api-types.ts';

export interface SaveGuardInput {
  /**
   * The composer's comment type. Zendesk gives `publicReply` or `internalNote` (zendesk.md §4.4,
   * unverified), so anything but a recognised internal note is treated as public: a wrong guess
   * then blocks a reply instead of texting someone who opted out.
   */
  readonly commentType: string | null | undefined;
  /** The reply as the customer would get it (see composerTextToSms). */
  readonly text: string;
  /** The customer's consent from the relay; null when not known (the relay checks again before sending). */
  readonly consent: Pick<Consent, 'status' | 'canSend'> | null;
}

export type SaveGuardDecision =
  | { readonly allow: true }
  | {
      readonly allow: false;
      readonly code: 'opted_out' | 'pii' | 'placeholder';
      /** Why, in one English sentence; apps translate from `code` and `findings`. */
      readonly reason: string;
      readonly findings: readonly PiiFinding[];
      /** With code 'placeholder': the quick-reply variables left unfilled, e.g. `{{first_name}}`. */
      readonly placeholders?: readonly string[];
    };

// A quick-reply variable nobody filled in (quick-replies.ts leaves unknown values as they are).
const UNFILLED_VARIABLE = /\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/g;

// How the reason names each blocking kind, article included.
const BLOCKING_PHRASES: Readonly<Partial<Record<PiiType, string>>> = {
  payment_card: 'a card number',
  us_ssn: 'a US Social Security number',
  iban: 'an IBAN (bank account number)',
  password: 'a password',
};

const INTERNAL_NOTE_TYPES = new Set(['internalNote', 'internal', 'internal_note', 'private']);

/** Whether a comment type is an internal note (never sent by SMS). */
export function isInternalNote(commentType: string | null | undefined): boolean {
  return typeof commentType === 'string' && INTERNAL_NOTE_TYPES.has(commentType);
}

/**
 * Blocks a public reply to a customer who cannot be texted (opted out), containing block-level
 * PII (card numbers, SSNs, IBANs, passwords), or with a quick-reply variable left unfilled
 * (`{{first_name}}`); never blocks an internal note or an empty reply.
 *
 * @example
 * saveGuard({ commentType: 'publicReply', text: 'card 4111 1111 1111 1111', consent: null })
 * // → { allow: false, code: 'pii', reason: 'This reply contains a card number…', findings: [...] }
 */
export function saveGuard(input: SaveGuardInput): SaveGuardDecision {
  if (typeof input !== 'object' || input === null) {
    throw new TypeError(
      `saveGuard: expected { commentType, text, consent }, received ${describeValue(input)}`,
    );
  }
  const { commentType, text, consent } = input;
  if (typeof text !== 'string') {
    throw new TypeError(`saveGuard: expected text to be a string, received ${describeValue(text)}`);
  }
  if (isInternalNote(commentType) || text.trim() === '') return { allow: true };
  if (consent !== null && consent !== undefined && consent.canSend === false) {
    const reason =
      consent.status === 'opted_out'
        ? 'The customer opted out of texts (they replied STOP or their carrier reported an opt-out), so this reply would not be sent. Add an internal note instead, or wait for them to text START.'
        : 'The customer has not agreed to receive texts, so this reply would not be sent. Add an internal note instead.';
    return { allow: false, code: 'opted_out', reason, findings: [] };
  }
  const blocking = detectPii(text).filter((finding) => finding.severity === 'block');
  if (blocking.length > 0) {
    const phrases = [
      ...new Set(blocking.map((finding) => BLOCKING_PHRASES[finding.type] ?? finding.label)),
    ];
    return {
      allow: false,
      code: 'pii',
      reason: `This reply contains ${phrases.join(' and ')}, which must not be sent by SMS. Remove it before sending.`,
      findings: blocking,
    };
  }
  // "Hi {{first_name}}," reaching a customer's phone: the agent inserted a quick reply whose
  // variable the ticket could not fill (no name, no order field) and did not edit it.
  const placeholders = [...new Set(text.match(UNFILLED_VARIABLE) ?? [])];
  if (placeholders.length > 0) {
    return {
      allow: false,
      code: 'placeholder',
      reason: `This reply still has ${placeholders.join(' and ')} to fill in. Replace it with the right words before sending.`,
      findings: [],
      placeholders,
    };
  }
  return { allow: true };
}
