// Reads the rating in an SMS reply to "How did we do? Reply 1-5": digits, words (en/es), emoji.

export type CsatScore = 1 | 2 | 3 | 4 | 5;

export interface CsatReading {
  readonly score: CsatScore;
  /** What carried the score: a digit (also "4/5", "5️⃣"), a word ("great", "five"), or emoji. */
  readonly via: 'digit' | 'word' | 'emoji';
}

/**
 * Longer replies are messages, not ratings: they go to an agent. Counted in code points after
 * trimming, so "5 - great service, thank you so much!" (37) still counts as a rating.
 */
export const CSAT_MAX_REPLY_LENGTH = 40;

/**
 * Word ratings, English and Spanish, matched on whole words after lower-casing and removing
 * accents (so "pésimo" and "pesimo" are the same). Intensified forms are listed explicitly:
 * "very good" stays 4 (good, not outstanding) while "very bad" drops to 1.
 */
const WORD_SCORES: Readonly<Record<CsatScore, readonly string[]>> = {
  5: [
    'great',
    'excellent',
    'excelent',
    'amazing',
    'awesome',
    'perfect',
    'fantastic',
    'outstanding',
    'superb',
    'wonderful',
    'brilliant',
    'exceptional',
    'incredible',
    'best',
    'the best',
    'love',
    'loved',
    'love it',
    'super',
    'very happy',
    'very satisfied',
    'extremely satisfied',
    'excelente',
    'perfecto',
    'perfecta',
    'increible',
    'genial',
    'buenisimo',
    'buenisima',
    'maravilloso',
    'fantastico',
    'estupendo',
    'espectacular',
    'me encanto',
    'lo mejor',
    'el mejor',
    'muy satisfecho',
    'muy satisfecha',
    'encantado',
    'encantada',
  ],
  4: [
    'good',
    'very good',
    'really good',
    'pretty good',
    'nice',
    'very nice',
    'happy',
    'satisfied',
    'me gusto',
    'bueno',
    'buena',
    'bien',
    'muy bien',
    'muy bueno',
    'muy buena',
    'satisfecho',
    'satisfecha',
    'contento',
    'contenta',
  ],
  3: [
    'ok',
    'okay',
    'okey',
    'oki',
    'alright',
    'all right',
    'fine',
    'meh',
    'so so',
    'average',
    'decent',
    'fair',
    'acceptable',
    'not bad',
    'not terrible',
    'regular',
    'normal',
    'mas o menos',
    'asi asi',
    'ni bien ni mal',
    'aceptable',
    'pasable',
  ],
  2: [
    'bad',
    'poor',
    'not good',
    'not great',
    'not very good',
    'not so good',
    'not too good',
    'not the best',
    'not happy',
    'unhappy',
    'not satisfied',
    'unsatisfied',
    'dissatisfied',
    'disappointing',
    'disappointed',
    'mediocre',
    'could be better',
    'no me gusto',
    'malo',
    'mala',
    'mal',
    'no muy bien',
    'no muy bueno',
    'no tan bien',
    'no tan bueno',
    'deficiente',
    'decepcionante',
    'decepcionado',
    'decepcionada',
    'insatisfecho',
    'insatisfecha',
  ],
  1: [
    'terrible',
    'awful',
    'horrible',
    'horrendous',
    'atrocious',
    'pathetic',
    'useless',
    'worst',
    'the worst',
    'very bad',
    'really bad',
    'very poor',
    'very unhappy',
    'very dissatisfied',
    'very disappointed',
    'not good at all',
    'not happy at all',
    'not satisfied at all',
    'hate',
    'hated',
    'disaster',
    'pesimo',
    'pesima',
    'fatal',
    'malisimo',
    'malisima',
    'muy malo',
    'muy mala',
    'muy mal',
    'lo peor',
    'el peor',
    'desastre',
  ],
};

/** "ok" and its kin are also plain acknowledgements: "ok, 5" is a 5, not a conflicting 3. */
const ACKNOWLEDGEMENTS = new Set(['ok', 'okay', 'okey', 'oki', 'alright', 'all right', 'fine']);

/** Number words: a rating "via word". "un/una" are articles ("un 5"), never a score. */
const NUMBER_WORDS: ReadonlyMap<string, CsatScore> = new Map([
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['uno', 1],
  ['dos', 2],
  ['tres', 3],
  ['cuatro', 4],
  ['cinco', 5],
]);

/**
 * Words that may surround a rating without changing it: "I'd give you a 5", "it was great,
 * thanks", "le doy un 5, gracias". Deliberately small: any other word ("have", "at", "order",
 * "more", "pm") means the text is a message, not (only) a rating.
 */
const FILLER = new Set([
  // English
  'a',
  'an',
  'the',
  'i',
  'id',
  'im',
  'am',
  'say',
  'give',
  'gave',
  'rate',
  'rating',
  'score',
  'my',
  'you',
  'your',
  'guys',
  'it',
  'its',
  'is',
  'was',
  'are',
  'were',
  'that',
  'this',
  'all',
  'everything',
  'overall',
  'solid',
  'definitely',
  'def',
  'easily',
  'honestly',
  'maybe',
  'probably',
  'about',
  'very',
  'really',
  'truly',
  'extremely',
  'quite',
  'pretty',
  'would',
  'recommend',
  'recommended',
  'service',
  'support',
  'job',
  'experience',
  'help',
  'team',
  'thanks',
  'thank',
  'thx',
  'ty',
  'tysm',
  'so',
  'much',
  'again',
  'ever',
  'star',
  'stars',
  'of',
  'out',
  'points',
  'for',
  // Spanish
  'le',
  'les',
  'te',
  'doy',
  'daria',
  'diria',
  'yo',
  'un',
  'una',
  'el',
  'la',
  'lo',
  'es',
  'fue',
  'ha',
  'sido',
  'servicio',
  'atencion',
  'ayuda',
  'equipo',
  'experiencia',
  'gracias',
  'muchas',
  'mil',
  'calificacion',
  'puntuacion',
  'nota',
  'estrella',
  'estrellas',
  'puntos',
  'todo',
  'de',
  'sobre',
  'por',
  'su',
  'tu',
  'muy',
]);

/** Words a digit may touch without a space: "5stars", "5estrellas". "5pm", "2nd" are not ratings. */
const UNITS = new Set(['star', 'stars', 'estrella', 'estrellas']);

/**
 * Emoji and emoticons, documented table. Positive faces and hearts 5, a slight smile 4, neutral
 * faces and the shrug 3, sad or worried faces 2, angry faces and the thumbs down 1. Skin tones,
 * gender signs and variation selectors are ignored; other emoji (🙏, 📦, 🎈) are decoration and
 * neither make nor break a rating.
 */
const EMOJI_SCORES: ReadonlyMap<string, CsatScore> = new Map([
  ['👍', 5],
  ['😀', 5],
  ['😃', 5],
  ['😄', 5],
  ['😁', 5],
  ['🤩', 5],
  ['😍', 5],
  ['🥰', 5],
  ['🥳', 5],
  ['❤', 5],
  ['💕', 5],
  ['💖', 5],
  ['💯', 5],
  ['🎉', 5],
  ['👏', 5],
  ['🙌', 5],
  ['🙂', 4],
  ['😊', 4],
  ['☺', 4],
  ['👌', 4],
  ['😐', 3],
  ['😑', 3],
  ['😶', 3],
  ['🤷', 3],
  ['🙁', 2],
  ['☹', 2],
  ['😕', 2],
  ['😞', 2],
  ['😟', 2],
  ['😒', 2],
  ['😔', 2],
  ['😢', 2],
  ['👎', 1],
  ['😡', 1],
  ['😠', 1],
  ['🤬', 1],
  ['😤', 1],
  ['😭', 1],
  ['🤮', 1],
  ['💩', 1],
]);

/** ASCII emoticons, read as the emoji they stand for. Longest first. */
const EMOTICONS: readonly (readonly [RegExp, string])[] = [
  [/>:-?\(/g, '😠'],
  [/:'-?\(/g, '😢'],
  [/[:=]-?[)\]]/g, '🙂'],
  [/;-?\)/g, '🙂'],
  [/[:=]-?d\b/g, '😀'],
  [/[:=]-?\(/g, '🙁'],
  [/:-?\/(?!\/)/g, '😕'],
  [/:-?\|/g, '😐'],
  [/<3/g, '❤'],
];

/** Filled stars count as a rating ("⭐⭐⭐⭐" is 4); an empty star ☆ counts as nothing. */
const FILLED_STARS = new Set(['⭐', '★', '🌟']);

const MAX_PHRASE_WORDS = 4;
const PHRASES = new Map<string, CsatScore>(
  Object.entries<readonly string[]>(WORD_SCORES).flatMap(([score, phrases]) =>
    phrases.map((phrase): [string, CsatScore] => [phrase, Number(score) as CsatScore]),
  ),
);

type Token =
  | {
      readonly kind: 'number';
      readonly value: number;
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: 'word'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'emoji'; readonly text: string }
  | { readonly kind: 'star' };

interface Reading {
  readonly score: CsatScore;
  readonly via: CsatReading['via'];
  /** An acknowledgement ("ok") only counts when nothing else rates. */
  readonly weak?: boolean;
}

function isScore(value: number): value is CsatScore {
  return Number.isInteger(value) && value >= 1 && value <= 5;
}

/**
 * Lower case, compatibility forms (full-width digits), no accents, no variation selectors or
 * keycap marks ("5️⃣" is "5"), no skin tones, joiners or gender signs.
 */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u{1F3FB}-\u{1F3FF}]|\u200D|[\u2640\u2642]/gu, '')
    .replace(/[’‘`´]/g, "'");
}

/**
 * "4/5", "4 out of 5", "4 de 5", "4 sobre 5" become "4"; "10/10" becomes "5". Any other fraction
 * ("3/4", "8/10", "5/6") or a lone slash is not a rating on this scale: undefined.
 */
function resolveFractions(text: string): string | undefined {
  let refused = false;
  const replaced = text.replace(
    /(\d+)\s*(?:\/|\bout\s+of\b|\bof\b|\bde\b|\bsobre\b)\s*(\d+)/g,
    (_match, top: string, bottom: string) => {
      if (bottom === '5' && /^[1-5]$/.test(top)) return ` ${top} `;
      if (bottom === '10' && top === '10') return ' 5 ';
      refused = true;
      return ' ';
    },
  );
  return refused || replaced.includes('/') ? undefined : replaced;
}

/** Splits into numbers, words, emoji and stars; undefined when a character rules out a rating. */
function tokenise(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  const pattern =
    /(\s+)|(\d+)|([\p{L}']+)|([★☆]|\p{Extended_Pictographic})|([.,!¡:;~*()"«»…\-–—_])|([\s\S])/gu;
  for (const match of text.matchAll(pattern)) {
    const [whole, space, digits, letters, emoji, separator] = match;
    const start = match.index;
    const end = start + whole.length;
    if (space !== undefined || separator !== undefined || emoji === '☆') continue;
    // "05" or "10" is never a rating digit.
    if (digits !== undefined) {
      tokens.push({
        kind: 'number',
        value: digits.length === 1 ? Number(digits) : NaN,
        start,
        end,
      });
    } else if (letters !== undefined) {
      const word = letters.replace(/'/g, '');
      if (word !== '') tokens.push({ kind: 'word', text: word, start, end });
    } else if (emoji !== undefined) {
      tokens.push(FILLED_STARS.has(emoji) ? { kind: 'star' } : { kind: 'emoji', text: emoji });
    }
    // Anything else (? # @ $ % + = & / digits of other scripts...) makes it a message.
    else return undefined;
  }
  return tokens;
}

/** A digit glued to a word ("5pm", "2nd", "x5") is not a rating; "5stars" is. */
function gluedToWord(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index];
  if (token?.kind !== 'number') return false;
  return [tokens[index - 1], tokens[index + 1]].some(
    (next) =>
      next?.kind === 'word' &&
      (next.end === token.start || next.start === token.end) &&
      !UNITS.has(next.text),
  );
}

/** The readings in the tokens, or undefined when anything in them is not part of a rating. */
function readingsOf(tokens: readonly Token[]): Reading[] | undefined {
  const numbers: Reading[] = [];
  const words: Reading[] = [];
  const emoji: Reading[] = [];
  let stars = 0;
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    if (token === undefined) break;
    if (token.kind === 'number') {
      if (!isScore(token.value) || gluedToWord(tokens, i)) {
        return undefined;
      }
      numbers.push({ score: token.value, via: 'digit' });
      i += 1;
      continue;
    }
    if (token.kind === 'star') {
      stars += 1;
      i += 1;
      continue;
    }
    if (token.kind === 'emoji') {
      const score = EMOJI_SCORES.get(token.text);
      if (score !== undefined) emoji.push({ score, via: 'emoji' });
      i += 1;
      continue;
    }
    // The longest rating phrase starting here, over consecutive words ("very" repeats collapse).
    const run: string[] = [];
    for (let j = i; j < tokens.length && run.length < MAX_PHRASE_WORDS + 2; j += 1) {
      const next = tokens[j];
      if (next?.kind !== 'word') break;
      if ((next.text === 'very' || next.text === 'really') && run.at(-1) === next.text) {
        run.push('');
        continue;
      }
      run.push(next.text);
    }
    let matched = 0;
    let phraseScore: CsatScore | undefined;
    for (let length = Math.min(run.length, MAX_PHRASE_WORDS + 2); length >= 1; length -= 1) {
      const phrase = run
        .slice(0, length)
        .filter((w) => w !== '')
        .join(' ');
      const score = PHRASES.get(phrase);
      if (score !== undefined) {
        matched = length;
        phraseScore = score;
        break;
      }
    }
    if (phraseScore !== undefined) {
      const phrase = run
        .slice(0, matched)
        .filter((w) => w !== '')
        .join(' ');
      words.push({ score: phraseScore, via: 'word', weak: ACKNOWLEDGEMENTS.has(phrase) });
      i += matched;
      continue;
    }
    const numberWord = NUMBER_WORDS.get(token.text);
    if (numberWord !== undefined) numbers.push({ score: numberWord, via: 'word' });
    else if (!FILLER.has(token.text)) return undefined;
    i += 1;
  }
  if (numbers.length > 1) return undefined;
  // One star next to a number is its unit ("5 ⭐"); on their own, stars are the rating.
  const number = numbers[0];
  if (number !== undefined && stars > 1 && stars !== number.score) return undefined;
  if (number === undefined && stars > 0) {
    if (!isScore(stars)) return undefined;
    numbers.push({ score: stars, via: 'emoji' });
  }
  return [...numbers, ...words, ...emoji];
}

/**
 * The rating in a reply to "How did we do? Reply 1-5", or undefined when the text is not (only) a
 * rating. Accepted: a digit 1-5 alone or with a few surrounding words from a fixed list ("a 5",
 * "I'd give you a 4", "5 - great", "5 stars", "4/5", "le doy un 5"), rating words in English or
 * Spanish ("great", "very bad", "pésimo", "más o menos"), number words ("five"), 1-5 filled stars,
 * and rating emoji or emoticons (👍, 😡, ":)"). Refused: any other word or number ("I have 2 more
 * questions", "call me at 5", "order 12345", "10", "0", "5 6", "5pm"), a question mark, readings
 * that contradict each other by two points or more ("1 excellent", "👍👎"), a thank-you on its own
 * (politeness, not a score: "thanks" does not become a 5), and anything longer than
 * `CSAT_MAX_REPLY_LENGTH`. When readings agree within a point, a number wins over words and words
 * over emoji ("4 - great" is 4). Pure: no I/O, no clock.
 */
export function parseCsatReply(text: string): CsatReading | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (trimmed === '' || Array.from(trimmed).length > CSAT_MAX_REPLY_LENGTH) return undefined;
  let normalised = normalise(trimmed);
  for (const [pattern, emoji] of EMOTICONS) normalised = normalised.replace(pattern, ` ${emoji} `);
  const withoutFractions = resolveFractions(normalised);
  if (withoutFractions === undefined) return undefined;
  const tokens = tokenise(withoutFractions);
  if (tokens === undefined) return undefined;
  const readings = readingsOf(tokens);
  if (readings === undefined) return undefined;
  const strong = readings.filter((r) => r.weak !== true);
  const counted = strong.length > 0 ? strong : readings;
  const first = counted[0];
  if (first === undefined) return undefined;
  const scores = counted.map((r) => r.score);
  if (Math.max(...scores) - Math.min(...scores) >= 2) return undefined;
  return { score: first.score, via: first.via };
}
