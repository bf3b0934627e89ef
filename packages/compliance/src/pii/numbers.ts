// Finds card numbers, US SSNs and account numbers among the digit chunks of a text.

import { cardSchemeOf } from './card-schemes.ts';
import { isLuhnValid } from './checksums.ts';
import { followsReferenceLeadIn, nearestContext } from './context.ts';
import { digitCount, digitsOf, findDigitChunks } from './digit-chunks.ts';
import type { DigitChunk, DigitGroup } from './digit-chunks.ts';
import { isIssuableSsn } from './ssn.ts';
import type { PiiCandidate } from './types.ts';

const CARD_MIN_DIGITS = 13;
const CARD_MAX_DIGITS = 19;
/** UK account numbers have 8 digits, US ABA routing numbers 9, US account numbers up to 17. */
const ACCOUNT_MIN_DIGITS = 8;
const ACCOUNT_MAX_DIGITS = 20;

type Kind = 'space' | 'dash';

function separatorKind(separator: string): Kind | undefined {
  if (separator === '') return undefined;
  return /[-\u2010-\u2014\u2212]/.test(separator) ? 'dash' : 'space';
}

function span(
  type: PiiCandidate['type'],
  groups: readonly DigitGroup[],
  from: number,
  to: number,
): PiiCandidate | undefined {
  const first = groups[from];
  const last = groups[to];
  return first && last ? { type, start: first.start, end: last.end } : undefined;
}

/**
 * Cards in one chunk. A card starts where the chunk starts or right after another card: people
 * add expiry and CVV after the number ("4111 1111 1111 1111 12 25 123"), but digits before it
 * mean it is part of a longer number (a USPS tracking number printed in groups of four), where a
 * Luhn-valid window of 16 would be a coincidence. Of the group-aligned lengths that pass Luhn and
 * fit a scheme, the shortest wins, so trailing expiry/CVV groups stay outside the span.
 */
function cardsInChunk(text: string, chunk: DigitChunk): PiiCandidate[] {
  const { groups } = chunk;
  const cards: PiiCandidate[] = [];
  const first = groups[0];
  if (first === undefined || followsReferenceLeadIn(text, first.start)) return cards;
  let from = 0;
  while (from < groups.length) {
    let cardEnd = -1;
    let count = 0;
    for (let to = from; to < groups.length; to++) {
      const group = groups[to];
      if (group === undefined) break;
      count += group.end - group.start;
      if (count > CARD_MAX_DIGITS) break;
      if (count < CARD_MIN_DIGITS) continue;
      const digits = digitsOf(text, groups, from, to);
      if (isLuhnValid(digits) && cardSchemeOf(digits) !== undefined) {
        cardEnd = to;
        break;
      }
    }
    if (cardEnd < 0) break;
    const card = span('payment_card', groups, from, cardEnd);
    if (card) cards.push(card);
    from = cardEnd + 1;
  }
  return cards;
}

/**
 * A formatted SSN: three groups of 3, 2 and 4 digits joined by the same kind of separator
 * (123-45-6789, 123 45 6789), not continuing a longer run in that same style.
 */
function formattedSsnInChunk(text: string, chunk: DigitChunk): PiiCandidate | undefined {
  const { groups } = chunk;
  for (let from = 0; from + 2 < groups.length; from++) {
    const [area, group, serial] = [groups[from], groups[from + 1], groups[from + 2]];
    if (!area || !group || !serial) break;
    if (area.end - area.start !== 3 || group.end - group.start !== 2) continue;
    if (serial.end - serial.start !== 4) continue;
    const kind = separatorKind(area.separatorAfter);
    if (kind === undefined || separatorKind(group.separatorAfter) !== kind) continue;
    const before = groups[from - 1];
    if (before && separatorKind(before.separatorAfter) === kind) continue;
    if (separatorKind(serial.separatorAfter) === kind) continue;
    if (from === 0 && followsReferenceLeadIn(text, area.start)) return undefined;
    const parts = [area, group, serial].map((part) => text.slice(part.start, part.end));
    if (!isIssuableSsn(parts[0] ?? '', parts[1] ?? '', parts[2] ?? '')) continue;
    return span('us_ssn', groups, from, from + 2);
  }
  return undefined;
}

/** Shapes that are dates or phone numbers even when an account word is nearby. */
function looksLikeDateOrPhone(groups: readonly DigitGroup[]): boolean {
  const lengths = groups.map((group) => group.end - group.start).join(',');
  return /^(?:4,[12],[12]|[12],[12],(?:2|4)|3,3,4|1,3,3,4|3,4)$/.test(lengths);
}

/** Card numbers, SSNs and account numbers found in the digit chunks of `text`. */
export function findNumberPii(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  for (const chunk of findDigitChunks(text)) {
    const { groups } = chunk;
    const first = groups[0];
    if (first === undefined) continue;
    const lastIndex = groups.length - 1;
    const total = digitCount(groups, 0, lastIndex);
    if (total < ACCOUNT_MIN_DIGITS) continue;

    const cards = cardsInChunk(text, chunk);
    if (cards.length > 0) {
      found.push(...cards);
      continue;
    }
    const formattedSsn = formattedSsnInChunk(text, chunk);
    if (formattedSsn) {
      found.push(formattedSsn);
      continue;
    }
    if (total > ACCOUNT_MAX_DIGITS) continue;
    const context = nearestContext(text, first.start);
    if (context === 'ssn' && total === 9) {
      // Bare or oddly grouped SSNs need the context: 9 digits alone are as often a ZIP+4 or a ref.
      const digits = digitsOf(text, groups, 0, lastIndex);
      if (isIssuableSsn(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5))) {
        const ssn = span('us_ssn', groups, 0, lastIndex);
        if (ssn) found.push(ssn);
      }
      continue;
    }
    if (context === 'account' && !looksLikeDateOrPhone(groups)) {
      const account = span('account_number', groups, 0, lastIndex);
      if (account) found.push(account);
    }
  }
  return found;
}
