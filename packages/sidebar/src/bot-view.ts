// What both apps show of the bot session behind a ticket: the relay's `bot` checked, its outcome, intent, SLA tier and transcript in words.
import { createTranslator } from './i18n.ts';
import type { SidebarLanguage, Translator } from './i18n.ts';
import type { BotSlaTier, BotStatus, BotTurn } from './relay-api-types.ts';
import en from './translations/en.json' with { type: 'json' };
import es from './translations/es.json' with { type: 'json' };

/** The keys of the bot's strings (translations/en.json `bot`). */
export type BotMessageKey = keyof typeof en.bot;

/** The bot's strings in English and Spanish, for `createTranslator` (and the catalog test). */
export const BOT_CATALOGS = { en: en.bot, es: es.bot } as const;

/** Intents the relay's bot names (packages/bot intents); any other is shown as its code in words. */
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

/**
 * Why the bot hands off (packages/bot `HandoffReason`), and `opted_out`, which the relay reports
 * when the customer texted STOP mid-session; any other is shown as its code in words.
 */
export const BOT_HANDOFF_REASONS = [
  'customer_asked',
  'needs_agent',
  'not_understood',
  'order_not_found',
  'order_lookup_timeout',
  'order_lookup_failed',
  'order_lookup_unavailable',
  'order_number_missing',
  'reset_not_working',
  'reset_unconfirmed',
  'reset_failed',
  'reset_unavailable',
  'hours_unavailable',
  'conversation_too_long',
  'opted_out',
] as const;

/** A transcript longer than this many turns starts collapsed in the Zendesk app. */
export const BOT_TRANSCRIPT_COLLAPSE_AFTER = 6;

/** The SLA tier's tone: each app maps it to its own colours (Garden hues, Crayons pills). */
export type BotSlaTone = 'danger' | 'warning' | 'neutral';

const SLA_TONES: Readonly<Record<BotSlaTier, BotSlaTone>> = {
  P1: 'danger',
  P2: 'warning',
  P3: 'neutral',
};

/** One turn as the sidebar lists it. */
export interface BotTranscriptLine {
  /** ISO 8601, as the relay sent it (for `<time dateTime>`). */
  readonly at: string;
  /** Short time ("10:02 AM"); with the date on the first turn and on the first turn of a new day. */
  readonly time: string;
  readonly from: BotTurn['from'];
  /** Who said it, in words: "Customer", "Bot". */
  readonly speaker: string;
  readonly text: string;
}

/** What the bot section shows, in the agent's language. */
export interface BotSummary {
  readonly status: BotStatus;
  /** "Resolved by the bot: order status", "Handed to an agent: order not found", "Bot is talking with the customer". */
  readonly outcome: string;
  /** The intent's code as the relay sent it; null when none or not a code. */
  readonly intent: string | null;
  /** The intent in words ("order status"); null when none. */
  readonly intentLabel: string | null;
  /** The hand-off reason's code, only when the status is handed_off. */
  readonly handoffReason: string | null;
  readonly slaTier: BotSlaTier | null;
  /** "P1 · urgent"; null when no tier. */
  readonly slaLabel: string | null;
  readonly slaTone: BotSlaTone | null;
  /** ISO 8601; null when the relay sent no date. */
  readonly startedAt: string | null;
  readonly updatedAt: string | null;
  /** The well-formed turns, oldest first, as the relay ordered them. */
  readonly transcript: readonly BotTranscriptLine[];
  /** Turns left out because they were malformed (no text, unknown speaker, no date). */
  readonly omittedTurns: number;
  /** "2 message(s) of the transcript could not be shown."; null when none was left out. */
  readonly omittedNote: string | null;
  /** Whether the transcript is long enough to start collapsed (over BOT_TRANSCRIPT_COLLAPSE_AFTER turns). */
  readonly collapsedByDefault: boolean;
}

export interface BotSummaryOptions {
  /** IANA time zone for the turns' times; the agent's own (the browser's) by default. */
  readonly timeZone?: string;
}

const STATUSES: ReadonlySet<string> = new Set<BotStatus>(['active', 'resolved', 'handed_off']);
const TIERS: ReadonlySet<string> = new Set<BotSlaTier>(['P1', 'P2', 'P3']);
const KNOWN_INTENTS: ReadonlySet<string> = new Set(BOT_INTENTS);
const KNOWN_REASONS: ReadonlySet<string> = new Set(BOT_HANDOFF_REASONS);
/** A code as the relay writes them (`order_not_found`); anything else is not shown. */
const CODE = /^[a-z][a-z0-9_]{0,63}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function codeOf(value: unknown): string | null {
  return typeof value === 'string' && CODE.test(value) ? value : null;
}

/** An ISO 8601 date and time (`2025-01-02T10:00:00.000Z`); a bare date or a free-form one is none. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

function dateOf(value: unknown): string | null {
  return typeof value === 'string' &&
    ISO_DATE_TIME.test(value) &&
    !Number.isNaN(new Date(value).getTime())
    ? value
    : null;
}

function turnOf(value: unknown): BotTurn | null {
  if (!isRecord(value)) return null;
  const { at, from, text } = value;
  if (from !== 'customer' && from !== 'bot') return null;
  if (typeof text !== 'string' || text.trim() === '') return null;
  const date = dateOf(at);
  return date === null ? null : { at: date, from, text };
}

/** A code in words: `new_reason` → `new reason`. */
function words(code: string): string {
  return code.replace(/_/g, ' ');
}

function intentLabel(intent: string, t: Translator<BotMessageKey>): string {
  return KNOWN_INTENTS.has(intent) ? t(`intent_${intent}` as BotMessageKey) : words(intent);
}

function reasonLabel(reason: string, t: Translator<BotMessageKey>): string {
  return KNOWN_REASONS.has(reason) ? t(`reason_${reason}` as BotMessageKey) : words(reason);
}

function outcomeOf(
  status: BotStatus,
  intent: string | null,
  reason: string | null,
  t: Translator<BotMessageKey>,
): string {
  switch (status) {
    case 'active':
      return t('outcome_active');
    case 'resolved':
      return intent === null
        ? t('outcome_resolved')
        : t('outcome_resolved_intent', { intent: intentLabel(intent, t) });
    case 'handed_off':
      return reason === null
        ? t('outcome_handed_off')
        : t('outcome_handed_off_reason', { reason: reasonLabel(reason, t) });
  }
}

/** Each turn's time: the date too on the first turn and whenever the day changes. */
function timesOf(
  turns: readonly BotTurn[],
  language: SidebarLanguage,
  timeZone: string | undefined,
): string[] {
  const zone = timeZone === undefined ? {} : { timeZone };
  const time = new Intl.DateTimeFormat(language, { timeStyle: 'short', ...zone });
  const dateTime = new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...zone,
  });
  const day = new Intl.DateTimeFormat('en-CA', { dateStyle: 'short', ...zone });
  let previousDay = '';
  return turns.map((turn) => {
    const date = new Date(turn.at);
    const thisDay = day.format(date);
    const shown = thisDay === previousDay ? time.format(date) : dateTime.format(date);
    previousDay = thisDay;
    return shown;
  });
}

/**
 * The bot section's content from a conversation view the relay sent (untrusted JSON): null when
 * there is no bot session (`bot` null or left out by an older relay) or its status is not one
 * this app knows. Malformed turns are left out and counted; an intent or reason that is not a
 * code is dropped, an unknown one is shown as its code in words; a hand-off reason counts only
 * when the status is handed_off.
 *
 * @example
 * botSummaryOf({ conversation, consent, bot: { status: 'handed_off', handoffReason: 'order_not_found', ... } }, 'en')
 * // → { outcome: 'Handed to an agent: order not found', slaLabel: 'P3 · normal', transcript: [...], ... }
 */
export function botSummaryOf(
  view: unknown,
  language: SidebarLanguage,
  options: BotSummaryOptions = {},
): BotSummary | null {
  const bot = isRecord(view) ? view.bot : undefined;
  if (!isRecord(bot)) return null;
  const { status } = bot;
  if (typeof status !== 'string' || !STATUSES.has(status)) return null;
  const botStatus = status as BotStatus;
  const t = createTranslator<BotMessageKey>(BOT_CATALOGS, language);

  const intent = codeOf(bot.intent);
  const handoffReason = botStatus === 'handed_off' ? codeOf(bot.handoffReason) : null;
  const slaTier =
    typeof bot.slaTier === 'string' && TIERS.has(bot.slaTier) ? (bot.slaTier as BotSlaTier) : null;

  const raw: readonly unknown[] = Array.isArray(bot.transcript) ? bot.transcript : [];
  const turns = raw.map(turnOf).filter((turn): turn is BotTurn => turn !== null);
  const times = timesOf(turns, language, options.timeZone);
  const omittedTurns = raw.length - turns.length;

  return {
    status: botStatus,
    outcome: outcomeOf(botStatus, intent, handoffReason, t),
    intent,
    intentLabel: intent === null ? null : intentLabel(intent, t),
    handoffReason,
    slaTier,
    slaLabel: slaTier === null ? null : t(`sla_${slaTier}`),
    slaTone: slaTier === null ? null : SLA_TONES[slaTier],
    startedAt: dateOf(bot.startedAt),
    updatedAt: dateOf(bot.updatedAt),
    transcript: turns.map((turn, index) => ({
      at: turn.at,
      time: times[index] ?? turn.at,
      from: turn.from,
      speaker: t(turn.from === 'customer' ? 'from_customer' : 'from_bot'),
      text: turn.text,
    })),
    omittedTurns,
    omittedNote: omittedTurns === 0 ? null : t('omitted_turns', { count: omittedTurns }),
    collapsedByDefault: turns.length > BOT_TRANSCRIPT_COLLAPSE_AFTER,
  };
}
