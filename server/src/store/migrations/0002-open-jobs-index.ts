// Migration 0002: an index of open (pending or running) jobs in id order, for claiming.
import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../dialect.ts';

/**
 * Claiming wants the oldest runnable jobs. Through `jobs_claim` (state, run_at, id) the store read
 * every open job and sorted them before taking the first few: ~400 µs a claim on SQLite with one
 * pending job for each of 200 conversations, against ~90 µs walking this index in id order and
 * stopping at the limit (docs/benchmarks.md, section 3, third round). Partial, so done jobs never enter it.
 */
export async function up(db: Kysely<unknown>, _dialect: StoreDialect): Promise<void> {
  await sql`create index jobs_open_by_id on jobs (id) where state in ('pending', 'running')`.execute(
    db,
  );
}
