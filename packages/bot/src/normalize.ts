// Text normalisation before intent classification: case, emoji, punctuation, SMS slang and typos.

/** Emoji that carry the meaning of a word customers would otherwise type. */
const EMOJI_WORDS: ReadonlyMap<string, string> = new Map([
  ['📦', 'package'],
  ['🚚', 'delivery'],
  ['🚛', 'delivery'],
  ['🔑', 'password'],
  ['🔐', 'password'],
  ['🔒', 'locked'],
  ['💳', 'card'],
  ['💰', 'money'],
  ['💵', 'money'],
  ['💸', 'money'],
  ['🧾', 'receipt'],
  ['👋', 'hi'],
  ['🙏', 'thanks'],
  ['🕐', 'hours'],
  ['⏰', 'hours'],
  ['🕒', 'hours'],
  ['📍', 'location'],
  ['🗺', 'location'],
  ['🐛', 'bug'],
  ['💥', 'crash'],
]);

/**
 * SMS shorthand and contractions (after apostrophes are removed), English and Spanish. A value
 * may be several words. Only unambiguous forms: "u", "ur", "q" are common enough in support
 * texts to be worth the rare wrong expansion.
 */
const SHORTHAND: ReadonlyMap<string, string> = new Map([
  ['u', 'you'],
  ['ur', 'your'],
  ['yr', 'your'],
  ['r', 'are'],
  ['pls', 'please'],
  ['plz', 'please'],
  ['plse', 'please'],
  ['pleez', 'please'],
  ['thx', 'thanks'],
  ['thnx', 'thanks'],
  ['thnks', 'thanks'],
  ['tx', 'thanks'],
  ['ty', 'thank you'],
  ['tysm', 'thank you so much'],
  ['pw', 'password'],
  ['pwd', 'password'],
  ['passwd', 'password'],
  ['pword', 'password'],
  ['passw', 'password'],
  ['acct', 'account'],
  ['acc', 'account'],
  ['accnt', 'account'],
  ['pkg', 'package'],
  ['pckg', 'package'],
  ['ord', 'order'],
  ['ordr', 'order'],
  ['hrs', 'hours'],
  ['addr', 'address'],
  ['addy', 'address'],
  ['info', 'information'],
  ['msg', 'message'],
  ['ppl', 'people'],
  ['rn', 'right now'],
  ['tmrw', 'tomorrow'],
  ['tmr', 'tomorrow'],
  ['2day', 'today'],
  ['wat', 'what'],
  ['wut', 'what'],
  ['wht', 'what'],
  ['whr', 'where'],
  ['wher', 'where'],
  ['wen', 'when'],
  ['whn', 'when'],
  ['bc', 'because'],
  ['cuz', 'because'],
  ['coz', 'because'],
  ['w', 'with'],
  ['b4', 'before'],
  ['cust', 'customer'],
  ['svc', 'service'],
  ['rep', 'representative'],
  ['refnd', 'refund'],
  ['wheres', 'where is'],
  ['whats', 'what is'],
  ['whens', 'when is'],
  ['hows', 'how is'],
  ['thats', 'that is'],
  ['its', 'it is'],
  ['im', 'i am'],
  ['ive', 'i have'],
  ['cant', 'can not'],
  ['cannot', 'can not'],
  ['dont', 'do not'],
  ['doesnt', 'does not'],
  ['didnt', 'did not'],
  ['isnt', 'is not'],
  ['wont', 'will not'],
  ['wasnt', 'was not'],
  ['havent', 'have not'],
  ['hasnt', 'has not'],
  ['aint', 'is not'],
  ['couldnt', 'could not'],
  ['gonna', 'going to'],
  ['wanna', 'want to'],
  ['gotta', 'have to'],
  ['lemme', 'let me'],
  ['gimme', 'give me'],
  // Spanish
  ['q', 'que'],
  ['k', 'que'],
  ['xq', 'porque'],
  ['pq', 'porque'],
  ['porq', 'porque'],
  ['xfa', 'por favor'],
  ['xfavor', 'por favor'],
  ['porfa', 'por favor'],
  ['porfis', 'por favor'],
  ['tmb', 'tambien'],
  ['tb', 'tambien'],
  ['pa', 'para'],
  ['cel', 'celular'],
  ['tel', 'telefono'],
  ['contra', 'contraseña'],
]);

/** Words that add nothing to the intent but would count as unknown and push towards "None". */
const FILLER_WORDS: ReadonlySet<string> = new Set([
  'lol',
  'lmao',
  'lmfao',
  'rofl',
  'ugh',
  'omg',
  'smh',
  'tbh',
  'fyi',
  'btw',
  'um',
  'umm',
  'hmm',
  'uh',
  'jaja',
  'jajaja',
  'jeje',
  'haha',
  'hahaha',
  'hehe',
  'xd',
  'xoxo',
]);

// Not \p{Emoji_Component}: it includes the digits, '#' and '*'.
const EMOJI_OR_SYMBOL =
  /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\p{So}\p{Sk}\u{E0020}-\u{E007F}]|\u200D|\uFE0E|\uFE0F|\u20E3/gu;
const KEYCAP = /([0-9#*])\uFE0F?\u20E3/gu;
const COMBINING_MARK = /\p{M}/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const REPEATED_LETTER = /(\p{L})\1{2,}/gu;
const DIGIT = /\p{Nd}/gu;

export interface NormalizeOptions {
  /** Known words (from training phrases) with their frequency; enables typo folding. */
  readonly vocabulary?: ReadonlyMap<string, number>;
}

/**
 * Lower-case words separated by single spaces, ready for the classifier:
 * - keycap emoji become their digit; emoji with a clear meaning (📦 🔑 💳 …) become a word, the
 *   rest are dropped; accents are removed (á → a, ñ → n), so typed-without-accents Spanish matches;
 * - apostrophes vanish ("can't" → "cant" → "can not"), other punctuation splits words;
 * - tokens that are numbers or carry three or more digits (order numbers, times) are dropped: they
 *   say nothing about the intent and unknown tokens push nlp.js towards "None";
 * - letters repeated three or more times are cut to two ("pleeease" → "pleease");
 * - SMS shorthand is expanded ("pls" → "please", "pw" → "password", "xq" → "porque");
 * - with a vocabulary, an unknown word of five letters or more becomes the most frequent known
 *   word one edit away (two edits from eight letters), ties broken alphabetically.
 */
export function normalizeForClassification(text: string, options: NormalizeOptions = {}): string {
  let value = text.normalize('NFKC').replace(KEYCAP, '$1');
  let withWords = '';
  for (const character of value) {
    const word = EMOJI_WORDS.get(character);
    withWords += word === undefined ? character : ` ${word} `;
  }
  value = withWords
    .replace(EMOJI_OR_SYMBOL, ' ')
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARK, '')
    .replace(/['’‘`´]/gu, '')
    .replace(NOT_WORD, ' ');
  const words: string[] = [];
  for (const rawToken of value.split(' ')) {
    if (rawToken === '') continue;
    const digits = rawToken.match(DIGIT)?.length ?? 0;
    if (digits === rawToken.length || digits >= 3) continue;
    const token = rawToken.replace(REPEATED_LETTER, '$1$1');
    if (FILLER_WORDS.has(token)) continue;
    const expanded = SHORTHAND.get(token) ?? SHORTHAND.get(token.replace(REPEATED_LETTER, '$1'));
    if (expanded !== undefined) {
      words.push(...expanded.normalize('NFD').replace(COMBINING_MARK, '').split(' '));
      continue;
    }
    words.push(options.vocabulary ? foldTypo(token, options.vocabulary) : token);
  }
  return words.join(' ');
}

/** Word frequencies of already-normalised phrases, for {@link normalizeForClassification}. */
export function buildVocabulary(normalizedPhrases: Iterable<string>): Map<string, number> {
  const vocabulary = new Map<string, number>();
  for (const phrase of normalizedPhrases) {
    for (const word of phrase.split(' ')) {
      if (word !== '') vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
    }
  }
  return vocabulary;
}

function foldTypo(token: string, vocabulary: ReadonlyMap<string, number>): string {
  if (vocabulary.has(token)) return token;
  const singled = token.replace(/(\p{L})\1+/gu, '$1');
  if (vocabulary.has(singled)) return singled;
  if (token.length < 5) return token;
  const maxDistance = token.length >= 8 ? 2 : 1;
  let best: string | null = null;
  let bestDistance = Infinity;
  let bestFrequency = 0;
  for (const [word, frequency] of vocabulary) {
    if (Math.abs(word.length - token.length) > maxDistance || word.length < 4) continue;
    const distance = damerauLevenshtein(token, word, maxDistance);
    if (distance > maxDistance) continue;
    const better =
      distance < bestDistance ||
      (distance === bestDistance &&
        (frequency > bestFrequency ||
          (frequency === bestFrequency && best !== null && word < best)));
    if (better) {
      best = word;
      bestDistance = distance;
      bestFrequency = frequency;
    }
  }
  return best ?? token;
}

/**
 * Optimal-string-alignment distance (insert, delete, substitute, swap neighbours); stops early and
 * returns `limit + 1` once every path is longer than `limit`.
 */
export function damerauLevenshtein(a: string, b: string, limit = Infinity): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table: number[] = new Array<number>(rows * columns).fill(0);
  const at = (row: number, column: number): number => table[row * columns + column] ?? 0;
  for (let row = 0; row < rows; row += 1) table[row * columns] = row;
  for (let column = 0; column < columns; column += 1) table[column] = column;
  for (let row = 1; row < rows; row += 1) {
    let rowMinimum = Infinity;
    for (let column = 1; column < columns; column += 1) {
      const cost = a[row - 1] === b[column - 1] ? 0 : 1;
      let value = Math.min(
        at(row - 1, column) + 1,
        at(row, column - 1) + 1,
        at(row - 1, column - 1) + cost,
      );
      if (row > 1 && column > 1 && a[row - 1] === b[column - 2] && a[row - 2] === b[column - 1]) {
        value = Math.min(value, at(row - 2, column - 2) + 1);
      }
      table[row * columns + column] = value;
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
  }
  return at(rows - 1, columns - 1);
}
