import { describe, expect, it } from 'vitest';
import { highlightNonGsm, segmentMeterReading, segmentMeterView } from './segment-meter.ts';

describe('segmentMeterReading', () => {
  it('reads a short plain reply as one GSM-7 segment with room left', () => {
    const reading = segmentMeterReading('Hi Ana, your order shipped today.');
    expect(reading).toMatchObject({
      encoding: 'GSM-7',
      segments: 1,
      warn: false,
      suggestion: null,
    });
    expect(reading.remainingInSegment).toBe(160 - 33);
    expect(reading.nonGsmCharacters).toEqual([]);
  });

  it('flips to UCS-2 for an emoji, points at it and offers no rewrite when nothing can be replaced', () => {
    const reading = segmentMeterReading('thanks 😀');
    expect(reading.encoding).toBe('UCS-2');
    expect(reading.nonGsmCharacters.map((c) => c.char)).toEqual(['😀']);
    expect(reading.suggestion).toBeNull();
  });

  it('offers a GSM rewrite for curly quotes and dashes that brings the text back to GSM-7', () => {
    const reading = segmentMeterReading('It’s on its way — track it here');
    expect(reading.encoding).toBe('UCS-2');
    expect(reading.suggestion?.text).toBe("It's on its way - track it here");
    expect(segmentMeterReading(reading.suggestion?.text ?? '').encoding).toBe('GSM-7');
  });

  it('warns from two segments on', () => {
    expect(segmentMeterReading('a'.repeat(160)).warn).toBe(false);
    expect(segmentMeterReading('a'.repeat(161))).toMatchObject({ segments: 2, warn: true });
    // One curly quote turns 100 characters into two UCS-2 segments.
    expect(segmentMeterReading(`${'a'.repeat(99)}’`)).toMatchObject({ segments: 2, warn: true });
  });

  it('accepts empty, lone surrogates and 10,000 characters', () => {
    expect(segmentMeterReading('').segments).toBeGreaterThanOrEqual(0);
    expect(segmentMeterReading('\udc00').encoding).toBe('UCS-2');
    expect(segmentMeterReading('x'.repeat(10_000)).segments).toBe(Math.ceil(10_000 / 153));
  });

  it('throws a TypeError for a non-string', () => {
    expect(() => segmentMeterReading(undefined as never)).toThrow(
      /segmentMeterReading: expected the reply text as a string, received undefined/,
    );
  });
});

describe('highlightNonGsm', () => {
  it('marks exactly the characters forcing UCS-2, keeping the whole text', () => {
    const text = 'It’s “done” 😀!';
    const runs = highlightNonGsm(text, segmentMeterReading(text).nonGsmCharacters);
    expect(runs.map((run) => run.text).join('')).toBe(text);
    expect(runs.filter((run) => run.forcesUcs2).map((run) => run.text)).toEqual([
      '’',
      '“',
      '”',
      '😀',
    ]);
  });

  it('returns the text as one plain run when it is GSM-7', () => {
    expect(highlightNonGsm('plain', [])).toEqual([{ text: 'plain', forcesUcs2: false }]);
  });

  it('ignores positions outside the text', () => {
    expect(highlightNonGsm('ab', [{ char: 'é', index: 9 }])).toEqual([
      { text: 'ab', forcesUcs2: false },
    ]);
  });
});

describe('segmentMeterView', () => {
  const view = (text: string) => segmentMeterView(text, segmentMeterReading(text));

  it('shows the hint, not a count, while only spaces are typed', () => {
    expect(view('   ').empty).toBe(true);
    expect(view(' a ').empty).toBe(false);
  });

  it('gives the summary, and no preview or rewrite for plain GSM-7', () => {
    expect(view('Your parcel left.')).toMatchObject({
      summary: { encoding: 'GSM-7', segments: 1, remaining: 160 - 17 },
      warn: false,
      highlighted: null,
      suggestion: null,
      segmentsSaved: 0,
      unreplaceable: '',
    });
  });

  it('says how many segments the GSM rewrite saves: one curly quote costs a second segment', () => {
    const text = `${'a'.repeat(99)}’`;
    const shown = view(text);
    expect(shown.summary.segments).toBe(2);
    expect(shown.warn).toBe(true);
    expect(shown.highlighted?.filter((run) => run.forcesUcs2).map((run) => run.text)).toEqual([
      '’',
    ]);
    expect(shown.suggestion?.text).toBe(`${'a'.repeat(99)}'`);
    expect(shown.segmentsSaved).toBe(1);
  });

  it('lists what the rewrite cannot replace, and saves nothing when the text stays UCS-2', () => {
    const shown = view('It’s here 😀');
    expect(shown.suggestion).not.toBeNull();
    expect(shown.unreplaceable).toBe('😀');
    expect(shown.segmentsSaved).toBe(0);
  });
});
