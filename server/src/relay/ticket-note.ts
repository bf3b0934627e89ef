// Job: writes one internal note, tags or field values (or all three) on a conversation's ticket.
import type { ClaimedJob } from '../jobs/outbox.ts';
import { JobFailure } from '../jobs/worker.ts';
import type { RelayContext } from './context.ts';
import type { TicketNote } from './notes.ts';

interface NotePayload extends TicketNote {
  readonly conversationId: number;
}

/**
 * The ticket of a conversation a helpdesk job writes to. Such jobs follow the texts in order, so a
 * ticket exists unless its creation is dead-lettered: until then the job is retried.
 */
export async function ticketOfConversation(
  context: RelayContext,
  job: ClaimedJob,
  conversationId: number,
): Promise<string> {
  const conversation = await context.store.db
    .selectFrom('conversations')
    .select(['ticket_id'])
    .where('id', '=', conversationId)
    .where('workspace_id', '=', job.workspaceId)
    .executeTakeFirst();
  if (conversation?.ticket_id == null) {
    throw new JobFailure(`${job.kind}: the conversation has no ticket yet`, { retryable: true });
  }
  return conversation.ticket_id;
}

export function createTicketNoteHandler(context: RelayContext) {
  return async (job: ClaimedJob): Promise<void> => {
    const payload = job.payload as NotePayload;
    const workspace = context.workspaces.get(job.workspaceId);
    const note = payload?.internalNote;
    if (workspace === undefined || (note !== undefined && typeof note !== 'string')) {
      throw new JobFailure('ticket_note: unknown workspace or malformed payload', {
        retryable: false,
      });
    }
    const ticketId =
      typeof payload.ticketId === 'string'
        ? payload.ticketId
        : await ticketOfConversation(context, job, payload.conversationId);
    await workspace.helpdesk.annotateTicket({
      ticketId,
      ...(note === undefined ? {} : { internalNote: note }),
      ...(payload.addTags === undefined ? {} : { addTags: payload.addTags }),
      ...(payload.fields === undefined ? {} : { fields: payload.fields }),
    });
  };
}
