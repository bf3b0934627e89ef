// Differential test against Twilio's calculator, and properties of splitSms.
import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { smsPiece, smsText } from '../test/sms-text-arbitraries.ts';
import { analyzeSms } from './analyze.ts';
import { gsmSeptets } from './gsm-charset.ts';
import { splitGraphemes } from './graphemes.ts';
import { splitSms } from './split.ts';

const sameGraphemes = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((grapheme, i) => grapheme === b[i]);

describe("analyzeSms agrees with Twilio's calculator", () => {
  it('on encoding and segment count for mixed messages', () => {
    let compared = 0;
    let excluded = 0;
    fc.assert(
      fc.property(smsText, (text) => {
        const theirs = new SegmentedMessage(text);
        // The two documented differences (README, "Where we differ from Twilio's calculator"):
        // grapheme rules (grapheme-splitter 1.0.4 vs Intl.Segmenter), and messages where the
        // calculator builds a segment over 140 octets.
        const differentGraphemes = !sameGraphemes(theirs.graphemes, splitGraphemes(text));
        const overfullSegment = theirs.segments.some((segment) => segment.sizeInBits() > 1120);
        if (differentGraphemes || overfullSegment) {
          excluded++;
          return;
        }
        compared++;
        const ours = analyzeSms(text);
        expect(ours.encoding).toBe(theirs.encodingName);
        expect(ours.segmentCount).toBe(theirs.segmentsCount);
        if (ours.encoding === 'GSM-7') expect(ours.units).toBe(theirs.numberOfCharacters);
      }),
      // The calculator is slow on long bodies: cap the time a failure may spend shrinking.
      { numRuns: 3000, plugins: [fc.interruptAfterTimeLimit(25_000, { failOnInterrupt: true })] },
    );
    // The exclusions must stay rare, or the comparison would prove little.
    expect(excluded / (compared + excluded)).toBeLessThan(0.05);
  });
});

const fitsItsLimit = (segment: string, encoding: 'GSM-7' | 'UCS-2', single: boolean) => {
  if (encoding === 'UCS-2') return segment.length <= (single ? 70 : 67);
  let septets = 0;
  for (let i = 0; i < segment.length; i++) septets += gsmSeptets(segment.charCodeAt(i));
  return septets <= (single ? 160 : 153);
};

/** Any string: our pieces, plus raw UTF-16 code units (lone surrogates, controls). */
const anyText = fc.oneof(
  smsText,
  fc.string({ unit: 'binary', maxLength: 300, size: 'max' }),
  fc
    .array(fc.oneof(smsPiece, fc.string({ unit: 'binary', maxLength: 2 })), {
      maxLength: 200,
      size: 'max',
    })
    .map((pieces) => pieces.join('')),
);

describe('splitSms', () => {
  it('joins back to the input, and every segment fits its limit', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const segments = splitSms(text);
        const { encoding, segmentCount } = analyzeSms(text);
        expect(segments.join('')).toBe(text);
        expect(segments).toHaveLength(segmentCount);
        for (const segment of segments) {
          expect(fitsItsLimit(segment, encoding, segments.length === 1)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts only at grapheme boundaries (or between CR and LF) when graphemes fit a segment', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const graphemes = splitGraphemes(text);
        if (graphemes.some((grapheme) => grapheme.length > 67)) return;
        const boundaries = new Set<number>([0]);
        let position = 0;
        for (const grapheme of graphemes) {
          position += grapheme.length;
          boundaries.add(position);
        }
        let cut = 0;
        for (const segment of splitSms(text)) {
          expect(boundaries.has(cut)).toBe(true);
          cut += segment.length;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
