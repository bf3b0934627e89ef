// Reading short structured replies: menu keys ("1", "2b", "1️⃣"), YES/NO, and "agent"-style words.

/** A menu key as typed: a digit, optionally followed by a letter ("2b"), or a lone letter ("B"). */
export interface MenuChoice {
  readonly digit: string | null;
  readonly letter: string | null;
}

function simplify(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/([0-9])\uFE0F?\u20E3/gu, '$1')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\p{Extended_Pictographic}|\u200D|\uFE0F/gu, ' ')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const MENU_CHOICE =
  /^(?:(?:option|opcion|number|numero|choice|press|reply)\s*)?(?:([0-9])\s*([a-z])?|([a-z]))$/;

/** "1", "#1", "1.", "option 1", "1️⃣", "2b", "2 B", "b" → the key; anything longer → null. */
export function parseMenuChoice(text: string): MenuChoice | null {
  const match = MENU_CHOICE.exec(simplify(text));
  if (!match) return null;
  if (match[3] !== undefined) return { digit: null, letter: match[3].toUpperCase() };
  return { digit: match[1] ?? null, letter: match[2] ? match[2].toUpperCase() : null };
}

const YES = new Set(
  'yes y yeah yea yep yup ya sure ok okay k done worked perfect great thanks si claro listo vale sip funciono perfecto gracias'.split(
    ' ',
  ),
);
const YES_PHRASES = [
  'it worked',
  'it did',
  'all good',
  'got it',
  'that worked',
  'ya funciono',
  'si funciono',
  'me funciono',
];
const NO = new Set('no n nope nah negative nop'.split(' '));
const NO_PHRASES = [
  'it didnt',
  'it did not',
  'didnt work',
  'did not work',
  'doesnt work',
  'does not work',
  'not working',
  'still cant',
  'still can not',
  'still not',
  'no funciono',
  'no funciona',
  'no sirve',
  'no me funciono',
  'todavia no',
  'aun no',
];

/** YES, NO or null for a reply to "Did that work? Reply YES or NO" (English or Spanish, 👍/👎). */
export function parseYesNo(text: string): 'yes' | 'no' | null {
  const thumbs = /👎|❌/u.test(text) ? 'no' : /👍|✅|👌/u.test(text) ? 'yes' : null;
  const simple = simplify(text.replace(/['’]/g, ''));
  if (simple === '') return thumbs;
  if (NO_PHRASES.some((phrase) => simple === phrase || simple.startsWith(`${phrase} `)))
    return 'no';
  const first = simple.split(' ')[0] ?? '';
  if (NO.has(first)) return 'no';
  if (YES_PHRASES.some((phrase) => simple === phrase || simple.startsWith(`${phrase} `)))
    return 'yes';
  if (YES.has(first)) return simple.includes(' but ') || simple.includes(' pero ') ? null : 'yes';
  return thumbs;
}

const AGENT_WORDS = new Set([
  'agent',
  'an agent',
  'human',
  'a human',
  'person',
  'a person',
  'real person',
  'representative',
  'rep',
  'operator',
  'live agent',
  'live person',
  'someone',
  'agente',
  'persona',
  'una persona',
  'humano',
  'asesor',
  'operador',
  'representante',
]);

/** The whole message is a request for a person ("AGENT", "human please", "persona"). */
export function isAgentRequest(text: string): boolean {
  const simple = simplify(text)
    .replace(/\b(?:please|pls|plz|por favor|porfa|now|ya)\b/g, '')
    .trim();
  return AGENT_WORDS.has(simple.replace(/\s+/g, ' '));
}
