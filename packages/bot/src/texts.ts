// Every text the bot sends, in English and Spanish, with {placeholders}; each default fits one GSM-7 segment.
import type { BotLanguage } from './intents.ts';

/**
 * The longest value each placeholder is proven to fit: the default-texts test renders every default
 * text with values this long and checks it stays one GSM-7 segment. Values from outside are cut to
 * these lengths ({@link TRUNCATED_PLACEHOLDERS}); workspace values are checked at start-up.
 */
export const PLACEHOLDER_MAX_LENGTH = {
  businessName: 30,
  expectedWait: 30,
  orderNumber: 20,
  orderNumberExample: 20,
  orderStatus: 40,
  eta: 24,
  trackingLink: 40,
  resetLink: 60,
  nextOpening: 32,
  closesAt: 32,
  hours: 60,
  location: 60,
  submenuLabel: 40,
} as const;

export type Placeholder = keyof typeof PLACEHOLDER_MAX_LENGTH;

/** Which placeholders each text may use (an unknown one in a workspace override is a config error). */
export const TEXT_PLACEHOLDERS = {
  greeting: ['businessName'],
  menuIntro: [],
  submenuIntro: ['submenuLabel'],
  notUnderstood: [],
  askOrderNumber: ['orderNumberExample'],
  askOrderNumberAgain: ['orderNumberExample'],
  orderFound: ['orderNumber', 'orderStatus'],
  orderEta: ['eta'],
  orderTracking: ['trackingLink'],
  orderNotFound: ['orderNumber'],
  orderLookupFailed: [],
  resetLink: ['resetLink'],
  resetSent: [],
  resetFailed: [],
  resetConfirmed: [],
  resetNotConfirmed: [],
  resetAskAgain: [],
  sensitiveData: [],
  hoursOpen: ['closesAt', 'hours'],
  hoursOpenNoClosing: ['hours'],
  hoursClosed: ['nextOpening', 'hours'],
  hoursClosedNoOpening: ['hours'],
  location: ['location'],
  describeBilling: [],
  describeTechnicalIssue: [],
  describeProfileUpdate: [],
  describeCloseAccount: [],
  handoffOpen: ['expectedWait'],
  handoffClosed: ['nextOpening'],
  handoffClosedNoOpening: [],
  handoffNoHours: ['expectedWait'],
  handoffPlain: [],
  thanksReply: [],
} as const satisfies Record<string, readonly Placeholder[]>;

export type BotTextKey = keyof typeof TEXT_PLACEHOLDERS;

export const BOT_TEXT_KEYS = Object.keys(TEXT_PLACEHOLDERS) as BotTextKey[];

export type BotTexts = Readonly<Record<BotTextKey, string>>;

/*
 * Spanish texts use only letters in the GSM-7 basic set: é ñ ü are in it, á í ó ú are not
 * (reference/carriers.md §5 "Character sets"), so the wording avoids á í ó ú ("Cuéntame",
 * "historial", "te responderemos") and, where no other word will do, drops the accent as people do
 * when texting: "numero" for "número", "SI" for "SÍ". ¿ and ¡ are GSM-7.
 */
export const DEFAULT_TEXTS: Readonly<Record<BotLanguage, BotTexts>> = {
  en: {
    greeting:
      "Hi, this is {businessName}'s automated assistant. I can help with orders, passwords and hours, or reply 0 for a person. Reply STOP to opt out.",
    menuIntro: 'Reply with a number:',
    submenuIntro: '{submenuLabel}, reply with a letter:',
    notUnderstood: "Sorry, I didn't get that.",
    askOrderNumber: "Sure. What's your order number? It looks like {orderNumberExample}.",
    askOrderNumberAgain:
      "I couldn't find an order number in that. Please send just the number, like {orderNumberExample}.",
    orderFound: 'Order {orderNumber}: {orderStatus}.',
    orderEta: 'Expected {eta}.',
    orderTracking: 'Track it: {trackingLink}',
    orderNotFound: "I couldn't find order {orderNumber}.",
    orderLookupFailed: "Sorry, I can't check orders right now.",
    resetLink: 'Reset your password here: {resetLink} Did that work? Reply YES or NO',
    resetSent:
      "I've sent a password reset link to the email on your account. Did that work? Reply YES or NO",
    resetFailed: "Sorry, I couldn't send a reset link right now.",
    resetConfirmed: 'Great, glad that worked! Text us any time.',
    resetNotConfirmed: 'Sorry about that.',
    resetAskAgain: 'Did the reset work? Please reply YES or NO',
    sensitiveData:
      "For your safety, please don't text passwords, card numbers or SSNs. We'll never ask for them.",
    hoursOpen: "We're open now until {closesAt}. Hours: {hours}.",
    hoursOpenNoClosing: "We're open now. Hours: {hours}.",
    hoursClosed: "We're closed now and open {nextOpening}. Hours: {hours}.",
    hoursClosedNoOpening: "We're closed now. Hours: {hours}.",
    location: 'Find us at {location}.',
    describeBilling: 'Sure. In a few words, what is your billing question?',
    describeTechnicalIssue: "Sorry about that. In a few words, what's going wrong?",
    describeProfileUpdate: 'Sure. What would you like to change on your profile?',
    describeCloseAccount: 'Sorry to see you go. Can you tell us why you want to close it?',
    handoffOpen:
      "Connecting you to an agent, who will see this chat. We're open now; expected wait {expectedWait}.",
    handoffClosed:
      "Connecting you to an agent, who will see this chat. We're closed now and will reply from {nextOpening}.",
    handoffClosedNoOpening:
      "Connecting you to an agent, who will see this chat. We're closed now and will reply as soon as we can.",
    handoffNoHours:
      'Connecting you to an agent, who will see this chat. Expected wait: {expectedWait}.',
    handoffPlain: 'Connecting you to an agent, who will see this chat.',
    thanksReply: "You're welcome! Text us any time.",
  },
  es: {
    greeting:
      'Hola, soy el asistente virtual de {businessName}: pedidos, contraseñas y horarios. Responde 0 para una persona o STOP para darte de baja.',
    menuIntro: 'Responde con una cifra:',
    submenuIntro: '{submenuLabel}, responde con una letra:',
    notUnderstood: 'Perdona, no te he entendido.',
    askOrderNumber: '¡Claro! ¿Me das tu numero de pedido? Es algo como {orderNumberExample}.',
    askOrderNumberAgain:
      'No veo un numero de pedido en tu mensaje. Manda solo el numero, por ejemplo {orderNumberExample}.',
    orderFound: 'Pedido {orderNumber}: {orderStatus}.',
    orderEta: 'Llega {eta}.',
    orderTracking: 'Seguimiento: {trackingLink}',
    orderNotFound: 'No encuentro el pedido {orderNumber}.',
    orderLookupFailed: 'Perdona, ahora mismo no puedo consultar pedidos.',
    resetLink:
      'Cambia tu contraseña con este enlace: {resetLink} ¿Te ha funcionado? Responde SI o NO',
    resetSent:
      'Te hemos enviado un enlace para cambiar la contraseña a tu email. ¿Te ha funcionado? Responde SI o NO',
    resetFailed: 'Perdona, ahora mismo no puedo enviarte el enlace.',
    resetConfirmed: '¡Genial! Me alegro. Estamos para ayudarte.',
    resetNotConfirmed: 'Vaya, lo siento.',
    resetAskAgain: '¿Te ha funcionado el cambio? Responde SI o NO',
    sensitiveData:
      'Por tu seguridad, no mandes contraseñas, tarjetas ni documentos por SMS. Nunca te los pediremos.',
    hoursOpen: 'Estamos abiertos hasta las {closesAt}. Horario: {hours}.',
    hoursOpenNoClosing: 'Estamos abiertos ahora. Horario: {hours}.',
    hoursClosed: 'Ahora estamos cerrados; abrimos {nextOpening}. Horario: {hours}.',
    hoursClosedNoOpening: 'Ahora estamos cerrados. Horario: {hours}.',
    location: 'Estamos en {location}.',
    describeBilling: 'Claro. ¿Me cuentas en pocas palabras tu consulta de pagos?',
    describeTechnicalIssue: 'Vaya, lo siento. Cuéntame el problema en pocas palabras.',
    describeProfileUpdate: 'Claro. ¿Qué quieres cambiar en tu perfil?',
    describeCloseAccount: 'Sentimos que te vayas. ¿Nos dices por qué quieres cerrarla?',
    handoffOpen:
      'Te paso con una persona, con todo el historial del chat. Estamos abiertos; espera estimada: {expectedWait}.',
    handoffClosed:
      'Te paso con una persona, con todo el historial del chat. Ahora estamos cerrados; te responderemos {nextOpening}.',
    handoffClosedNoOpening:
      'Te paso con una persona, con todo el historial del chat. Ahora estamos cerrados; te responderemos lo antes posible.',
    handoffNoHours:
      'Te paso con una persona, con todo el historial del chat. Espera estimada: {expectedWait}.',
    handoffPlain: 'Te paso con una persona, con todo el historial del chat.',
    thanksReply: '¡De nada! Estamos para ayudarte.',
  },
};

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** Placeholders a text uses, in order, duplicates kept. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/**
 * Values that come from outside the workspace's configuration (the customer, the shop's order
 * endpoint, the clock) and are cut to their maximum length when rendered, so they can never push a
 * text past what the segment test proved. Workspace values (business name, expected wait, links,
 * hours, location) are rendered whole and checked by `botStartupWarnings` instead.
 */
// Not the tracking link: a cut URL is worse than none (the engine leaves out a link that does not fit).
export const TRUNCATED_PLACEHOLDERS: ReadonlySet<Placeholder> = new Set([
  'orderNumber',
  'orderStatus',
  'eta',
  'nextOpening',
  'closesAt',
]);

/** Fills {placeholders}; unknown or missing ones are left as they are. */
export function renderText(text: string, values: Partial<Record<Placeholder, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(name in PLACEHOLDER_MAX_LENGTH)) return whole;
    const placeholder = name as Placeholder;
    const value = values[placeholder];
    if (value === undefined) return whole;
    return TRUNCATED_PLACEHOLDERS.has(placeholder)
      ? truncate(value, PLACEHOLDER_MAX_LENGTH[placeholder])
      : value;
  });
}

/** Cuts to `max` UTF-16 units, ending in '...', never splitting a surrogate pair. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let cut = value.slice(0, Math.max(0, max - 3));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}...`;
}
