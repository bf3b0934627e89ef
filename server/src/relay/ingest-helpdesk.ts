// Records helpdesk events: agent replies on SMS tickets become outbound texts (once), status changes update threading.
import type { AgentReplyEvent, AgentReplyResolution, HelpdeskEvent } from '@smsbridge/helpdesks';
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

type AgentReply = AgentReplyEvent;

/** How long an early reply waits for its ticket; past this it was not an SMS ticket after all. */
const EARLY_REPLY_RETENTION_MS = 24 * 3_600_000;

/** Marks the event seen (helpdesk_events), or says it was already seen. */
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

/** Keeps a reply for a ticket not recorded yet; false when it is already kept under this id. */
async function keepEarlyReply(
  trx: Transaction<Database>,
  context: RelayContext,
  workspace: WorkspaceRuntime,
  reply: AgentReply,
): Promise<boolean> {
  const now = context.now();
  await trx
    .deleteFrom('early_agent_replies')
    .where('workspace_id', '=', workspace.config.id)
    .where('received_at', '<', new Date(now.getTime() - EARLY_REPLY_RETENTION_MS).toISOString())
    .execute();
  const kept = await trx
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
    .returning('event_id')
    .executeTakeFirst();
  return kept !== undefined;
}

/** Which of these agent-reply event ids the relay has recorded: texted or kept as early. */
async function recordedReplyIds(
  trx: Transaction<Database>,
  workspace: WorkspaceRuntime,
  eventIds: readonly string[],
): Promise<Set<string>> {
  const scope = { workspace: workspace.config.id, helpdesk: workspace.helpdesk.id };
  const seen = await trx
    .selectFrom('helpdesk_events')
    .select('event_id')
    .where('workspace_id', '=', scope.workspace)
    .where('helpdesk', '=', scope.helpdesk)
    .where(
      'event_id',
      'in',
      eventIds.map((id) => `agent_reply:${id}`),
    )
    .execute();
  const kept = await trx
    .selectFrom('early_agent_replies')
    .select('event_id')
    .where('workspace_id', '=', scope.workspace)
    .where('helpdesk', '=', scope.helpdesk)
    .where('event_id', 'in', [...eventIds])
    .execute();
  return new Set([
    ...seen.map((row) => row.event_id.slice('agent_reply:'.length)),
    ...kept.map((row) => row.event_id),
  ]);
}

/**
 * The ids an agent reply may be recorded under, to try in order: the first that records is the
 * one. Without a resolution, the event's own id. With one (a webhook that named no reply, e.g.
 * Freshdesk), the ticket's replies with this text the relay has not recorded yet, oldest first, as
 * the event's text: N identical replies are texted N times whichever webhook comes first, and a
 * redelivered webhook finds every reply recorded. A reply texted under the event's own id (the
 * helpdesk could not be read then, or it was texted before replies were resolved) stands for the
 * oldest of the rest, so a redelivery after such a fallback does not text twice either. Trying the
 * next id when one is taken covers two webhooks of identical replies recorded at the same time.
 * What is left: a webhook recorded under a reply id whose redelivery then finds the helpdesk
 * unreadable is texted again under its own id. That needs a redelivery of a webhook the relay
 * recorded (its answer reached the helpdesk too late) and the API failing on that redelivery,
 * minutes later; treating such a fallback as a duplicate instead would drop every genuine
 * identical reply sent while the API fails.
 */
async function replyIdsToTry(
  trx: Transaction<Database>,
  workspace: WorkspaceRuntime,
  event: AgentReply,
  resolution: AgentReplyResolution | undefined,
): Promise<AgentReply[]> {
  if (resolution === undefined || !resolution.found || resolution.eventIds.length === 0) {
    return [event];
  }
  const recorded = await recordedReplyIds(trx, workspace, [...resolution.eventIds, event.eventId]);
  const open = resolution.eventIds.filter((id) => !recorded.has(id));
  return (recorded.has(event.eventId) ? open.slice(1) : open).map((eventId) => ({
    ...event,
    eventId,
    body: resolution.body,
  }));
}

/**
 * Asks the helpdesk which reply each agent-reply event stands for, when its webhooks do not say
 * (`resolveAgentReply`, Freshdesk); before the transaction, as no API call belongs inside one.
 */
async function resolveAgentReplies(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  events: readonly HelpdeskEvent[],
): Promise<Map<HelpdeskEvent, AgentReplyResolution>> {
  const resolutions = new Map<HelpdeskEvent, AgentReplyResolution>();
  const helpdesk = workspace.helpdesk;
  if (helpdesk.resolveAgentReply === undefined) return resolutions;
  for (const event of events) {
    if (event.kind !== 'agent_reply') continue;
    let resolution: AgentReplyResolution;
    try {
      resolution = await helpdesk.resolveAgentReply(event);
    } catch {
      resolution = { found: false, reason: 'unavailable' };
    }
    if (!resolution.found) {
      // The text still goes out, recorded under the event's own id (see replyIdsToTry).
      context.logger.warn(
        { workspace: workspace.config.id, helpdesk: helpdesk.id, reason: resolution.reason },
        'agent reply not identified in the helpdesk; deduplicating it by its text',
      );
    }
    resolutions.set(event, resolution);
  }
  return resolutions;
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
  const resolutions = await resolveAgentReplies(context, workspace, events);
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
          const ids = await replyIdsToTry(trx, workspace, event, resolutions.get(event));
          for (const reply of ids) {
            if (await keepEarlyReply(trx, context, workspace, reply)) break;
          }
          // As before for a redelivery kept under its own id; a duplicate when every reply with
          // this text is recorded already.
          if (ids.length > 0) early += 1;
          else duplicates += 1;
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
      let queued = false;
      for (const reply of await replyIdsToTry(trx, workspace, event, resolutions.get(event))) {
        if (await queueAgentReply(trx, context, workspace, conversation.id, reply)) {
          queued = true;
          break;
        }
      }
      if (queued) queuedReplies += 1;
      else duplicates += 1;
    }
  });
  // Replies to send, or a survey scheduled (its job is due later; the worker polls for it).
  if (queuedReplies > 0) context.notifyWorker();
  return { queuedReplies, duplicates, ignored, early };
}
