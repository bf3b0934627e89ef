import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { analyzeSms } from './analyze.ts';
import { splitSms } from './split.ts';

const repeat = (text: string, times: number) => text.repeat(times);

describe('analyzeSms: reference test vectors (carriers.md §5)', () => {
  it.each([
    [160, 1, 0],
    [161, 2, 145],
    [307, 3, 152],
  ])('%i digits are GSM-7 in %i segment(s)', (digits, segments, remaining) => {
    const result = analyzeSms(repeat('1', digits));
    expect(result.encoding).toBe('GSM-7');
    expect(result.segmentCount).toBe(segments);
    expect(result.units).toBe(digits);
    expect(result.remainingInSegment).toBe(remaining);
  });

  it.each([
    ['😜', 68, 1],
    ['😜', 69, 2],
    ['😜', 133, 3],
    ['🇮🇹', 66, 1],
    ['🇮🇹', 67, 2],
    ['🏳️‍🌈', 64, 1],
    ['🏳️‍🌈', 65, 2],
  ])('%s followed by %i letters is UCS-2 in %i segment(s)', (emoji, letters, segments) => {
    const result = analyzeSms(emoji + repeat('a', letters));
    expect(result.encoding).toBe('UCS-2');
    expect(result.segmentCount).toBe(segments);
    expect(result.units).toBe(emoji.length + letters);
  });

  it.each([...'^{}\\[~]|€\f'])(
    'extension character %j costs two septets: +158 digits is 1 segment, +159 is 2',
    (escape) => {
      const fits = analyzeSms(escape + repeat('1', 158));
      expect(fits).toMatchObject({ encoding: 'GSM-7', segmentCount: 1, units: 160 });
      const overflows = analyzeSms(escape + repeat('1', 159));
      expect(overflows).toMatchObject({ encoding: 'GSM-7', segmentCount: 2, units: 161 });
    },
  );

  it('never splits an escape pair: an extension character at septet 153 moves to the next part', () => {
    const text = repeat('a', 152) + '€' + repeat('b', 10);
    expect(analyzeSms(text)).toMatchObject({ segmentCount: 2, units: 164 });
    const segments = splitSms(text);
    expect(segments).toEqual([repeat('a', 152), '€' + repeat('b', 10)]);
    // One septet fewer before it and the pair fits exactly in the first part.
    expect(splitSms(repeat('a', 151) + '€' + repeat('b', 10))[0]).toBe(repeat('a', 151) + '€');
  });

  it('counts an extension character as one unit in UCS-2 (Issue #18)', () => {
    const result = analyzeSms('😀' + repeat(']', 68));
    expect(result).toMatchObject({ encoding: 'UCS-2', segmentCount: 1, units: 70 });
    expect(analyzeSms('😀' + repeat(']', 69)).segmentCount).toBe(2);
  });

  it.each([...'ÁÚúçíÍóÓ'])(
    '%s is not GSM-7: 70 of them fit one UCS-2 segment, 71 need two',
    (char) => {
      expect(analyzeSms(repeat(char, 70))).toMatchObject({ encoding: 'UCS-2', segmentCount: 1 });
      expect(analyzeSms(repeat(char, 71))).toMatchObject({ encoding: 'UCS-2', segmentCount: 2 });
    },
  );

  it('counts CR and LF as one septet each', () => {
    expect(analyzeSms('\rabcde\r\n123')).toMatchObject({ encoding: 'GSM-7', units: 11 });
    expect(analyzeSms('\nabcde\n\n123\n')).toMatchObject({ encoding: 'GSM-7', units: 12 });
  });

  it('keeps combining marks with their letter: e + 3 acute accents + 66/67 letters', () => {
    const accented = 'e\u0301\u0301\u0301';
    expect(analyzeSms(accented + repeat('a', 66))).toMatchObject({
      encoding: 'UCS-2',
      segmentCount: 1,
    });
    expect(analyzeSms(accented + repeat('a', 67)).segmentCount).toBe(2);
  });
});

describe('analyzeSms: counts', () => {
  it('treats the empty string as one empty GSM-7 segment', () => {
    expect(analyzeSms('')).toEqual({
      encoding: 'GSM-7',
      segmentCount: 1,
      units: 0,
      unitsPerSegment: 160,
      remainingInSegment: 160,
      nonGsmCharacters: [],
    });
  });

  it('reports 153 septets per segment once a GSM-7 message is concatenated', () => {
    const result = analyzeSms(repeat('x', 200));
    expect(result).toMatchObject({ unitsPerSegment: 153, remainingInSegment: 106 });
  });

  it('reports 70 then 67 code units per UCS-2 segment', () => {
    expect(analyzeSms('¿Cómo estás?')).toMatchObject({
      unitsPerSegment: 70,
      remainingInSegment: 58,
    });
    expect(analyzeSms(repeat('é', 60) + repeat('ñ', 20))).toMatchObject({
      encoding: 'GSM-7',
      unitsPerSegment: 160,
    });
    expect(analyzeSms(repeat('á', 80))).toMatchObject({
      unitsPerSegment: 67,
      remainingInSegment: 54,
    });
  });

  it('lists every character that forces UCS-2 with its UTF-16 index, emoji as one character', () => {
    expect(analyzeSms('Hola, ¿más? 😀 sí').nonGsmCharacters).toEqual([
      { char: 'á', index: 8 },
      { char: '😀', index: 12 },
      { char: 'í', index: 16 },
    ]);
  });

  it('switches the whole message to UCS-2 for one curly quote', () => {
    const plain = "Your order ships today, we'll text you the tracking number.";
    const curly = plain.replace("'", '’');
    expect(analyzeSms(plain).encoding).toBe('GSM-7');
    expect(analyzeSms(curly)).toMatchObject({
      encoding: 'UCS-2',
      nonGsmCharacters: [{ char: '’', index: 26 }],
    });
  });

  it('handles a 10,000-character GSM-7 body', () => {
    // 65 parts of 153 septets hold 9,945; the 66th holds the last 55.
    expect(analyzeSms(repeat('a', 10_000))).toMatchObject({
      encoding: 'GSM-7',
      segmentCount: 66,
      units: 10_000,
      remainingInSegment: 98,
    });
  });

  it('handles a 10,000-code-unit emoji body without splitting a surrogate pair', () => {
    // 33 emoji (66 units) per part, since 67 is odd: 151 full parts, then 17 emoji.
    const result = analyzeSms(repeat('😀', 5_000));
    expect(result).toMatchObject({ encoding: 'UCS-2', segmentCount: 152, units: 10_000 });
    expect(result.remainingInSegment).toBe(67 - 34);
    expect(result.nonGsmCharacters).toHaveLength(5_000);
  });

  it('counts a lone surrogate as one UCS-2 unit and reports it', () => {
    expect(analyzeSms('ok \ud83d')).toMatchObject({
      encoding: 'UCS-2',
      units: 4,
      nonGsmCharacters: [{ char: '\ud83d', index: 3 }],
    });
    expect(analyzeSms('\ude00\ud83d').nonGsmCharacters).toEqual([
      { char: '\ude00', index: 0 },
      { char: '\ud83d', index: 1 },
    ]);
  });

  it('does not throw on control characters', () => {
    expect(analyzeSms('\u0000\u001b\u007f').encoding).toBe('UCS-2');
  });

  it.each([undefined, null, 42, { text: 'hi' }, ['hi']])('throws a TypeError for %j', (value) => {
    expect(() => analyzeSms(value as unknown as string)).toThrow(TypeError);
    expect(() => analyzeSms(value as unknown as string)).toThrow(/analyzeSms/);
  });
});

// Each case puts a character at the 67-unit cut of a concatenated UCS-2 message, where the two
// grapheme rules disagree; see README "Where we differ from Twilio's calculator".
describe("analyzeSms: where we deliberately differ from Twilio's calculator", () => {
  const twilioSegments = (text: string) => new SegmentedMessage(text).segmentsCount;

  it('a ZWJ after a letter does not glue the next emoji to it (Unicode 11+ rule GB11)', () => {
    const text = repeat('a', 66) + '\u200d🚀' + repeat('b', 64);
    expect(analyzeSms(text).segmentCount).toBe(2);
    expect(splitSms(text)[1]).toBe('🚀' + repeat('b', 64));
    expect(twilioSegments(text)).toBe(3);
  });

  it('keeps ZWJ sequences whose emoji are newer than grapheme-splitter whole (❤️‍🔥)', () => {
    const text = repeat('a', 64) + '❤️‍🔥' + repeat('b', 63);
    expect(analyzeSms(text).segmentCount).toBe(3);
    expect(splitSms(text)[1]?.startsWith('❤️‍🔥')).toBe(true);
    expect(twilioSegments(text)).toBe(2);
  });

  it('keeps a skin tone with an emoji newer than grapheme-splitter (🫶🏽)', () => {
    const text = repeat('a', 65) + '🫶🏽' + repeat('b', 64);
    expect(analyzeSms(text).segmentCount).toBe(3);
    expect(twilioSegments(text)).toBe(2);
  });

  it('keeps every combining mark after a flag with the flag', () => {
    const text = repeat('a', 62) + '🇫🇷\u0301\u0301' + repeat('b', 62);
    expect(analyzeSms(text).segmentCount).toBe(3);
    expect(twilioSegments(text)).toBe(2);
  });

  it('keeps a Devanagari conjunct (क्ष) whole (Unicode 15.1 rule GB9c)', () => {
    const text = repeat('a', 65) + 'क्ष' + repeat('b', 65);
    expect(analyzeSms(text).segmentCount).toBe(3);
    expect(twilioSegments(text)).toBe(2);
  });

  it('keeps a combining mark with the lone surrogate before it', () => {
    const text = repeat('a', 66) + '\ud800\u0301' + repeat('b', 66);
    expect(analyzeSms(text).segmentCount).toBe(3);
    expect(twilioSegments(text)).toBe(2);
  });

  it('splits a grapheme longer than a whole segment between code points', () => {
    const text = 'e' + repeat('\u0301', 149); // one grapheme of 150 code units
    expect(splitSms(text).map((segment) => segment.length)).toEqual([67, 67, 16]);
    expect(analyzeSms(text).segmentCount).toBe(3);
    // The calculator leaves an empty first segment and overfills the second.
    expect(twilioSegments(text)).toBe(2);
  });
});
