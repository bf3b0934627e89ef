// The intents the bot understands, the languages it speaks, and the "out of scope" label.

/** Every intent the classifier can return besides {@link OUT_OF_SCOPE}, in menu-ish order. */
export const BOT_INTENTS = [
  'order_status',
  'password_reset',
  'profile_update',
  'close_account',
  'billing',
  'technical_issue',
  'hours_location',
  'agent',
  'greeting',
  'thanks',
] as const;

export type BotIntent = (typeof BOT_INTENTS)[number];

/** nlp.js's name for "no intent": the bot never answers it, it asks once with the menu then hands off. */
export const OUT_OF_SCOPE = 'None';

export type IntentLabel = BotIntent | typeof OUT_OF_SCOPE;

export const BOT_LANGUAGES = ['en', 'es'] as const;

export type BotLanguage = (typeof BOT_LANGUAGES)[number];

export function isBotIntent(value: unknown): value is BotIntent {
  return typeof value === 'string' && (BOT_INTENTS as readonly string[]).includes(value);
}

export function isIntentLabel(value: unknown): value is IntentLabel {
  return value === OUT_OF_SCOPE || isBotIntent(value);
}
