// The conversation engine: one inbound text in, the bot's replies, next state and outcome out.
import {
  analyzeSms,
  GSM_BASIC_CHARACTERS,
  GSM_EXTENSION_CHARACTERS,
  suggestGsm,
} from '@smsbridge/sms';
import { z } from 'zod';
import { openingStatus } from './business-hours.ts';
import { isAgentRequest, parseMenuChoice, parseYesNo } from './choices.ts';
import type { MenuChoice } from './choices.ts';
import type { IntentClassification, IntentClassifier } from './classifier.ts';
import { AGENT_MENU_LABEL } from './config.ts';
import type { BotConfig, MenuItem } from './config.ts';
import { formatClosing, formatEta, formatMoment, summarizeWeeklyHours } from './format.ts';
import { BOT_INTENTS, BOT_LANGUAGES, isIntentLabel, OUT_OF_SCOPE } from './intents.ts';
import type { BotIntent, BotLanguage, IntentLabel } from './intents.ts';
import { extractOrderNumber, orderLookupResultSchema, trackingLinkFor } from './order-lookup.ts';
import type { OrderLookupResult } from './order-lookup.ts';
import { blankSensitiveData, detectSensitiveData, redactSensitiveData } from './sensitive.ts';
import type { SensitiveDataDetector, SensitiveSpan } from './sensitive.ts';
import { slaTier } from './sla.ts';
import type { SlaAssessment } from './sla.ts';
import { DEFAULT_TEXTS, PLACEHOLDER_MAX_LENGTH, renderText } from './texts.ts';
import type { BotTextKey, Placeholder } from './texts.ts';
import { oneLine } from './transcript.ts';
import type { TranscriptTurn } from './transcript.ts';

export type ConversationPhase =
  | 'open'
  | 'submenu'
  | 'awaiting_order_number'
  | 'awaiting_reset_confirmation'
  | 'awaiting_description'
  | 'resolved'
  | 'handed_off';

/** Longest inbound text the engine reads; SMS bodies are at most 1600 characters (carriers.md §5). */
export const MAX_INBOUND_CHARS = 1600;
/** A conversation this long goes to a person rather than loop through the menu forever. */
export const MAX_TURNS = 60;

const turnSchema = z.object({
  at: z.string().max(40),
  from: z.enum(['customer', 'bot']),
  text: z.string().max(2000),
  intent: z.string().refine(isIntentLabel).optional(),
  score: z.number().min(0).max(1).optional(),
});

/** The stored state (JSON-safe). The relay keeps it per conversation; a malformed one throws. */
export const conversationStateSchema = z.object({
  version: z.literal(1),
  language: z.enum(BOT_LANGUAGES),
  phase: z.enum([
    'open',
    'submenu',
    'awaiting_order_number',
    'awaiting_reset_confirmation',
    'awaiting_description',
    'resolved',
    'handed_off',
  ]),
  greeted: z.boolean(),
  /** Texts not understood so far; the second one goes to a person. */
  misses: z.number().int().min(0).max(100),
  /** Times the current question was asked again (order number, YES/NO). */
  reasks: z.number().int().min(0).max(100),
  submenuKey: z.string().max(1).optional(),
  pendingIntent: z.enum(BOT_INTENTS).optional(),
  intent: z.enum(BOT_INTENTS).optional(),
  orderNumber: z.string().max(40).optional(),
  turns: z.array(turnSchema).max(MAX_TURNS * 4),
});

export type ConversationState = z.infer<typeof conversationStateSchema>;

export type ResetPasswordResult =
  | { readonly kind: 'sent' }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'error'; readonly detail?: string };

const resetResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sent') }),
  z.object({ kind: z.literal('not_found') }),
  z.object({ kind: z.literal('timeout') }),
  z.object({ kind: z.literal('error'), detail: z.string().optional() }),
]);

/**
 * I/O the relay injects. Each must settle: the relay enforces the workspace's timeout
 * (`orderLookup.timeoutMs`) and answers `{ kind: 'timeout' }`. A rejection counts as an error.
 */
export interface BotLookups {
  readonly orderLookup?: (orderNumber: string) => Promise<OrderLookupResult>;
  /** Endpoint mode of password reset; the relay knows who is texting. */
  readonly resetPassword?: () => Promise<ResetPasswordResult>;
}

export interface StepContext {
  readonly now: Date;
  readonly lookups?: BotLookups;
  /** Customer on a 24/7 tier: hand-offs say nothing about closed hours. */
  readonly alwaysOpen?: boolean;
  /** The customer was already told "we're closed" in this closed period; don't repeat it. */
  readonly closedNoticeSent?: boolean;
  /** Recent similar reports from other customers, for the P1 "many reporting the same" rule. */
  readonly similarRecentReports?: number;
}

export type HandoffReason =
  | 'customer_asked'
  | 'needs_agent'
  | 'not_understood'
  | 'order_not_found'
  | 'order_lookup_timeout'
  | 'order_lookup_failed'
  | 'order_lookup_unavailable'
  | 'order_number_missing'
  | 'reset_not_working'
  | 'reset_unconfirmed'
  | 'reset_failed'
  | 'reset_unavailable'
  | 'hours_unavailable'
  | 'conversation_too_long';

export type StepOutcome = 'continue' | 'resolved' | 'handoff';

export interface StepResult {
  readonly state: ConversationState;
  /** SMS bodies to send, in order; each default text is one GSM-7 segment. */
  readonly replies: readonly string[];
  readonly outcome: StepOutcome;
  /** The conversation's intent so far (tag `sms_intent_<name>`); absent when nothing was understood. */
  readonly intent?: BotIntent;
  readonly handoffReason?: HandoffReason;
  /** Priority for the hand-off ticket. */
  readonly sla?: SlaAssessment;
  /** Tags for the ticket when the bot resolved or handed off (DESIGN.md "Native reporting"). */
  readonly tags: readonly string[];
  /** This step's turns (customer text redacted). */
  readonly turns: readonly TranscriptTurn[];
  /** Every turn of the conversation so far. */
  readonly transcript: readonly TranscriptTurn[];
  /** The hand-off reply told the customer "we're closed" (the relay remembers it for the period). */
  readonly closedNoticeIncluded: boolean;
  /** The inbound text held a password, card number or SSN (never echoed, redacted in turns). */
  readonly sensitiveDataDetected: boolean;
}

export interface ConversationEngineOptions {
  readonly config: BotConfig;
  readonly classifier: IntentClassifier;
  /** Defaults to the bot's small built-in detector; the relay may pass compliance's detectPii. */
  readonly detectSensitiveData?: SensitiveDataDetector;
}

export interface ConversationEngine {
  readonly step: (
    state: ConversationState | null | undefined,
    inboundText: string,
    context: StepContext,
  ) => Promise<StepResult>;
}

const GSM_CHARACTERS = new Set([...GSM_BASIC_CHARACTERS, ...GSM_EXTENSION_CHARACTERS]);

/**
 * A value from outside (order status, ETA) made safe for one GSM-7 SMS: one line, look-alikes
 * replaced (curly quotes, dashes), anything still outside GSM-7 dropped.
 */
function smsSafe(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters from the shop's endpoint are what this removes
  const flat = value.replace(/[\u0000-\u001F\u007F]+/g, ' ');
  const replaced = suggestGsm(flat).text;
  return [...replaced]
    .filter((character) => GSM_CHARACTERS.has(character))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The shop's status cut at a word to fit its placeholder, without a trailing full stop. */
function shortStatus(status: string): string {
  let value = smsSafe(status).replace(/[.!\s]+$/, '');
  const max = PLACEHOLDER_MAX_LENGTH.orderStatus;
  if (value.length > max) {
    const cut = value.slice(0, max + 1);
    const space = cut.lastIndexOf(' ');
    value = (space > max / 2 ? cut.slice(0, space) : cut.slice(0, max)).replace(/[\s,;:-]+$/, '');
  }
  return value === '' ? '?' : value;
}

/** Joins neighbouring parts into one SMS whenever the result still fits one segment. */
export function packReplies(parts: readonly string[]): string[] {
  const packed: string[] = [];
  for (const part of parts) {
    const last = packed[packed.length - 1];
    if (last !== undefined) {
      const joined = `${last}${last.includes('\n') || part.includes('\n') ? '\n' : ' '}${part}`;
      if (analyzeSms(joined).segmentCount === 1) {
        packed[packed.length - 1] = joined;
        continue;
      }
    }
    packed.push(part);
  }
  return packed;
}

function freshState(language: BotLanguage, greeted: boolean): ConversationState {
  return { version: 1, language, phase: 'open', greeted, misses: 0, reasks: 0, turns: [] };
}

function labelIn(
  label: { en?: string | undefined; es?: string | undefined },
  language: BotLanguage,
): string {
  return label[language] ?? label.en ?? label.es ?? '';
}

/** The menu as one SMS body: the intro line, then "key label" per line. */
export function menuText(config: BotConfig, language: BotLanguage): string {
  const intro = config.texts[language]?.menuIntro ?? DEFAULT_TEXTS[language].menuIntro;
  const lines = config.menu.map((item) => `${item.key} ${labelIn(item.label, language)}`);
  return [intro, ...lines].join('\n');
}

/** A sub-menu as one SMS body, ending with "0 Talk to a person". */
export function submenuText(config: BotConfig, item: MenuItem, language: BotLanguage): string {
  const intro = renderText(
    config.texts[language]?.submenuIntro ?? DEFAULT_TEXTS[language].submenuIntro,
    {
      submenuLabel: labelIn(item.label, language),
    },
  );
  const lines = (item.submenu ?? []).map(
    (entry) => `${entry.key} ${labelIn(entry.label, language)}`,
  );
  return [intro, ...lines, `0 ${AGENT_MENU_LABEL[language]}`].join('\n');
}

const DESCRIBE_TEXT: Partial<Record<BotIntent, BotTextKey>> = {
  billing: 'describeBilling',
  technical_issue: 'describeTechnicalIssue',
  profile_update: 'describeProfileUpdate',
  close_account: 'describeCloseAccount',
};

/** Builds the engine for one workspace. Deterministic: same state, text and context → same result. */
export function createConversationEngine(options: ConversationEngineOptions): ConversationEngine {
  const { config, classifier } = options;
  const detect = options.detectSensitiveData ?? detectSensitiveData;

  function textOf(
    key: BotTextKey,
    language: BotLanguage,
    values: Partial<Record<Placeholder, string>> = {},
  ): string {
    return renderText(config.texts[language]?.[key] ?? DEFAULT_TEXTS[language][key], values);
  }

  function sensitiveSpans(text: string): SensitiveSpan[] {
    const spans = detect(text);
    return spans.filter(
      (span) =>
        Number.isInteger(span.start) &&
        Number.isInteger(span.end) &&
        span.start >= 0 &&
        span.end <= text.length &&
        span.start < span.end,
    );
  }

  return {
    async step(previous, inboundText, context) {
      if (typeof inboundText !== 'string') {
        throw new TypeError(`step: expected inboundText to be a string, got ${typeof inboundText}`);
      }
      if (!(context?.now instanceof Date) || Number.isNaN(context.now.getTime())) {
        throw new TypeError('step: expected context.now to be a valid Date');
      }
      let state: ConversationState;
      if (previous === null || previous === undefined) {
        state = freshState(config.defaultLanguage, false);
      } else {
        const parsed = conversationStateSchema.safeParse(previous);
        if (!parsed.success) {
          throw new TypeError(
            `step: malformed conversation state (${parsed.error.issues[0]?.message ?? 'invalid'})`,
          );
        }
        state = parsed.data;
      }
      const now = context.now;
      const at = now.toISOString();

      if (state.phase === 'handed_off') {
        // An agent owns the conversation now; the bot stays silent.
        return {
          state,
          replies: [],
          outcome: 'handoff',
          ...(state.intent ? { intent: state.intent } : {}),
          tags: [],
          turns: [],
          transcript: state.turns,
          closedNoticeIncluded: false,
          sensitiveDataDetected: false,
        };
      }
      if (state.phase === 'resolved') state = freshState(state.language, true);

      const text = inboundText.slice(0, MAX_INBOUND_CHARS);
      const sensitive = sensitiveSpans(text);
      // Sensitive values are blanked for understanding and labelled for the transcript.
      const blanked = blankSensitiveData(text, sensitive);
      const customerTurn: {
        at: string;
        from: 'customer';
        text: string;
        intent?: IntentLabel;
        score?: number;
      } = {
        at,
        from: 'customer',
        text: oneLine(redactSensitiveData(text, sensitive)),
      };

      const parts: string[] = [];
      let outcome = 'continue' as StepOutcome;
      let handoffReason: HandoffReason | undefined;
      let sla: SlaAssessment | undefined;
      let closedNoticeIncluded = false;
      const say = (key: BotTextKey, values?: Partial<Record<Placeholder, string>>): void => {
        parts.push(textOf(key, state.language, values));
      };
      const note = (intent: IntentLabel, score?: number): void => {
        customerTurn.intent = intent;
        if (score !== undefined) customerTurn.score = Math.round(score * 100) / 100;
      };

      if (sensitive.length > 0) say('sensitiveData');

      const classify = async (): Promise<IntentClassification> => {
        const result = await classifier.classify(blanked);
        if (result.language !== null && config.languages.includes(result.language)) {
          state = { ...state, language: result.language };
        }
        note(result.intent, result.score);
        return result;
      };
      const confident = (
        result: IntentClassification,
      ): result is IntentClassification & { intent: BotIntent } =>
        result.intent !== OUT_OF_SCOPE && result.score >= config.confidenceThreshold;

      const handoff = (reason: HandoffReason): void => {
        const hours = config.businessHours;
        if (context.alwaysOpen || !hours) {
          say('handoffNoHours', { expectedWait: config.expectedWait[state.language] ?? '' });
        } else {
          const status = openingStatus(hours, now);
          if (status.open) {
            say('handoffOpen', { expectedWait: config.expectedWait[state.language] ?? '' });
          } else if (context.closedNoticeSent) {
            say('handoffPlain');
          } else {
            closedNoticeIncluded = true;
            if (status.opensAt) {
              say('handoffClosed', {
                nextOpening: formatMoment(status.opensAt, now, hours.timeZone, state.language),
              });
            } else {
              say('handoffClosedNoOpening');
            }
          }
        }
        outcome = 'handoff';
        handoffReason = reason;
        state = { ...state, phase: 'handed_off' };
      };
      const resolve = (): void => {
        outcome = 'resolved';
        state = { ...state, phase: 'resolved' };
      };
      const setIntent = (intent: BotIntent): void => {
        if (intent !== 'greeting' && intent !== 'thanks') state = { ...state, intent };
      };

      const showMenu = (): void => {
        parts.push(menuText(config, state.language));
        state = { ...state, phase: 'open', reasks: 0 };
      };
      const miss = (): void => {
        const misses = state.misses + 1;
        state = { ...state, misses };
        if (misses >= 2) {
          handoff('not_understood');
          return;
        }
        say('notUnderstood');
        showMenu();
      };

      const lookupOrder = async (orderNumber: string): Promise<void> => {
        state = { ...state, intent: 'order_status', orderNumber, phase: 'open', reasks: 0 };
        let raw: unknown;
        try {
          raw = await context.lookups?.orderLookup?.(orderNumber);
        } catch {
          raw = { kind: 'error' };
        }
        const parsed = orderLookupResultSchema.safeParse(raw);
        const result: OrderLookupResult = parsed.success ? parsed.data : { kind: 'error' };
        if (result.kind === 'found') {
          say('orderFound', { orderNumber, orderStatus: shortStatus(result.status) });
          if (result.eta) {
            const eta = smsSafe(formatEta(result.eta, state.language));
            if (eta !== '') say('orderEta', { eta });
          }
          const link = trackingLinkFor(config.trackingLinkTemplate, orderNumber, result);
          if (link !== null) say('orderTracking', { trackingLink: link });
          resolve();
          return;
        }
        if (result.kind === 'not_found') {
          say('orderNotFound', { orderNumber });
          handoff('order_not_found');
          return;
        }
        say('orderLookupFailed');
        handoff(result.kind === 'timeout' ? 'order_lookup_timeout' : 'order_lookup_failed');
      };

      const startOrderStatus = async (viaMenu: boolean): Promise<void> => {
        if (!context.lookups?.orderLookup) {
          handoff('order_lookup_unavailable');
          return;
        }
        const orderNumber = viaMenu
          ? null
          : extractOrderNumber(text, config.orderNumber.pattern, sensitive);
        if (orderNumber !== null) {
          await lookupOrder(orderNumber);
          return;
        }
        state = { ...state, phase: 'awaiting_order_number', reasks: 0 };
        say('askOrderNumber', { orderNumberExample: config.orderNumber.example });
      };

      const startPasswordReset = async (): Promise<void> => {
        const reset = config.passwordReset;
        if (reset?.mode === 'link') {
          say('resetLink', { resetLink: reset.url });
          state = { ...state, phase: 'awaiting_reset_confirmation', reasks: 0 };
          return;
        }
        if (reset?.mode !== 'endpoint' || !context.lookups?.resetPassword) {
          handoff('reset_unavailable');
          return;
        }
        let raw: unknown;
        try {
          raw = await context.lookups.resetPassword();
        } catch {
          raw = { kind: 'error' };
        }
        const parsed = resetResultSchema.safeParse(raw);
        if (parsed.success && parsed.data.kind === 'sent') {
          say('resetSent');
          state = { ...state, phase: 'awaiting_reset_confirmation', reasks: 0 };
          return;
        }
        say('resetFailed');
        handoff('reset_failed');
      };

      const answerHours = (): void => {
        const hours = config.businessHours;
        if (!hours && !config.location) {
          handoff('hours_unavailable');
          return;
        }
        if (hours) {
          const summary =
            config.hoursSummary?.[state.language] ?? summarizeWeeklyHours(hours, state.language);
          const status = openingStatus(hours, now);
          if (status.open && status.closesAt) {
            say('hoursOpen', {
              closesAt: formatClosing(status.closesAt, now, hours.timeZone, state.language),
              hours: summary,
            });
          } else if (status.open) {
            say('hoursOpenNoClosing', { hours: summary });
          } else if (status.opensAt) {
            say('hoursClosed', {
              nextOpening: formatMoment(status.opensAt, now, hours.timeZone, state.language),
              hours: summary,
            });
          } else {
            say('hoursClosedNoOpening', { hours: summary });
          }
        }
        if (config.location) say('location', { location: config.location });
        resolve();
      };

      const startIntent = async (intent: BotIntent, viaMenu: boolean): Promise<void> => {
        setIntent(intent);
        switch (intent) {
          case 'greeting':
            showMenu();
            return;
          case 'thanks':
            say('thanksReply');
            resolve();
            return;
          case 'agent':
            handoff('customer_asked');
            return;
          case 'order_status':
            await startOrderStatus(viaMenu);
            return;
          case 'password_reset':
            await startPasswordReset();
            return;
          case 'hours_location':
            answerHours();
            return;
          default: {
            const describe = DESCRIBE_TEXT[intent];
            if (viaMenu && describe) {
              say(describe);
              state = { ...state, phase: 'awaiting_description', pendingIntent: intent, reasks: 0 };
              return;
            }
            handoff('needs_agent');
          }
        }
      };

      /** A menu key anywhere in the conversation; false when the key means nothing here. */
      const chooseFromMenu = async (choice: MenuChoice): Promise<boolean> => {
        if (choice.digit === '0' && choice.letter === null) {
          note('agent');
          await startIntent('agent', true);
          return true;
        }
        if (choice.digit !== null) {
          const item = config.menu.find((candidate) => candidate.key === choice.digit);
          if (!item) return false;
          if (item.intent) {
            if (choice.letter !== null) return false;
            note(item.intent);
            await startIntent(item.intent, true);
            return true;
          }
          if (choice.letter === null) {
            parts.push(submenuText(config, item, state.language));
            state = { ...state, phase: 'submenu', submenuKey: item.key, reasks: 0 };
            return true;
          }
          const entry = item.submenu?.find(
            (candidate) => candidate.key.toUpperCase() === choice.letter,
          );
          if (!entry) return false;
          note(entry.intent);
          await startIntent(entry.intent, true);
          return true;
        }
        // A lone letter: the open sub-menu's entry, else the only sub-menu entry with that letter.
        const open = config.menu.find(
          (item) => item.key === state.submenuKey && state.phase === 'submenu',
        );
        const candidates = (open ? [open] : config.menu).flatMap((item) =>
          (item.submenu ?? []).filter((entry) => entry.key.toUpperCase() === choice.letter),
        );
        const entry = candidates.length === 1 ? candidates[0] : undefined;
        if (!entry) return false;
        note(entry.intent);
        await startIntent(entry.intent, true);
        return true;
      };

      const understand = async (): Promise<void> => {
        const choice = parseMenuChoice(blanked);
        const onlySensitive = sensitive.length > 0 && blanked.trim() === '';

        if (state.phase === 'awaiting_reset_confirmation' && !onlySensitive) {
          const answer = parseYesNo(blanked);
          if (answer === 'yes') {
            note('password_reset');
            say('resetConfirmed');
            resolve();
            return;
          }
          if (answer === 'no') {
            note('password_reset');
            say('resetNotConfirmed');
            handoff('reset_not_working');
            return;
          }
        }
        if (state.phase === 'awaiting_order_number') {
          const orderNumber = extractOrderNumber(text, config.orderNumber.pattern, sensitive);
          if (orderNumber !== null && choice === null) {
            note('order_status');
            await lookupOrder(orderNumber);
            return;
          }
        }
        if (state.phase === 'awaiting_description' && !onlySensitive) {
          const pending = state.pendingIntent;
          if (choice === null || (choice.digit === '0' && choice.letter === null)) {
            if (pending) note(pending);
            handoff(choice === null && !isAgentRequest(blanked) ? 'needs_agent' : 'customer_asked');
            return;
          }
        }

        if (choice !== null) {
          if (await chooseFromMenu(choice)) return;
          miss();
          return;
        }
        if (isAgentRequest(blanked)) {
          note('agent');
          await startIntent('agent', false);
          return;
        }
        if (onlySensitive) return; // The safety reply is the whole answer; the question stands.

        const result = await classify();
        const waitingFor: Partial<Record<ConversationPhase, BotIntent>> = {
          awaiting_order_number: 'order_status',
          awaiting_reset_confirmation: 'password_reset',
        };
        const awaited = waitingFor[state.phase];
        if (confident(result) && result.intent !== awaited) {
          await startIntent(result.intent, false);
          return;
        }
        if (
          awaited === undefined &&
          extractOrderNumber(text, config.orderNumber.pattern, sensitive) !== null
        ) {
          // "12345678?" or "12345678 where is it": an order number with nothing else understood.
          await startIntent('order_status', false);
          return;
        }
        if (awaited !== undefined) {
          // Still on the open question: ask once more, then a person takes over.
          if (state.reasks >= 1) {
            handoff(awaited === 'order_status' ? 'order_number_missing' : 'reset_unconfirmed');
            return;
          }
          state = { ...state, reasks: state.reasks + 1 };
          if (awaited === 'order_status')
            say('askOrderNumberAgain', { orderNumberExample: config.orderNumber.example });
          else say('resetAskAgain');
          return;
        }
        miss();
      };

      if (state.turns.length >= MAX_TURNS) {
        handoff('conversation_too_long');
      } else {
        await understand();
      }

      if (!state.greeted) {
        parts.unshift(textOf('greeting', state.language, { businessName: config.businessName }));
        state = { ...state, greeted: true };
      }
      const replies = packReplies(parts);
      const turns: TranscriptTurn[] = [
        customerTurn,
        ...replies.map((reply) => ({ at, from: 'bot' as const, text: oneLine(reply) })),
      ];
      const transcript = [...state.turns, ...turns];
      state = { ...state, turns: transcript };

      if (outcome === 'handoff') {
        const customerWords = transcript
          .filter((turn) => turn.from === 'customer')
          .map((turn) => turn.text)
          .join(' / ');
        sla = slaTier({
          intent: state.intent,
          text: customerWords,
          similarRecentReports: context.similarRecentReports ?? 0,
          similarReportsForUrgent: config.sla.similarReportsForUrgent,
        });
      }
      const intentTag = `${config.tags.intentPrefix}${state.intent ?? 'none'}`;
      const tags =
        outcome === 'resolved'
          ? [config.tags.resolved, intentTag]
          : outcome === 'handoff'
            ? [config.tags.escalated, intentTag]
            : [];

      return {
        state,
        replies,
        outcome,
        ...(state.intent ? { intent: state.intent } : {}),
        ...(handoffReason ? { handoffReason } : {}),
        ...(sla ? { sla } : {}),
        tags,
        turns,
        transcript,
        closedNoticeIncluded,
        sensitiveDataDetected: sensitive.length > 0,
      };
    },
  };
}
