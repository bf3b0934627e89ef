// Stores inbound SMS, their consent effects and their jobs, committing several webhooks together, before each is acknowledged.
import type { InboundMessage } from '@smsbridge/carriers';
import { classifyKeyword, currentConsent, type KeywordClassification } from '@smsbridge/compliance';
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

export interface InboundIngester {
  /** Resolves once the text and its jobs are committed (then, and only then, acknowledge it). */
  ingest(workspace: WorkspaceRuntime, message: InboundMessage): Promise<IngestResult>;
}

interface QueuedText {
  readonly workspace: WorkspaceRuntime;
  readonly message: InboundMessage;
  readonly receivedAt: Date;
  readonly keyword: KeywordClassification;
  readonly resolve: (result: IngestResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * How many texts share a transaction, and how many transactions are written at once. SQLite has
 * one connection: big batches, one at a time. On PostgreSQL a batch is written one round trip
 * after another, so parallel small batches win: at 1,000 webhooks/s offered, 4 concurrent batches
 * of up to 64 acknowledged 414/s, 16 of up to 4 709/s, one text per transaction 708/s (same
 * machine, back to back; docs/benchmarks.md).
 */
const BATCHING = {
  sqlite: { maxBatch: 64, maxConcurrent: 1 },
  postgres: { maxBatch: 4, maxConcurrent: 16 },
} as const;

/**
 * Group commit: webhooks verified in the same turn of the event loop are written in one
 * transaction, and each is acknowledged only after that commit (DESIGN.md, data flow step 2). A
 * commit is the dearest part of a text's write on SQLite, and on PostgreSQL it is a round trip;
 * sharing it is what lets one relay take a burst (docs/benchmarks.md, section 3, third round).
 */
export function createInboundIngester(context: RelayContext): InboundIngester {
  let queue: QueuedText[] = [];
  const { maxBatch, maxConcurrent } = BATCHING[context.store.dialect];
  /** Conversations with a text in a batch being written, and how many such batches. */
  const busy = new Map<string, number>();
  let writing = 0;
  let scheduled = false;

  /**
   * The oldest queued texts whose conversations no batch in flight is writing. Concurrent batches
   * (PostgreSQL) so touch disjoint conversations: they never wait on each other's row locks or
   * deadlock, and one conversation's texts are stored in the order they arrived.
   */
  const takeBatch = (): QueuedText[] => {
    const batch: QueuedText[] = [];
    const rest: QueuedText[] = [];
    for (const text of queue) {
      if (batch.length < maxBatch && !busy.has(conversationKey(text))) batch.push(text);
      else rest.push(text);
    }
    queue = rest;
    return batch;
  };

  const schedule = () => {
    if (scheduled || writing >= maxConcurrent || queue.length === 0) return;
    scheduled = true;
    // setImmediate runs after this turn's I/O callbacks: every webhook read in it joins the batch.
    setImmediate(() => {
      scheduled = false;
      while (queue.length > 0 && writing < maxConcurrent) {
        const batch = takeBatch();
        if (batch.length === 0) return; // every waiting text's conversation is being written
        const keys = batch.map(conversationKey);
        for (const key of keys) busy.set(key, (busy.get(key) ?? 0) + 1);
        writing += 1;
        void writeBatch(context, batch).finally(() => {
          for (const key of keys) {
            const left = (busy.get(key) ?? 1) - 1;
            if (left === 0) busy.delete(key);
            else busy.set(key, left);
          }
          writing -= 1;
          schedule();
        });
      }
    });
  };

  return {
    ingest(workspace, message) {
      return new Promise<IngestResult>((resolve, reject) => {
        queue.push({
          workspace,
          message,
          receivedAt: context.now(),
          // Pure and fast (no I/O), so it runs before the acknowledgement: a STOP takes effect at
          // once, before any agent reply can be sent, even while the helpdesk is down.
          keyword: classifyKeyword(message.body),
          resolve,
          reject,
        });
        schedule();
      });
    },
  };
}

function conversationKey(text: QueuedText): string {
  return `${text.workspace.config.id}\n${text.message.to}\n${text.message.from}`;
}

async function writeBatch(context: RelayContext, batch: readonly QueuedText[]): Promise<void> {
  let results: IngestResult[];
  try {
    results = await context.store.db.transaction().execute(async (trx) => {
      const written: IngestResult[] = [];
      for (const text of batch) written.push(await writeText(trx, context, text));
      return written;
    });
  } catch (error) {
    if (batch.length === 1) {
      batch[0]!.reject(error);
      return;
    }
    // One text the store refuses must not fail the others: write each in its own transaction.
    for (const text of batch) await writeBatch(context, [text]);
    return;
  }
  batch.forEach((text, index) => afterCommit(context, text, results[index]!));
  if (results.some((result) => !result.duplicate)) context.notifyWorker();
}

function afterCommit(context: RelayContext, text: QueuedText, result: IngestResult): void {
  const workspaceId = text.workspace.config.id;
  context.metrics.inboundMessages.inc({
    workspace: workspaceId,
    result: result.duplicate ? 'duplicate' : 'stored',
  });
  // The logger masks `from`/`to` and omits `body` unless logging.includeBodies is set.
  context.logger.debug(
    {
      workspace: workspaceId,
      from: text.message.from,
      to: text.message.to,
      body: text.message.body,
      messageSid: text.message.carrierMessageId,
      keyword: text.keyword.kind,
      duplicate: result.duplicate,
    },
    'inbound text',
  );
  text.resolve(result);
}

/** Writes one text, its consent effect and its jobs in the batch's transaction. */
async function writeText(
  trx: Transaction<Database>,
  context: RelayContext,
  text: QueuedText,
): Promise<IngestResult> {
  const { workspace, message, keyword } = text;
  const now = text.receivedAt;
  const timestamp = now.toISOString();
  const workspaceId = workspace.config.id;
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
      helpdesk_written_at: null,
      created_at: timestamp,
      updated_at: timestamp,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['workspace_id', 'business_number', 'customer_phone'])
        .doUpdateSet({ last_inbound_at: timestamp, updated_at: timestamp }),
    )
    .returning(['id', 'created_at', 'helpdesk_written_at'])
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

  await ensureDeliveryJob(trx, context, workspace, conversation, messageId, now);

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
  workspace: WorkspaceRuntime,
  conversation: { readonly id: number; readonly helpdesk_written_at: string | null },
  messageId: number,
  now: Date,
): Promise<void> {
  const orderingKey = orderingKeys.helpdesk(conversation.id);
  let waiting = trx
    .selectFrom('jobs')
    .select('id')
    .where('ordering_key', '=', orderingKey)
    .where('kind', '=', JOB_KINDS.deliverInbound)
    .where('state', '=', 'pending')
    .limit(1);
  if (context.store.dialect === 'postgres') waiting = waiting.forUpdate();
  if ((await waiting.executeTakeFirst()) !== undefined) return;
  await enqueueDeliveryJob(trx, context, workspace.config.id, conversation.id, messageId, {
    runAt: nextTicketUpdateAt(workspace, conversation.helpdesk_written_at, now),
  });
}

/**
 * When this conversation's ticket may be updated next: at once when it was not updated for
 * `threading.ticketUpdateIntervalSeconds`, else at the end of that interval, so the texts that
 * arrive meanwhile join the same update (one Zendesk call and one agent notification for a burst).
 */
export function nextTicketUpdateAt(
  workspace: WorkspaceRuntime,
  helpdeskWrittenAt: string | null,
  now: Date,
): Date {
  if (helpdeskWrittenAt === null) return now;
  const intervalMs = workspace.config.threading.ticketUpdateIntervalSeconds * 1000;
  const next = Date.parse(helpdeskWrittenAt) + intervalMs;
  return next > now.getTime() ? new Date(next) : now;
}

/**
 * The confirmation the relay sends for a keyword, if any. When the carrier already answers exact
 * keywords (Twilio Advanced Opt-Out, carriers.md §1.7) the relay stays silent for those, so the
 * customer never gets two; it still answers plain-language requests, which carriers do not see.
 * HELP gets no answer while the customer is opted out, as Twilio does (carriers.md §1.7).
 */
function keywordReply(
  workspace: WorkspaceRuntime,
  keyword: KeywordClassification,
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
