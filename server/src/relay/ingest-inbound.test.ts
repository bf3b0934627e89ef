// Group commit of inbound texts: per-text and set-based writes leave the same rows; a text the store refuses fails alone.
import type { InboundMessage } from '@smsbridge/carriers';
import { sql, type KyselyPlugin } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { storeTargets, type TestStore } from '../../test/store-targets.ts';
import { resolveConfig } from '../config/load.ts';
import { createLogger } from '../observability/logger.ts';
import { createRelayContext } from '../relay.ts';
import type { Store } from '../store/open-store.ts';
import type { RelayContext } from './context.ts';
import {
  createInboundIngester,
  type BatchWrites,
  type Batching,
  type IngestResult,
} from './ingest-inbound.ts';

const config = resolveConfig(
  'ingest.yaml',
  {
    server: { publicUrl: 'https://sms.example.com' },
    workspaces: [
      {
        id: 'acme',
        name: 'Acme',
        businessNumbers: ['+14155550100'],
        carrier: {
          kind: 'twilio',
          accountSid: `AC${'a'.repeat(32)}`,
          authToken: { env: 'TWILIO_TOKEN' },
        },
        helpdesk: {
          kind: 'zendesk',
          subdomain: 'acme',
          email: 'relay@acme.test',
          apiToken: { env: 'ZENDESK_TOKEN' },
          webhookSigningSecret: { env: 'ZENDESK_SECRET' },
        },
      },
      {
        // The carrier answers exact keywords here (Twilio Advanced Opt-Out): the relay stays silent.
        id: 'globex',
        name: 'Globex',
        businessNumbers: ['+14155550200'],
        carrier: {
          kind: 'twilio',
          accountSid: `AC${'b'.repeat(32)}`,
          authToken: { env: 'TWILIO_TOKEN' },
          carrierRepliesToKeywords: true,
        },
        helpdesk: {
          kind: 'zendesk',
          subdomain: 'globex',
          email: 'relay@globex.test',
          apiToken: { env: 'ZENDESK_TOKEN' },
          webhookSigningSecret: { env: 'ZENDESK_SECRET' },
        },
      },
    ],
  },
  { TWILIO_TOKEN: 't', ZENDESK_TOKEN: 'z', ZENDESK_SECRET: 's' },
);

/** Makes the store refuse any message whose body is 'poison', as a broken row would. */
async function poisonBodies(test: TestStore): Promise<void> {
  const { db, dialect } = test.store;
  if (dialect === 'sqlite') {
    await sql`create trigger refuse_poison before insert on messages when new.body = 'poison'
      begin select raise(abort, 'poisoned row'); end`.execute(db);
    return;
  }
  await sql`create function refuse_poison() returns trigger language plpgsql as $$
      begin if new.body = 'poison' then raise exception 'poisoned row'; end if; return new; end $$`.execute(
    db,
  );
  await sql`create trigger refuse_poison before insert on messages
      for each row execute function refuse_poison()`.execute(db);
}

const T0 = Date.parse('2026-05-01T12:00:00Z');

/** A relay context on `store` whose clock the test sets; counts the worker wake-ups. */
function contextOn(store: Store, clock: { ms: number }) {
  const counts = { notified: 0 };
  const context = createRelayContext(config, store, {
    fetch: () => Promise.reject(new Error('no HTTP in this test')),
    logger: createLogger({ level: 'silent', includeBodies: false }),
    now: () => new Date(clock.ms),
    notifyWorker: () => {
      counts.notified += 1;
    },
  });
  return { context, counts };
}

/** Every text queued in one turn in one transaction, written `writes`. */
function oneBatch(writes: BatchWrites): Batching {
  return { maxBatch: 64, maxConcurrent: 1, writes };
}

interface Text {
  readonly workspace: 'acme' | 'globex';
  readonly sid: string;
  readonly from: string;
  readonly body: string;
}

const to = { acme: '+14155550100', globex: '+14155550200' } as const;

/** Queues the texts in one turn of the event loop (one batch), 1 ms apart; resolves with each result. */
function ingestTogether(
  context: RelayContext,
  batching: Batching,
  clock: { ms: number },
  texts: readonly Text[],
): Promise<PromiseSettledResult<IngestResult>[]> {
  const ingester = createInboundIngester(context, batching);
  return Promise.allSettled(
    texts.map((text) => {
      clock.ms += 1;
      const message: InboundMessage = {
        carrierMessageId: text.sid,
        from: text.from,
        to: to[text.workspace],
        body: text.body,
        media: [],
      };
      return ingester.ingest(context.workspaces.get(text.workspace)!, message);
    }),
  );
}

const customers = {
  a: '+14155550001',
  b: '+14155550002',
  c: '+14155550003',
  d: '+14155550004',
  e: '+14155550005',
  f: '+14155550006',
  g: '+14155550007',
  h: '+14155550008',
} as const;

/** Conversations A–D exist before the batch; D is opted out. */
const EARLIER: readonly Text[] = [
  { workspace: 'acme', sid: 'SMa1', from: customers.a, body: 'hi' },
  { workspace: 'acme', sid: 'SMb1', from: customers.b, body: 'my order is late' },
  { workspace: 'acme', sid: 'SMc1', from: customers.c, body: 'hello' },
  { workspace: 'acme', sid: 'SMd1', from: customers.d, body: 'STOP' },
];

/** The batch under test: one turn of the event loop, one transaction. */
const MIXED: readonly Text[] = [
  // Existing conversation whose delivery job is still waiting: the text joins that job.
  { workspace: 'acme', sid: 'SMa2', from: customers.a, body: 'second text' },
  // First contact: new conversation, implied consent, a job that runs at once.
  { workspace: 'acme', sid: 'SMe1', from: customers.e, body: 'first contact' },
  // Existing conversation updated on its ticket 1 s ago: its new job waits for the pacing interval.
  { workspace: 'acme', sid: 'SMb2', from: customers.b, body: 'any news?' },
  // A retried webhook of a text stored before.
  { workspace: 'acme', sid: 'SMa1', from: customers.a, body: 'hi' },
  // The first contact's second text: no second job, no second consent event.
  { workspace: 'acme', sid: 'SMe2', from: customers.e, body: 'and again' },
  // First contact and STOP: implied consent, opt-out, the STOP reply.
  { workspace: 'acme', sid: 'SMf1', from: customers.f, body: 'STOP' },
  // HELP from a conversation whose job is running: a new job and the HELP reply.
  { workspace: 'acme', sid: 'SMc2', from: customers.c, body: 'HELP' },
  // HELP while opted out: no reply.
  { workspace: 'acme', sid: 'SMd2', from: customers.d, body: 'HELP' },
  // HELP right after a STOP in the same batch: no reply either.
  { workspace: 'acme', sid: 'SMf2', from: customers.f, body: 'HELP' },
  // The carrier answers exact keywords in this workspace: opt-out recorded, no reply from us...
  { workspace: 'globex', sid: 'SMg1', from: customers.g, body: 'STOP' },
  // ...but plain language, which carriers do not see, is answered.
  { workspace: 'globex', sid: 'SMh1', from: customers.h, body: 'please stop texting me' },
  // The same webhook twice in one batch.
  { workspace: 'acme', sid: 'SMe2', from: customers.e, body: 'and again' },
  // START after STOP: opted in again, the START reply.
  { workspace: 'acme', sid: 'SMd3', from: customers.d, body: 'START' },
];

/**
 * Writes EARLIER (per text), arranges the jobs and ticket times around it, then writes MIXED as one
 * batch with `writes`. Returns the batch's outcomes and the tables it leaves.
 */
async function runMixedBatch(test: TestStore, writes: BatchWrites) {
  const clock = { ms: T0 };
  const { context } = contextOn(test.store, clock);
  const earlier = await ingestTogether(context, oneBatch('per-text'), clock, EARLIER);
  expect(earlier.map((outcome) => outcome.status)).toEqual(EARLIER.map(() => 'fulfilled'));
  const db = test.store.db;
  const conversationOf = async (phone: string) =>
    (
      await db
        .selectFrom('conversations')
        .select('id')
        .where('customer_phone', '=', phone)
        .executeTakeFirstOrThrow()
    ).id;
  clock.ms = T0 + 60_000;
  const now = clock.ms;
  // B: its job ran and wrote the ticket 1 s ago (pacing: 2 s by default).
  const b = await conversationOf(customers.b);
  await db
    .updateTable('jobs')
    .set({ state: 'done' })
    .where('ordering_key', '=', `conversation:${b}:helpdesk`)
    .execute();
  await db
    .updateTable('conversations')
    .set({ helpdesk_written_at: new Date(now - 1000).toISOString() })
    .where('id', '=', b)
    .execute();
  // C: a worker is running its job, which wrote the ticket long ago.
  const c = await conversationOf(customers.c);
  await db
    .updateTable('jobs')
    .set({ state: 'running' })
    .where('ordering_key', '=', `conversation:${c}:helpdesk`)
    .execute();
  await db
    .updateTable('conversations')
    .set({ helpdesk_written_at: new Date(now - 60_000).toISOString() })
    .where('id', '=', c)
    .execute();
  // D: everything delivered (its STOP reply stays pending: no carrier here).
  const d = await conversationOf(customers.d);
  await db
    .updateTable('jobs')
    .set({ state: 'done' })
    .where('ordering_key', '=', `conversation:${d}:helpdesk`)
    .execute();

  const outcomes = await ingestTogether(context, oneBatch(writes), clock, MIXED);
  return { outcomes, tables: await snapshot(test.store) };
}

/**
 * The store's rows with ids replaced by what they stand for (a conversation's key, an inbound
 * text's carrier id), since ids are drawn from sequences. Rows keep their id order where order
 * means something: inbound texts, each conversation's replies, each ordering key's jobs, the ledger.
 */
async function snapshot(store: Store) {
  const db = store.db;
  const conversations = await db.selectFrom('conversations').selectAll().orderBy('id').execute();
  const conversationKey = new Map(
    conversations.map((row) => [
      row.id,
      `${row.workspace_id}/${row.business_number}/${row.customer_phone}`,
    ]),
  );
  const messages = await db.selectFrom('messages').selectAll().orderBy('id').execute();
  // An inbound text stands for its carrier id; a keyword reply for the text it answers.
  const refOf = new Map<number, string>();
  for (const row of messages) {
    refOf.set(
      row.id,
      row.direction === 'inbound'
        ? String(row.carrier_message_id)
        : `${row.origin}:${refOf.get(Number(row.origin_id)) ?? row.origin_id}`,
    );
  }
  const messageRef = (id: number | null | undefined) =>
    id === null || id === undefined ? id : (refOf.get(id) ?? `unknown message ${id}`);
  const conversationRef = (id: number) => conversationKey.get(id) ?? `unknown conversation ${id}`;
  const jobs = await db.selectFrom('jobs').selectAll().orderBy('id').execute();
  const consent = await db.selectFrom('consent_events').selectAll().orderBy('id').execute();

  const withoutId = <Row extends { id: number }>({ id: _id, ...rest }: Row) => rest;
  const byKey = <Row>(rows: readonly Row[], key: (row: Row) => string) => {
    const groups: Record<string, Row[]> = {};
    for (const row of rows) (groups[key(row)] ??= []).push(row);
    return groups;
  };
  const messageRows = messages.map((row) => ({
    ...withoutId(row),
    conversation_id: conversationRef(row.conversation_id),
    origin_id: row.origin === 'keyword_reply' ? messageRef(Number(row.origin_id)) : row.origin_id,
  }));
  const conversationOfKey = (orderingKey: string) =>
    orderingKey.replace(
      /^conversation:(\d+):/,
      (_, id: string) => `${conversationRef(Number(id))}:`,
    );
  return {
    conversations: conversations
      .map(withoutId)
      .sort((x, y) =>
        `${x.workspace_id}/${x.customer_phone}`.localeCompare(
          `${y.workspace_id}/${y.customer_phone}`,
        ),
      ),
    inbound: messageRows.filter((row) => row.direction === 'inbound'),
    outboundByConversation: byKey(
      messageRows.filter((row) => row.direction === 'outbound'),
      (row) => row.conversation_id,
    ),
    jobsByKey: byKey(
      jobs.map((row) => {
        const payload = JSON.parse(row.payload_json) as Record<string, unknown>;
        return {
          ...withoutId(row),
          ordering_key: conversationOfKey(row.ordering_key),
          payload: {
            ...payload,
            ...(typeof payload.conversationId === 'number'
              ? { conversationId: conversationRef(payload.conversationId) }
              : {}),
            ...(typeof payload.messageId === 'number'
              ? { messageId: messageRef(payload.messageId) }
              : {}),
          },
          payload_json: undefined,
        };
      }),
      (row) => row.ordering_key,
    ),
    consent: consent.map((row) => ({ ...withoutId(row), message_id: messageRef(row.message_id) })),
    inboundIdsInArrivalOrder: messages
      .filter((row) => row.direction === 'inbound')
      .map((row) => row.carrier_message_id),
  };
}

/** Counts the statements a Kysely instance executes (begin and commit are not statements to it). */
function countingStatements(store: Store): { store: Store; count: () => number } {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      count += 1;
      return args.node;
    },
    transformResult(args) {
      return Promise.resolve(args.result);
    },
  };
  return { store: { ...store, db: store.db.withPlugin(plugin) }, count: () => count };
}

for (const target of storeTargets) {
  describe.skipIf(!target.available)(`inbound writes on ${target.name}`, () => {
    const opened: TestStore[] = [];
    const open = async () => {
      const test = await target.open();
      opened.push(test);
      return test;
    };
    afterEach(async () => {
      for (const test of opened.splice(0)) await test.dispose();
    });

    it('writes a mixed batch set-based into exactly the rows and jobs of the per-text path', async () => {
      const perText = await runMixedBatch(await open(), 'per-text');
      const setBased = await runMixedBatch(await open(), 'set-based');

      const results = (outcomes: PromiseSettledResult<IngestResult>[]): unknown[] =>
        outcomes.map((outcome) =>
          outcome.status === 'fulfilled' ? outcome.value : String(outcome.reason),
        );
      const expected = MIXED.map((_, index) => ({ duplicate: index === 3 || index === 11 }));
      expect(results(perText.outcomes)).toEqual(expected);
      expect(results(setBased.outcomes)).toEqual(expected);
      expect(setBased.tables).toEqual(perText.tables);

      // What both paths did, so the comparison is not of two wrong answers.
      const tables = setBased.tables;
      expect(tables.inboundIdsInArrivalOrder).toEqual([
        'SMa1',
        'SMb1',
        'SMc1',
        'SMd1',
        'SMa2',
        'SMe1',
        'SMb2',
        'SMe2',
        'SMf1',
        'SMc2',
        'SMd2',
        'SMf2',
        'SMg1',
        'SMh1',
        'SMd3',
      ]);
      const conversationKey = (workspace: 'acme' | 'globex', phone: string) =>
        `${workspace}/${to[workspace]}/${phone}`;
      const replies = Object.fromEntries(
        Object.entries(tables.outboundByConversation).map(([key, rows]) => [
          key,
          rows.map((row) => row.origin_id),
        ]),
      );
      expect(replies).toEqual({
        [conversationKey('acme', customers.d)]: ['SMd1', 'SMd3'],
        [conversationKey('acme', customers.f)]: ['SMf1'],
        [conversationKey('acme', customers.c)]: ['SMc2'],
        [conversationKey('globex', customers.h)]: ['SMh1'],
      });
      expect(tables.consent.map((row) => `${row.message_id} ${row.kind}`)).toEqual([
        'SMa1 customer_initiated',
        'SMb1 customer_initiated',
        'SMc1 customer_initiated',
        'SMd1 customer_initiated',
        'SMd1 opt_out',
        'SMe1 customer_initiated',
        'SMf1 customer_initiated',
        'SMf1 opt_out',
        'SMg1 customer_initiated',
        'SMg1 opt_out',
        'SMh1 customer_initiated',
        'SMh1 opt_out',
        'SMd3 opt_in',
      ]);
      const deliveries = (key: string) =>
        (tables.jobsByKey[`${key}:helpdesk`] ?? []).map(
          (job) => `${String(job.payload.messageId)} ${job.state} ${job.run_at}`,
        );
      const at = (ms: number) => new Date(ms).toISOString();
      const batchAt = T0 + 60_000;
      expect(deliveries(conversationKey('acme', customers.a))).toEqual([
        `SMa1 pending ${at(T0 + 1)}`,
      ]);
      // B's ticket was written 1 s before the batch: its job waits out the 2 s interval.
      expect(deliveries(conversationKey('acme', customers.b))).toEqual([
        `SMb1 done ${at(T0 + 2)}`,
        `SMb2 pending ${at(batchAt + 2000 - 1000)}`,
      ]);
      expect(deliveries(conversationKey('acme', customers.c))).toEqual([
        `SMc1 running ${at(T0 + 3)}`,
        `SMc2 pending ${at(batchAt + 7)}`,
      ]);
      expect(deliveries(conversationKey('acme', customers.e))).toEqual([
        `SMe1 pending ${at(batchAt + 2)}`,
      ]);
      expect(deliveries(conversationKey('acme', customers.f))).toEqual([
        `SMf1 pending ${at(batchAt + 6)}`,
      ]);
    });

    for (const writes of ['per-text', 'set-based'] as const) {
      it(`stores and acknowledges the batch-mates of a text the store refuses, and fails only that one (${writes})`, async () => {
        const test = await open();
        await poisonBodies(test);
        const clock = { ms: T0 };
        const { context, counts } = contextOn(test.store, clock);
        // One batch of four on either store, as the set-based path writes it.
        const batching = oneBatch(writes);
        const text = (sid: string, from: string, body: string) =>
          ingestTogether(context, batching, clock, [{ workspace: 'acme', sid, from, body }]);
        const outcomes = await ingestTogether(context, batching, clock, [
          { workspace: 'acme', sid: 'SM1', from: customers.a, body: 'hello' },
          { workspace: 'acme', sid: 'SM2', from: customers.b, body: 'poison' },
          { workspace: 'acme', sid: 'SM3', from: customers.c, body: 'world' },
          { workspace: 'acme', sid: 'SM4', from: customers.a, body: 'again' },
        ]);
        expect(outcomes.map((o) => o.status)).toEqual([
          'fulfilled',
          'rejected',
          'fulfilled',
          'fulfilled',
        ]);
        expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/poisoned row/);
        const stored = await test.store.db
          .selectFrom('messages')
          .select(['carrier_message_id', 'body'])
          .orderBy('id')
          .execute();
        expect(stored).toEqual([
          { carrier_message_id: 'SM1', body: 'hello' },
          { carrier_message_id: 'SM3', body: 'world' },
          { carrier_message_id: 'SM4', body: 'again' },
        ]);
        // Each stored conversation has its delivery job; the refused text left nothing behind.
        const jobs = await test.store.db.selectFrom('jobs').select('ordering_key').execute();
        expect(jobs).toHaveLength(2);
        const conversations = await test.store.db
          .selectFrom('conversations')
          .select('customer_phone')
          .orderBy('id')
          .execute();
        expect(conversations.map((row) => row.customer_phone)).toEqual([customers.a, customers.c]);
        expect(counts.notified).toBeGreaterThan(0);
        // The refused text is refused again when the carrier retries it, and stays refused alone.
        const [retried] = await text('SM2', customers.b, 'poison');
        expect(String((retried as PromiseRejectedResult).reason)).toMatch(/poisoned row/);
        const [again] = await text('SM1', customers.a, 'hello');
        expect(again).toEqual({ status: 'fulfilled', value: { duplicate: true } });
      });
    }

    it('writes a batch set-based with a fixed handful of statements whatever its size', async () => {
      const counted = countingStatements((await open()).store);
      const clock = { ms: T0 };
      const { context } = contextOn(counted.store, clock);
      const batching = oneBatch('set-based');
      const phones = Array.from(
        { length: 32 },
        (_, index) => `+1415555${String(index).padStart(4, '0')}`,
      );
      // First contacts: each takes its per-text consent statements.
      await ingestTogether(
        context,
        batching,
        clock,
        phones.map((from, index) => ({ workspace: 'acme', sid: `SMx${index}`, from, body: 'hi' })),
      );
      // The first eight conversations' jobs ran: their next texts need new ones.
      const ran = await counted.store.db
        .selectFrom('conversations')
        .select('id')
        .where('customer_phone', 'in', phones.slice(0, 8))
        .execute();
      await counted.store.db
        .updateTable('jobs')
        .set({ state: 'done' })
        .where(
          'ordering_key',
          'in',
          ran.map((row) => `conversation:${row.id}:helpdesk`),
        )
        .execute();
      const before = counted.count();
      // 33 texts of known customers, two per conversation, one retried: the conversations' upsert,
      // the messages' insert, the waiting jobs' read, the new jobs' insert.
      const outcomes = await ingestTogether(context, batching, clock, [
        ...phones.slice(0, 16).flatMap((from, index) => [
          { workspace: 'acme' as const, sid: `SMy${index}`, from, body: 'more' },
          { workspace: 'acme' as const, sid: `SMz${index}`, from, body: 'and more' },
        ]),
        { workspace: 'acme' as const, sid: 'SMx0', from: phones[0]!, body: 'hi' },
      ]);
      expect(outcomes.map((o) => o.status === 'fulfilled' && o.value.duplicate)).toEqual([
        ...Array.from({ length: 32 }, () => false),
        true,
      ]);
      expect(counted.count() - before).toBe(4);
      const pending = await counted.store.db
        .selectFrom('jobs')
        .select('id')
        .where('state', '=', 'pending')
        .execute();
      expect(pending).toHaveLength(32);
    });
  });
}
