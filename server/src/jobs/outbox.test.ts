// The job outbox on SQLite and PostgreSQL: ordering per key, retries, leases, dead letters.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeTargets, type TestStore } from '../../test/store-targets.ts';
import {
  claimJobs,
  completeJob,
  enqueueJob,
  failJob,
  listJobs,
  queueStats,
  retryDeadJob,
  retryDelayMs,
} from './outbox.ts';

const T0 = new Date('2026-11-23T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const job = (orderingKey: string, payload: unknown = {}, maxAttempts = 3) => ({
  workspaceId: 'ws1',
  kind: 'test',
  orderingKey,
  payload,
  maxAttempts,
});

describe.each(storeTargets)('job outbox on $name', (target) => {
  let testStore: TestStore;
  beforeEach(async ({ skip }) => {
    if (!target.available) skip();
    testStore = await target.open();
  });
  afterEach(async () => {
    if (target.available) await testStore.dispose();
  });

  const claim = (workerId: string, limit: number, now: Date, leaseMs = 60_000) =>
    claimJobs(testStore.store.db, testStore.store.dialect, { workerId, limit, now, leaseMs });

  it('runs one key at a time, in order, while other keys proceed', async () => {
    const { db } = testStore.store;
    const a1 = await enqueueJob(db, job('a', { n: 1 }), T0);
    const a2 = await enqueueJob(db, job('a', { n: 2 }), T0);
    const b1 = await enqueueJob(db, job('b', { n: 1 }), T0);

    const first = await claim('w1', 10, T0);
    expect(first.map((j) => j.id)).toEqual([a1, b1]);
    expect(first[0]?.payload).toEqual({ n: 1 });
    expect(first[0]?.attempt).toBe(1);

    // a2 waits for a1 even though a worker has room.
    expect(await claim('w2', 10, T0)).toEqual([]);
    await completeJob(db, a1, 'w1', T0);
    const second = await claim('w2', 10, T0);
    expect(second.map((j) => j.id)).toEqual([a2]);
  });

  it('keeps later jobs of a key waiting while an earlier one backs off', async () => {
    const { db } = testStore.store;
    const a1 = await enqueueJob(db, job('a'), T0);
    const a2 = await enqueueJob(db, job('a'), T0);
    const [claimed] = await claim('w1', 10, T0);
    expect(claimed?.id).toBe(a1);
    const outcome = await failJob(
      db,
      claimed!,
      'w1',
      { retryable: true, retryAfterMs: 30_000, message: 'HTTP 429' },
      T0,
      () => 0.5,
    );
    expect(outcome).toBe('retry');
    // Not due yet, and a2 may not overtake it.
    expect(await claim('w1', 10, at(10))).toEqual([]);
    const retried = await claim('w1', 10, at(33));
    expect(retried.map((j) => [j.id, j.attempt])).toEqual([[a1, 2]]);
    await completeJob(db, a1, 'w1', at(33));
    expect((await claim('w1', 10, at(33))).map((j) => j.id)).toEqual([a2]);
  });

  it('moves a job to dead letters after its last attempt, and the CLI can retry it', async () => {
    const { db } = testStore.store;
    const id = await enqueueJob(db, job('a', {}, 2), T0);
    let now = T0;
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const [claimed] = await claim('w1', 1, now);
      expect(claimed?.attempt).toBe(attempt);
      const outcome = await failJob(
        db,
        claimed!,
        'w1',
        { retryable: true, message: 'helpdesk down' },
        now,
        () => 0,
      );
      expect(outcome).toBe(attempt === 2 ? 'dead' : 'retry');
      now = at(attempt * 600);
    }
    const dead = await listJobs(db, { state: 'dead' });
    expect(dead.map((j) => [j.id, j.lastError])).toEqual([[id, 'helpdesk down']]);
    expect((await queueStats(db, now)).dead).toBe(1);

    expect(await retryDeadJob(db, id, now)).toBe(true);
    expect(await retryDeadJob(db, id, now)).toBe(false);
    expect((await claim('w1', 1, now)).map((j) => j.attempt)).toEqual([1]);
  });

  it('dead-letters a non-retryable failure at once', async () => {
    const { db } = testStore.store;
    await enqueueJob(db, job('a', {}, 5), T0);
    const [claimed] = await claim('w1', 1, T0);
    const outcome = await failJob(
      db,
      claimed!,
      'w1',
      { retryable: false, message: '422 invalid' },
      T0,
      Math.random,
    );
    expect(outcome).toBe('dead');
  });

  it('gives a crashed worker’s job to another worker once its lease runs out', async () => {
    const { db } = testStore.store;
    const id = await enqueueJob(db, job('a'), T0);
    await claim('crashed', 1, T0, 5_000);
    expect(await claim('w2', 1, at(4))).toEqual([]);
    const reclaimed = await claim('w2', 1, at(6));
    expect(reclaimed.map((j) => [j.id, j.attempt])).toEqual([[id, 2]]);
    // The crashed worker coming back cannot complete a job it no longer holds.
    await completeJob(db, id, 'crashed', at(7));
    expect((await listJobs(db, { state: 'running' })).map((j) => j.id)).toEqual([id]);
  });

  it('reports queue depth and the age of the oldest due job', async () => {
    const { db } = testStore.store;
    await enqueueJob(db, job('a'), T0);
    await enqueueJob(db, job('b'), at(20));
    const stats = await queueStats(db, at(30));
    expect(stats).toMatchObject({ pending: 2, running: 0, dead: 0 });
    expect(stats.oldestPendingAgeSeconds).toBe(30);
  });
});

describe.skipIf(!storeTargets[1]?.available)('job outbox with several relays on PostgreSQL', () => {
  it('never gives one job to two workers, and keeps each key in order', async () => {
    const testStore = await storeTargets[1]!.open();
    const { store } = testStore;
    try {
      const keys = ['k1', 'k2', 'k3', 'k4'];
      for (let i = 0; i < 40; i += 1) {
        await enqueueJob(store.db, job(keys[i % keys.length]!, { seq: i }), T0);
      }
      const seen: number[] = [];
      const perKey = new Map<string, number[]>();
      const workerLoop = async (workerId: string) => {
        for (;;) {
          const claimed = await claimJobs(store.db, 'postgres', {
            workerId,
            limit: 3,
            now: T0,
            leaseMs: 60_000,
          });
          if (claimed.length === 0) {
            const stats = await queueStats(store.db, T0);
            if (stats.pending === 0 && stats.running === 0) return;
            await new Promise((resolve) => setTimeout(resolve, 5));
            continue;
          }
          for (const claimedJob of claimed) {
            seen.push(claimedJob.id);
            const list = perKey.get(claimedJob.orderingKey) ?? [];
            list.push((claimedJob.payload as { seq: number }).seq);
            perKey.set(claimedJob.orderingKey, list);
            await completeJob(store.db, claimedJob.id, workerId, T0);
          }
        }
      };
      await Promise.all(['w1', 'w2', 'w3', 'w4'].map(workerLoop));
      expect(new Set(seen).size).toBe(40);
      expect(seen).toHaveLength(40);
      for (const list of perKey.values()) {
        expect(list).toEqual([...list].sort((a, b) => a - b));
      }
    } finally {
      await testStore.dispose();
    }
  });
});

describe('retry delay', () => {
  it('grows exponentially with jitter and honours Retry-After', () => {
    expect(retryDelayMs(1, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, undefined, () => 1)).toBe(1000);
    expect(retryDelayMs(4, undefined, () => 1)).toBe(8000);
    expect(retryDelayMs(30, undefined, () => 1)).toBe(300_000);
    // Retry-After is honoured exactly, plus at most 10% (and at most 5 s) of jitter.
    expect(retryDelayMs(6, 1_000, () => 0)).toBe(1_000);
    expect(retryDelayMs(6, 1_000, () => 1)).toBe(1_100);
    expect(retryDelayMs(1, 120_000, () => 1)).toBe(125_000);
  });
});
