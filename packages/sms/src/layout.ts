// Where a message's segments start: the one place that decides encoding and segment boundaries.
//
// Rules (reference carriers.md §5 "Segment sizes"): GSM-7 is 160 septets alone and 153 per part;
// UCS-2 is 70 code units alone and 67 per part; one non-GSM character makes the whole message
// UCS-2. Parts are filled greedily. An escape pair (extension character) is never split, and in
// UCS-2 neither is a surrogate pair nor a grapheme, as in Twilio's calculator.
import {
  GSM7_CONCATENATED_SEGMENT_SEPTETS,
  GSM7_SINGLE_SEGMENT_SEPTETS,
  UCS2_CONCATENATED_SEGMENT_UNITS,
  UCS2_SINGLE_SEGMENT_UNITS,
  gsmSeptets,
} from './gsm-charset.ts';
import {
  codePointBoundaryAtOrBefore,
  graphemeBoundaries,
  mayContainMultiUnitGraphemes,
} from './graphemes.ts';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** A character outside GSM-7: the whole code point, at its UTF-16 index in the input. */
export interface NonGsmCharacter {
  char: string;
  index: number;
}

export interface SmsLayout {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole message. */
  units: number;
  /** UTF-16 index where each segment starts; the first is always 0. */
  segmentStarts: number[];
  /** Septets or code units in the last segment. */
  lastSegmentUnits: number;
  nonGsmCharacters: NonGsmCharacter[];
}

// The first code point that can join a neighbour into one grapheme (combining marks start at
// U+0300); below it every non-GSM code unit is a grapheme of its own.
const FIRST_POSSIBLE_JOINER = 0x0300;

export function layoutSms(text: string): SmsLayout {
  const length = text.length;
  let septets = 0;
  // Greedy packing into 153-septet parts, done during the same scan in case the text is GSM-7.
  const gsmStarts = [0];
  let partSeptets = 0;
  let nonGsmCharacters: NonGsmCharacter[] | undefined;
  let mayJoin = false;

  for (let i = 0; i < length; i++) {
    const codeUnit = text.charCodeAt(i);
    const cost = gsmSeptets(codeUnit);
    if (cost !== 0) {
      if (nonGsmCharacters === undefined) {
        septets += cost;
        if (partSeptets + cost > GSM7_CONCATENATED_SEGMENT_SEPTETS) {
          gsmStarts.push(i);
          partSeptets = cost;
        } else {
          partSeptets += cost;
        }
      }
      continue;
    }
    nonGsmCharacters ??= [];
    if (codeUnit >= FIRST_POSSIBLE_JOINER) mayJoin = true;
    const next = text.charCodeAt(i + 1);
    if (codeUnit >= 0xd800 && codeUnit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      nonGsmCharacters.push({ char: text.slice(i, i + 2), index: i });
      i++;
    } else {
      nonGsmCharacters.push({ char: text.charAt(i), index: i });
    }
  }

  if (nonGsmCharacters === undefined) {
    if (septets <= GSM7_SINGLE_SEGMENT_SEPTETS) {
      return {
        encoding: 'GSM-7',
        units: septets,
        segmentStarts: [0],
        lastSegmentUnits: septets,
        nonGsmCharacters: [],
      };
    }
    return {
      encoding: 'GSM-7',
      units: septets,
      segmentStarts: gsmStarts,
      lastSegmentUnits: partSeptets,
      nonGsmCharacters: [],
    };
  }

  const segmentStarts = ucs2SegmentStarts(text, mayJoin && mayContainMultiUnitGraphemes(text));
  return {
    encoding: 'UCS-2',
    units: length,
    segmentStarts,
    lastSegmentUnits: length - (segmentStarts[segmentStarts.length - 1] ?? 0),
    nonGsmCharacters,
  };
}

/** Every UCS-2 character is one 16-bit unit per UTF-16 code unit, GSM ones included (§5). */
function ucs2SegmentStarts(text: string, hasMultiUnitGraphemes: boolean): number[] {
  const starts = [0];
  const length = text.length;
  if (length <= UCS2_SINGLE_SEGMENT_UNITS) return starts;

  const boundaries = hasMultiUnitGraphemes ? graphemeBoundaries(text) : undefined;
  let start = 0;
  while (length - start > UCS2_CONCATENATED_SEGMENT_UNITS) {
    const limit = start + UCS2_CONCATENATED_SEGMENT_UNITS;
    let cut = boundaries === undefined ? limit : boundaries.boundaryAtOrBefore(limit);
    // A grapheme longer than a whole part cannot stay in one piece: cut it between code points.
    if (cut <= start) cut = codePointBoundaryAtOrBefore(text, limit);
    starts.push(cut);
    start = cut;
  }
  return starts;
}
