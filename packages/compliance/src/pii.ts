// PII detection for SMS replies: card numbers, US SSNs, IBANs, passwords, dates of birth and account numbers.

import { describeValue } from './describe-value.ts';
import { findDatesOfBirth } from './pii/dates.ts';
import { findIbans } from './pii/iban.ts';
import { findNumberPii } from './pii/numbers.ts';
import { findPasswords } from './pii/passwords.ts';
import type { PiiCandidate, PiiFinding, PiiSeverity, PiiType } from './pii/types.ts';

export type { PiiFinding, PiiSeverity, PiiType } from './pii/types.ts';

/** Short plain words an agent sees next to a finding. */
export const PII_LABELS: Readonly<Record<PiiType, string>> = {
  payment_card: 'Card number',
  us_ssn: 'US Social Security number',
  iban: 'IBAN (bank account)',
  password: 'Password',
  date_of_birth: 'Date of birth',
  account_number: 'Account number',
};

/** Card numbers, SSNs, IBANs and passwords block a public reply; the rest only warn. */
export const PII_SEVERITIES: Readonly<Record<PiiType, PiiSeverity>> = {
  payment_card: 'block',
  us_ssn: 'block',
  iban: 'block',
  password: 'block',
  date_of_birth: 'warn',
  account_number: 'warn',
};

/**
 * When two detectors claim overlapping text, the one earlier in this list keeps it: checksummed
 * types first (their match is the most certain), then the context-based ones.
 */
const PRECEDENCE: readonly PiiType[] = [
  'iban',
  'payment_card',
  'us_ssn',
  'password',
  'date_of_birth',
  'account_number',
];

/** Index of the first accepted span whose end is after `start` (accepted is sorted by start). */
function firstEndingAfter(accepted: readonly PiiCandidate[], start: number): number {
  let low = 0;
  let high = accepted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((accepted[middle]?.end ?? 0) <= start) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Keeps non-overlapping candidates, preferring types earlier in PRECEDENCE, sorted by start. */
function resolveOverlaps(candidates: readonly PiiCandidate[]): PiiCandidate[] {
  const ranked = [...candidates].sort(
    (x, y) => PRECEDENCE.indexOf(x.type) - PRECEDENCE.indexOf(y.type) || x.start - y.start,
  );
  const accepted: PiiCandidate[] = [];
  for (const candidate of ranked) {
    if (candidate.end <= candidate.start) continue;
    // Accepted spans never overlap, so sorted by start they are sorted by end too.
    const index = firstEndingAfter(accepted, candidate.start);
    const next = accepted[index];
    if (next !== undefined && next.start < candidate.end) continue;
    accepted.splice(index, 0, candidate);
  }
  return accepted;
}

/**
 * Finds personal data in a message. Findings are sorted by `start`, never overlap, and
 * `text.slice(start, end)` is exactly the sensitive value (UTF-16 indices, as JavaScript strings
 * count). Throws a TypeError only when `text` is not a string; any string is accepted.
 *
 * @example
 * detectPii('my card is 4111 1111 1111 1111');
 * // → [{ type: 'payment_card', start: 11, end: 30, severity: 'block', label: 'Card number' }]
 */
export function detectPii(text: string): PiiFinding[] {
  if (typeof text !== 'string') {
    throw new TypeError(
      `detectPii: expected the message text as a string, received ${describeValue(text)}`,
    );
  }
  if (text === '') return [];
  const candidates = [
    ...findIbans(text),
    ...findNumberPii(text),
    ...findPasswords(text),
    ...findDatesOfBirth(text),
  ];
  return resolveOverlaps(candidates).map(({ type, start, end }) => ({
    type,
    start,
    end,
    severity: PII_SEVERITIES[type],
    label: PII_LABELS[type],
  }));
}
