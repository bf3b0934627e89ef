// Local intent classifier: nlp.js trained at start-up on built-in and workspace example phrases.
import { BOT_INTENTS, BOT_LANGUAGES, isIntentLabel, OUT_OF_SCOPE } from './intents.ts';
import type { BotLanguage, IntentLabel } from './intents.ts';
import { buildVocabulary, normalizeForClassification } from './normalize.ts';
import { DEFAULT_TRAINING_PHRASES } from './training-phrases.ts';

export interface IntentClassification {
  /** The best intent, or 'None' when no intent is known for the text. */
  readonly intent: IntentLabel;
  /** 0–1; the engine compares it with the workspace's confidence threshold. */
  readonly score: number;
  /** The language the text looks written in, or null when it cannot tell (digits, emoji only). */
  readonly language: BotLanguage | null;
}

/** What the conversation engine needs from any classifier (local, model-assisted, a test stub). */
export interface IntentClassifier {
  readonly classify: (text: string) => Promise<IntentClassification>;
}

export type ExamplePhrases = Readonly<
  Partial<Record<BotLanguage, Readonly<Partial<Record<IntentLabel, readonly string[]>>>>>
>;

export interface TrainIntentClassifierOptions {
  /** Languages to train; default both. */
  readonly languages?: readonly BotLanguage[];
  /** The workspace's own phrases, added to the built-in ones. */
  readonly examplePhrases?: ExamplePhrases;
  /** Leave out the built-in phrases (tests of workspace phrases alone). Default true. */
  readonly includeDefaults?: boolean;
}

export interface TrainedIntentClassifier extends IntentClassifier {
  readonly languages: readonly BotLanguage[];
  /** Every training phrase after normalisation, per language (the fixtures must not repeat them). */
  readonly normalizedTrainingPhrases: Readonly<Record<BotLanguage, readonly string[]>>;
}

interface NlpClassification {
  readonly intent: string;
  readonly score: number;
}

interface NlpInstance {
  settings: { autoSave: boolean; autoLoad: boolean };
  addLanguage(locales: string[]): void;
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  classify(locale: string, utterance: string): Promise<{ classifications?: NlpClassification[] }>;
}

/**
 * Words that carry no intent of their own. They tell English from Spanish, and a text made only of
 * them plus words no training phrase has ("my cat is sick") is out of scope, whatever nlp.js scores.
 */
const FUNCTION_WORDS: Readonly<Record<BotLanguage, ReadonlySet<string>>> = {
  en: new Set(
    'a an the is are was were be been being am my me mine i you your yours we our us they them their he she his her it its this that these those to and or but of for with have has had on in at by from about do does did can could would should will shall so just not no yes what where when how who why which there here if then than too very really also any some all'.split(
      ' ',
    ),
  ),
  es: new Set(
    'el la los las lo un una unos unas es son era fue ser estar esta estan este esto eso mi mis me yo tu tus te su sus nos que de del al a para por con sin no si y o pero en se como cuando donde porque quien cual muy mas ya hay le les ese esa'.split(
      ' ',
    ),
  ),
};

const CACHE_FLUSH_EVERY = 5000;
/** SMS bodies are at most 1600 characters (reference/carriers.md §5 "Length caps"). */
const MAX_CLASSIFIED_CHARS = 1600;

/**
 * nlp.js's defaults for every NLU ('nlu-??'), with its per-epoch console logging off. Registered
 * before the first NLU exists, so nlp.js's own (non-overwriting) registration keeps ours.
 * [unverified] the default values are copied from @nlpjs/nlu 4.27.0 src/nlu.js registerDefault.
 */
const NLU_SETTINGS = {
  keepStopwords: true,
  nonefeatureValue: 1,
  nonedeltaMultiplier: 1.2,
  spellCheck: false,
  spellCheckDistance: 1,
  filterZeros: true,
  log: false,
};

/**
 * Trains one nlp.js neural model per language. Deterministic: nlp.js starts from fixed weights and
 * the phrases are added in a fixed order, so the same phrases always give the same scores.
 * Classification runs every language's model and keeps the most confident non-'None' answer.
 */
export async function trainIntentClassifier(
  options: TrainIntentClassifierOptions = {},
): Promise<TrainedIntentClassifier> {
  const languages = [...new Set(options.languages ?? BOT_LANGUAGES)];
  if (languages.length === 0) throw new RangeError('trainIntentClassifier: no language to train');
  const includeDefaults = options.includeDefaults ?? true;

  const phrasesByLanguage = new Map<BotLanguage, Array<{ text: string; intent: IntentLabel }>>();
  for (const language of languages) {
    const phrases: Array<{ text: string; intent: IntentLabel }> = [];
    const sources = [
      includeDefaults ? DEFAULT_TRAINING_PHRASES[language] : undefined,
      options.examplePhrases?.[language],
    ];
    for (const source of sources) {
      if (!source) continue;
      for (const intent of [...BOT_INTENTS, OUT_OF_SCOPE] as const) {
        for (const phrase of source[intent] ?? []) {
          const text = normalizeForClassification(phrase);
          if (text !== '' && isIntentLabel(intent)) phrases.push({ text, intent });
        }
      }
    }
    phrasesByLanguage.set(language, phrases);
  }

  const allPhrases = [...phrasesByLanguage.values()].flat();
  const intentsTrained = new Set(allPhrases.map((phrase) => phrase.intent));
  if ([...intentsTrained].every((intent) => intent === OUT_OF_SCOPE)) {
    throw new RangeError('trainIntentClassifier: no example phrase for any intent');
  }
  const vocabulary = buildVocabulary(allPhrases.map((phrase) => phrase.text));
  const languageWords = new Map<BotLanguage, Set<string>>();
  for (const language of languages) {
    const words = new Set(FUNCTION_WORDS[language]);
    for (const phrase of phrasesByLanguage.get(language) ?? []) {
      for (const word of phrase.text.split(' ')) words.add(word);
    }
    languageWords.set(language, words);
  }

  // nlp.js is loaded here, on first training, not with the package: the relay imports the bot's
  // schemas and texts in every thread, and nlp.js costs each thread ~10 MB of RSS (node
  // --expose-gc, RSS before and after importing the three packages) even where no bot trains.
  const [{ containerBootstrap }, { LangEn }, { LangEs }, { Nlp }] = await Promise.all([
    import('@nlpjs/core'),
    import('@nlpjs/lang-en-min'),
    import('@nlpjs/lang-es'),
    import('@nlpjs/nlp'),
  ]);
  const container = await containerBootstrap();
  container.registerConfiguration('nlu-??', { ...NLU_SETTINGS }, true);
  container.use(Nlp);
  container.use(LangEn);
  container.use(LangEs);
  const nlp = container.get('nlp') as NlpInstance;
  // Never read or write model files: the model lives in memory only.
  nlp.settings.autoSave = false;
  nlp.settings.autoLoad = false;
  nlp.addLanguage([...languages]);
  for (const [language, phrases] of phrasesByLanguage) {
    for (const phrase of phrases) nlp.addDocument(language, phrase.text, phrase.intent);
  }
  await nlp.train();

  const normalizedTrainingPhrases = Object.fromEntries(
    BOT_LANGUAGES.map((language) => [
      language,
      (phrasesByLanguage.get(language) ?? []).map((phrase) => phrase.text),
    ]),
  ) as Record<BotLanguage, string[]>;

  function guessLanguage(words: readonly string[]): BotLanguage | null {
    let best: BotLanguage | null = null;
    let bestHits = 0;
    let tie = false;
    for (const language of languages) {
      const known = languageWords.get(language);
      const hits = words.filter((word) => known?.has(word)).length;
      if (hits > bestHits) {
        best = language;
        bestHits = hits;
        tie = false;
      } else if (hits === bestHits && hits > 0) {
        tie = true;
      }
    }
    return tie ? null : best;
  }

  // nlp.js keeps every prepared text for an hour (Nlu.defaultPipelinePrepare), which grows without
  // bound in a busy relay; empty it every CACHE_FLUSH_EVERY classifications. [unverified] reaches
  // into @nlpjs/nlu 4.27 internals (domainManagers[locale].domains[name].cache.results); if they
  // change this finds nothing and does nothing, and results never depend on the cache.
  let classificationsSinceFlush = 0;
  const flushNlpCache = (): void => {
    const managers = (
      nlp as unknown as { nluManager?: { domainManagers?: Record<string, unknown> } }
    ).nluManager?.domainManagers;
    for (const manager of Object.values(managers ?? {})) {
      const domains = (manager as { domains?: Record<string, unknown> } | null)?.domains;
      for (const domain of Object.values(domains ?? {})) {
        const cache = (domain as { cache?: { results?: unknown } } | null)?.cache;
        if (cache && typeof cache === 'object') cache.results = {};
      }
    }
  };

  return {
    languages,
    normalizedTrainingPhrases,
    async classify(text: string): Promise<IntentClassification> {
      if (typeof text !== 'string') {
        throw new TypeError(`classify: expected text to be a string, got ${typeof text}`);
      }
      classificationsSinceFlush += 1;
      if (classificationsSinceFlush >= CACHE_FLUSH_EVERY) {
        classificationsSinceFlush = 0;
        flushNlpCache();
      }
      const normalized = normalizeForClassification(text.slice(0, MAX_CLASSIFIED_CHARS), {
        vocabulary,
      });
      if (normalized === '') return { intent: OUT_OF_SCOPE, score: 1, language: null };
      const words = normalized.split(' ');
      const language = guessLanguage(words);
      const hasKnownContentWord = words.some(
        (word) =>
          vocabulary.has(word) && !FUNCTION_WORDS.en.has(word) && !FUNCTION_WORDS.es.has(word),
      );
      if (!hasKnownContentWord) return { intent: OUT_OF_SCOPE, score: 1, language };
      // The model of the language the words belong to decides; with no clear language, the most
      // confident model does.
      const locales = language ? [language] : languages;
      let best: IntentClassification = { intent: OUT_OF_SCOPE, score: 1, language };
      let bestScore = -1;
      for (const locale of locales) {
        const result = await nlp.classify(locale, normalized);
        const top = result.classifications?.[0];
        if (!top || !isIntentLabel(top.intent) || top.score <= bestScore) continue;
        bestScore = top.score;
        best =
          top.intent === OUT_OF_SCOPE
            ? { intent: OUT_OF_SCOPE, score: 1, language }
            : { intent: top.intent, score: top.score, language: language ?? locale };
      }
      return best;
    },
  };
}
