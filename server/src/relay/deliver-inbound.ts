// Job: writes a conversation's undelivered texts to its helpdesk ticket, coalescing what piled up.
import type { InboundMedia } from '@smsbridge/carriers';
import {
  HelpdeskApiError,
  type Attachment,
  type CustomerMessage,
  type TicketSnapshot,
  type TicketStatus,
} from '@smsbridge/helpdesks';
import type { Selectable, Transaction } from 'kysely';
import { MAX_TURNS } from '@smsbridge/bot';
import type { ClaimedJob } from '../jobs/outbox.ts';
import type { ConversationsTable, Database } from '../store/schema.ts';
import { JobFailure } from '../jobs/worker.ts';
import { BOT_TEXT_STATUS, recordSessionTicket, runBotTurn } from './bot-turn.ts';
import { JOB_KINDS, type RelayContext, type WorkspaceRuntime } from './context.ts';
import { takeCsatAnswer } from './csat.ts';
import { enqueueHelpdeskJob } from './helpdesk-jobs.ts';
import { releaseEarlyReplies } from './ingest-helpdesk.ts';
import { consentNote, enqueueTicketNote, sharedNumberNote } from './notes.ts';
import { decideThread, namedTicketIds } from './threading.ts';

/** How long a ticket state read from the helpdesk is trusted before it is read again. */
const TICKET_STATE_TTL_MS = 10 * 60_000;
/** Most texts written in one helpdesk call; a longer backlog takes several jobs. */
const MAX_COALESCED = 50;
/** How long "#<digits> is not a ticket of this customer" is remembered for a conversation. */
const NAMED_MISS_TTL_MS = 10 * 60_000;
const NAMED_MISS_LIMIT = 10_000;

/**
 * Remembers the "#<digits>" a conversation named that are not tickets of its customer. Customers
 * write order numbers that way ("my order #48012"); without this every delivery job of such a
 * conversation asked the helpdesk again and got a 404: 144 of 388 Zendesk calls in the burst of
 * docs/benchmarks.md. Per relay process and bounded; a forgotten miss only costs one lookup.
 */
function createNamedTicketMisses() {
  const expiries = new Map<string, number>();
  return {
    has(conversationId: number, ticketId: string, now: Date): boolean {
      const key = `${conversationId}:${ticketId}`;
      const expiry = expiries.get(key);
      if (expiry === undefined) return false;
      if (expiry > now.getTime()) return true;
      expiries.delete(key);
      return false;
    },
    add(conversationId: number, ticketId: string, now: Date): void {
      // Maps iterate in insertion order: the first key is the oldest.
      if (expiries.size >= NAMED_MISS_LIMIT) expiries.delete(expiries.keys().next().value!);
      expiries.set(`${conversationId}:${ticketId}`, now.getTime() + NAMED_MISS_TTL_MS);
    },
  };
}

interface DeliverPayload {
  readonly conversationId: number;
  readonly messageId: number;
}

/** Queues a delivery job for a conversation, in the caller's transaction. */
export async function enqueueDeliveryJob(
  trx: Transaction<Database>,
  context: RelayContext,
  workspaceId: string,
  conversationId: number,
  messageId: number,
  options: { readonly runAt?: Date } = {},
): Promise<void> {
  await enqueueHelpdeskJob(trx, context, {
    workspaceId,
    conversationId,
    kind: JOB_KINDS.deliverInbound,
    payload: { messageId },
    ...options,
  });
}

function parsePayload(payload: unknown): DeliverPayload {
  const value = payload as Partial<DeliverPayload> | null;
  if (typeof value?.conversationId !== 'number' || typeof value.messageId !== 'number') {
    throw new JobFailure('deliver_inbound: malformed payload', { retryable: false });
  }
  return { conversationId: value.conversationId, messageId: value.messageId };
}

function subjectFor(body: string, customerPhone: string): string {
  const firstLine = body
    .split(/\r?\n/)
    .find((line) => line.trim() !== '')
    ?.trim();
  if (firstLine === undefined) return `Text message from ${customerPhone}`;
  return firstLine.length > 80 ? `${firstLine.slice(0, 77)}...` : firstLine;
}

export function businessNumberTag(businessNumber: string): string {
  return `sms_to_${businessNumber.replace(/\D/g, '')}`;
}

async function requesterFor(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  phone: string,
): Promise<{ requesterId: string; otherMatches: readonly string[] }> {
  const db = context.store.db;
  const known = await db
    .selectFrom('requesters')
    .select('helpdesk_requester_id')
    .where('workspace_id', '=', workspace.config.id)
    .where('phone', '=', phone)
    .executeTakeFirst();
  if (known !== undefined) return { requesterId: known.helpdesk_requester_id, otherMatches: [] };
  const { requesterId, otherMatches = [] } = await workspace.helpdesk.findOrCreateRequester({
    phone,
    name: `SMS ${phone}`,
  });
  await db
    .insertInto('requesters')
    .values({
      workspace_id: workspace.config.id,
      phone,
      helpdesk_requester_id: requesterId,
      created_at: context.now().toISOString(),
    })
    .onConflict((conflict) => conflict.columns(['workspace_id', 'phone']).doNothing())
    .execute();
  return { requesterId, otherMatches };
}

async function fetchAttachments(
  workspace: WorkspaceRuntime,
  mediaJson: string,
): Promise<Attachment[]> {
  const media = JSON.parse(mediaJson) as InboundMedia[];
  const attachments: Attachment[] = [];
  for (const item of media) {
    try {
      attachments.push(await workspace.carrier.fetchMedia(item));
    } catch (error) {
      throw new JobFailure(
        `media download failed: ${error instanceof Error ? error.message : String(error)}`,
        { retryable: true },
      );
    }
  }
  return attachments;
}

/** Reads the conversation's ticket: from the relay's own record while fresh, else from the helpdesk. */
async function knownTicket(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  conversation: Selectable<ConversationsTable>,
  now: Date,
): Promise<TicketSnapshot | null> {
  if (conversation.ticket_id === null) return null;
  const checkedAt =
    conversation.ticket_checked_at === null ? 0 : Date.parse(conversation.ticket_checked_at);
  const fresh = now.getTime() - checkedAt < TICKET_STATE_TTL_MS;
  if (!fresh || conversation.ticket_status === null || conversation.ticket_status_at === null) {
    return workspace.helpdesk.getTicket(conversation.ticket_id);
  }
  const requester = await context.store.db
    .selectFrom('requesters')
    .select('helpdesk_requester_id')
    .where('workspace_id', '=', workspace.config.id)
    .where('phone', '=', conversation.customer_phone)
    .executeTakeFirst();
  return {
    ticketId: conversation.ticket_id,
    requesterId: requester?.helpdesk_requester_id ?? '',
    status: conversation.ticket_status as TicketStatus,
    updatedAt: new Date(conversation.ticket_status_at),
  };
}

/** The texts a delivery job writes, oldest first: undelivered ones, and a finished bot session's. */
function undeliveredTexts(
  context: RelayContext,
  conversationId: number,
  statuses: readonly string[],
  limit: number,
) {
  return context.store.db
    .selectFrom('messages')
    .select(['id', 'body', 'media_json', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'inbound')
    .where('status', 'in', statuses)
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

export function createDeliverInboundHandler(context: RelayContext) {
  const namedMisses = createNamedTicketMisses();
  return async (job: ClaimedJob): Promise<void> => {
    const payload = parsePayload(job.payload);
    const workspace = context.workspaces.get(job.workspaceId);
    if (workspace === undefined) {
      throw new JobFailure(`workspace '${job.workspaceId}' is no longer configured`, {
        retryable: false,
      });
    }
    const db = context.store.db;
    const conversation = await db
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', payload.conversationId)
      .where('workspace_id', '=', workspace.config.id)
      .executeTakeFirst();
    if (conversation === undefined) {
      throw new JobFailure('deliver_inbound: conversation not found', { retryable: false });
    }
    let pending = await undeliveredTexts(context, conversation.id, ['received'], MAX_COALESCED);
    // An earlier job of this conversation already carried this text in its coalesced call.
    if (pending.length === 0) return;

    const now = context.now();
    const helpdesk = workspace.helpdesk;
    // A rating answering the SMS survey is recorded as such, never put on the solved ticket
    // (a requester's comment would reopen it).
    pending = await takeCsatAnswer(context, workspace, conversation, pending, now);
    if (pending.length === 0) return;

    let requester: Promise<{ requesterId: string; otherMatches: readonly string[] }> | undefined;
    const requesterOf = () =>
      (requester ??= requesterFor(context, workspace, conversation.customer_phone));
    const current = await knownTicket(context, workspace, conversation, now);

    const turn = await runBotTurn({
      context,
      workspace,
      conversation,
      pending,
      ticket: current,
      now,
      requesterId: async () => (await requesterOf()).requesterId,
    });
    if (turn.kind === 'consumed') return;
    const bot = turn.kind === 'outcome' ? turn.plan : undefined;
    if (bot !== undefined) {
      // The session's texts, then any that came after its last one, go on the ticket together.
      pending = await undeliveredTexts(
        context,
        conversation.id,
        [BOT_TEXT_STATUS.held, 'received'],
        MAX_COALESCED + MAX_TURNS,
      );
      if (pending.length === 0) return;
    }

    const { requesterId, otherMatches } = await requesterOf();
    const messages: CustomerMessage[] = [];
    for (const row of pending) {
      messages.push({
        body: row.body,
        receivedAt: new Date(row.created_at),
        attachments: await fetchAttachments(workspace, row.media_json),
      });
    }

    let named: TicketSnapshot | null = null;
    const namedId = pending.flatMap((row) => namedTicketIds(row.body))[0];
    if (
      namedId !== undefined &&
      namedId !== conversation.ticket_id &&
      !namedMisses.has(conversation.id, namedId, now)
    ) {
      named = await helpdesk.getTicket(namedId);
      if (named === null || named.requesterId !== requesterId) {
        namedMisses.add(conversation.id, namedId, now);
      }
    }

    let decision = decideThread({
      ticket: current,
      namedTicket: named,
      requesterId,
      now,
      reopenWindowHours: workspace.config.threading.reopenWindowHours,
    });
    // A finished bot session's story starts a ticket of its own (the old one was closed, solved
    // long ago or the bot's own); appending would reopen a ticket the bot resolved.
    if (bot !== undefined && decision.action === 'append') decision = { action: 'create' };
    const mayBeDuplicate = job.attempt > 1;
    const tags = ['sms', businessNumberTag(conversation.business_number), ...(bot?.tags ?? [])];
    const create = (followUpOf?: string) =>
      helpdesk.createTicket({
        requesterId,
        subject: subjectFor(pending[0]!.body, conversation.customer_phone),
        messages,
        tags: [...new Set(tags)],
        priority: bot?.priority ?? 'normal',
        externalId: `smsbridge:${workspace.config.id}:${conversation.id}:${pending[0]!.id}`,
        mayBeDuplicate,
        ...(followUpOf === undefined ? {} : { followUpOf }),
        ...(bot?.solved === true ? { status: 'solved' as const } : {}),
      });

    let snapshot: TicketSnapshot;
    if (decision.action === 'append') {
      try {
        snapshot = await helpdesk.appendMessages({
          ticketId: decision.ticketId,
          requesterId,
          messages,
          reopen: decision.reopen,
          mayBeDuplicate,
        });
      } catch (error) {
        // Closed since we last looked: the text starts a follow-up ticket instead.
        if (!(error instanceof HelpdeskApiError && error.ticketClosed)) throw error;
        snapshot = await create(decision.ticketId);
      }
    } else {
      snapshot = await create(
        decision.action === 'follow_up' ? decision.closedTicketId : undefined,
      );
    }

    const ids = pending.map((row) => row.id);
    const timestamp = context.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('messages')
        .set({ status: 'delivered_to_helpdesk', updated_at: timestamp })
        .where('id', 'in', ids)
        .execute();
      const newTicket = snapshot.ticketId !== conversation.ticket_id;
      await trx
        .updateTable('conversations')
        .set({
          ticket_id: snapshot.ticketId,
          ticket_status: snapshot.status,
          ticket_status_at: snapshot.updatedAt.toISOString(),
          ticket_checked_at: timestamp,
          helpdesk_written_at: timestamp,
          // An agent's reply on the old ticket does not silence the bot on the next one.
          ...(newTicket ? { agent_replied_at: null } : {}),
          updated_at: timestamp,
        })
        .where('id', '=', conversation.id)
        .execute();
      if (newTicket) {
        // An agent may have answered the new ticket before this transaction recorded it.
        await releaseEarlyReplies(trx, context, workspace, conversation.id, snapshot.ticketId);
      }
      if (bot !== undefined) {
        await recordSessionTicket(trx, bot.sessionId, snapshot.ticketId);
        await enqueueTicketNote(trx, context, workspace.config.id, conversation.id, {
          ticketId: snapshot.ticketId,
          internalNote: bot.note,
        });
      }
      // Consent changes these texts caused become internal notes on the ticket, in a job of their
      // own so a failed note never resends the texts.
      const consentEvents = await trx
        .selectFrom('consent_events')
        .selectAll()
        .where('workspace_id', '=', workspace.config.id)
        .where('message_id', 'in', ids)
        .where('kind', 'in', ['opt_out', 'opt_in'])
        .orderBy('id', 'asc')
        .execute();
      if (bot === undefined && pending.length === MAX_COALESCED) {
        // More texts are waiting than one call carries: the next batch gets its own job.
        await enqueueDeliveryJob(trx, context, workspace.config.id, conversation.id, ids.at(-1)!);
      }
      if (otherMatches.length > 0) {
        // Freshdesk numbers are not unique (freshdesk.md §1.8): say which contact was picked.
        await enqueueTicketNote(
          trx,
          context,
          workspace.config.id,
          conversation.id,
          sharedNumberNote(requesterId, otherMatches),
        );
      }
      for (const event of consentEvents) {
        await enqueueTicketNote(
          trx,
          context,
          workspace.config.id,
          conversation.id,
          consentNote(event),
        );
      }
    });
    context.notifyWorker();
  };
}
