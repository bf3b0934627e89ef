// The bot's part of a delivery job: it answers a new conversation's texts until it resolves it or hands it to an agent.
import {
  conversationStateSchema,
  formatTranscript,
  openingStatus,
  type ConversationState,
  type StepResult,
} from '@smsbridge/bot';
import { classifyKeyword, currentConsent } from '@smsbridge/compliance';
import type { TicketPriority, TicketSnapshot } from '@smsbridge/helpdesks';
import type { Selectable, Transaction } from 'kysely';
import type { BotSessionStatus, ConversationsTable, Database } from '../store/schema.ts';
import { botOwnsConversation } from './bot-routing.ts';
import type { BotRuntime } from './bot-runtime.ts';
import { readConsentEvents } from './consent-ledger.ts';
import type { RelayContext, WorkspaceRuntime } from './context.ts';
import { queueOutboundSms } from './outbound-queue.ts';

type ConversationRow = Selectable<ConversationsTable>;

export interface PendingText {
  readonly id: number;
  readonly body: string;
}

/** What the ticket of a finished bot session carries, besides the customer's texts. */
export interface BotTicketPlan {
  readonly sessionId: number;
  readonly status: Exclude<BotSessionStatus, 'active'>;
  readonly tags: readonly string[];
  readonly priority: TicketPriority;
  /** Created solved: the bot resolved it (and the workspace records such tickets). */
  readonly solved: boolean;
  /** The internal note for the agent: outcome, intent, SLA tier, one line per turn. */
  readonly note: string;
}

export type BotTurnResult =
  /** Not the bot's conversation: the texts go to the helpdesk as usual. */
  | { readonly kind: 'not_bot' }
  /** The bot answered every text; nothing for the helpdesk yet. */
  | { readonly kind: 'consumed' }
  /** The session ended: its texts, and any after it, go to a new ticket with this plan. */
  | { readonly kind: 'outcome'; readonly plan: BotTicketPlan };

/**
 * A session that was only small talk ("thanks!" after the bot answered) is no support request:
 * recording it would add a solved ticket per thank-you and inflate the deflection count.
 */
const SMALL_TALK: ReadonlySet<string> = new Set(['none', 'thanks', 'greeting']);

/** Message statuses of inbound texts the bot took (see deliver-inbound.ts for the others). */
export const BOT_TEXT_STATUS = {
  /** Held by a bot session; written to the ticket when the session ends. */
  held: 'bot',
  /** The bot resolved the conversation and the workspace records no ticket for that. */
  resolvedWithoutTicket: 'bot_only',
} as const;

const HANDOFF_WORDS: Readonly<Record<string, string>> = {
  customer_asked: 'the customer asked for a person',
  needs_agent: 'this needs an agent',
  not_understood: 'the bot did not understand twice',
  order_not_found: 'the order was not found',
  order_lookup_timeout: 'the order lookup timed out',
  order_lookup_failed: 'the order lookup failed',
  order_lookup_unavailable: 'no order lookup is configured',
  order_number_missing: 'no order number was given',
  reset_not_working: 'the password reset did not work for the customer',
  reset_unconfirmed: 'the customer did not confirm the password reset',
  reset_failed: 'the password reset endpoint failed',
  reset_unavailable: 'no password reset is configured',
  hours_unavailable: 'no business hours are configured',
  conversation_too_long: 'the conversation went on too long',
};

function readState(json: string): ConversationState | null {
  const parsed = conversationStateSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

/** The note a finished session leaves on its ticket, so no customer repeats themselves. */
export function sessionNote(
  status: BotTicketPlan['status'],
  result: Pick<StepResult, 'intent' | 'handoffReason' | 'sla' | 'transcript'>,
  timeZone: string,
): string {
  const outcome =
    status === 'resolved'
      ? 'resolved the conversation itself'
      : status === 'handed_off'
        ? `handed it to an agent: ${HANDOFF_WORDS[result.handoffReason ?? ''] ?? result.handoffReason ?? 'no reason given'}`
        : 'stopped: the customer opted out of texts';
  const details = [
    result.intent === undefined ? undefined : `intent ${result.intent}`,
    result.sla === undefined ? undefined : `SLA ${result.sla.tier}, ${result.sla.reason}`,
  ].filter((part) => part !== undefined);
  const header = `SMS bot ${outcome}${details.length === 0 ? '' : ` (${details.join('; ')})`}.`;
  return `${header}\nTranscript:\n${formatTranscript(result.transcript, timeZone)}`;
}

interface TurnContext {
  readonly context: RelayContext;
  readonly workspace: WorkspaceRuntime;
  readonly bot: BotRuntime;
  readonly conversation: ConversationRow;
  readonly now: Date;
}

/** Technical hand-offs of other customers lately: "many customers report the same" makes P1. */
async function similarRecentReports(turn: TurnContext): Promise<number> {
  const since = new Date(
    turn.now.getTime() - turn.bot.settings.similarReportsWindowMinutes * 60_000,
  ).toISOString();
  const row = await turn.context.store.db
    .selectFrom('bot_sessions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('workspace_id', '=', turn.workspace.config.id)
    .where('status', '=', 'handed_off')
    .where('intent', '=', 'technical_issue')
    .where('updated_at', '>=', since)
    .where('conversation_id', '!=', turn.conversation.id)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A customer on the 24/7 tier: by number, or by a tag on their helpdesk user (read only when needed). */
async function isAlwaysOpen(
  turn: TurnContext,
  requesterIdOf: () => Promise<string>,
): Promise<boolean> {
  const { numbers, tags } = turn.bot.settings.alwaysOpen;
  if (numbers.includes(turn.conversation.customer_phone)) return true;
  if (tags.length === 0) return false;
  const requester = await turn.workspace.helpdesk.getRequester(await requesterIdOf());
  return requester !== null && requester.tags.some((tag) => tags.includes(tag));
}

async function markHeld(trx: Transaction<Database>, rowId: number, timestamp: string) {
  await trx
    .updateTable('messages')
    .set({ status: BOT_TEXT_STATUS.held, updated_at: timestamp })
    .where('id', '=', rowId)
    .execute();
}

/**
 * Runs the bot over the conversation's undelivered texts, in order, when the bot owns the
 * conversation. Each text's effects (the session's state, the bot's replies, the text marked as the
 * bot's) are committed together, so a job that dies half-way resumes at the next text and never
 * answers one twice.
 */
export async function runBotTurn(options: {
  readonly context: RelayContext;
  readonly workspace: WorkspaceRuntime;
  readonly conversation: ConversationRow;
  readonly pending: readonly PendingText[];
  readonly ticket: TicketSnapshot | null;
  readonly now: Date;
  /** The customer's helpdesk user (found or created); only asked for the 24/7 tier by tag. */
  readonly requesterId: () => Promise<string>;
}): Promise<BotTurnResult> {
  const { context, workspace, conversation, now } = options;
  const bot = workspace.bot;
  if (bot === undefined || options.pending.length === 0) return { kind: 'not_bot' };
  const db = context.store.db;
  const session =
    conversation.bot_session_id === null
      ? undefined
      : await db
          .selectFrom('bot_sessions')
          .selectAll()
          .where('id', '=', conversation.bot_session_id)
          .where('status', '=', 'active')
          .executeTakeFirst();
  const ticketResolvedByBot =
    options.ticket?.status === 'solved' &&
    (await db
      .selectFrom('bot_sessions')
      .select('id')
      .where('workspace_id', '=', workspace.config.id)
      .where('ticket_id', '=', options.ticket.ticketId)
      .where('status', '=', 'resolved')
      .executeTakeFirst()) !== undefined;
  const owns = botOwnsConversation({
    sessionActive: session !== undefined,
    ticket: options.ticket,
    ticketResolvedByBot,
    agentReplied: conversation.agent_replied_at !== null,
    now,
    reopenWindowHours: workspace.config.threading.reopenWindowHours,
  });
  if (!owns) return { kind: 'not_bot' };
  // An opted-out customer gets no bot: only START is answered, by the keyword path.
  const ledger = await readConsentEvents(db, workspace.config.id, conversation.customer_phone);
  if (!currentConsent(ledger, 'support').canSend && session === undefined) {
    return { kind: 'not_bot' };
  }

  const turn: TurnContext = { context, workspace, bot, conversation, now };
  const settings = bot.settings.settings;
  const timeZone = settings.businessHours?.timeZone ?? 'UTC';
  let sessionId = session?.id;
  // A new session after one the bot resolved carries its language and skips a second greeting.
  let state: ConversationState | null =
    session === undefined ? await lastResolvedState(turn) : readState(session.state_json);
  let closedNoticeFor = conversation.closed_notice_for;
  let alwaysOpen: boolean | undefined;
  let reports: number | undefined;
  const engine = await bot.engine();

  for (const text of options.pending) {
    const keyword = classifyKeyword(text.body);
    const timestamp = context.now().toISOString();
    if (keyword.kind === 'opt_out') {
      // STOP ends the bot's part (the keyword path already confirmed it); the agent gets the story.
      if (sessionId === undefined || state === null) return { kind: 'not_bot' };
      const endedId = sessionId;
      await db.transaction().execute((trx) => endSession(trx, turn, endedId, timestamp));
      return {
        kind: 'outcome',
        plan: {
          sessionId: endedId,
          status: 'ended',
          tags: [],
          priority: 'normal',
          solved: false,
          note: sessionNote('ended', { transcript: state.turns }, timeZone),
        },
      };
    }
    if (keyword.kind !== 'none') {
      // HELP and START were answered by the keyword path: kept with the session, not stepped.
      if (sessionId === undefined) return { kind: 'not_bot' };
      await db.transaction().execute((trx) => markHeld(trx, text.id, timestamp));
      continue;
    }

    const opening =
      settings.businessHours === undefined
        ? undefined
        : openingStatus(settings.businessHours, context.now());
    const opensAt = opening?.open === false ? (opening.opensAt?.toISOString() ?? null) : null;
    alwaysOpen ??= opening?.open === false ? await isAlwaysOpen(turn, options.requesterId) : false;
    reports ??= await similarRecentReports(turn);
    const result = await engine.step(state, text.body, {
      now: context.now(),
      lookups: bot.lookupsFor(conversation.customer_phone),
      alwaysOpen,
      closedNoticeSent: opensAt !== null && closedNoticeFor === opensAt,
      similarRecentReports: reports,
    });
    state = result.state;
    const status: BotSessionStatus =
      result.outcome === 'resolved'
        ? 'resolved'
        : result.outcome === 'handoff'
          ? 'handed_off'
          : 'active';
    const done = status !== 'active';
    const recordTicket =
      status !== 'resolved' ||
      (bot.settings.recordResolvedTickets && !SMALL_TALK.has(result.intent ?? 'none'));
    sessionId = await db.transaction().execute(async (trx) => {
      const id = await saveSession(trx, turn, sessionId, result, status, timestamp);
      for (const [index, reply] of result.replies.entries()) {
        await queueOutboundSms(trx, context, workspace, {
          conversationId: conversation.id,
          body: reply,
          origin: 'bot_reply',
          originId: `${text.id}:${index}`,
          authorName: null,
        });
      }
      if (done && !recordTicket) {
        // Nothing for the helpdesk: the session's texts were answered and stay with it.
        await trx
          .updateTable('messages')
          .set({ status: BOT_TEXT_STATUS.resolvedWithoutTicket, updated_at: timestamp })
          .where('conversation_id', '=', conversation.id)
          .where('status', 'in', [BOT_TEXT_STATUS.held, 'received'])
          .where('id', '<=', text.id)
          .execute();
      } else {
        await markHeld(trx, text.id, timestamp);
      }
      if (result.closedNoticeIncluded && opensAt !== null) closedNoticeFor = opensAt;
      await trx
        .updateTable('conversations')
        .set({
          bot_session_id: done ? null : id,
          closed_notice_for: closedNoticeFor,
          updated_at: timestamp,
        })
        .where('id', '=', conversation.id)
        .execute();
      return id;
    });
    context.notifyWorker();
    context.metrics.botSteps.inc({ workspace: workspace.config.id, outcome: result.outcome });
    if (!done) continue;
    if (!recordTicket) return { kind: 'consumed' };
    return {
      kind: 'outcome',
      plan: {
        sessionId,
        status,
        tags: result.tags,
        priority: result.sla?.zendeskPriority ?? 'normal',
        solved: status === 'resolved',
        note: sessionNote(status, result, timeZone),
      },
    };
  }
  return { kind: 'consumed' };
}

async function lastResolvedState(turn: TurnContext): Promise<ConversationState | null> {
  const last = await turn.context.store.db
    .selectFrom('bot_sessions')
    .select(['status', 'state_json'])
    .where('conversation_id', '=', turn.conversation.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.status === 'resolved' ? readState(last.state_json) : null;
}

async function saveSession(
  trx: Transaction<Database>,
  turn: TurnContext,
  sessionId: number | undefined,
  result: StepResult,
  status: BotSessionStatus,
  timestamp: string,
): Promise<number> {
  const values = {
    status,
    state_json: JSON.stringify(result.state),
    intent: result.intent ?? null,
    handoff_reason: result.handoffReason ?? null,
    sla_tier: result.sla?.tier ?? null,
    updated_at: timestamp,
  };
  if (sessionId !== undefined) {
    await trx.updateTable('bot_sessions').set(values).where('id', '=', sessionId).execute();
    return sessionId;
  }
  const inserted = await trx
    .insertInto('bot_sessions')
    .values({
      ...values,
      workspace_id: turn.workspace.config.id,
      conversation_id: turn.conversation.id,
      ticket_id: null,
      started_at: timestamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** The customer opted out mid-session: the bot stops, and the session's texts go to an agent. */
async function endSession(
  trx: Transaction<Database>,
  turn: TurnContext,
  sessionId: number,
  timestamp: string,
): Promise<void> {
  await trx
    .updateTable('bot_sessions')
    .set({ status: 'ended', updated_at: timestamp })
    .where('id', '=', sessionId)
    .execute();
  await trx
    .updateTable('conversations')
    .set({ bot_session_id: null, updated_at: timestamp })
    .where('id', '=', turn.conversation.id)
    .execute();
}

/** Links the finished session to the ticket its texts were written to (for the sidebar and threading). */
export async function recordSessionTicket(
  trx: Transaction<Database>,
  sessionId: number,
  ticketId: string,
): Promise<void> {
  await trx
    .updateTable('bot_sessions')
    .set({ ticket_id: ticketId })
    .where('id', '=', sessionId)
    .execute();
}
