// Suggests same-meaning GSM-7 replacements for the characters that force a message into UCS-2.
import { analyzeSms } from './analyze.ts';
import { assertString } from './assert-string.ts';
import { isGsmText } from './gsm-charset.ts';
import { graphemeBoundaries } from './graphemes.ts';
import { GSM_LOOK_ALIKES } from './look-alikes.ts';

export interface GsmReplacement {
  /** UTF-16 index of the replaced grapheme in the input. */
  index: number;
  /** Its length in UTF-16 code units. */
  length: number;
  original: string;
  /** GSM-7 text with the same meaning; '' removes an invisible character. */
  replacement: string;
}

/** A user-perceived character (grapheme) with no GSM-7 form of the same meaning. */
export interface UnreplaceableCharacter {
  char: string;
  index: number;
}

export interface GsmSuggestion {
  replacements: GsmReplacement[];
  /** The input with every replacement applied. */
  text: string;
  segmentsBefore: number;
  segmentsAfter: number;
  /** Left alone: emoji, CJK, letters such as á or ç. While any remain, `text` stays UCS-2. */
  unreplaceable: UnreplaceableCharacter[];
}

/**
 * GSM-7 text with the same meaning as `grapheme`, or undefined when there is none. Works on the
 * whole grapheme so that an emoji ZWJ sequence or a letter with an accent is kept or replaced
 * as one piece, never half.
 */
function gsmEquivalent(grapheme: string): string | undefined {
  // Canonical composition keeps meaning exactly: e + U+0301 is é, ANGSTROM SIGN is Å.
  const composed = grapheme.normalize('NFC');
  if (isGsmText(composed)) return composed;
  let equivalent = '';
  for (const codePoint of composed) {
    if (isGsmText(codePoint)) {
      equivalent += codePoint;
      continue;
    }
    const lookAlike = GSM_LOOK_ALIKES.get(codePoint);
    if (lookAlike === undefined) return undefined;
    equivalent += lookAlike;
  }
  return equivalent;
}

/**
 * Replacements that turn a UCS-2 message into GSM-7 without changing its meaning: curly quotes,
 * dashes, ellipsis, odd spaces, zero-width characters, fullwidth forms and other look-alikes.
 * Characters with no same-meaning GSM form are reported in `unreplaceable` and left alone.
 *
 * @example suggestGsm('It’s ready — 2 items…').text // "It's ready - 2 items..."
 */
export function suggestGsm(text: string): GsmSuggestion {
  assertString('suggestGsm', 'text', text);
  const before = analyzeSms(text);
  if (before.encoding === 'GSM-7') {
    return {
      replacements: [],
      text,
      segmentsBefore: before.segmentCount,
      segmentsAfter: before.segmentCount,
      unreplaceable: [],
    };
  }

  const boundaries = graphemeBoundaries(text);
  const replacements: GsmReplacement[] = [];
  const unreplaceable: UnreplaceableCharacter[] = [];
  let coveredUntil = 0;
  for (const { index } of before.nonGsmCharacters) {
    if (index < coveredUntil) continue; // Part of a grapheme already handled.
    const grapheme = boundaries.graphemeAt(index);
    coveredUntil = grapheme.index + grapheme.segment.length;
    const replacement = gsmEquivalent(grapheme.segment);
    if (replacement === undefined) {
      unreplaceable.push({ char: grapheme.segment, index: grapheme.index });
    } else {
      replacements.push({
        index: grapheme.index,
        length: grapheme.segment.length,
        original: grapheme.segment,
        replacement,
      });
    }
  }

  let suggested = '';
  let copiedUntil = 0;
  for (const { index, length, replacement } of replacements) {
    suggested += text.slice(copiedUntil, index) + replacement;
    copiedUntil = index + length;
  }
  suggested += text.slice(copiedUntil);

  return {
    replacements,
    text: suggested,
    segmentsBefore: before.segmentCount,
    segmentsAfter: analyzeSms(suggested).segmentCount,
    unreplaceable,
  };
}
