// The GSM 03.38 default alphabet and its extension table, as a lookup on UTF-16 code units.
//
// Source: /work/shared/reference/carriers.md §5 "Character sets"; the table matches
// message-segment-calculator `src/libs/UnicodeToGSM.ts` (137 entries = 127 basic + 10 escaped)
// and split-sms `lib/gsmvalidator.js`. National language shift tables are not supported by
// either library, nor by us.

/** Characters of the basic table: one septet each. Only capital `Ç` is GSM; `ç` is not. */
export const GSM_BASIC_CHARACTERS =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Characters of the extension table: two septets each (ESC + character). `\f` is form feed. */
export const GSM_EXTENSION_CHARACTERS = '\f^{}\\[~]|€';

/** Septets per segment: 160 alone, 153 per part of a concatenated message (1072 / 7 bits). */
export const GSM7_SINGLE_SEGMENT_SEPTETS = 160;
export const GSM7_CONCATENATED_SEGMENT_SEPTETS = 153;

/** UCS-2 code units per segment: 70 alone, 67 per part (1072 / 16 bits). */
export const UCS2_SINGLE_SEGMENT_UNITS = 70;
export const UCS2_CONCATENATED_SEGMENT_UNITS = 67;

function buildSeptetTable(): Uint8Array {
  let highest = 0;
  for (const char of GSM_BASIC_CHARACTERS + GSM_EXTENSION_CHARACTERS) {
    highest = Math.max(highest, char.charCodeAt(0));
  }
  const table = new Uint8Array(highest + 1);
  for (const char of GSM_BASIC_CHARACTERS) table[char.charCodeAt(0)] = 1;
  for (const char of GSM_EXTENSION_CHARACTERS) table[char.charCodeAt(0)] = 2;
  return table;
}

// Built once at load and never written afterwards: index = UTF-16 code unit, value = septets (0 = not GSM).
const SEPTETS_BY_CODE_UNIT = buildSeptetTable();
const TABLE_SIZE = SEPTETS_BY_CODE_UNIT.length;

/** Septets one UTF-16 code unit costs in GSM-7: 1 (basic), 2 (extension) or 0 (not in GSM-7). */
export function gsmSeptets(codeUnit: number): 0 | 1 | 2 {
  return (codeUnit < TABLE_SIZE ? SEPTETS_BY_CODE_UNIT[codeUnit] : 0) as 0 | 1 | 2;
}

/** True when every code unit of `text` is in the GSM-7 basic or extension table (true for ''). */
export function isGsmText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (gsmSeptets(text.charCodeAt(i)) === 0) return false;
  }
  return true;
}
