// Records helpdesk events: agent replies on SMS tickets become outbound texts (once), status changes update threading.
import type { HelpdeskEvent } from '@smsbridge/helpdesks';
import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { RelayContext, WorkspaceRuntime } from './context.ts';
import { scheduleCsat } from './csat.ts';
import { queueOutboundSms } from './outbound-queue.ts';

export interface HelpdeskIngestSummary {
  readonly queuedReplies: number;
  readonly duplicates: number;
  /** Events about tickets that are not SMS conversations. */
  readonly ignored: number;
  /** Agent replies on a ticket the relay has not recorded yet, kept until it has. */
  readonly early: number;
}

type AgentReply = Extract<HelpdeskEvent, { kind: 'agent_reply' }>;

/** How long an early reply waits for its ticket; past this it was not an SMS ticket after all. */
const EARLY_REPLY_RETENTION_MS = 24 * 3_600_000;

/** Marks the event seen (helpdesk_events) and queues its text, or says it was already seen. */
async function acceptEvent(
  trx: Transaction<Database>,
  context: RelayContext,
  workspace: WorkspaceRuntime,
  event: Pick<HelpdeskEvent, 'kind' | 'eventId'>,
): Promise<boolean> {
  const fresh = await trx
    .insertInto('helpdesk_events')
    .values({
      workspace_id: workspace.config.id,
      helpdesk: workspace.helpdesk.id,
      event_id: `${event.kind}:${event.eventId}`,
      kind: event.kind,
      received_at: context.now().toISOString(),
    })
    .onConflict((conflict) =>
      conflict.columns(['workspace_id', 'helpdesk', 'event_id']).doNothing(),
    )
    .returning('event_id')
    .executeTakeFirst();
  return fresh !== undefined;
}

async function queueAgentReply(
  trx: Transaction<Database>,
  context: RelayContext,
  workspace: WorkspaceRuntime,
  conversationId: number,
  reply: Pick<AgentReply, 'eventId' | 'body' | 'authorName'>,
): Promise<boolean> {
  if (!(await acceptEvent(trx, context, workspace, { kind: 'agent_reply', ...reply }))) {
    return false;
  }
  const queued = await queueOutboundSms(trx, context, workspace, {
    conversationId,
    body: reply.body,
    origin: 'agent_reply',
    originId: reply.eventId,
    authorName: reply.authorName,
  });
  return queued !== undefined;
}

async function keepEarlyReply(
  trx: Transaction<Database>,
  context: RelayContext,
  workspace: WorkspaceRuntime,
  reply: AgentReply,
): Promise<void> {
  const now = context.now();
  await trx
    .deleteFrom('early_agent_replies')
    .where('workspace_id', '=', workspace.config.id)
    .where('received_at', '<', new Date(now.getTime() - EARLY_REPLY_RETENTION_MS).toISOString())
    .execute();
  await trx
    .insertInto('early_agent_replies')
    .values({
      workspace_id: workspace.config.id,
      helpdesk: workspace.helpdesk.id,
      event_id: reply.eventId,
      ticket_id: reply.ticketId,
      author_name: reply.authorName,
      body: reply.body,
      received_at: now.toISOString(),
    })
    .onConflict((conflict) =>
      conflict.columns(['workspace_id', 'helpdesk', 'event_id']).doNothing(),
    )
    .execute();
}

/**
 * Queues the replies that arrived for `ticketId` before the relay recorded it as this
 * conversation's ticket; called in the transaction that records it. Returns how many were queued.
 */
export async function releaseEarlyReplies(
  trx: Transaction<Database>,
  context: RelayContext,
  workspace: WorkspaceRuntime,
  conversationId: number,
  ticketId: string,
): Promise<number> {
  const early = await trx
    .selectFrom('early_agent_replies')
    .select(['event_id', 'author_name', 'body'])
    .where('workspace_id', '=', workspace.config.id)
    .where('helpdesk', '=', workspace.helpdesk.id)
    .where('ticket_id', '=', ticketId)
    .orderBy('received_at')
    .execute();
  if (early.length === 0) return 0;
  let queued = 0;
  for (const reply of early) {
    const accepted = await queueAgentReply(trx, context, workspace, conversationId, {
      eventId: reply.event_id,
      body: reply.body,
      authorName: reply.author_name,
    });
    if (accepted) queued += 1;
  }
  await trx
    .deleteFrom('early_agent_replies')
    .where('workspace_id', '=', workspace.config.id)
    .where('helpdesk', '=', workspace.helpdesk.id)
    .where('ticket_id', '=', ticketId)
    .execute();
  return queued;
}

export async function ingestHelpdeskEvents(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  events: readonly HelpdeskEvent[],
): Promise<HelpdeskIngestSummary> {
  const timestamp = context.now().toISOString();
  let queuedReplies = 0;
  let duplicates = 0;
  let ignored = 0;
  let early = 0;
  await context.store.db.transaction().execute(async (trx) => {
    for (const event of events) {
      const conversation = await trx
        .selectFrom('conversations')
        .select(['id', 'ticket_status_at'])
        .where('workspace_id', '=', workspace.config.id)
        .where('ticket_id', '=', event.ticketId)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (conversation === undefined) {
        // Webhooks only come for tickets tagged `sms`: an unknown one is most likely a ticket the
        // relay created a moment ago and has not recorded yet.
        if (event.kind === 'agent_reply') {
          await keepEarlyReply(trx, context, workspace, event);
          early += 1;
        } else {
          ignored += 1;
        }
        continue;
      }
      if (event.kind === 'ticket_status') {
        if (!(await acceptEvent(trx, context, workspace, event))) {
          duplicates += 1;
          continue;
        }
        const at = event.at.toISOString();
        // Webhooks may arrive out of order: keep the newest state.
        if (conversation.ticket_status_at === null || conversation.ticket_status_at <= at) {
          await trx
            .updateTable('conversations')
            .set({
              ticket_status: event.status,
              ticket_status_at: at,
              ticket_checked_at: timestamp,
              // Closed for good: the bot may greet this customer's next text again.
              ...(event.status === 'closed' ? { agent_replied_at: null } : {}),
              updated_at: timestamp,
            })
            .where('id', '=', conversation.id)
            .execute();
          if (event.status === 'solved') {
            await scheduleCsat(trx, context, workspace, conversation.id, event.ticketId);
          }
        }
        continue;
      }
      if (await queueAgentReply(trx, context, workspace, conversation.id, event)) {
        queuedReplies += 1;
      } else {
        duplicates += 1;
      }
    }
  });
  // Replies to send, or a survey scheduled (its job is due later; the worker polls for it).
  if (queuedReplies > 0) context.notifyWorker();
  return { queuedReplies, duplicates, ignored, early };
}
