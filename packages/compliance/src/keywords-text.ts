// Normalises an SMS body for keyword matching: case, accents, apostrophes, punctuation, emoji and common typos.

export interface NormalisedMessage {
  /** Every word of the message as typed (folded), for exact keyword lookup. */
  readonly words: readonly string[];
  /** The message split at sentence punctuation; each clause is its words with typos corrected. */
  readonly clauses: readonly (readonly string[])[];
}

// English contractions lose their apostrophe ("don't" -> "dont", "I'm" -> "im") because customers
// type both; any other apostrophe (French elision "m'envoyer", quotes) becomes a word break.
const CONTRACTION_APOSTROPHE =
  /['\u2018\u2019\u02BC`\u00B4\uFF07](?=(?:t|s|m|d|ll|re|ve)(?![\p{L}\p{N}]))/giu;
const OTHER_APOSTROPHE = /['\u2018\u2019\u02BC`\u00B4\uFF07]/gu;
const COMBINING_MARK = /\p{M}/gu;
// Sentence punctuation (after NFKD, so fullwidth and ellipsis forms are already ASCII), line breaks
// and a dash between spaces end a clause.
const CLAUSE_BREAK = /[.!?;:,\n\r\u00A1\u00BF\u3002]+|\s[-\u2013\u2014]+\s/u;
const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** Lowercase, compatibility-folded (fullwidth letters, ligatures) and accent-free text. */
export function foldText(text: string): string {
  return text
    .replace(CONTRACTION_APOSTROPHE, '')
    .replace(OTHER_APOSTROPHE, ' ')
    .normalize('NFKD')
    .toLowerCase()
    .replace(COMBINING_MARK, '');
}

function wordsOf(fragment: string): string[] {
  return fragment
    .replace(NON_WORD, ' ')
    .split(' ')
    .filter((word) => word !== '');
}

export function normaliseMessage(text: string): NormalisedMessage {
  const fragments = foldText(text).split(CLAUSE_BREAK);
  const clauses: string[][] = [];
  const words: string[] = [];
  for (const fragment of fragments) {
    const clauseWords = wordsOf(fragment);
    if (clauseWords.length === 0) continue;
    words.push(...clauseWords);
    clauses.push(clauseWords.map(correctTypo));
  }
  return { words, clauses };
}

const NOT_PLAIN_ASCII = /[^a-z0-9]/;

/**
 * The clauses as one string, one clause per line, for the phrase patterns. A word with a
 * non-ASCII character (after accent folding: Cyrillic, CJK, Arabic...) becomes "~": no pattern
 * names one, and an ASCII-only subject keeps V8 on its one-byte regex path (compiling the
 * patterns for a two-byte subject costs most of a second on first use).
 */
export function phraseText(message: NormalisedMessage): string {
  return message.clauses
    .map((clause) => clause.map((word) => (NOT_PLAIN_ASCII.test(word) ? '~' : word)).join(' '))
    .join('\n');
}

// Real words one edit away from "unsubscribe" that must not be "corrected" into it.
const UNSUBSCRIBE_NEIGHBOURS = new Set(['unsubscribed', 'unsubscribes', 'unsubscriber']);
const STOP_TRANSPOSITIONS = new Set(['stpo', 'sotp', 'tsop']);
const STOP_ELONGATED = /^s+t+o+p+$/;

/**
 * Maps the misspellings customers actually send to the keyword they meant: "stpo", "STOPPPP",
 * "unsubcribe", "unsuscribe". Only these two words are corrected, because an edit-distance match
 * on short words ("stop" -> "shop", "end" -> "and") would invent opt-outs.
 */
export function correctTypo(word: string): string {
  if (STOP_TRANSPOSITIONS.has(word) || STOP_ELONGATED.test(word)) return 'stop';
  if (
    word.length >= 9 &&
    word.length <= 13 &&
    !UNSUBSCRIBE_NEIGHBOURS.has(word) &&
    withinOneEdit(word, 'unsubscribe')
  ) {
    return 'unsubscribe';
  }
  return word;
}

/** Optimal-string-alignment distance <= 1: one insertion, deletion, substitution or adjacent swap. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
