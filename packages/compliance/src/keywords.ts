// Classifies an inbound SMS as an opt-out, opt-in or HELP request (exact carrier keyword or plain language), or none.
//
// Approach, in order (the first that applies wins, so an opt-out is never shadowed):
// 1. exact: the whole message, ignoring case, accents, spacing, punctuation, emoji and repetition
//    ("Stop!!! 🙏", "opt-out", "Arrêt", "stop stop stop"), is one keyword of KEYWORD_LISTS;
// 2. opt_out in plain language: a sentence that is a STOP-like keyword plus courtesy words
//    ("STOP please", "STOP. Who is this?"), a misspelt keyword ("stpo", "unsubcribe"), a lone 🛑,
//    or an un-negated phrase from OPT_OUT_PHRASES ("please stop texting me", "no me envíen más");
// 3. opt_in: START/UNSTOP plus courtesy words, or OPT_IN_PHRASES ("resubscribe me");
// 4. help: HELP/INFO/AYUDA/AIDE plus courtesy words, or a question about the text program.
// Words that are often about something else (CANCEL, END, QUIT, REMOVE, CANCELAR) count only when
// they are the whole message; "stop"/"cancel" with another object ("cancel my order") is none.
// YES is never opt-in here: see UNHONOURED_KEYWORDS.
import { KEYWORD_LISTS } from './keywords-lists.ts';
import type { KeywordListKind, KeywordDefinition } from './keywords-lists.ts';
import {
  HELP_PHRASES,
  OPT_IN_PHRASES,
  OPT_OUT_PHRASES,
  complainsOptOutIgnored,
  findPhrase,
} from './keywords-phrases.ts';
import { foldText, normaliseMessage, phraseText } from './keywords-text.ts';
import type { NormalisedMessage } from './keywords-text.ts';

export { KEYWORD_LISTS, UNHONOURED_KEYWORDS } from './keywords-lists.ts';
export type {
  KeywordListKind,
  KeywordDefinition,
  KeywordLanguage,
  UnhonouredKeyword,
} from './keywords-lists.ts';

export type KeywordKind = KeywordListKind | 'none';
export type KeywordMatch = 'exact' | 'plain_language' | null;

export interface KeywordClassification {
  readonly kind: KeywordKind;
  /** Canonical keyword (e.g. 'STOP', 'OPTOUT', 'ARRET'); present only when match is 'exact'. */
  readonly keyword?: string;
  readonly match: KeywordMatch;
}

const NONE: KeywordClassification = Object.freeze({ kind: 'none', match: null });

interface KnownKeyword {
  readonly kind: KeywordListKind;
  readonly definition: KeywordDefinition;
}

function formOf(spelling: string): string {
  return foldText(spelling)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .join(' ');
}

const KEYWORDS_BY_FORM: ReadonlyMap<string, KnownKeyword> = new Map(
  (Object.keys(KEYWORD_LISTS) as KeywordListKind[]).flatMap((kind) =>
    KEYWORD_LISTS[kind].flatMap((definition) =>
      [definition.keyword, ...definition.variants].map(
        (spelling) => [formOf(spelling), { kind, definition }] as const,
      ),
    ),
  ),
);

/** Every word of every keyword form: a message with any other (non-filler) word is no keyword. */
const KEYWORD_WORDS: ReadonlySet<string> = new Set(
  [...KEYWORDS_BY_FORM.keys()].flatMap((form) => form.split(' ')),
);

function lookUpWords(words: readonly string[]): KnownKeyword | undefined {
  if (words.length === 0) return undefined;
  const whole = KEYWORDS_BY_FORM.get(words.join(' '));
  if (whole) return whole;
  // "stop stop stop": the same one-word keyword repeated.
  const first = words[0];
  if (first !== undefined && words.every((word) => word === first)) {
    return KEYWORDS_BY_FORM.get(first);
  }
  return undefined;
}

// Words a customer wraps around a keyword without changing what it asks for.
const COURTESY_WORDS = new Set([
  'please',
  'pls',
  'plz',
  'plox',
  'thanks',
  'thank',
  'you',
  'thx',
  'ty',
  'svp',
  'merci',
  'por',
  'favor',
  'porfavor',
  'porfa',
  'gracias',
]);
const ELONGATED_PLEASE = /^ple+a*s+e*$/;
// Insistence words that only strengthen an opt-out ("STOP IT", "stop now", "just stop").
const INSISTENCE_WORDS = new Set([
  'it',
  'now',
  'right',
  'already',
  'asap',
  'immediately',
  'just',
  'ok',
  'okay',
  'seriously',
  'omg',
  'god',
  'damn',
  'dammit',
  'ya',
]);
const AGAIN_WORDS = new Set(['again', 'now', 'back']);
// A lone "stop" followed by "wait, ..." means "hold on", not "stop texting".
const HOLD_ON_WORDS = new Set([
  'wait',
  'hold',
  'hang',
  'sorry',
  'actually',
  'oops',
  'nevermind',
  'nvm',
  'jk',
]);

function isCourtesy(word: string): boolean {
  return COURTESY_WORDS.has(word) || ELONGATED_PLEASE.test(word);
}

function keywordAmong(
  words: readonly string[],
  isFiller: (word: string) => boolean,
): KnownKeyword | undefined {
  const core: string[] = [];
  for (const word of words) {
    if (isFiller(word)) continue;
    // Most texts are sentences: the first word no keyword has settles it without a lookup.
    if (!KEYWORD_WORDS.has(word)) return undefined;
    core.push(word);
  }
  const found = lookUpWords(core);
  return found?.definition.withCourtesyWords ? found : undefined;
}

function isKeywordSentenceOptOut(message: NormalisedMessage): boolean {
  const isFiller = (word: string) => isCourtesy(word) || INSISTENCE_WORDS.has(word);
  return message.clauses.some((clause, index) => {
    const next = message.clauses[index + 1]?.[0];
    if (next !== undefined && HOLD_ON_WORDS.has(next)) return false;
    return keywordAmong(clause, isFiller)?.kind === 'opt_out';
  });
}

function wholeMessageKeyword(
  message: NormalisedMessage,
  isFiller: (word: string) => boolean,
): KnownKeyword | undefined {
  return keywordAmong(message.clauses.flat(), isFiller);
}

const STOP_SIGN_ONLY = /^(?:\u{1F6D1}[\uFE0E\uFE0F]?\s*)+$/u;

function classify(text: string): KeywordClassification {
  const message = normaliseMessage(text);
  const exact = lookUpWords(message.words);
  if (exact) return { kind: exact.kind, keyword: exact.definition.keyword, match: 'exact' };

  const plain = { match: 'plain_language' } as const;
  const clauses = phraseText(message);
  if (
    STOP_SIGN_ONLY.test(text.trim()) ||
    isKeywordSentenceOptOut(message) ||
    findPhrase(clauses, OPT_OUT_PHRASES) ||
    complainsOptOutIgnored(clauses)
  ) {
    return { kind: 'opt_out', ...plain };
  }
  const againOrCourtesy = (word: string) => isCourtesy(word) || AGAIN_WORDS.has(word);
  if (
    wholeMessageKeyword(message, againOrCourtesy)?.kind === 'opt_in' ||
    findPhrase(clauses, OPT_IN_PHRASES)
  ) {
    return { kind: 'opt_in', ...plain };
  }
  if (
    wholeMessageKeyword(message, isCourtesy)?.kind === 'help' ||
    findPhrase(clauses, HELP_PHRASES)
  ) {
    return { kind: 'help', ...plain };
  }
  return NONE;
}

/**
 * Classifies an inbound SMS body. Pure and context-free; never throws for a string.
 * @throws TypeError when `text` is not a string.
 */
export function classifyKeyword(text: string): KeywordClassification {
  if (typeof text !== 'string') {
    throw new TypeError(
      `classifyKeyword: expected the message text as a string, received ${describe(text)}`,
    );
  }
  return classify(text);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
