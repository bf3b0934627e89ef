// Stores an inbound SMS, its consent effect and its jobs in one transaction, before the webhook is acknowledged.
import type { InboundMessage } from '@smsbridge/carriers';
import { classifyKeyword, currentConsent } from '@smsbridge/compliance';
import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import { appendConsentEvent, readConsentEvents } from './consent-ledger.ts';
import { JOB_KINDS, orderingKeys, type RelayContext, type WorkspaceRuntime } from './context.ts';
import { enqueueDeliveryJob } from './deliver-inbound.ts';
import { queueOutboundSms } from './outbound-queue.ts';

export interface IngestResult {
  /** The carrier had already delivered this message; nothing was written. */
  readonly duplicate: boolean;
}

export async function ingestInbound(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  message: InboundMessage,
): Promise<IngestResult> {
  const now = context.now();
  const timestamp = now.toISOString();
  const workspaceId = workspace.config.id;
  // Pure and fast (no I/O), so it runs before the acknowledgement: a STOP takes effect at once,
  // before any agent reply can be sent, even while the helpdesk is down.
  const keyword = classifyKeyword(message.body);

  const outcome = await context.store.db.transaction().execute(async (trx) => {
    const conversation = await trx
      .insertInto('conversations')
      .values({
        workspace_id: workspaceId,
        business_number: message.to,
        customer_phone: message.from,
        ticket_id: null,
        ticket_status: null,
        ticket_status_at: null,
        ticket_checked_at: null,
        last_inbound_at: timestamp,
        created_at: timestamp,
        updated_at: timestamp,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['workspace_id', 'business_number', 'customer_phone'])
          .doUpdateSet({ last_inbound_at: timestamp, updated_at: timestamp }),
      )
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();

    const inserted = await trx
      .insertInto('messages')
      .values({
        workspace_id: workspaceId,
        conversation_id: conversation.id,
        direction: 'inbound',
        carrier: workspace.carrier.id,
        carrier_message_id: message.carrierMessageId,
        body: message.body,
        media_json: JSON.stringify(message.media),
        status: 'received',
        error_code: null,
        origin: null,
        origin_id: null,
        author_name: null,
        segments: null,
        created_at: timestamp,
        updated_at: timestamp,
      })
      .onConflict((conflict) => conflict.columns(['carrier', 'carrier_message_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) return { duplicate: true };
    const messageId = inserted.id;

    // The ledger matters for a first contact (implied consent) and for HELP (no answer while opted
    // out); other texts skip the read.
    const firstContact = conversation.created_at === timestamp;
    const ledger =
      firstContact || keyword.kind === 'help'
        ? await readConsentEvents(trx, workspaceId, message.from)
        : [];
    if (firstContact && ledger.length === 0) {
      // The customer texted first: implied consent to support replies (carriers.md §6).
      await appendConsentEvent(trx, {
        workspaceId,
        phone: message.from,
        scope: 'support',
        kind: 'customer_initiated',
        source: 'inbound_message',
        ref: message.carrierMessageId,
        messageId,
        at: now,
      });
    }
    const consentBefore = currentConsent(ledger, 'support');

    if (keyword.kind === 'opt_out' || keyword.kind === 'opt_in') {
      await appendConsentEvent(trx, {
        workspaceId,
        phone: message.from,
        // STOP stops every text from us; START re-subscribes support texts only (marketing needs
        // express consent, carriers.md §6).
        scope: keyword.kind === 'opt_out' ? 'all' : 'support',
        kind: keyword.kind,
        source: keyword.match === 'exact' ? 'keyword' : 'plain_language',
        ...(keyword.keyword === undefined ? {} : { keyword: keyword.keyword }),
        text: message.body,
        ref: message.carrierMessageId,
        messageId,
        at: now,
      });
    }

    await ensureDeliveryJob(trx, context, workspaceId, conversation.id, messageId);

    const reply = keywordReply(workspace, keyword, consentBefore.status === 'opted_out');
    if (reply !== undefined) {
      await queueOutboundSms(trx, context, workspace, {
        conversationId: conversation.id,
        body: reply,
        origin: 'keyword_reply',
        originId: String(messageId),
        authorName: null,
      });
    }
    return { duplicate: false };
  });

  context.metrics.inboundMessages.inc({
    workspace: workspaceId,
    result: outcome.duplicate ? 'duplicate' : 'stored',
  });
  // The logger masks `from`/`to` and omits `body` unless logging.includeBodies is set.
  context.logger.debug(
    {
      workspace: workspaceId,
      from: message.from,
      to: message.to,
      body: message.body,
      messageSid: message.carrierMessageId,
      keyword: keyword.kind,
      duplicate: outcome.duplicate,
    },
    'inbound text',
  );
  if (!outcome.duplicate) context.notifyWorker();
  return outcome;
}

/**
 * Makes sure a delivery job will carry this text to the helpdesk. A delivery job writes every text
 * of its conversation still undelivered when it runs, so while one is waiting (pending, not yet
 * claimed) a new text needs no job of its own: a burst costs one job, not one per text. The row is
 * locked (PostgreSQL) so a relay claiming it at this moment either waits for this commit — and then
 * sees the text — or has already claimed it, and this text gets a new job.
 */
async function ensureDeliveryJob(
  trx: Transaction<Database>,
  context: RelayContext,
  workspaceId: string,
  conversationId: number,
  messageId: number,
): Promise<void> {
  const orderingKey = orderingKeys.helpdesk(conversationId);
  let waiting = trx
    .selectFrom('jobs')
    .select('id')
    .where('ordering_key', '=', orderingKey)
    .where('kind', '=', JOB_KINDS.deliverInbound)
    .where('state', '=', 'pending')
    .limit(1);
  if (context.store.dialect === 'postgres') waiting = waiting.forUpdate();
  if ((await waiting.executeTakeFirst()) !== undefined) return;
  await enqueueDeliveryJob(trx, context, workspaceId, conversationId, messageId);
}

/**
 * The confirmation the relay sends for a keyword, if any. When the carrier already answers exact
 * keywords (Twilio Advanced Opt-Out, carriers.md §1.7) the relay stays silent for those, so the
 * customer never gets two; it still answers plain-language requests, which carriers do not see.
 * HELP gets no answer while the customer is opted out, as Twilio does (carriers.md §1.7).
 */
function keywordReply(
  workspace: WorkspaceRuntime,
  keyword: ReturnType<typeof classifyKeyword>,
  optedOut: boolean,
): string | undefined {
  if (keyword.kind === 'none') return undefined;
  if (workspace.config.carrier.carrierRepliesToKeywords && keyword.match === 'exact')
    return undefined;
  const { replies } = workspace.config;
  switch (keyword.kind) {
    case 'opt_out':
      return replies.stop;
    case 'opt_in':
      return replies.start;
    case 'help':
      return optedOut ? undefined : replies.help;
  }
}
