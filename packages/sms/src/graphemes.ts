// Grapheme boundaries where a segment cut could fall inside a user-perceived character.
//
// Twilio's calculator never splits a grapheme across segments (reference carriers.md §5,
// "Surrogate pairs and graphemes"; `SegmentedMessage._buildSegments`). We use Intl.Segmenter
// (the runtime's ICU rules) instead of the calculator's `grapheme-splitter`, and only ask it
// about the few positions where a cut would land, never about the whole text.

const graphemeSegmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

const CARRIAGE_RETURN = 0x0d;
const LINE_FEED = 0x0a;

/**
 * Code points that can join a neighbour into one multi-code-unit grapheme (UAX #29): Extend and
 * SpacingMark (all marks, Grapheme_Extend, ZWJ, the Thai/Lao AM vowels), Prepend (the BMP
 * prepended concatenation marks and MALAYALAM LETTER DOT REPH), Hangul jamo L/V/T, and
 * everything outside the BMP (surrogate pairs, regional indicators, emoji modifiers, lone
 * surrogates). Text with none of these is made of one-code-unit graphemes only, apart from
 * CR LF, which Twilio's calculator splits anyway. `graphemes.test.ts` checks this set against
 * the runtime's segmenter for every BMP code point.
 */
const MAY_JOIN_A_GRAPHEME =
  /[\p{M}\p{Grapheme_Extend}\u200D\u0E33\u0EB3\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u0D4E\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\uD800-\uDFFF\u{10000}-\u{10FFFF}]/u;

/** True when `text` contains a code point that can be part of a multi-code-unit grapheme. */
export function mayContainMultiUnitGraphemes(text: string): boolean {
  return MAY_JOIN_A_GRAPHEME.test(text);
}

/** Answers "where does the grapheme around this position start?" for one text. */
export interface GraphemeBoundaries {
  /**
   * The largest grapheme boundary at or before `position` (0 < position < text.length).
   * CR LF counts as two graphemes, as in Twilio's calculator (`textUtils.splitGraphemes`).
   */
  boundaryAtOrBefore(position: number): number;
  /** The grapheme containing the code unit at `position`, with its start index. */
  graphemeAt(position: number): { index: number; segment: string };
}

/** Grapheme boundaries of `text`, computed lazily around the positions asked for. */
export function graphemeBoundaries(text: string): GraphemeBoundaries {
  const segments = graphemeSegmenter.segment(text);
  return {
    boundaryAtOrBefore(position) {
      if (
        text.charCodeAt(position - 1) === CARRIAGE_RETURN &&
        text.charCodeAt(position) === LINE_FEED
      ) {
        return position;
      }
      return segments.containing(position)?.index ?? position;
    },
    graphemeAt(position) {
      const found = segments.containing(position);
      if (found === undefined) return { index: position, segment: text.charAt(position) };
      return { index: found.index, segment: found.segment };
    },
  };
}

/** Graphemes of `text` as strings, CR LF split in two (for tests and for comparison with Twilio). */
export function splitGraphemes(text: string): string[] {
  const graphemes: string[] = [];
  for (const { segment } of graphemeSegmenter.segment(text)) {
    if (segment === '\r\n') graphemes.push('\r', '\n');
    else graphemes.push(segment);
  }
  return graphemes;
}

/** `position`, moved back by one when it would cut a surrogate pair in half. */
export function codePointBoundaryAtOrBefore(text: string, position: number): number {
  const before = text.charCodeAt(position - 1);
  const after = text.charCodeAt(position);
  const cutsPair = before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
  return cutsPair ? position - 1 : position;
}
