// Migration 0001: messages, conversations, requesters, the job outbox and the ledgers.
import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  // One migration set for both dialects: only the auto-increment key differs.
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const refType = dialect === 'postgres' ? 'bigint' : 'integer';
  const id = (table: ReturnType<Kysely<unknown>['schema']['createTable']>) =>
    dialect === 'postgres'
      ? table.addColumn('id', idType, (col) => col.primaryKey())
      : table.addColumn('id', idType, (col) => col.primaryKey().autoIncrement());

  await id(db.schema.createTable('conversations'))
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('business_number', 'text', (col) => col.notNull())
    .addColumn('customer_phone', 'text', (col) => col.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('ticket_status', 'text')
    .addColumn('ticket_status_at', 'text')
    .addColumn('ticket_checked_at', 'text')
    .addColumn('last_inbound_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('conversations_key', ['workspace_id', 'business_number', 'customer_phone'])
    .execute();
  await db.schema
    .createIndex('conversations_ticket')
    .on('conversations')
    .columns(['workspace_id', 'ticket_id'])
    .execute();

  await id(db.schema.createTable('messages'))
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('conversation_id', refType, (col) => col.notNull().references('conversations.id'))
    .addColumn('direction', 'text', (col) => col.notNull())
    .addColumn('carrier', 'text', (col) => col.notNull())
    .addColumn('carrier_message_id', 'text')
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('media_json', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('error_code', 'text')
    .addColumn('origin', 'text')
    .addColumn('origin_id', 'text')
    .addColumn('author_name', 'text')
    .addColumn('segments', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    // A retried carrier webhook is a no-op (DESIGN.md, data flow step 2).
    .addUniqueConstraint('messages_carrier_id', ['carrier', 'carrier_message_id'])
    // One outbound SMS per helpdesk comment, however often the webhook is delivered.
    .addUniqueConstraint('messages_origin', ['workspace_id', 'origin', 'origin_id'])
    .execute();
  await db.schema
    .createIndex('messages_conversation')
    .on('messages')
    .columns(['conversation_id', 'direction', 'status', 'id'])
    .execute();

  await db.schema
    .createTable('requesters')
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('phone', 'text', (col) => col.notNull())
    .addColumn('helpdesk_requester_id', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('requesters_pk', ['workspace_id', 'phone'])
    .execute();

  await id(db.schema.createTable('jobs'))
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('ordering_key', 'text', (col) => col.notNull())
    .addColumn('payload_json', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull())
    .addColumn('max_attempts', 'integer', (col) => col.notNull())
    .addColumn('run_at', 'text', (col) => col.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('jobs_claim').on('jobs').columns(['state', 'run_at', 'id']).execute();
  await db.schema
    .createIndex('jobs_ordering')
    .on('jobs')
    .columns(['ordering_key', 'state', 'id'])
    .execute();

  await id(db.schema.createTable('consent_events'))
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('phone', 'text', (col) => col.notNull())
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('keyword', 'text')
    .addColumn('text', 'text')
    .addColumn('ref', 'text')
    .addColumn('detail', 'text')
    .addColumn('message_id', refType)
    .addColumn('occurred_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('consent_events_message', ['workspace_id', 'message_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('consent_events_phone')
    .on('consent_events')
    .columns(['workspace_id', 'phone', 'id'])
    .execute();

  await id(db.schema.createTable('status_events'))
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('carrier', 'text', (col) => col.notNull())
    .addColumn('carrier_message_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('error_code', 'text')
    .addColumn('received_at', 'text', (col) => col.notNull())
    // Every status event is recorded once (DESIGN.md: status events are unique on id + status).
    .addUniqueConstraint('status_events_key', ['carrier', 'carrier_message_id', 'status'])
    .execute();

  await db.schema
    .createTable('helpdesk_events')
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('helpdesk', 'text', (col) => col.notNull())
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('helpdesk_events_pk', ['workspace_id', 'helpdesk', 'event_id'])
    .execute();

  if (dialect === 'postgres') {
    // Claiming scans pending jobs by run time; keep that index lean.
    await sql`create index jobs_pending on jobs (run_at, id) where state = 'pending'`.execute(db);
  }
}
