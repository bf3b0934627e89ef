// Normalises a phone number typed by a person or sent by a carrier to E.164, without throwing.
//
// Uses libphonenumber-js with its `max` metadata. `min` only checks a number's length, so
// "+1 123 456 7890" (no US area code starts with 1) or "+44 7700 900123" (a range Ofcom keeps
// for drama) would pass, and we would try to text them; `max` checks the digits against each
// country's numbering plan and tells the number's type (mobile, fixed line, toll-free), which
// callers use to warn that a landline cannot receive SMS. The cost is about 65 kB more metadata,
// acceptable for the relay and the sidebar apps.
import {
  ParseError,
  isSupportedCountry,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import type { CountryCode, PhoneNumber, PhoneNumberType } from 'libphonenumber-js/max';
import { assertString } from './assert-string.ts';

export type PhoneErrorCode =
  | 'empty'
  | 'not_a_number'
  | 'invalid_country'
  | 'too_short'
  | 'too_long'
  | 'invalid_length'
  | 'has_extension'
  | 'invalid';

export interface PhoneError {
  code: PhoneErrorCode;
  message: string;
}

export type PhoneResult =
  | {
      ok: true;
      /** The number in E.164, e.g. '+14155550123'. */
      e164: string;
      /** ISO 3166-1 alpha-2 country, absent for non-geographic numbers (+800...). */
      country?: CountryCode;
      /** 'MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE', 'TOLL_FREE'..., when the plan says. */
      type?: PhoneNumberType;
    }
  | { ok: false; error: PhoneError };

const fail = (code: PhoneErrorCode, message: string): PhoneResult => ({
  ok: false,
  error: { code, message },
});

// Messages are for agents and admins; the input itself is not echoed (no PII in logs).
function failureFromLibrary(reason: string): PhoneResult {
  switch (reason) {
    case 'NOT_A_NUMBER':
      return fail('not_a_number', 'this is not a phone number');
    case 'INVALID_COUNTRY':
      return fail(
        'invalid_country',
        'cannot tell the country: start with + and the country code, or set a default country',
      );
    case 'TOO_SHORT':
      return fail('too_short', 'the phone number has too few digits');
    case 'TOO_LONG':
      return fail('too_long', 'the phone number has too many digits');
    case 'INVALID_LENGTH':
      return fail(
        'invalid_length',
        'the phone number has a number of digits its country never uses',
      );
    default:
      return fail('invalid', 'this is not a valid phone number');
  }
}

function parse(
  input: string,
  defaultCountry: CountryCode | undefined,
): { phone: PhoneNumber } | { failure: PhoneResult } {
  try {
    // extract: false, so "call me at 2125550100" is rejected rather than half-read.
    return { phone: parsePhoneNumberWithError(input, { defaultCountry, extract: false }) };
  } catch (error) {
    return { failure: failureFromLibrary(error instanceof ParseError ? error.message : '') };
  }
}

/**
 * Normalises `input` to E.164. National formats need `defaultCountry` (ISO 3166-1 alpha-2,
 * e.g. 'US'). Never throws on a string; returns a result with an error code instead.
 *
 * @example normalizePhone('(415) 555-0123', 'US') // { ok: true, e164: '+14155550123', ... }
 */
export function normalizePhone(input: string, defaultCountry?: string): PhoneResult {
  assertString('normalizePhone', 'input', input);
  if (defaultCountry !== undefined)
    assertString('normalizePhone', 'defaultCountry', defaultCountry);

  let country: CountryCode | undefined;
  if (defaultCountry !== undefined && defaultCountry.trim() !== '') {
    const upper = defaultCountry.trim().toUpperCase();
    if (!isSupportedCountry(upper)) {
      return fail('invalid_country', 'the default country is not a known ISO 3166-1 alpha-2 code');
    }
    country = upper;
  }

  // Numbers copied from links arrive as "tel:+1...".
  const text = input.trim().replace(/^tel:/i, '');
  if (text === '') return fail('empty', 'the phone number is empty');
  // Without any digit (in any script) this is not a number, however long it is.
  if (!/\p{Nd}/u.test(text)) return fail('not_a_number', 'this is not a phone number');

  const parsed = parse(text, country);
  if ('failure' in parsed) return parsed.failure;
  const { phone } = parsed;

  const lengthProblem = validatePhoneNumberLength(text, country);
  if (lengthProblem !== undefined) return failureFromLibrary(lengthProblem);
  if (!phone.isValid()) return failureFromLibrary('INVALID');
  // An SMS reaches the line, never an extension behind a switchboard.
  if (phone.ext !== undefined) {
    return fail('has_extension', 'an SMS cannot reach a phone extension; remove the extension');
  }
  const type = phone.getType();
  return {
    ok: true,
    e164: phone.number,
    ...(phone.country !== undefined && { country: phone.country }),
    ...(type !== undefined && { type }),
  };
}

/**
 * The ways people commonly type an E.164 number: as is, without `+`, the national number, and the
 * national and international formats (`(415) 555-0123`, `+1 415 555 0123`). For systems that store
 * numbers as typed and can only look them up by exact text (Freshdesk, freshdesk.md §1.8).
 * Returns just the input for a number that does not parse.
 */
export function phoneSpellings(e164: string): string[] {
  assertString('phoneSpellings', 'e164', e164);
  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(e164);
  } catch {
    return [e164];
  }
  const national = phone.nationalNumber;
  return [
    ...new Set([
      phone.number,
      phone.number.slice(1),
      national,
      phone.formatNational(),
      phone.formatInternational(),
      // The national format with dashes only, as US agents often type it.
      phone.formatNational().replace(/[()]/g, '').trim().replace(/\s+/g, '-'),
    ]),
  ];
}
