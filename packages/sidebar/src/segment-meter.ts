// What the segment meter shows for a reply: encoding, segments, room left, and the characters forcing UCS-2.
import { analyzeSms, suggestGsm } from '@smsbridge/sms';
import type { GsmSuggestion, NonGsmCharacter, SmsEncoding } from '@smsbridge/sms';
import { describeValue } from './describe-value.ts';

/** From this many segments on the meter warns: each extra segment is billed (sms-encoding reference). */
export const SEGMENT_WARNING_THRESHOLD = 2;

export interface SegmentMeterReading {
  readonly encoding: SmsEncoding;
  readonly segments: number;
  /** Septets (GSM-7) or UTF-16 units (UCS-2) still free in the last segment. */
  readonly remainingInSegment: number;
  readonly warn: boolean;
  /** Every code point that forces UCS-2, with its UTF-16 index, for highlighting. */
  readonly nonGsmCharacters: readonly NonGsmCharacter[];
  /** The GSM look-alike rewrite, when the text is UCS-2 and at least one character can be replaced. */
  readonly suggestion: GsmSuggestion | null;
}

/**
 * Reads the meter for an SMS text. Any string is accepted (empty, emoji, 10,000 characters).
 *
 * @example segmentMeterReading('It’s here').suggestion?.text // "It's here"
 */
export function segmentMeterReading(text: string): SegmentMeterReading {
  if (typeof text !== 'string') {
    throw new TypeError(
      `segmentMeterReading: expected the reply text as a string, received ${describeValue(text)}`,
    );
  }
  const analysis = analyzeSms(text);
  let suggestion: GsmSuggestion | null = null;
  if (analysis.encoding === 'UCS-2') {
    const suggested = suggestGsm(text);
    if (suggested.replacements.length > 0) suggestion = suggested;
  }
  return {
    encoding: analysis.encoding,
    segments: analysis.segmentCount,
    remainingInSegment: analysis.remainingInSegment,
    warn: analysis.segmentCount >= SEGMENT_WARNING_THRESHOLD,
    nonGsmCharacters: analysis.nonGsmCharacters,
    suggestion,
  };
}

/** A run of the text for display: `forcesUcs2` runs are highlighted. */
export interface HighlightedRun {
  readonly text: string;
  readonly forcesUcs2: boolean;
}

/** Splits the text into plain runs and runs of characters that force UCS-2. */
export function highlightNonGsm(
  text: string,
  nonGsmCharacters: readonly NonGsmCharacter[],
): HighlightedRun[] {
  if (typeof text !== 'string') {
    throw new TypeError(
      `highlightNonGsm: expected the text as a string, received ${describeValue(text)}`,
    );
  }
  const runs: HighlightedRun[] = [];
  let at = 0;
  const push = (run: HighlightedRun): void => {
    if (run.text === '') return;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.forcesUcs2 === run.forcesUcs2) {
      runs[runs.length - 1] = { text: last.text + run.text, forcesUcs2: run.forcesUcs2 };
    } else runs.push(run);
  };
  for (const { char, index } of nonGsmCharacters) {
    if (index < at || index >= text.length) continue;
    push({ text: text.slice(at, index), forcesUcs2: false });
    push({ text: char, forcesUcs2: true });
    at = index + char.length;
  }
  push({ text: text.slice(at), forcesUcs2: false });
  return runs;
}

/** What the meter shows for a reply, ready for either app's components to draw. */
export interface SegmentMeterView {
  /** Nothing but spaces typed yet: the meter shows its hint instead. */
  readonly empty: boolean;
  /** The values of the summary line. */
  readonly summary: {
    readonly encoding: SmsEncoding;
    readonly segments: number;
    readonly remaining: number;
  };
  readonly warn: boolean;
  /** The text in runs, those forcing UCS-2 marked; null when no character forces UCS-2. */
  readonly highlighted: readonly HighlightedRun[] | null;
  readonly suggestion: GsmSuggestion | null;
  /** Segments the GSM rewrite saves; 0 when it saves none. */
  readonly segmentsSaved: number;
  /** The characters the rewrite cannot replace, space-separated; empty when there are none. */
  readonly unreplaceable: string;
}

/** The meter's content for `text` and its reading (`segmentMeterReading` or `useSegmentMeter`). */
export function segmentMeterView(text: string, reading: SegmentMeterReading): SegmentMeterView {
  const { suggestion } = reading;
  return {
    empty: text.trim() === '',
    summary: {
      encoding: reading.encoding,
      segments: reading.segments,
      remaining: reading.remainingInSegment,
    },
    warn: reading.warn,
    highlighted:
      reading.nonGsmCharacters.length > 0 ? highlightNonGsm(text, reading.nonGsmCharacters) : null,
    suggestion,
    segmentsSaved:
      suggestion === null ? 0 : Math.max(0, suggestion.segmentsBefore - suggestion.segmentsAfter),
    unreplaceable: suggestion?.unreplaceable.map((u) => u.char).join(' ') ?? '',
  };
}
