// Migration 0003: agent replies that arrive before the relay has recorded their ticket, kept until it has.
import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialect.ts';

/**
 * A ticket exists in the helpdesk a moment before the relay has written its id down (and longer if
 * the relay crashed in between and a retried job finds the ticket again). A reply an agent writes
 * in that window names a ticket the relay does not know yet; dropping it would lose the reply.
 */
export async function up(db: Kysely<unknown>, _dialect: StoreDialect): Promise<void> {
  await db.schema
    .createTable('early_agent_replies')
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('helpdesk', 'text', (col) => col.notNull())
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('ticket_id', 'text', (col) => col.notNull())
    .addColumn('author_name', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('early_agent_replies_pk', ['workspace_id', 'helpdesk', 'event_id'])
    .execute();
  await db.schema
    .createIndex('early_agent_replies_by_ticket')
    .on('early_agent_replies')
    .columns(['workspace_id', 'ticket_id'])
    .execute();
}
