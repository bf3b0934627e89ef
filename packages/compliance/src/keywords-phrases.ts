// Plain-language consent requests ("please stop texting me", "dejen de enviarme mensajes") as patterns over normalised clauses.
//
// Patterns run over the message's clauses, one per line: words in lowercase ASCII (accents folded,
// punctuation and emoji removed, contractions joined: "dont", "im") separated by single spaces, so
// a literal space never crosses a clause and ^/$ (multiline) anchor a whole clause. Nothing is
// nested and every repeat follows a fixed verb (see MODS), so each pattern is one linear scan.
// Why plain language matters: carriers.md §6 (FCC 24-24, revocation "by any reasonable means";
// CTIA: "please opt me out" should be acted upon) and §7 item 5.

export interface PhrasePattern {
  readonly name: string;
  readonly pattern: RegExp;
  /** Another phrase that must also appear in the clause ("again" for a re-subscription). */
  readonly alsoNeeds?: RegExp;
  /** Skip when the message says the keyword was sent by mistake. */
  readonly unlessAccidental?: boolean;
}

function phrase(name: string, source: string, extra: Omit<PhrasePattern, 'name' | 'pattern'> = {}) {
  return { name, pattern: new RegExp(source, 'gm'), ...extra } satisfies PhrasePattern;
}

// --- English vocabulary -------------------------------------------------------------------------
// Things that arrive by text. TEXTS excludes "updates" and "reminders", which customers also use
// for order tracking ("no more updates since Monday"); MSG, used after an explicit stop/send verb,
// includes them.
const TEXTS =
  '(?:text messages?|txt messages?|sms messages?|texts?|txts?|msgs?|messages?|smses|sms|texting|notifications?|alerts?|promos?|promotions?|marketing|spam|coupons?|deals|offers|ads|advertisements|discounts)';
const MSG = `(?:${TEXTS}|reminders?|updates?)`;
const MOD =
  '(?:these|those|the|your|ur|yr|all|any|more|further|this|that|such|my|of|promotional|marketing|automated|auto|text|texting|sms|mailing|contact|distribution|spam|spammy|annoying|stupid|damn|freaking|fucking|constant|daily|weekly|random|unwanted|sales|promo|advertising|order|shipping|delivery|appointment|subscription)';
// Any number of modifier words ("stop sending me all these stupid promo texts"). Unbounded on
// purpose: V8 compiles a bounded repeat of this alternation into a large program, and every
// pattern that uses MODS starts with a verb that is not a modifier, so a failed match still scans
// each run of modifiers once.
const MODS = `(?:${MOD} )*`;
const ME = '(?:me|us|this number|my number|this phone|my phone|my cell|this cell)';
const FILLER =
  '(?:please|pls|plz|plox|now|already|asap|immediately|thanks|thank you|thx|ty|again|anymore|ok|okay|then|today)';
const STRONG_KEYWORD = '(?:stop|stopall|stop all|unsubscribe|unsub|opt out|optout|revoke)';

// --- Spanish and French vocabulary --------------------------------------------------------------
const ES_MSG =
  '(?:mensajes? de texto|mensajes?|mensajitos|msjs?|sms|textos?|notificaciones|alertas|promociones)';
const ES_MOD = '(?:mas|sus|tus|los|las|estos|esos|ningun|ninguno|ningunos|promocionales)';
const FR_MSG = '(?:messages?|msgs?|sms|textos?|notifications?|alertes?|promotions?|pubs?)';
const FR_ARTICLE = '(?:des|les|vos|de|d|ces|aux|tous les|aucun|aucune)';

/** Requests to stop receiving texts. */
export const OPT_OUT_PHRASES: readonly PhrasePattern[] = [
  phrase(
    'stop texting',
    '\\b(?:stop|quit|cease|halt|stahp)(?: with(?: the)?)? (?:texting|txting|messaging|msging|contacting|spamming|smsing|bothering|harassing|bugging)\\b',
  ),
  phrase(
    'stop sending texts',
    `\\b(?:stop|quit|cease|halt) (?:sending|send)(?: ${ME} ${MODS}${MSG}\\b| ${MODS}${MSG}\\b|(?: ${ME})?(?: ${FILLER}){0,3}$)`,
  ),
  phrase(
    'stop the texts',
    `\\b(?:stop|quit|cease|halt|end|cancel|block|pause)(?: it)?(?: with)? ${MODS}${MSG}\\b`,
  ),
  phrase(
    'stop receiving texts',
    `\\b(?:stop|quit|cease) (?:receiving|recieving|getting) (?:${MODS}${MSG}\\b|(?:these|them|those)(?: ${FILLER}){0,3}$)`,
  ),
  phrase('want out of the texts', `\\bwant out of ${MODS}${MSG}\\b`),
  // FCC 24-24 speaks of revoking consent (carriers.md §6).
  phrase(
    'revoke consent',
    '\\b(?:revoke|revoking|withdraw|withdrawing|rescind|cancel)(?: my| all| any| the)? (?:consent|permission|authorization|authorisation)\\b',
  ),
  phrase(
    "don't text me",
    `\\b(?:dont|do not|never)(?: ever)? (?:text|txt|message|msg|sms|contact|call or text|text or call|spam|bother) ${ME}(?: (?:again|anymore|any more|ever again|no more)\\b|(?: ${FILLER}){0,3}$)`,
  ),
  phrase(
    "don't send texts",
    `\\b(?:dont|do not|never)(?: ever)? (?:send|sending) (?:${ME} )?${MODS}${MSG}\\b`,
  ),
  phrase(
    "don't want texts",
    `\\b(?:dont|do not|no longer)(?: ever)? (?:want|wanna|wish|need)(?: to (?:receive|recieve|get|be getting|be receiving|keep getting|keep receiving|continue receiving|continue getting))? ${MODS}${MSG}\\b`,
  ),
  phrase(
    "don't want to be texted",
    '\\b(?:dont|do not|no longer) (?:want|wish|like) to be (?:texted|contacted|messaged)\\b',
  ),
  phrase('no more texts', `\\bno (?:more|further) ${MODS}${TEXTS}\\b`),
  phrase(
    'unsubscribe',
    `\\b(?:unsubscribe|unsub|opt out|optout|opt me out|opt us out|opt my number out)(?: (?:me|us|this number|my number))?(?=(?: ${FILLER}){0,4}$| (?:from|of|out of) ${MODS}(?:${MSG}|lists?|this number|this|these|them|it|everything|all)\\b)`,
  ),
  phrase(
    'take me off the list',
    `\\b(?:take|remove|delete|drop|erase|get|scrub|pull) (?:me|us|my number|this number|my phone number|my phone|my cell|my info) (?:off|from|out of|off of) ${MODS}(?:lists?|database|system|${MSG})\\b`,
  ),
  phrase(
    'remove me',
    `^(?:(?:can you|could you|can u|just|please|pls|plz) ){0,2}(?:take me off|remove me|remove this number|remove my number|delete me|delete my number|delete this number|lose my number|lose this number|forget my number|unsubscribe me)(?: (?:${FILLER}|too|from this|from it)){0,3}$`,
  ),
  phrase(
    'leave me alone',
    `^(?:(?:just|please|pls|plz|omg|seriously) ){0,2}leave me alone(?: ${FILLER}){0,3}$`,
  ),
  phrase(
    'wrong number',
    `^(?:(?:sorry|hi|hey|um|uh|hello) ){0,2}(?:(?:you have|you got|youve got|youve|u have|u got|this is|its|thats|that is|you texted|you are texting|youre texting|you have got) )?(?:the |a )?wrong (?:number|person|phone number|phone)(?: ${FILLER}){0,3}$`,
  ),
  phrase(
    'already replied STOP',
    `\\balready (?:replied|texted|sent|said|typed|responded|wrote|told you)(?: (?:with|you))? ${STRONG_KEYWORD}\\b`,
    { unlessAccidental: true },
  ),
  phrase(
    'replied STOP several times',
    `\\b(?:replied|texted|sent|said|typed|responded|wrote|told you)(?: (?:with|you))? ${STRONG_KEYWORD} (?:already|again|twice|(?:\\d+|two|three|four|five|several|many|multiple|a few|so many) times)\\b`,
    { unlessAccidental: true },
  ),
  phrase('I said STOP', `\\b(?:i said|i told you|told you|means)(?: to)? ${STRONG_KEYWORD}\\b`, {
    unlessAccidental: true,
  }),
  // Spanish
  phrase(
    'no me envíen más',
    `\\bno (?:me |nos )?(?:envien|envies|envie|manden|mandes|mande|escriban|escribas|contacten|molesten|vuelvan a (?:enviar|mandar|escribir))(?: mas\\b| nunca mas\\b| (?:${ES_MOD} )*${ES_MSG}\\b)`,
  ),
  phrase(
    'no quiero recibir mensajes',
    `\\b(?:ya )?no (?:quiero|deseo|queremos) (?:recibir |que me (?:envien|manden|escriban) )?(?:${ES_MOD} )*${ES_MSG}\\b`,
  ),
  phrase(
    'dejen de enviarme',
    `\\b(?:dejen|deje|deja|dejar|paren|pare|para|parar) de (?:enviarme|mandarme|escribirme|contactarme|molestarme|textearme|(?:enviar|mandar) (?:${ES_MOD} )*${ES_MSG}\\b)`,
  ),
  phrase(
    'cancelar los mensajes',
    `\\b(?:cancelar|cancelen|cancela|detener|detengan|parar|paren|suspender|suspendan|quitar|quiten) (?:${ES_MOD} )*${ES_MSG}\\b`,
  ),
  phrase('darme de baja', '\\b(?:darme|darse|dar|denme|deme|dame|doy|den|me doy) de baja\\b'),
  phrase(
    'bórrenme de la lista',
    '\\b(?:borrenme|borrame|quitenme|quitame|eliminenme|eliminame|sacame|saquenme|(?:borren|quiten|eliminen|borrar|quitar|eliminar) mi numero) (?:de|del) (?:su |la |tu |esta |sus |vuestra )?(?:lista|listas|sistema|base de datos)\\b',
  ),
  // French (elided "m'envoyer" arrives as "m envoyer")
  phrase(
    'arrêtez de m’envoyer',
    `\\b(?:arretez|arrete|arreter|arretes|cessez|cesse|cesser|stop|stoppez) (?:de |d )?(?:m envoyer|menvoyer|nous envoyer|me contacter|m ecrire|me texter|me deranger|me spammer|envoyer ${FR_ARTICLE} ${FR_MSG}\\b)`,
  ),
  phrase(
    'arrêtez les SMS',
    `\\b(?:arretez|arreter|stop|stoppez|cessez) (?:${FR_ARTICLE} )?${FR_MSG}\\b`,
  ),
  phrase(
    'ne m’envoyez plus',
    '\\bne (?:m |me |nous )?(?:envoyez|envoyer|ecrivez|contactez|textez|ecrire|contacter) (?:plus|jamais)\\b',
  ),
  phrase(
    'ne plus m’envoyer',
    '\\bne plus (?:m |me |nous )?(?:envoyer|ecrire|contacter|texter|deranger)\\b',
  ),
  phrase(
    'je ne veux plus de messages',
    `\\bne (?:veux|veut|voulons|souhaite|souhaitons|desire) plus (?:recevoir |avoir )?(?:${FR_ARTICLE} )?${FR_MSG}\\b`,
  ),
  phrase(
    'désabonnez-moi',
    '\\b(?:desabonnez|desinscrivez|retirez|supprimez|enlevez|effacez|rayez) (?:moi|nous|mon numero|ce numero)\\b',
  ),
  phrase('me désabonner', '\\b(?:me|nous) (?:desabonner|desinscrire|desabonne|desinscris)\\b'),
  phrase(
    'supprimer mon numéro',
    '\\b(?:supprimer|retirer|enlever|effacer) (?:mon numero|ce numero)\\b',
  ),
];

/** Requests to receive texts again. */
export const OPT_IN_PHRASES: readonly PhrasePattern[] = [
  phrase(
    'start texting me again',
    `\\b(?:start|begin|unstop)(?: again)? (?:texting|messaging|sending|${MODS}${MSG}\\b)`,
    { alsoNeeds: /\b(?:again|back|anew)\b/ },
  ),
  phrase('turn the texts back on', `\\bturn (?:them|it|${MODS}${MSG}) back on\\b`),
  phrase(
    'resume the texts',
    `\\b(?:restart|resume) (?:texting|messaging|sending|${MODS}${MSG}\\b)`,
  ),
  phrase(
    'resubscribe',
    '\\b(?:resubscribe|re subscribe|resub|subscribe me again|subscribe me back|subscribe again|opt me back in|opt back in|opt in again|opt me in|opt in|sign me back up|sign me up again|add me back|put me back on)\\b',
  ),
  phrase(
    'want texts again',
    `\\b(?:want|like|love|wish|need)(?: to (?:get|receive|recieve|start getting|start receiving|keep getting))? ${MODS}${MSG} (?:again|back)\\b`,
  ),
  phrase(
    'volver a recibir mensajes',
    `\\bvolver a recibir (?:${ES_MOD} )*${ES_MSG}\\b|\\brecibir (?:${ES_MOD} )*${ES_MSG} (?:otra vez|de nuevo|nuevamente)\\b`,
  ),
  phrase(
    'recevoir les messages à nouveau',
    `\\brecevoir (?:a nouveau |de nouveau )?(?:${FR_ARTICLE} )?${FR_MSG}\\b`,
    {
      alsoNeeds: /\b(?:a nouveau|de nouveau|encore)\b/,
    },
  ),
  phrase('me réabonner', '\\b(?:me reabonner|me reinscrire|reabonnez moi|reinscrivez moi)\\b'),
];

/** Questions about the messaging program itself (not about an order or an account). */
export const HELP_PHRASES: readonly PhrasePattern[] = [
  phrase(
    'how do these texts work',
    `\\bhow do (?:these|the|your|this) ${MODS}(?:${MSG}|text program|sms program|messaging program|text service) work\\b`,
  ),
  phrase(
    'help with the text program',
    '\\b(?:help|info|information|details) (?:about|on|for|with|regarding) (?:these|the|this|your) (?:text|sms|messaging|texting) (?:program|service|alerts|messages|list)\\b',
  ),
  phrase(
    'what is this text service',
    '\\bwhat (?:is|are) (?:this|these|the|your) (?:text|sms|messaging|texting) (?:service|program|alerts|list)\\b',
  ),
];

// A negation governs the phrase when it is followed only by verb-phrase glue words:
// "I never asked you to | stop texting me", "no quiero | darme de baja", "je ne veux pas | me désabonner".
const NEGATOR =
  '(?:dont|do not|didnt|did not|doesnt|does not|never|not|wont|will not|cant|cannot|can not|shouldnt|wouldnt|no need to|ne|pas|nunca|no(?= (?:quiero|queria|deseo|voy|necesito|pienso)))';
const GLUE =
  '(?:i|im|you|u|to|me|really|ever|even|actually|want|wanna|need|mean|meant|ask|asked|asking|say|said|saying|tell|told|telling|try|tried|trying|going|gonna|plan|planning|wish|like|think|am|is|are|was|for|that|please|pls|quiero|queria|deseo|voy|necesito|pienso|a|veux|voulais|souhaite|vais|pas|jamais|je|nous|te|lo)';
const NEGATION_TAIL = new RegExp(`(?:^| )${NEGATOR}(?: ${GLUE}){0,5}$`);
const NEGATION_LOOKBACK = 80;

function isNegatedBefore(text: string, clauseStart: number, index: number): boolean {
  const start = Math.max(clauseStart, index - NEGATION_LOOKBACK);
  let before = text.slice(start, index).trimEnd();
  // Drop a word cut in half by the look-back window.
  if (start > clauseStart) before = before.slice(before.indexOf(' ') + 1);
  return NEGATION_TAIL.test(before);
}

const ACCIDENTAL =
  /\b(?:accident|accidentally|accidently|by mistake|mistakenly|didnt mean|did not mean)\b/;

// "I unsubscribed last week but I'm still getting texts": an ignored earlier opt-out is itself a
// revocation, even when the two halves are in different sentences.
const EARLIER_OPT_OUT = /\b(?:unsubscribed|unsubscribe|opted out|opt out|optout|stop|stopall)\b/;
const STILL_TEXTED = new RegExp(
  `\\bstill (?:getting|receiving|recieving|get|got|receive)(?: a| an)? ${MODS}${TEXTS}\\b`,
);

/** `clauses`: the message's normalised clauses joined with "\n". */
export function complainsOptOutIgnored(clauses: string): boolean {
  return STILL_TEXTED.test(clauses) && EARLIER_OPT_OUT.test(clauses) && !ACCIDENTAL.test(clauses);
}

/**
 * One regular expression matching wherever any pattern of the list matches (their alternation):
 * most texts match none, and one scan rejects them at a fraction of the cost of scanning once per
 * pattern (classifyKeyword on ordinary sentences, measured in a loop: 21 µs → 11 µs a text; it
 * runs on every inbound webhook, before the acknowledgement).
 */
const anyPatternOf = new WeakMap<readonly PhrasePattern[], RegExp>();

function anyPattern(patterns: readonly PhrasePattern[]): RegExp {
  let any = anyPatternOf.get(patterns);
  if (any === undefined) {
    any = new RegExp(patterns.map((p) => `(?:${p.pattern.source})`).join('|'), 'm');
    anyPatternOf.set(patterns, any);
  }
  return any;
}

/**
 * The first pattern that matches a clause without being negated, or undefined.
 * `clauses`: the message's normalised clauses joined with "\n".
 */
export function findPhrase(
  clauses: string,
  patterns: readonly PhrasePattern[],
): PhrasePattern | undefined {
  if (!anyPattern(patterns).test(clauses)) return undefined;
  const accidental = ACCIDENTAL.test(clauses);
  for (const candidate of patterns) {
    if (candidate.unlessAccidental && accidental) continue;
    // Matches arrive in order, so the clause bounds only move forward (linear overall).
    let clauseStart = 0;
    let clauseEnd = clauses.indexOf('\n');
    let clauseMeetsNeed: boolean | undefined;
    for (const match of clauses.matchAll(candidate.pattern)) {
      while (clauseEnd !== -1 && clauseEnd < match.index) {
        clauseStart = clauseEnd + 1;
        clauseEnd = clauses.indexOf('\n', clauseStart);
        clauseMeetsNeed = undefined;
      }
      if (isNegatedBefore(clauses, clauseStart, match.index)) continue;
      if (candidate.alsoNeeds) {
        clauseMeetsNeed ??= candidate.alsoNeeds.test(
          clauses.slice(clauseStart, clauseEnd === -1 ? undefined : clauseEnd),
        );
        if (!clauseMeetsNeed) continue;
      }
      return candidate;
    }
  }
  return undefined;
}
