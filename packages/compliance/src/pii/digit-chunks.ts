// Splits text into runs of digit groups ("4111 1111-1111 1111") that card, SSN and account checks read.

/** One run of consecutive ASCII digits; `end` is exclusive. */
export interface DigitGroup {
  readonly start: number;
  readonly end: number;
  /** The separator between this group and the next one in the chunk ('' for the last group). */
  readonly separatorAfter: string;
}

/** Digit groups joined by short space or dash separators, as people type long numbers. */
export interface DigitChunk {
  readonly groups: readonly DigitGroup[];
}

const MAX_SEPARATOR_LENGTH = 3;
const SPACE = /^[ \t\u00A0\u2009\u202F]$/;
const DASH = /^[-\u2010\u2011\u2012\u2013\u2014\u2212]$/;
/** Before a number these make it part of something else: a word, a phone (+), a price. */
const GLUED_BEFORE = /^[\p{L}\p{M}_+$€£¥₹@]$/u;
/** After a number these make its last group part of a word or unit ("3pm", "20%", "4x"). */
const GLUED_AFTER = /^[\p{L}\p{M}_%°@]$/u;
/** A decimal point, thousands separator, time or date mark between digits: "1,234.56", "10:30". */
const NUMBER_JOINER = /^[.,:/]$/;

function isDigit(character: string | undefined): boolean {
  return character !== undefined && character >= '0' && character <= '9';
}

function isSpace(character: string | undefined): boolean {
  return character !== undefined && SPACE.test(character);
}

function isDash(character: string | undefined): boolean {
  return character !== undefined && DASH.test(character);
}

/**
 * Length of the separator starting at `index` if it joins two digit groups: at most three spaces
 * or dashes with at most one dash ("1111 1111", "1111-1111", "1111 - 1111"), followed by a digit.
 * Returns 0 when the characters at `index` do not join groups.
 */
function separatorLength(text: string, index: number): number {
  let length = 0;
  let dashes = 0;
  while (length < MAX_SEPARATOR_LENGTH) {
    const character = text[index + length];
    if (isSpace(character)) {
      length += 1;
    } else if (isDash(character)) {
      dashes += 1;
      if (dashes > 1) return 0;
      length += 1;
    } else {
      break;
    }
  }
  return length > 0 && isDigit(text[index + length]) ? length : 0;
}

function gluedBefore(text: string, start: number): 'word' | 'number' | undefined {
  const previous = text[start - 1];
  if (previous === undefined) return undefined;
  if (GLUED_BEFORE.test(previous)) return 'word';
  if (NUMBER_JOINER.test(previous) && isDigit(text[start - 2])) return 'number';
  return undefined;
}

function gluedAfter(text: string, end: number): boolean {
  const next = text[end];
  if (next === undefined) return false;
  return GLUED_AFTER.test(next) || (NUMBER_JOINER.test(next) && isDigit(text[end + 1]));
}

/**
 * Every digit chunk in the text, in order. A chunk glued to a word, phone "+" or currency sign is
 * dropped whole (it is an identifier, phone number or price); a first or last group that belongs
 * to a decimal, time, date or unit ("12/25", "1,234", "3pm") is trimmed off. Linear in the text.
 */
export function findDigitChunks(text: string): DigitChunk[] {
  const chunks: DigitChunk[] = [];
  let index = 0;
  while (index < text.length) {
    if (!isDigit(text[index])) {
      index += 1;
      continue;
    }
    const chunkStart = index;
    const groups: DigitGroup[] = [];
    for (;;) {
      const groupStart = index;
      while (isDigit(text[index])) index += 1;
      const groupEnd = index;
      const gap = separatorLength(text, groupEnd);
      groups.push({
        start: groupStart,
        end: groupEnd,
        separatorAfter: text.slice(groupEnd, groupEnd + gap),
      });
      if (gap === 0) break;
      index = groupEnd + gap;
    }
    const before = gluedBefore(text, chunkStart);
    if (before === 'word') continue;
    if (before === 'number') groups.shift();
    const last = groups[groups.length - 1];
    if (last !== undefined && gluedAfter(text, last.end)) groups.pop();
    const trimmedLast = groups[groups.length - 1];
    if (trimmedLast === undefined) continue;
    if (trimmedLast.separatorAfter !== '') {
      groups[groups.length - 1] = { ...trimmedLast, separatorAfter: '' };
    }
    chunks.push({ groups });
  }
  return chunks;
}

/** The digits of groups[from..to] (inclusive) without separators. */
export function digitsOf(
  text: string,
  groups: readonly DigitGroup[],
  from: number,
  to: number,
): string {
  let digits = '';
  for (let index = from; index <= to; index++) {
    const group = groups[index];
    if (group !== undefined) digits += text.slice(group.start, group.end);
  }
  return digits;
}

/** Total number of digits in groups[from..to] (inclusive). */
export function digitCount(groups: readonly DigitGroup[], from: number, to: number): number {
  let count = 0;
  for (let index = from; index <= to; index++) {
    const group = groups[index];
    if (group !== undefined) count += group.end - group.start;
  }
  return count;
}
