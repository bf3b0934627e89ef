// Job: shows a text an agent sent from the sidebar app on the ticket ("Sent by SMS by <agent>").
import type { Transaction } from 'kysely';
import type { ClaimedJob } from '../jobs/outbox.ts';
import { JobFailure } from '../jobs/worker.ts';
import type { Database } from '../store/schema.ts';
import { JOB_KINDS, type RelayContext } from './context.ts';
import { enqueueHelpdeskJob } from './helpdesk-jobs.ts';
import { ticketOfConversation } from './ticket-note.ts';

interface SentTextPayload {
  readonly conversationId: number;
  readonly messageId: number;
}

/** Queued in the transaction that records the carrier's acceptance, so it is written once. */
export async function enqueueSentTextRecord(
  trx: Transaction<Database>,
  context: RelayContext,
  workspaceId: string,
  conversationId: number,
  messageId: number,
): Promise<void> {
  await enqueueHelpdeskJob(trx, context, {
    workspaceId,
    conversationId,
    kind: JOB_KINDS.recordSentText,
    payload: { messageId },
  });
}

export function createRecordSentTextHandler(context: RelayContext) {
  return async (job: ClaimedJob): Promise<void> => {
    const payload = job.payload as Partial<SentTextPayload> | null;
    const workspace = context.workspaces.get(job.workspaceId);
    const conversationId = payload?.conversationId;
    const messageId = payload?.messageId;
    if (
      workspace === undefined ||
      typeof conversationId !== 'number' ||
      typeof messageId !== 'number'
    ) {
      throw new JobFailure('record_sent_text: unknown workspace or malformed payload', {
        retryable: false,
      });
    }
    const message = await context.store.db
      .selectFrom('messages')
      .select(['body', 'author_name'])
      .where('id', '=', messageId)
      .where('workspace_id', '=', workspace.config.id)
      .executeTakeFirst();
    if (message === undefined) {
      throw new JobFailure('record_sent_text: the message no longer exists', { retryable: false });
    }
    const ticketId = await ticketOfConversation(context, job, conversationId);
    await workspace.helpdesk.recordSentText({
      ticketId,
      body: message.body,
      authorName: message.author_name ?? 'an agent',
    });
  };
}
