// Finds passwords a customer or agent writes out ("my password is hunter2", "mdp : azerty123").

import type { PiiCandidate } from './types.ts';

/** Words that introduce a password, in English, Spanish, French, German and Portuguese. */
const PASSWORD_WORD = new RegExp(
  String.raw`(?<![\p{L}\p{N}_])(?<word>password|passwort|passwd|passcode|passphrase|pass|pwd|pw|contrase[ñn]a|clave|mot\s+de\s+passe|mdp|kennwort|senha)(?<is>['’]s)?(?![\p{L}\p{N}_])`,
  'giu',
);

/** "password for my gmail is …": up to three words naming what the password is for. */
const FOR_PHRASE = new RegExp(
  String.raw`\s+(?:for|on|to|de|du|pour|para|für)(?:\s+[^\s:=]{1,30}){1,3}?(?=\s*(?:[:=]|\s(?:is|was|es|est|ist|é)(?![\p{L}\p{N}])))`,
  'iuy',
);

/** One or more linking tokens between the password word and the secret. */
const CONNECTOR = new RegExp(
  String.raw`(?:\s*(?:[:=→]|->)|\s+[-–—]|\s+(?:is|was|will\s+be|would\s+be|should\s+be|has\s+been|had\s+been|now|still|(?:changed|set|reset|updated)\s+to|es|era|est|ist|war|é|sera)(?![\p{L}\p{N}]))+\s*`,
  'iuy',
);

const WHITESPACE_AFTER = /[ \t\u00A0]/y;
const TOKEN = /[^\s]{1,64}/y;
const QUOTES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '“': '”',
  '‘': '’',
  '«': '»',
  '`': '`',
};
const TRAILING_PUNCTUATION = /[.,;:?)\]}"'”’»]+$/u;
const LEADING_PUNCTUATION = /^[([{]+/u;
/** "********", "xxxxxx", "•••": a masked value, not a password. */
const MASKED = /^(?:[*•●·x#.]|\.{3}|…)+$/iu;
const UNIT_AFTER =
  /^\s+(?:characters?|chars?|letters?|digits?|numbers?|caracteres|caractères|zeichen|long)\b/iu;
/**
 * A plain word followed by "the", "your", "it"… starts an instruction, not a secret:
 * "Password: use the link we sent", "Password: click the reset link".
 */
const DETERMINER_AFTER =
  /^\s+(?:the|a|an|your|my|this|that|these|those|it|me|us|them|our|his|her|their)(?![\p{L}\p{N}])/iu;
const ONLY_LETTERS = /^\p{L}+$/u;
/** "user: bob pass: x1y2z3": the bare word "pass" needs a login word close before it. */
const LOGIN_WORD_BEFORE =
  /(?<![\p{L}])(?:user(?:name)?|login|log-?in|email|e-mail|usuario|utilisateur|identifiant|id)(?![\p{L}])/iu;
const HAS_DIGIT = /\p{N}/u;
const HAS_LETTER = /\p{L}/u;
const HAS_SYMBOL = /[^\p{L}\p{N}]/u;

/**
 * Words that follow "password is" in sentences about a password rather than giving one
 * ("my password is not working", "la contraseña es incorrecta", "le mot de passe est faux"),
 * including pointers to where it is ("password: see email", "password: check your inbox").
 */
const NOT_A_SECRET = new Set(
  `
  a an the my your his her our their its this that these those it me you we they i he she
  not no never wrong incorrect invalid correct right ok okay fine good bad weak strong secure
  expired expiring locked blocked blank empty missing required needed mandatory optional same
  different new old current still just also too very really being been set reset changed updated
  working broken case sensitive long short simple easy hard complicated in on at of for to from
  with without by and or but if so as is was are were be will would should can could must may
  what which who where when why how here there now then please pls thanks thank sent emailed
  texted saved stored shown hidden protected encrypted forgotten lost unknown mine yours hers
  his theirs ours something nothing anything everything same like about only either neither
  supposed meant gonna going all any some none more less enough see check look below above
  attached inside there
  no es la el lo mi tu su que muy mala malo incorrecta incorrecto correcta correcto igual misma
  mismo nueva nuevo vieja viejo caducada bloqueada olvidada válida valida inválida invalida
  le les un une mon ton son votre notre pas faux fausse bon bonne oublié oubliée expiré bloqué
  nicht falsch richtig neu alt abgelaufen gesperrt
  `
    .split(/\s+/)
    .filter((word) => word !== ''),
);

function readValue(text: string, index: number): { start: number; end: number } | undefined {
  const opening = text[index];
  const closing = opening === undefined ? undefined : QUOTES[opening];
  if (closing !== undefined) {
    const limit = Math.min(text.length, index + 1 + 80);
    for (let cursor = index + 1; cursor < limit; cursor++) {
      const character = text[cursor];
      if (character === '\n') return undefined;
      if (character === closing) {
        const raw = text.slice(index + 1, cursor);
        const trimmedStart = raw.length - raw.trimStart().length;
        const value = raw.trim();
        return value === ''
          ? undefined
          : { start: index + 1 + trimmedStart, end: index + 1 + trimmedStart + value.length };
      }
    }
    return undefined;
  }
  TOKEN.lastIndex = index;
  const token = TOKEN.exec(text)?.[0];
  if (token === undefined) return undefined;
  const leading = LEADING_PUNCTUATION.exec(token)?.[0].length ?? 0;
  const trailing = TRAILING_PUNCTUATION.exec(token.slice(leading))?.[0].length ?? 0;
  const start = index + leading;
  const end = index + token.length - trailing;
  return end > start ? { start, end } : undefined;
}

function isPlausibleSecret(text: string, value: { start: number; end: number }): boolean {
  const secret = text.slice(value.start, value.end);
  if (MASKED.test(secret)) return false;
  if (!HAS_LETTER.test(secret) && !HAS_DIGIT.test(secret)) return false;
  if (NOT_A_SECRET.has(secret.toLowerCase())) return false;
  const after = text.slice(value.end, value.end + 16);
  if (ONLY_LETTERS.test(secret) && DETERMINER_AFTER.test(after)) return false;
  return !UNIT_AFTER.test(after);
}

/** Without a linking word only a clearly secret-looking token counts: "pw Hunter22". */
function looksLikeSecret(secret: string): boolean {
  return (
    secret.length >= 6 &&
    HAS_LETTER.test(secret) &&
    (HAS_DIGIT.test(secret) || HAS_SYMBOL.test(secret))
  );
}

/** Spans of the secret values (not the lead-in words) of every password written in the text. */
export function findPasswords(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  for (const match of text.matchAll(PASSWORD_WORD)) {
    const word = (match.groups?.word ?? '').toLowerCase();
    let index = match.index + match[0].length;
    let linked = match.groups?.is !== undefined;

    FOR_PHRASE.lastIndex = index;
    if (!linked && FOR_PHRASE.exec(text)) index = FOR_PHRASE.lastIndex;
    CONNECTOR.lastIndex = index;
    const connector = CONNECTOR.exec(text);
    if (connector) {
      linked = true;
      index = CONNECTOR.lastIndex;
      // "pass" alone is too common a word ("boarding pass: 12B"): accept it only as "pass:" or
      // "pass=" after a login word.
      if (word === 'pass') {
        const before = text.slice(Math.max(0, match.index - 40), match.index);
        if (!/[:=]/.test(connector[0]) || !LOGIN_WORD_BEFORE.test(before)) continue;
      }
    } else if (linked) {
      index = index + (/^\s*/.exec(text.slice(index, index + 8))?.[0].length ?? 0);
    } else {
      if (word === 'pass') continue;
      WHITESPACE_AFTER.lastIndex = index;
      if (!WHITESPACE_AFTER.test(text)) continue;
      index = WHITESPACE_AFTER.lastIndex;
      if (/[ \t]/.test(text[index] ?? '')) index += 1;
    }

    const value = readValue(text, index);
    if (value === undefined || !isPlausibleSecret(text, value)) continue;
    // Without a linking word, or after the everyday word "pass" ("boarding pass: 12B"), only a
    // token that looks like a secret counts.
    const needsSecretShape = !linked || word === 'pass';
    if (needsSecretShape && !looksLikeSecret(text.slice(value.start, value.end))) continue;
    found.push({ type: 'password', start: value.start, end: value.end });
  }
  return found;
}
