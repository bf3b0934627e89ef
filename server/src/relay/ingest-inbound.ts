// Stores inbound SMS, their consent effects and their jobs, committing several webhooks together, before each is acknowledged.
import type { InboundMessage } from '@smsbridge/carriers';
import { classifyKeyword, currentConsent, type KeywordClassification } from '@smsbridge/compliance';
import type { Transaction } from 'kysely';
import { enqueueJobs, type NewJob } from '../jobs/outbox.ts';
import type { Database } from '../store/schema.ts';
import { appendConsentEvent, readConsentEvents } from './consent-ledger.ts';
import { JOB_KINDS, orderingKeys, type RelayContext, type WorkspaceRuntime } from './context.ts';
import { enqueueDeliveryJob } from './deliver-inbound.ts';
import { helpdeskJob } from './helpdesk-jobs.ts';
import { messageRow, storeTexts, type UpsertedConversation } from './ingest-inbound-sql.ts';
import { queueOutboundSms } from './outbound-queue.ts';

export interface IngestResult {
  /** The carrier had already delivered this message; nothing was written. */
  readonly duplicate: boolean;
}

/**
 * How a batch is written: `set-based` writes the whole batch with one statement per table, and
 * only first contacts and keywords add statements of their own; `per-text` runs each text's
 * statements one after another (~4–5 a text). Both leave the same rows: per-text is the plain
 * reference ingest-inbound.test.ts holds the set-based path to (no dialect uses it now).
 */
export type BatchWrites = 'per-text' | 'set-based';

export interface Batching {
  /** Most texts in one transaction. */
  readonly maxBatch: number;
  /** Most transactions written at once. */
  readonly maxConcurrent: number;
  readonly writes: BatchWrites;
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
 * How many texts share a transaction, how many transactions are written at once, and how. SQLite
 * has one connection: big batches, one at a time. On PostgreSQL a statement is a round trip: with
 * per-text writes parallel small batches won (at 1,000 webhooks/s offered, 4 concurrent batches of
 * up to 64 acknowledged 414/s, 16 of up to 4 709/s), but set-based writes make a batch cost the
 * same few statements whatever its size, and then bigger batches win. At 1,500/s offered, in
 * acknowledgements/s (concurrent batches × most texts a batch; docs/benchmarks.md, section 3; same
 * machine, one run after another, load average 0.5–3.9 at the start): per-text 16 × 4 731–852;
 * set-based 16 × 4 666, 8 × 32 1,149–1,444 (4 steps in 3 runs), 8 × 64 1,117–1,486, 4 × 64
 * 1,083–1,410, 8 × 128 988–1,042. Eight also leaves two of the pool's ten connections to the rest.
 * SQLite: set-based was as fast or faster than per-text in two alternating pairs of runs (CPU per
 * ack at 500/s 1.23–1.59 ms against 1.33–1.82, p99 at 1,500/s 32–68 ms against 72–132).
 */
const BATCHING: Readonly<Record<'sqlite' | 'postgres', Batching>> = {
  sqlite: { maxBatch: 64, maxConcurrent: 1, writes: 'set-based' },
  postgres: { maxBatch: 32, maxConcurrent: 8, writes: 'set-based' },
};

/**
 * Group commit: webhooks verified in the same turn of the event loop are written in one
 * transaction, and each is acknowledged only after that commit (DESIGN.md, data flow step 2). A
 * commit is the dearest part of a text's write on SQLite, and on PostgreSQL it is a round trip;
 * sharing it is what lets one relay take a burst (docs/benchmarks.md, section 3, third round).
 */
export function createInboundIngester(
  context: RelayContext,
  /** Tests only: another batching than the dialect's (BATCHING). */
  batching: Batching = BATCHING[context.store.dialect],
): InboundIngester {
  let queue: QueuedText[] = [];
  const { maxBatch, maxConcurrent, writes } = batching;
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
        void writeBatch(context, batch, writes).finally(() => {
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

async function writeBatch(
  context: RelayContext,
  batch: readonly QueuedText[],
  writes: BatchWrites,
): Promise<void> {
  let results: IngestResult[];
  try {
    results = await context.store.db.transaction().execute(async (trx) => {
      if (writes === 'set-based') return writeTextsTogether(trx, context, batch);
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
    for (const text of batch) await writeBatch(context, [text], writes);
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
  const { workspace, message } = text;
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
      ...messageRow({
        workspaceId,
        businessNumber: message.to,
        customerPhone: message.from,
        timestamp,
        carrier: workspace.carrier.id,
        message,
      }),
      conversation_id: conversation.id,
    })
    .onConflict((conflict) => conflict.columns(['carrier', 'carrier_message_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) return { duplicate: true };
  const messageId = inserted.id;

  const optedOut = await recordConsent(trx, text, conversation, messageId);
  await ensureDeliveryJob(trx, context, workspace, conversation, messageId, now);
  await sendKeywordReply(trx, context, text, conversation.id, messageId, optedOut);
  return { duplicate: false };
}

/**
 * Writes a batch with one statement per table whatever its size: the conversations, the messages,
 * the waiting delivery jobs (read), the new delivery jobs. It leaves the rows `writeText` leaves
 * for each text in turn (ingest-inbound.test.ts compares them), but on PostgreSQL, where each
 * statement is a round trip, it costs the round trips of one text.
 */
async function writeTextsTogether(
  trx: Transaction<Database>,
  context: RelayContext,
  batch: readonly QueuedText[],
): Promise<IngestResult[]> {
  const { conversations, messageIds, waiting } = await storeTexts(
    trx,
    context.store.dialect,
    batch.map((text) => ({
      workspaceId: text.workspace.config.id,
      businessNumber: text.message.to,
      customerPhone: text.message.from,
      timestamp: text.receivedAt.toISOString(),
      carrier: text.workspace.carrier.id,
      message: text.message,
    })),
  );
  const stored = batch.flatMap((text, index) => {
    const messageId = messageIds[index];
    return messageId === undefined
      ? []
      : [{ text, conversation: conversations[index]!, messageId }];
  });

  // The first new text of a conversation makes its job, unless one is waiting: what
  // `ensureDeliveryJob` decides for each text in turn, since it finds the job the first one made.
  const firsts = new Map<number, (typeof stored)[number]>();
  for (const entry of stored) {
    if (!firsts.has(entry.conversation.id)) firsts.set(entry.conversation.id, entry);
  }
  const jobs: NewJob[] = [];
  for (const { text, conversation, messageId } of firsts.values()) {
    if (waiting.has(conversation.id)) continue;
    jobs.push(
      helpdeskJob(context, {
        workspaceId: text.workspace.config.id,
        conversationId: conversation.id,
        kind: JOB_KINDS.deliverInbound,
        payload: { messageId },
        runAt: nextTicketUpdateAt(
          text.workspace,
          conversation.helpdesk_written_at,
          text.receivedAt,
        ),
      }),
    );
  }
  await enqueueJobs(trx, jobs, context.now());

  // First contacts and keywords read and append to the consent ledger and may queue a reply, each
  // depending on what the texts before it appended (a HELP after a STOP gets no answer): they keep
  // the per-text statements, in arrival order. They are rare; most texts need none of this.
  for (const { text, conversation, messageId } of stored) {
    if (!isFirstContact(text, conversation) && text.keyword.kind === 'none') continue;
    const optedOut = await recordConsent(trx, text, conversation, messageId);
    await sendKeywordReply(trx, context, text, conversation.id, messageId, optedOut);
  }
  return messageIds.map((id) => ({ duplicate: id === undefined }));
}

/** The conversation was created by this text (its upsert inserted the row). */
function isFirstContact(text: QueuedText, conversation: { readonly created_at: string }): boolean {
  return conversation.created_at === text.receivedAt.toISOString();
}

/**
 * Appends a new text's consent events (implied consent on a first contact, STOP/START); returns
 * whether the customer was opted out before this text (HELP gets no answer then).
 */
async function recordConsent(
  trx: Transaction<Database>,
  text: QueuedText,
  conversation: Pick<UpsertedConversation, 'created_at'>,
  messageId: number,
): Promise<boolean> {
  const { workspace, message, keyword } = text;
  const now = text.receivedAt;
  const workspaceId = workspace.config.id;
  // The ledger matters for a first contact (implied consent) and for HELP (no answer while opted
  // out); other texts skip the read.
  const firstContact = isFirstContact(text, conversation);
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
  return consentBefore.status === 'opted_out';
}

/** Queues the keyword's confirmation SMS, if it gets one (`keywordReply`). */
async function sendKeywordReply(
  trx: Transaction<Database>,
  context: RelayContext,
  text: QueuedText,
  conversationId: number,
  messageId: number,
  optedOut: boolean,
): Promise<void> {
  const reply = keywordReply(text.workspace, text.keyword, optedOut);
  if (reply === undefined) return;
  await queueOutboundSms(trx, context, text.workspace, {
    conversationId,
    body: reply,
    origin: 'keyword_reply',
    originId: String(messageId),
    authorName: null,
  });
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
