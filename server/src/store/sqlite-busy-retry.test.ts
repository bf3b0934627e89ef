// A write that finds SQLite's write lock taken waits for it without freezing the event loop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';
import { isSqliteBusy } from './sqlite-busy-retry.ts';

describe('SQLite store waiting for the write lock', () => {
  let dir: string;
  let path: string;
  let store: Store;
  let other: SqliteDatabase.Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smsbridge-busy-'));
    path = join(dir, 'relay.db');
    store = openStore({ kind: 'sqlite', path }, { checkpoints: false });
    await sql`create table notes (id integer primary key, body text not null)`.execute(store.db);
    // Another connection to the same file, as the job thread has.
    other = new SqliteDatabase(path);
  });

  afterEach(async () => {
    if (other.inTransaction) other.exec('rollback');
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits once the other connection lets go, while timers keep running', async () => {
    other.exec('begin immediate');
    other.prepare('insert into notes (body) values (?)').run('from the job thread');
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 1);
    const release = setTimeout(() => other.exec('commit'), 120);
    try {
      const started = performance.now();
      await store.db.transaction().execute(async (trx) => {
        await sql`insert into notes (body) values ('from a webhook')`.execute(trx);
      });
      const waited = performance.now() - started;
      // It really waited for the lock...
      expect(waited).toBeGreaterThanOrEqual(100);
      // ...and the event loop ran meanwhile: a synchronous busy wait would leave ~0 ticks.
      expect(ticks).toBeGreaterThan(20);
    } finally {
      clearInterval(ticker);
      clearTimeout(release);
    }
    const rows = await sql<{ body: string }>`select body from notes order by id`.execute(store.db);
    expect(rows.rows.map((row) => row.body)).toEqual(['from the job thread', 'from a webhook']);
  });

  it('retries writes outside a transaction too', async () => {
    other.exec('begin immediate');
    const release = setTimeout(() => other.exec('commit'), 50);
    try {
      await sql`insert into notes (body) values ('alone')`.execute(store.db);
    } finally {
      clearTimeout(release);
    }
    const count = await sql<{ n: number }>`select count(*) as n from notes`.execute(store.db);
    expect(count.rows[0]?.n).toBe(1);
  });

  it('reads while the other connection writes, without waiting (WAL)', async () => {
    other.exec('begin immediate');
    other.prepare('insert into notes (body) values (?)').run('uncommitted');
    const started = performance.now();
    const count = await sql<{ n: number }>`select count(*) as n from notes`.execute(store.db);
    expect(performance.now() - started).toBeLessThan(50);
    expect(count.rows[0]?.n).toBe(0);
  });

  it('tells a locked database from other errors', () => {
    other.exec('begin immediate');
    const third = new SqliteDatabase(path, { timeout: 0 });
    try {
      let busy: unknown;
      try {
        third.exec('begin immediate');
      } catch (error) {
        busy = error;
      }
      expect(isSqliteBusy(busy)).toBe(true);
      expect(isSqliteBusy(new Error('no such table: nope'))).toBe(false);
      expect(isSqliteBusy(null)).toBe(false);
    } finally {
      third.close();
    }
  });
});
