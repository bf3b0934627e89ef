// Job: writes one internal note (with tags and fields) on a conversation's ticket.
import type { ClaimedJob } from '../jobs/outbox.ts';
import { JobFailure } from '../jobs/worker.ts';
import type { RelayContext } from './context.ts';
import type { TicketNote } from './notes.ts';

interface NotePayload extends TicketNote {
  readonly conversationId: number;
}

export function createTicketNoteHandler(context: RelayContext) {
  return async (job: ClaimedJob): Promise<void> => {
    const payload = job.payload as NotePayload;
    const workspace = context.workspaces.get(job.workspaceId);
    if (workspace === undefined || typeof payload?.internalNote !== 'string') {
      throw new JobFailure('ticket_note: unknown workspace or malformed payload', {
        retryable: false,
      });
    }
    const conversation = await context.store.db
      .selectFrom('conversations')
      .select(['ticket_id'])
      .where('id', '=', payload.conversationId)
      .where('workspace_id', '=', workspace.config.id)
      .executeTakeFirst();
    if (conversation?.ticket_id == null) {
      // Notes follow the texts in order, so a ticket exists unless its creation is dead-lettered.
      throw new JobFailure('ticket_note: the conversation has no ticket yet', { retryable: true });
    }
    await workspace.helpdesk.annotateTicket({
      ticketId: conversation.ticket_id,
      internalNote: payload.internalNote,
      ...(payload.addTags === undefined ? {} : { addTags: payload.addTags }),
      ...(payload.fields === undefined ? {} : { fields: payload.fields }),
    });
  };
}
