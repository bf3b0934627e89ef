import { describe, expect, it } from 'vitest';
import {
  codePointBoundaryAtOrBefore,
  graphemeBoundaries,
  mayContainMultiUnitGraphemes,
  splitGraphemes,
} from './graphemes.ts';

describe('mayContainMultiUnitGraphemes', () => {
  // The fast path cuts UCS-2 text anywhere when this is false, so it must never be false for a
  // code point that the runtime's segmenter would join to a neighbour.
  it('is true for every BMP code point that can join a neighbour into one grapheme', () => {
    const missed: string[] = [];
    for (let codePoint = 0; codePoint <= 0xffff; codePoint++) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const char = String.fromCharCode(codePoint);
      if (mayContainMultiUnitGraphemes(char)) continue;
      const joins = [`a${char}`, `${char}a`, `${char}${char}`].some(
        (pair) => pair !== '\r\r' && splitGraphemes(pair).length !== 2,
      );
      if (joins) missed.push(`U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`);
    }
    expect(missed).toEqual([]);
  });

  it('flags marks, joiners, jamo, astral characters and lone surrogates', () => {
    expect(mayContainMultiUnitGraphemes('e\u0301')).toBe(true);
    expect(mayContainMultiUnitGraphemes('a\u200db')).toBe(true);
    expect(mayContainMultiUnitGraphemes('\u1100\u1161')).toBe(true);
    expect(mayContainMultiUnitGraphemes('😀')).toBe(true);
    expect(mayContainMultiUnitGraphemes('\udc00')).toBe(true);
  });

  it('does not flag plain accented Latin, CJK or curly quotes', () => {
    expect(mayContainMultiUnitGraphemes('áçñ 你好 “ok” — 가')).toBe(false);
  });
});

describe('graphemeBoundaries', () => {
  it('finds the start of the grapheme around a position', () => {
    const text = 'ab🏳️‍🌈cd';
    const boundaries = graphemeBoundaries(text);
    expect(boundaries.boundaryAtOrBefore(2)).toBe(2);
    expect(boundaries.boundaryAtOrBefore(5)).toBe(2);
    expect(boundaries.boundaryAtOrBefore(8)).toBe(8);
    expect(boundaries.graphemeAt(4)).toEqual({ index: 2, segment: '🏳️‍🌈' });
  });

  it('agrees with a full segmentation everywhere, even inside long runs of flags and ZWJ sequences', () => {
    const texts = [
      'a' + '🇦'.repeat(41) + 'b',
      '🇦'.repeat(40),
      'x👨‍👩‍👧‍👦👍🏽e\u0301\u0301🏳️‍🌈क्षa\u200d🚀\r\n가\u11a8',
    ];
    for (const text of texts) {
      const boundaries = graphemeBoundaries(text);
      const starts = [0];
      for (const grapheme of splitGraphemes(text)) starts.push(starts.at(-1)! + grapheme.length);
      for (let position = 1; position < text.length; position++) {
        const expected = Math.max(...starts.filter((start) => start <= position));
        expect([position, boundaries.boundaryAtOrBefore(position)]).toEqual([position, expected]);
      }
    }
  });

  it('lets a cut fall between CR and LF, as the Twilio calculator does', () => {
    expect(graphemeBoundaries('é\r\nx').boundaryAtOrBefore(2)).toBe(2);
    expect(splitGraphemes('a\r\nb')).toEqual(['a', '\r', '\n', 'b']);
  });
});

describe('codePointBoundaryAtOrBefore', () => {
  it('never cuts a surrogate pair', () => {
    expect(codePointBoundaryAtOrBefore('a😀', 2)).toBe(1);
    expect(codePointBoundaryAtOrBefore('a😀', 1)).toBe(1);
    expect(codePointBoundaryAtOrBefore('\ud800\ud800', 1)).toBe(1);
  });
});
