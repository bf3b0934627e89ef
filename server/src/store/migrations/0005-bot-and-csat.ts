// Migration 0005: bot sessions, SMS CSAT surveys, and what a conversation remembers for them.
import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const refType = dialect === 'postgres' ? 'bigint' : 'integer';
  const id = (table: ReturnType<Kysely<unknown>['schema']['createTable']>) =>
    dialect === 'postgres'
      ? table.addColumn('id', idType, (col) => col.primaryKey())
      : table.addColumn('id', idType, (col) => col.primaryKey().autoIncrement());

  // One row per time the bot talked with a customer, from greeting to resolution or hand-off.
  await id(db.schema.createTable('bot_sessions'))
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('conversation_id', refType, (col) => col.notNull().references('conversations.id'))
    // active, resolved, handed_off, ended (the customer opted out mid-way)
    .addColumn('status', 'text', (col) => col.notNull())
    // The engine's state (packages/bot conversationStateSchema), transcript included.
    .addColumn('state_json', 'text', (col) => col.notNull())
    .addColumn('intent', 'text')
    .addColumn('handoff_reason', 'text')
    .addColumn('sla_tier', 'text')
    // The ticket the session's outcome was written to.
    .addColumn('ticket_id', 'text')
    .addColumn('started_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('bot_sessions_by_ticket')
    .on('bot_sessions')
    .columns(['workspace_id', 'ticket_id'])
    .execute();
  await db.schema
    .createIndex('bot_sessions_recent')
    .on('bot_sessions')
    .columns(['workspace_id', 'status', 'updated_at'])
    .execute();

  // At most one survey per ticket (issue 6: "sent at most once per ticket").
  await id(db.schema.createTable('csat_surveys'))
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('conversation_id', refType, (col) => col.notNull().references('conversations.id'))
    .addColumn('ticket_id', 'text', (col) => col.notNull())
    // scheduled, sent, answered, cancelled
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('send_at', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('score', 'integer')
    .addColumn('answered_at', 'text')
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('csat_surveys_ticket', ['workspace_id', 'ticket_id'])
    .execute();
  await db.schema
    .createIndex('csat_surveys_conversation')
    .on('csat_surveys')
    .columns(['conversation_id', 'state'])
    .execute();

  await db.schema.alterTable('conversations').addColumn('bot_session_id', refType).execute();
  // Set by an agent's reply; the bot stays silent until the ticket is closed.
  await db.schema.alterTable('conversations').addColumn('agent_replied_at', 'text').execute();
  // The next opening the customer was told about ("we're closed, we'll reply from ..."): once per closed period.
  await db.schema.alterTable('conversations').addColumn('closed_notice_for', 'text').execute();
}
