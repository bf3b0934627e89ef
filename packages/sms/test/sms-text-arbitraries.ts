// fast-check generators for SMS bodies: GSM-7 text, accented Latin, CJK, emoji, flags, marks, line breaks.
import fc from 'fast-check';
import { GSM_BASIC_CHARACTERS, GSM_EXTENSION_CHARACTERS } from '../src/gsm-charset.ts';

const gsmBasic = fc.constantFrom(...GSM_BASIC_CHARACTERS);
const gsmExtension = fc.constantFrom(...GSM_EXTENSION_CHARACTERS);
/** Letters customers type in Spanish, French, Portuguese, Polish... that are not in GSM-7. */
const accentedLatin = fc.constantFrom(...'áíóúÁÍÓÚçâêîôûãõëïœłőűčšžÿÀÈÙÌÒÊÂ');
const cjk = fc
  .integer({ min: 0x4e00, max: 0x9fff })
  .map((codePoint) => String.fromCodePoint(codePoint));
const emoji = fc.constantFrom(
  '😀',
  '😜',
  '😂',
  '👍',
  '🙏',
  '🎉',
  '🔥',
  '❤️',
  '✅',
  '☺️',
  '🚀',
  '📦',
);
const skinTones = fc.constantFrom('👍🏽', '👋🏻', '🙏🏿', '👌🏼');
const zwjSequences = fc.constantFrom('👨‍👩‍👧‍👦', '👩‍💻', '🏳️‍🌈', '👨‍👩‍👧', '🧑‍💻', '🧔‍♂️', '👩‍❤️‍👨');
const flags = fc.constantFrom('🇮🇹', '🇫🇷', '🇺🇸', '🇲🇽', '🇪🇸', '🇦'); // '🇦' alone is a lone regional indicator
const combiningMark = fc
  .integer({ min: 0x0300, max: 0x036f })
  .map((codePoint) => String.fromCodePoint(codePoint));
const lineBreak = fc.constantFrom('\n', '\r', '\r\n');
const joiners = fc.constantFrom('\u200d', '\ufe0f');
/** Look-alikes that Smart Encoding would replace (curly quotes, dashes, ellipsis, NBSP). */
const lookAlikes = fc.constantFrom('“', '”', '‘', '’', '—', '–', '…', '\u00a0', '\u200b', '«', '»');

/** One piece of a message: mostly GSM characters, some of everything else. */
export const smsPiece: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: gsmBasic, weight: 30 },
  { arbitrary: gsmExtension, weight: 4 },
  { arbitrary: accentedLatin, weight: 3 },
  { arbitrary: cjk, weight: 2 },
  { arbitrary: emoji, weight: 2 },
  { arbitrary: skinTones, weight: 1 },
  { arbitrary: zwjSequences, weight: 1 },
  { arbitrary: flags, weight: 1 },
  { arbitrary: combiningMark, weight: 2 },
  { arbitrary: lineBreak, weight: 2 },
  { arbitrary: joiners, weight: 1 },
  { arbitrary: lookAlikes, weight: 2 },
);

const gsmPiece = fc.oneof(
  { arbitrary: gsmBasic, weight: 20 },
  { arbitrary: gsmExtension, weight: 3 },
  { arbitrary: lineBreak, weight: 1 },
);

/**
 * Message bodies up to ~350 code units, so that they cross the 70/134/201 (UCS-2) and
 * 160/306 (GSM-7) boundaries. Half are pure GSM-7 (possibly with one non-GSM piece), half mixed.
 */
export const smsText: fc.Arbitrary<string> = fc.oneof(
  fc.array(gsmPiece, { maxLength: 340, size: 'max' }).map((pieces) => pieces.join('')),
  fc
    .tuple(
      fc.array(gsmPiece, { maxLength: 200, size: 'max' }),
      smsPiece,
      fc.array(gsmPiece, { maxLength: 150, size: 'max' }),
    )
    .map(([before, piece, after]) => before.join('') + piece + after.join('')),
  fc.array(smsPiece, { maxLength: 220, size: 'max' }).map((pieces) => pieces.join('')),
);
