// Check-digit algorithms used to confirm PII candidates: Luhn (payment cards) and ISO 7064 mod 97-10 (IBAN).

const DIGITS_ONLY = /^[0-9]+$/;
const IBAN_CHARACTERS = /^[0-9A-Z]+$/;

/**
 * Luhn mod-10 check over a string of ASCII digits (ISO/IEC 7812-1, annex B).
 * Returns false for an empty string or any non-digit.
 */
export function isLuhnValid(digits: string): boolean {
  if (!DIGITS_ONLY.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let value = digits.charCodeAt(index) - 48;
    if (double) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Remainder of an IBAN under ISO 13616 / ISO 7064 mod 97-10: move the first four characters to
 * the end, read letters as 10..35, and reduce the resulting number mod 97 digit by digit (so no
 * big integers are needed). A valid IBAN gives 1. Expects the compact upper-case form; returns -1
 * when it contains anything but 0-9 and A-Z or is shorter than five characters.
 */
export function ibanRemainder(compactIban: string): number {
  if (compactIban.length < 5 || !IBAN_CHARACTERS.test(compactIban)) return -1;
  const rearranged = compactIban.slice(4) + compactIban.slice(0, 4);
  let remainder = 0;
  for (let index = 0; index < rearranged.length; index++) {
    const code = rearranged.charCodeAt(index);
    if (code <= 57) {
      remainder = (remainder * 10 + (code - 48)) % 97;
    } else {
      // A..Z stand for 10..35: two decimal digits.
      remainder = (remainder * 100 + (code - 55)) % 97;
    }
  }
  return remainder;
}

/** True when the compact upper-case IBAN passes the mod-97 check (remainder 1). */
export function isIbanChecksumValid(compactIban: string): boolean {
  return ibanRemainder(compactIban) === 1;
}
