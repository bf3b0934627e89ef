import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { smsText } from '../test/sms-text-arbitraries.ts';
import { analyzeSms } from './analyze.ts';
import { suggestGsm } from './suggest-gsm.ts';

describe('suggestGsm', () => {
  it('replaces curly quotes, an em dash, an ellipsis and a no-break space, and says what it saves', () => {
    const body =
      'Hi Maria, your replacement “Deluxe” kettle ships Monday — we’ll text the tracking link… ' +
      'Reply\u00a0HELP for help.';
    const result = suggestGsm(body);
    expect(result.replacements).toEqual([
      { index: 27, length: 1, original: '“', replacement: '"' },
      { index: 34, length: 1, original: '”', replacement: '"' },
      { index: 56, length: 1, original: '—', replacement: '-' },
      { index: 60, length: 1, original: '’', replacement: "'" },
      { index: 86, length: 1, original: '…', replacement: '...' },
      { index: 93, length: 1, original: '\u00a0', replacement: ' ' },
    ]);
    expect(result.text).toBe(
      'Hi Maria, your replacement "Deluxe" kettle ships Monday - we\'ll text the tracking link... ' +
        'Reply HELP for help.',
    );
    expect(result.unreplaceable).toEqual([]);
    expect(analyzeSms(result.text).encoding).toBe('GSM-7');
    // 114 UTF-16 units are two UCS-2 segments; 116 septets fit one GSM-7 segment.
    expect(result.segmentsBefore).toBe(2);
    expect(result.segmentsAfter).toBe(1);
  });

  it('leaves emoji alone and reports them, replacing only what has a look-alike', () => {
    const result = suggestGsm('Thanks! 😊 See you “tomorrow”');
    expect(result.unreplaceable).toEqual([{ char: '😊', index: 8 }]);
    expect(result.text).toBe('Thanks! 😊 See you "tomorrow"');
    expect(analyzeSms(result.text).encoding).toBe('UCS-2');
  });

  it('never strips the joiner out of an emoji ZWJ sequence or a flag', () => {
    const result = suggestGsm('Our dev team 👩‍💻 is on it 🇫🇷');
    expect(result.replacements).toEqual([]);
    expect(result.unreplaceable).toEqual([
      { char: '👩‍💻', index: 13 },
      { char: '🇫🇷', index: 28 },
    ]);
  });

  it('keeps letters with no GSM-7 letter of the same meaning (á is not à, ç is not Ç)', () => {
    const result = suggestGsm('Gracias, mañana está listo. Ça marche, reçu.');
    expect(result.replacements).toEqual([]);
    expect(result.unreplaceable.map((entry) => entry.char)).toEqual(['á', 'ç']);
    expect(result.text).toBe('Gracias, mañana está listo. Ça marche, reçu.');
  });

  it('composes a decomposed GSM letter (e + combining acute = é) but never turns ê into e^', () => {
    expect(suggestGsm('cafe\u0301').text).toBe('café');
    const circumflex = suggestGsm('fe\u0302te');
    expect(circumflex.text).toBe('fe\u0302te');
    expect(circumflex.unreplaceable).toEqual([{ char: 'e\u0302', index: 1 }]);
  });

  it('removes zero-width characters and maps fullwidth forms', () => {
    expect(suggestGsm('pass\u200bword').text).toBe('password');
    expect(suggestGsm('\ufeffHello').text).toBe('Hello');
    expect(suggestGsm('ＯＲＤＥＲ　＃１２３').text).toBe('ORDER #123');
  });

  it('returns no replacements for a message that is already GSM-7', () => {
    const text = 'Your appointment is at 3:30pm. Reply C to confirm {ref: 42} €5';
    expect(suggestGsm(text)).toEqual({
      replacements: [],
      text,
      segmentsBefore: 1,
      segmentsAfter: 1,
      unreplaceable: [],
    });
  });

  it('handles the empty string, lone surrogates and a 10,000-character body', () => {
    expect(suggestGsm('').text).toBe('');
    expect(suggestGsm('ok\ud83d').unreplaceable).toEqual([{ char: '\ud83d', index: 2 }]);
    const long = suggestGsm('’'.repeat(10_000));
    expect(long.text).toBe("'".repeat(10_000));
    expect(long.segmentsBefore).toBe(150); // 10,000 / 67, rounded up
    expect(long.segmentsAfter).toBe(66); // 10,000 / 153, rounded up
  });

  it('throws a TypeError for a non-string', () => {
    expect(() => suggestGsm(null as unknown as string)).toThrow(/suggestGsm/);
  });
});

describe('suggestGsm properties', () => {
  it('replacements point at the input, apply in order, and leave unreplaceable characters as they were', () => {
    fc.assert(
      fc.property(smsText, (text) => {
        const result = suggestGsm(text);
        let rebuilt = '';
        let copiedUntil = 0;
        for (const { index, length, original, replacement } of result.replacements) {
          expect(index).toBeGreaterThanOrEqual(copiedUntil);
          expect(text.slice(index, index + length)).toBe(original);
          rebuilt += text.slice(copiedUntil, index) + replacement;
          copiedUntil = index + length;
        }
        expect(rebuilt + text.slice(copiedUntil)).toBe(result.text);
        for (const { char, index } of result.unreplaceable) {
          expect(text.slice(index, index + char.length)).toBe(char);
          expect(result.text).toContain(char);
        }
        if (result.unreplaceable.length === 0) {
          expect(analyzeSms(result.text).encoding).toBe('GSM-7');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

// Every code point that Twilio's Smart Encoding (sms-segments-calculator 1.3.0) and we treat
// differently, each group with the reason documented in look-alikes.ts and the README.
describe("suggestGsm vs Twilio's Smart Encoding map", () => {
  const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i);
  // null: we leave the character as it is.
  const documented = new Map<number, string | null>();
  const documentAs = (codePoints: number[], ours: string | null) => {
    for (const codePoint of codePoints) documented.set(codePoint, ours);
  };
  // Combining marks modify the letter before them: left alone.
  documentAs(
    [
      0x0302, 0x0303, 0x0313, 0x0314, 0x0326, 0x0330, 0x0332, 0x0334, 0x0337, 0x0338, 0x0347,
      0x1dcd, 0x20d2, 0x20d3, 0x20e5,
    ],
    null,
  );
  // Unicode spaces and TAB: one space, not two (or seven).
  documentAs([0x0009, 0x00a0, 0x2000, ...range(0x2002, 0x200a), 0x202f, 0x205f, 0x3000], ' ');
  // Line and paragraph separators and NEXT LINE are line breaks.
  documentAs([0x0085, 0x2028, 0x2029], '\n');
  // Control characters: removed (Twilio keeps some, turns others into two spaces).
  documentAs([...range(0x01, 0x02), ...range(0x05, 0x08), 0x0b, 0x0e, 0x0f, 0x15, 0x16, 0x18], '');
  documentAs([...range(0x1a, 0x1f), ...range(0x7f, 0x84), ...range(0x86, 0x9f)], '');
  // Quotation marks stay quotation marks; presentation-form commas stay commas.
  documentAs([0x2039, 0x203a, 0x2032], "'");
  documentAs([0x2033], '"');
  documentAs([0xfe10, 0xfe11], ',');
  // Additions: invisible format characters, hyphens and minus, one dot leader, fullwidth forms.
  documentAs([0x00ad, 0x200d, 0x200e, 0x200f, ...range(0x2061, 0x2064), 0xfe0e, 0xfe0f], '');
  documentAs([0x2011, 0x2012, 0x2212, 0xfe58], '-');
  documentAs([0x2024], '.');
  documentAs([0xff40], "'");
  for (const codePoint of range(0xff41, 0xff5a)) {
    documented.set(codePoint, String.fromCharCode(codePoint - 0xfee0));
  }
  // Canonical equivalents (NFC) of GSM characters or of look-alikes.
  documentAs([0x0374, 0x1fef, 0x1ffd], "'");
  documentAs([0x037e], ';');
  documented.set(0x2126, 'Ω');
  documented.set(0x212a, 'K');
  documented.set(0x212b, 'Å');

  it('differs only where documented, in the documented way', () => {
    const undocumented: string[] = [];
    for (let codePoint = 0; codePoint <= 0xffff; codePoint++) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const char = String.fromCharCode(codePoint);
      // Spaces around the character keep the calculator's grapheme-splitter from dropping a
      // lone control character.
      const twilio = new SegmentedMessage(` ${char} `, 'auto', true).graphemes
        .join('')
        .slice(1, -1);
      const ours = suggestGsm(char).text;
      const expected = documented.get(codePoint);
      if (expected === undefined) {
        if (ours !== twilio) undocumented.push(codePoint.toString(16));
      } else {
        expect([codePoint.toString(16), ours]).toEqual([codePoint.toString(16), expected ?? char]);
        expect(ours).not.toBe(twilio);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
