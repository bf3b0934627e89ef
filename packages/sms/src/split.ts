// Splits an SMS body into the segments a carrier would send, at the boundaries analyzeSms counts.
import { assertString } from './assert-string.ts';
import { layoutSms } from './layout.ts';

/**
 * The segments of `text`, in order; joined, they give back `text` exactly. The empty string is
 * one empty segment.
 *
 * @example splitSms('a'.repeat(200)) // ['a' × 153, 'a' × 47]
 */
export function splitSms(text: string): string[] {
  assertString('splitSms', 'text', text);
  const { segmentStarts } = layoutSms(text);
  const segments: string[] = [];
  for (let i = 0; i < segmentStarts.length; i++) {
    segments.push(text.slice(segmentStarts[i], segmentStarts[i + 1]));
  }
  return segments;
}
