// Takes a text an agent sends from the sidebar app: the send job's checks answered at once, then the same outbound queue.
import { z } from 'zod';
import type { WorkspaceRuntime, RelayContext } from './context.ts';
import { conversationForTicket, deliveryView, type DeliveryView } from './app-views.ts';
import { readConsentEvents } from './consent-ledger.ts';
import { queueOutboundSms } from './outbound-queue.ts';
import { outboundRefusal, type OutboundRefusal } from './outbound-policy.ts';

export const SIDEBAR_SEND_ORIGIN = 'sidebar_send';

/** Longest text accepted for checking; beyond this the body is refused as malformed, not measured. */
const MAX_ACCEPTED_CHARACTERS = 10_000;

export const sendRequestSchema = z
  .object({
    text: z
      .string({ error: 'text must be a string' })
      .max(MAX_ACCEPTED_CHARACTERS, `text must be at most ${MAX_ACCEPTED_CHARACTERS} characters`)
      .refine((text) => text.trim() !== '', 'text must not be empty'),
    agentName: z
      .string({ error: 'agentName must be a string' })
      .trim()
      .min(1, 'agentName must not be empty')
      .max(100, 'agentName must be at most 100 characters'),
    /** The app's idempotency key: a retried request with the same id sends nothing more. */
    requestId: z
      .string({ error: 'requestId must be a string' })
      .regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId must be 8 to 64 letters, digits, - or _'),
  })
  .strict();

export type SendRequest = z.infer<typeof sendRequestSchema>;

export type SendOutcome =
  | { readonly kind: 'queued' | 'repeated'; readonly delivery: DeliveryView }
  | { readonly kind: 'no_conversation' }
  | { readonly kind: 'request_id_reused' }
  | { readonly kind: 'refused'; readonly refusal: OutboundRefusal };

export async function sendFromApp(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  ticketId: string,
  request: SendRequest,
): Promise<SendOutcome> {
  const conversation = await conversationForTicket(context, workspace, ticketId);
  if (conversation === undefined) return { kind: 'no_conversation' };

  const earlier = await findEarlierSend(context, workspace, request.requestId);
  if (earlier !== undefined) {
    // The same request again (the app retried after a time-out): answer what the first one got.
    return earlier.conversationId === conversation.id && earlier.body === request.text
      ? { kind: 'repeated', delivery: await deliveryView(context, workspace, earlier.id) }
      : { kind: 'request_id_reused' };
  }

  const ledger = await readConsentEvents(
    context.store.db,
    workspace.config.id,
    conversation.customer_phone,
  );
  const refusal = outboundRefusal(request.text, ledger, workspace.config.outbound);
  if (refusal !== undefined) return { kind: 'refused', refusal };

  const messageId = await context.store.db.transaction().execute((trx) =>
    queueOutboundSms(trx, context, workspace, {
      conversationId: conversation.id,
      body: request.text,
      origin: SIDEBAR_SEND_ORIGIN,
      originId: request.requestId,
      authorName: request.agentName,
    }),
  );
  if (messageId === undefined) {
    // Two identical requests raced; the other one committed first.
    return sendFromApp(context, workspace, ticketId, request);
  }
  context.notifyWorker();
  return { kind: 'queued', delivery: await deliveryView(context, workspace, messageId) };
}

async function findEarlierSend(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  requestId: string,
): Promise<{ id: number; conversationId: number; body: string } | undefined> {
  const row = await context.store.db
    .selectFrom('messages')
    .select(['id', 'conversation_id', 'body'])
    .where('workspace_id', '=', workspace.config.id)
    .where('origin', '=', SIDEBAR_SEND_ORIGIN)
    .where('origin_id', '=', requestId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { id: Number(row.id), conversationId: Number(row.conversation_id), body: row.body };
}
