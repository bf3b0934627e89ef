// What the sidebar apps see of a ticket's SMS conversation: the conversation, consent, deliveries, quick replies.
import { conversationStateSchema } from '@smsbridge/bot';
import { currentConsent, type ConsentEvent } from '@smsbridge/compliance';
import { analyzeSms, type SmsEncoding } from '@smsbridge/sms';
import { templateVariables, type QuickReplyVariable } from '../config/quick-replies.ts';
import { maskPhone } from '../observability/logger.ts';
import type { ConversationsTable, MessagesTable } from '../store/schema.ts';
import { readConsentEvents } from './consent-ledger.ts';
import type { RelayContext, WorkspaceRuntime } from './context.ts';
import { MAX_SMS_CHARACTERS } from './outbound-policy.ts';

type ConversationRow = Omit<ConversationsTable, 'id'> & { readonly id: number };

export interface ConversationSummary {
  readonly customerPhoneMasked: string;
  readonly businessNumber: string;
  readonly ticketId: string;
  readonly ticketStatus: string | null;
  readonly createdAt: string;
}

export interface ConsentSummary {
  readonly status: 'opted_in' | 'opted_out' | 'implied' | 'unknown';
  /** Whether an agent reply would be sent now (support purpose). */
  readonly canSend: boolean;
  readonly since: string | null;
  readonly decidingEvent: {
    readonly kind: string;
    readonly source: string;
    readonly keyword: string | null;
    readonly at: string;
  } | null;
}

export interface BotTurnView {
  readonly at: string;
  readonly from: 'customer' | 'bot';
  /** Customer texts with passwords, card numbers and the like already removed. */
  readonly text: string;
}

/** The bot session that led to the ticket (issue 6), for the sidebar's transcript. */
export interface BotView {
  readonly status: 'active' | 'resolved' | 'handed_off';
  readonly intent: string | null;
  readonly handoffReason: string | null;
  readonly slaTier: 'P1' | 'P2' | 'P3' | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly transcript: readonly BotTurnView[];
}

export interface ConversationView {
  readonly conversation: ConversationSummary;
  readonly consent: ConsentSummary;
  /** Null when the bot never talked in this ticket's conversation. */
  readonly bot: BotView | null;
}

export interface ConsentHistoryEntry {
  readonly at: string;
  readonly scope: string;
  readonly kind: string;
  readonly source: string;
  readonly keyword: string | null;
  readonly text: string | null;
  readonly ref: string | null;
  readonly detail: string | null;
}

export interface DeliveryView {
  readonly id: number;
  readonly createdAt: string;
  /** What produced the text: agent_reply, keyword_reply... */
  readonly origin: string | null;
  readonly authorName: string | null;
  readonly status: string;
  readonly errorCode: string | null;
  /** Why it was not delivered (or is not sent yet), in words an agent understands; null otherwise. */
  readonly plainReason: string | null;
  readonly segments: number | null;
}

export interface QuickReplyView {
  readonly id: string;
  readonly category: string;
  readonly title: string;
  readonly body: string;
  readonly variables: readonly QuickReplyVariable[];
  /** Encoding and segments of the script as written (placeholders counted as typed). */
  readonly encoding: SmsEncoding;
  readonly segments: number;
}

/** ISO timestamps as the store keeps them; anything else is normalised through Date. */
function iso(at: Date | string): string {
  return at instanceof Date ? at.toISOString() : new Date(at).toISOString();
}

/**
 * The conversation whose current ticket this is. Two conversations can share a ticket (a customer
 * named it with "#1234" from another business number); agent replies go to the newest, so does this.
 */
export async function conversationForTicket(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  ticketId: string,
): Promise<ConversationRow | undefined> {
  return context.store.db
    .selectFrom('conversations')
    .selectAll()
    .where('workspace_id', '=', workspace.config.id)
    .where('ticket_id', '=', ticketId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

async function ledgerOf(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  conversation: ConversationRow,
): Promise<ConsentEvent[]> {
  return readConsentEvents(context.store.db, workspace.config.id, conversation.customer_phone);
}

export async function conversationView(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  conversation: ConversationRow,
): Promise<ConversationView> {
  // Agent replies are support texts: that is the consent the sidebar shows and the save hook checks.
  const consent = currentConsent(await ledgerOf(context, workspace, conversation), 'support');
  const deciding = consent.decidingEvent;
  const bot =
    conversation.ticket_id === null
      ? null
      : await botViewForTicket(context, workspace, conversation.ticket_id);
  return {
    bot,
    conversation: {
      customerPhoneMasked: maskPhone(conversation.customer_phone),
      businessNumber: conversation.business_number,
      ticketId: conversation.ticket_id ?? '',
      ticketStatus: conversation.ticket_status,
      createdAt: conversation.created_at,
    },
    consent: {
      status: consent.status,
      canSend: consent.canSend,
      since: consent.since === undefined ? null : consent.since.toISOString(),
      decidingEvent:
        deciding === undefined
          ? null
          : {
              kind: deciding.kind,
              source: deciding.source,
              keyword: deciding.keyword ?? null,
              at: iso(deciding.at),
            },
    },
  };
}

const SLA_TIERS: ReadonlySet<string> = new Set(['P1', 'P2', 'P3']);

/** The latest bot session whose outcome went to this ticket. */
async function botViewForTicket(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  ticketId: string,
): Promise<BotView | null> {
  const session = await context.store.db
    .selectFrom('bot_sessions')
    .selectAll()
    .where('workspace_id', '=', workspace.config.id)
    .where('ticket_id', '=', ticketId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (session === undefined) return null;
  const state = conversationStateSchema.safeParse(JSON.parse(session.state_json));
  return {
    // 'ended' (the customer opted out mid-way) reads as a hand-off: the agent has the ticket.
    status: session.status === 'ended' ? 'handed_off' : session.status,
    intent: session.intent,
    handoffReason: session.status === 'ended' ? 'opted_out' : session.handoff_reason,
    slaTier:
      session.sla_tier !== null && SLA_TIERS.has(session.sla_tier)
        ? (session.sla_tier as BotView['slaTier'])
        : null,
    startedAt: session.started_at,
    updatedAt: session.updated_at,
    transcript: state.success
      ? state.data.turns.map((turn) => ({ at: turn.at, from: turn.from, text: turn.text }))
      : [],
  };
}

/** The customer's ledger, newest first (by time, then by the order events were appended). */
export async function consentHistory(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  conversation: ConversationRow,
  limit: number,
): Promise<ConsentHistoryEntry[]> {
  const events = (await ledgerOf(context, workspace, conversation))
    .map((event, order) => ({ event, order, time: new Date(event.at).getTime() }))
    .sort((a, b) => b.time - a.time || b.order - a.order)
    .slice(0, limit);
  return events.map(({ event }) => ({
    at: iso(event.at),
    scope: event.scope,
    kind: event.kind,
    source: event.source,
    keyword: event.keyword ?? null,
    text: event.text ?? null,
    ref: event.ref ?? null,
    detail: event.detail ?? null,
  }));
}

/** Plain words for the states the relay itself puts an outbound text in (send-sms.ts). */
const RELAY_STATUS_REASONS: Readonly<Record<string, string>> = {
  held: 'Held: it is outside the hours we may text the customer; it will be sent automatically when they begin.',
  blocked_opted_out:
    'Not sent: the customer has opted out of texts. They can text START to receive texts again.',
  blocked_pii:
    'Not sent: the reply contained a card number, ID number, bank account or password, which must not be sent by text.',
  blocked_too_long: `Not sent: the reply was longer than ${MAX_SMS_CHARACTERS.toLocaleString('en-US')} characters.`,
};

function plainReason(
  workspace: WorkspaceRuntime,
  status: string,
  errorCode: string | null,
): string | null {
  const relayReason = RELAY_STATUS_REASONS[status];
  if (relayReason !== undefined) return relayReason;
  if (status !== 'failed' && status !== 'undelivered') return null;
  return errorCode === null
    ? 'The carrier could not deliver the text.'
    : workspace.carrier.describeError(errorCode).agentMessage;
}

/** The conversation's latest outbound texts, newest first, with why each failed in plain words. */
export async function recentDeliveries(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  conversation: ConversationRow,
  limit: number,
): Promise<DeliveryView[]> {
  const rows = await context.store.db
    .selectFrom('messages')
    .select(DELIVERY_COLUMNS)
    .where('workspace_id', '=', workspace.config.id)
    .where('conversation_id', '=', conversation.id)
    .where('direction', '=', 'outbound')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => toDeliveryView(workspace, row));
}

/** One outbound text as the deliveries list shows it. */
export async function deliveryView(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  messageId: number,
): Promise<DeliveryView> {
  const row = await context.store.db
    .selectFrom('messages')
    .select(DELIVERY_COLUMNS)
    .where('workspace_id', '=', workspace.config.id)
    .where('id', '=', messageId)
    .executeTakeFirstOrThrow();
  return toDeliveryView(workspace, row);
}

const DELIVERY_COLUMNS = [
  'id',
  'created_at',
  'origin',
  'author_name',
  'status',
  'error_code',
  'segments',
] as const;

function toDeliveryView(
  workspace: WorkspaceRuntime,
  row: Pick<
    MessagesTable,
    'created_at' | 'origin' | 'author_name' | 'status' | 'error_code' | 'segments'
  > & { id: number | bigint | string },
): DeliveryView {
  return {
    id: Number(row.id),
    createdAt: row.created_at,
    origin: row.origin,
    authorName: row.author_name,
    status: row.status,
    errorCode: row.error_code,
    plainReason: plainReason(workspace, row.status, row.error_code),
    segments: row.segments === null ? null : Number(row.segments),
  };
}

export function quickReplyViews(workspace: WorkspaceRuntime): QuickReplyView[] {
  return workspace.config.quickReplies.map((reply) => {
    const analysis = analyzeSms(reply.body);
    return {
      id: reply.id,
      category: reply.category,
      title: reply.title,
      body: reply.body,
      variables: templateVariables(reply.body),
      encoding: analysis.encoding,
      segments: analysis.segmentCount,
    };
  });
}
