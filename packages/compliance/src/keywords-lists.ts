// The consent keywords the relay honours (STOP/START/HELP and their Spanish and French equivalents), with where each comes from.

export type KeywordListKind = 'opt_out' | 'opt_in' | 'help';
export type KeywordLanguage = 'en' | 'es' | 'fr';

export interface KeywordDefinition {
  /** Canonical keyword, uppercase ASCII: what `classifyKeyword` reports as `keyword`. */
  readonly keyword: string;
  /** Other spellings that count as the same keyword (spacing, hyphen, accents). */
  readonly variants: readonly string[];
  readonly language: KeywordLanguage;
  /**
   * Whether the keyword still counts when the customer adds courtesy words ("STOP please",
   * "Baja por favor") or writes it as its own sentence in a longer message ("STOP. Who is this?").
   * False for words that are just as often about an order ("cancel", "end", "remove").
   */
  readonly withCourtesyWords: boolean;
  /** Where the keyword comes from (reference file and section, or vendor URL). */
  readonly source: string;
}

export interface UnhonouredKeyword {
  readonly keyword: string;
  readonly reason: string;
}

const TWILIO = 'carriers.md §1.7, Twilio default keywords';
const TELNYX = 'carriers.md §2, Telnyx default opt-out keywords';
const FCC = 'carriers.md §6, FCC 24-24: keywords that must be honoured';
const TWILIO_PROXY_FR =
  'carriers.md §1.7, French keywords in Twilio Proxy docs (https://www.twilio.com/docs/proxy/opt-out-keywords)';
const CWTA =
  'CWTA mandatory keywords STOP, ARRET, HELP, AIDE, INFO (https://support.twilio.com/hc/en-us/articles/223181928); not in carriers.md';
const TWILIO_ES =
  'Twilio: Spanish-language programs answer AYUDA and ALTO (https://www.twilio.com/help/faq/short-codes/what-are-the-requirements-for-a-spanish-language-short-code); not in carriers.md';
const AWS =
  'AWS End User Messaging required opt-out keywords (https://docs.aws.amazon.com/sms-voice/latest/userguide/keywords-required.html); not in carriers.md';
const ES_COMMON =
  '[unverified] common Spanish opt-out words that vendors configure as custom keywords (e.g. https://helpaivoes.aivohelp.com/search/gestion-de-opt-out-para-sms-y-whatsapp-en-engage); not in carriers.md';
const FR_VERB = '[unverified] the French verb "unsubscribe"; no vendor default list has it';

function define(
  keyword: string,
  language: KeywordLanguage,
  withCourtesyWords: boolean,
  sources: readonly string[],
  variants: readonly string[] = [],
): KeywordDefinition {
  return Object.freeze({
    keyword,
    variants: Object.freeze([...variants]),
    language,
    withCourtesyWords,
    source: sources.join('; '),
  });
}

/** Every keyword that `classifyKeyword` reports with `match: 'exact'`, grouped by kind. */
export const KEYWORD_LISTS: Readonly<Record<KeywordListKind, readonly KeywordDefinition[]>> =
  Object.freeze({
    opt_out: Object.freeze([
      define('STOP', 'en', true, [TWILIO, TELNYX, FCC]),
      define('STOPALL', 'en', true, [TWILIO, TELNYX], ['STOP ALL']),
      define('UNSUBSCRIBE', 'en', true, [TWILIO, TELNYX, FCC]),
      define('CANCEL', 'en', false, [TWILIO, TELNYX, FCC]),
      define('END', 'en', false, [TWILIO, TELNYX, FCC]),
      define('QUIT', 'en', false, [TWILIO, TELNYX, FCC]),
      define('REVOKE', 'en', true, [TWILIO, FCC]),
      define('OPTOUT', 'en', true, [TWILIO, FCC, AWS], ['OPT OUT', 'OPT-OUT']),
      define('UNSUB', 'en', true, ['Twilio, listed with STOP in support article 223181928']),
      define('REMOVE', 'en', false, [AWS]),
      define('ALTO', 'es', true, [TWILIO_ES]),
      define('BAJA', 'es', true, [ES_COMMON]),
      define('PARAR', 'es', true, [ES_COMMON]),
      define('DETENER', 'es', true, [ES_COMMON]),
      define('CANCELAR', 'es', false, [ES_COMMON]),
      define('DESUSCRIBIR', 'es', true, [ES_COMMON]),
      define('ARRET', 'fr', true, [TWILIO_PROXY_FR, CWTA, AWS], ['ARRÊT']),
      define('ARRETE', 'fr', true, [TWILIO_PROXY_FR], ['ARRÊTE']),
      define('ARRETT', 'fr', true, [TWILIO_PROXY_FR]),
      define('DESABONNER', 'fr', true, [FR_VERB], ['DÉSABONNER']),
    ]),
    opt_in: Object.freeze([
      define('START', 'en', true, [TWILIO, TELNYX]),
      define('UNSTOP', 'en', true, [TWILIO, TELNYX]),
    ]),
    help: Object.freeze([
      define('HELP', 'en', true, [TWILIO, CWTA]),
      define('INFO', 'en', true, [TWILIO, CWTA]),
      define('AYUDA', 'es', true, [TWILIO_ES]),
      define('AIDE', 'fr', true, [CWTA]),
    ]),
  });

/** Keywords some providers honour that `classifyKeyword` deliberately does not, and why. */
export const UNHONOURED_KEYWORDS: readonly UnhonouredKeyword[] = Object.freeze([
  Object.freeze({
    keyword: 'YES',
    reason:
      'Twilio treats YES as opt-in on long codes (carriers.md §1.7), but the bot asks yes/no questions, so a bare "yes" in a support thread is an answer, not consent. The classifier is context-free; a caller that knows the number is opted out may decide otherwise (and Twilio itself lifts its own block on YES).',
  }),
  Object.freeze({
    keyword: 'TD',
    reason:
      'Listed by AWS for Canada, but not in carriers.md and it collides with a bank name and with "touchdown"; left to agents.',
  }),
]);
