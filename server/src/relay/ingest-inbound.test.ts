// Group commit of inbound texts: a text the store refuses fails alone, its batch-mates are still stored and acknowledged.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { storeTargets, type TestStore } from '../../test/store-targets.ts';
import { resolveConfig } from '../config/load.ts';
import { createLogger } from '../observability/logger.ts';
import { createRelayContext } from '../relay.ts';
import { createInboundIngester } from './ingest-inbound.ts';

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

for (const target of storeTargets) {
  describe.skipIf(!target.available)(`inbound group commit on ${target.name}`, () => {
    let test: TestStore | undefined;
    afterEach(async () => {
      await test?.dispose();
      test = undefined;
    });

    it('stores and acknowledges the batch-mates of a text the store refuses, and fails only that one', async () => {
      test = await target.open();
      await poisonBodies(test);
      let notified = 0;
      const context = createRelayContext(config, test.store, {
        fetch: () => Promise.reject(new Error('no HTTP in this test')),
        logger: createLogger({ level: 'silent', includeBodies: false }),
        now: () => new Date('2026-05-01T12:00:00Z'),
        notifyWorker: () => {
          notified += 1;
        },
      });
      const workspace = context.workspaces.get('acme')!;
      const ingester = createInboundIngester(context);
      const text = (sid: string, from: string, body: string) =>
        ingester.ingest(workspace, {
          carrierMessageId: sid,
          from,
          to: '+14155550100',
          body,
          media: [],
        });
      // Queued in the same turn of the event loop: one batch (SQLite) or batches of four (PostgreSQL).
      const outcomes = await Promise.allSettled([
        text('SM1', '+14155550001', 'hello'),
        text('SM2', '+14155550002', 'poison'),
        text('SM3', '+14155550003', 'world'),
        text('SM4', '+14155550004', 'again'),
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
      // Each stored text has its delivery job; the refused one left nothing behind.
      const jobs = await test.store.db.selectFrom('jobs').select('id').execute();
      expect(jobs).toHaveLength(3);
      expect(notified).toBeGreaterThan(0);
      // The refused text is refused again when the carrier retries it, and stays refused alone.
      await expect(text('SM2', '+14155550002', 'poison')).rejects.toThrow(/poisoned row/);
      await expect(text('SM1', '+14155550001', 'hello')).resolves.toEqual({ duplicate: true });
    });
  });
}
