// Finds IBANs in free text: country code, check digits and BBAN, printed compact or in groups.

import { isIbanChecksumValid } from './checksums.ts';
import type { PiiCandidate } from './types.ts';

/**
 * IBAN length per country code, from the SWIFT IBAN Registry (ISO 13616-1), release 99
 * (https://www.swift.com/standards/data-standards/iban-international-bank-account-number).
 */
// prettier-ignore
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29,
  BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29,
  ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
  HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20,
  LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19,
  MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29,
  PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24,
  SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
  YE: 30,
};

/** Where an IBAN can start: two letters and two digits not glued to a preceding word. */
const IBAN_START = /(?<![\p{L}\p{N}_])[A-Za-z]{2}[0-9]{2}/gu;
const ALPHANUMERIC = /^[0-9A-Za-z]$/;
/** Printed IBANs group by four with spaces (ISO 13616-1 "paper format"); people also use dashes. */
const GROUP_SEPARATOR = /^[ \u00A0\u202F-]$/;

function isAlphanumeric(character: string | undefined): boolean {
  return character !== undefined && ALPHANUMERIC.test(character);
}

/** Every mod-97-valid IBAN of the registered length for its country, with or without spaces. */
export function findIbans(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  for (const match of text.matchAll(IBAN_START)) {
    const start = match.index;
    const expectedLength = IBAN_LENGTHS[match[0].slice(0, 2).toUpperCase()];
    if (expectedLength === undefined) continue;
    let compact = '';
    let index = start;
    let end = start;
    while (index < text.length && compact.length < expectedLength) {
      const character = text[index];
      if (isAlphanumeric(character)) {
        compact += character;
        index += 1;
        end = index;
      } else if (
        compact.length > 0 &&
        GROUP_SEPARATOR.test(character ?? '') &&
        isAlphanumeric(text[index + 1])
      ) {
        index += 1;
      } else {
        break;
      }
    }
    // The IBAN must end where the token ends: "DE89…000" followed by more letters or digits is a
    // different, longer string.
    if (compact.length !== expectedLength || isAlphanumeric(text[end])) continue;
    if (isIbanChecksumValid(compact.toUpperCase())) found.push({ type: 'iban', start, end });
  }
  return found;
}
