// Encoding and segment count of an SMS body, for the sidebar's live counter and the relay.
import { assertString } from './assert-string.ts';
import {
  GSM7_CONCATENATED_SEGMENT_SEPTETS,
  GSM7_SINGLE_SEGMENT_SEPTETS,
  UCS2_CONCATENATED_SEGMENT_UNITS,
  UCS2_SINGLE_SEGMENT_UNITS,
} from './gsm-charset.ts';
import { layoutSms } from './layout.ts';
import type { NonGsmCharacter, SmsEncoding } from './layout.ts';

export type { NonGsmCharacter, SmsEncoding } from './layout.ts';

export interface SmsAnalysis {
  encoding: SmsEncoding;
  segmentCount: number;
  /** Total septets (GSM-7; extension characters count two) or UTF-16 code units (UCS-2). */
  units: number;
  /** 160 or 153 septets (GSM-7), 70 or 67 code units (UCS-2), depending on concatenation. */
  unitsPerSegment: number;
  /** Units still free in the last segment. */
  remainingInSegment: number;
  /** Every code point that forces UCS-2, in order; empty for GSM-7. */
  nonGsmCharacters: NonGsmCharacter[];
}

/**
 * Analyses an SMS body the way carriers bill it and Twilio's calculator counts it.
 *
 * @example analyzeSms('Thanks “Ana”!') // { encoding: 'UCS-2', segmentCount: 1, units: 13, ... }
 */
export function analyzeSms(text: string): SmsAnalysis {
  assertString('analyzeSms', 'text', text);
  const layout = layoutSms(text);
  const segmentCount = layout.segmentStarts.length;
  const concatenated = segmentCount > 1;
  const unitsPerSegment =
    layout.encoding === 'GSM-7'
      ? concatenated
        ? GSM7_CONCATENATED_SEGMENT_SEPTETS
        : GSM7_SINGLE_SEGMENT_SEPTETS
      : concatenated
        ? UCS2_CONCATENATED_SEGMENT_UNITS
        : UCS2_SINGLE_SEGMENT_UNITS;
  return {
    encoding: layout.encoding,
    segmentCount,
    units: layout.units,
    unitsPerSegment,
    remainingInSegment: unitsPerSegment - layout.lastSegmentUnits,
    nonGsmCharacters: layout.nonGsmCharacters,
  };
}
