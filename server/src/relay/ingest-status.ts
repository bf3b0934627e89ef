// Records a carrier status callback: every event once, status only moving forward, failures noted on the ticket.
import {
  DELIVERY_STATUSES,
  TERMINAL_DELIVERY_STATUSES,
  type DeliveryStatus,
  type StatusEvent,
} from '@smsbridge/carriers';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { RelayContext, WorkspaceRuntime } from './context.ts';
import { deliveryFailureNote, enqueueTicketNote } from './notes.ts';
import { rulesForOrigin } from './outbound-policy.ts';

const RANK = new Map<string, number>(DELIVERY_STATUSES.map((status, index) => [status, index]));

/** Whether `next` may replace `current`: forward only, and terminal states are final. */
export function statusMovesForward(current: string, next: DeliveryStatus): boolean {
  if (TERMINAL_DELIVERY_STATUSES.has(current as DeliveryStatus)) return false;
  const currentRank = RANK.get(current);
  // A message we hold in a relay state (pending, held) takes any carrier status.
  if (currentRank === undefined) return true;
  return (RANK.get(next) ?? -1) > currentRank;
}

export type StatusIngestResult = 'recorded' | 'duplicate' | 'early';

/**
 * Serialises, per carrier message id, a status callback with the send job that records the id:
 * otherwise, on PostgreSQL, a callback arriving while the send is being recorded could miss the
 * message and the send could miss the callback, and the status would be lost. SQLite runs one
 * transaction at a time already.
 */
export async function lockCarrierMessage(
  trx: Transaction<Database>,
  context: RelayContext,
  carrierMessageId: string,
): Promise<void> {
  if (context.store.dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${carrierMessageId}))`.execute(trx);
}

interface OutboundRow {
  readonly id: number;
  readonly status: string;
  readonly conversation_id: number;
}

/** Segments of the conversation's texts the carrier delivered, this one included. */
async function segmentsDelivered(
  trx: Transaction<Database>,
  workspaceId: string,
  conversationId: number,
): Promise<number> {
  const row = await trx
    .selectFrom('messages')
    .select((eb) => eb.fn.sum<number | string | null>('segments').as('total'))
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'outbound')
    .where('status', '=', 'delivered')
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/**
 * Moves a message's status forward and, for a failure, queues a plain-words note on its ticket.
 * Shared by status callbacks and by the send job, which applies callbacks that came before it
 * knew the carrier's message id.
 */
export async function applyDeliveryStatus(
  trx: Transaction<Database>,
  context: RelayContext,
  workspace: WorkspaceRuntime,
  message: OutboundRow,
  status: DeliveryStatus,
  errorCode: string | null,
): Promise<boolean> {
  if (!statusMovesForward(message.status, status)) return false;
  const now = context.now();
  await trx
    .updateTable('messages')
    .set({ status, error_code: errorCode, updated_at: now.toISOString() })
    .where('id', '=', message.id)
    .execute();
  const failed = status === 'undelivered' || status === 'failed';
  if (failed || status === 'delivered') {
    const about = await trx
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.origin as origin', 'conversations.ticket_id as ticketId'])
      .where('messages.id', '=', message.id)
      .executeTakeFirstOrThrow();
    if (failed && rulesForOrigin(about.origin).failureNote) {
      const described = errorCode === null ? undefined : workspace.carrier.describeError(errorCode);
      const note = deliveryFailureNote(
        described?.agentMessage ?? 'the carrier could not deliver the text.',
        errorCode,
      );
      await enqueueTicketNote(trx, context, workspace.config.id, message.conversation_id, note);
    } else if (!failed && about.ticketId !== null) {
      // The ticket fields native reports read (DESIGN.md, "Native reporting"); no note to read. A
      // bot conversation has no ticket yet: the next delivery once it has one writes the total.
      const segments = await segmentsDelivered(trx, workspace.config.id, message.conversation_id);
      await enqueueTicketNote(trx, context, workspace.config.id, message.conversation_id, {
        fields: { lastDeliveryStatus: 'delivered', segmentsSent: segments },
      });
    }
  }
  context.metrics.outboundMessages.inc({ workspace: workspace.config.id, status });
  return true;
}

export async function ingestStatus(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  event: StatusEvent,
): Promise<StatusIngestResult> {
  const timestamp = context.now().toISOString();
  const result = await context.store.db.transaction().execute(async (trx) => {
    await lockCarrierMessage(trx, context, event.carrierMessageId);
    const inserted = await trx
      .insertInto('status_events')
      .values({
        workspace_id: workspace.config.id,
        carrier: workspace.carrier.id,
        carrier_message_id: event.carrierMessageId,
        status: event.status,
        error_code: event.errorCode ?? null,
        received_at: timestamp,
      })
      .onConflict((conflict) =>
        conflict.columns(['carrier', 'carrier_message_id', 'status']).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) return 'duplicate' as const;
    const message = await trx
      .selectFrom('messages')
      .select(['id', 'status', 'conversation_id'])
      .where('workspace_id', '=', workspace.config.id)
      .where('carrier', '=', workspace.carrier.id)
      .where('carrier_message_id', '=', event.carrierMessageId)
      .where('direction', '=', 'outbound')
      .executeTakeFirst();
    // The callback can beat the send's own response (carriers.md §1.6); the send job applies it.
    if (message === undefined) return 'early' as const;
    await applyDeliveryStatus(
      trx,
      context,
      workspace,
      message,
      event.status,
      event.errorCode ?? null,
    );
    return 'recorded' as const;
  });
  if (result === 'recorded') context.notifyWorker();
  return result;
}

/** Applies status callbacks recorded before the send job learned the carrier's message id. */
export async function applyEarlyStatuses(
  trx: Transaction<Database>,
  context: RelayContext,
  workspace: WorkspaceRuntime,
  message: OutboundRow,
  carrierMessageId: string,
): Promise<void> {
  const early = await trx
    .selectFrom('status_events')
    .select(['status', 'error_code'])
    .where('workspace_id', '=', workspace.config.id)
    .where('carrier', '=', workspace.carrier.id)
    .where('carrier_message_id', '=', carrierMessageId)
    .orderBy('id')
    .execute();
  let current = message;
  for (const event of early) {
    const applied = await applyDeliveryStatus(
      trx,
      context,
      workspace,
      current,
      event.status as DeliveryStatus,
      event.error_code,
    );
    if (applied) current = { ...current, status: event.status };
  }
}
