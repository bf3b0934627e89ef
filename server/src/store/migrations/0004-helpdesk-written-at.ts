// Migration 0004: when the relay last wrote a conversation's texts to its ticket, to pace ticket updates.
import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialect.ts';

/**
 * A conversation's texts are written to its ticket at most once per
 * `threading.ticketUpdateIntervalSeconds`; texts that arrive sooner wait and go in the next update
 * together (Zendesk allows 30 updates per ticket per 10 minutes, zendesk.md §2.9).
 */
export async function up(db: Kysely<unknown>, _dialect: StoreDialect): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('helpdesk_written_at', 'text').execute();
}
