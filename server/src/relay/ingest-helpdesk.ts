// Records helpdesk events: agent replies on SMS tickets become outbound texts (once), status changes update threading.
import type { HelpdeskEvent } from '@smsbridge/helpdesks';
import type { RelayContext, WorkspaceRuntime } from './context.ts';
import { queueOutboundSms } from './outbound-queue.ts';

export interface HelpdeskIngestSummary {
  readonly queuedReplies: number;
  readonly duplicates: number;
  /** Events about tickets that are not SMS conversations. */
  readonly ignored: number;
}

export async function ingestHelpdeskEvents(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  events: readonly HelpdeskEvent[],
): Promise<HelpdeskIngestSummary> {
  const now = context.now();
  const timestamp = now.toISOString();
  let queuedReplies = 0;
  let duplicates = 0;
  let ignored = 0;
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
        ignored += 1;
        continue;
      }
      const fresh = await trx
        .insertInto('helpdesk_events')
        .values({
          workspace_id: workspace.config.id,
          helpdesk: workspace.helpdesk.id,
          event_id: `${event.kind}:${event.eventId}`,
          kind: event.kind,
          received_at: timestamp,
        })
        .onConflict((conflict) =>
          conflict.columns(['workspace_id', 'helpdesk', 'event_id']).doNothing(),
        )
        .returning('event_id')
        .executeTakeFirst();
      if (fresh === undefined) {
        duplicates += 1;
        continue;
      }
      if (event.kind === 'ticket_status') {
        const at = event.at.toISOString();
        // Webhooks may arrive out of order: keep the newest state.
        if (conversation.ticket_status_at === null || conversation.ticket_status_at <= at) {
          await trx
            .updateTable('conversations')
            .set({
              ticket_status: event.status,
              ticket_status_at: at,
              ticket_checked_at: timestamp,
              updated_at: timestamp,
            })
            .where('id', '=', conversation.id)
            .execute();
        }
        continue;
      }
      const queued = await queueOutboundSms(trx, context, workspace, {
        conversationId: conversation.id,
        body: event.body,
        origin: 'agent_reply',
        originId: event.eventId,
        authorName: event.authorName,
      });
      if (queued === undefined) {
        duplicates += 1;
        continue;
      }
      queuedReplies += 1;
    }
  });
  if (queuedReplies > 0) context.notifyWorker();
  return { queuedReplies, duplicates, ignored };
}
