// The SQLite store checkpoints its write-ahead log from a thread, so the log is rewound without the relay's connection doing it.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';
import { DEFAULT_CHECKPOINTER } from './sqlite-checkpointer.ts';

describe('SQLite WAL checkpoints in a thread', () => {
  let dir: string;
  let store: Store;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'smsbridge-checkpoint-'));
    store = openStore({ kind: 'sqlite', path: join(dir, 'relay.db') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the log short while the relay keeps writing, without the connection checkpointing', async () => {
    await sql`create table notes (id integer primary key, body text not null)`.execute(store.db);
    const body = 'x'.repeat(3000); // about one page a row
    const pageBytes = 4096 + 24; // a WAL frame: a page and its header (https://www.sqlite.org/fileformat.html#the_write_ahead_log)
    const rows = DEFAULT_CHECKPOINTER.restartAfterFrames * 2;
    for (let i = 0; i < rows; i++) {
      await sql`insert into notes (body) values (${body})`.execute(store.db);
      // A few thousand pages a second, as a busy relay writes (an unpaced loop writes ~10x more).
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    // A WAL file is reused, never shrunk, after a checkpoint rewinds it: its size is the longest the
    // log ever was. Without the thread it would hold every frame written (more than `rows` pages);
    // the relay's own connection only checkpoints at 10,000 pages.
    const walBytes = statSync(join(dir, 'relay.db-wal')).size;
    expect(walBytes).toBeGreaterThan(0);
    expect(walBytes).toBeLessThan(DEFAULT_CHECKPOINTER.restartAfterFrames * 1.5 * pageBytes);
    const count = await sql<{ n: number }>`select count(*) as n from notes`.execute(store.db);
    expect(count.rows[0]?.n).toBe(rows);
  });

  it('closes the thread with the store', async () => {
    const started = Date.now();
    await store.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    // A closed store is closed for good; closing again is harmless.
    await store.close();
  });
});
