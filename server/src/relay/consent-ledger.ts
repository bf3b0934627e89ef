// The append-only consent ledger: read a customer's events, append one, export for audits.
import type {
  ConsentEvent,
  ConsentEventKind,
  ConsentEventSource,
  ConsentScope,
} from '@smsbridge/compliance';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A ledger row to append: the domain event plus where it belongs and what caused it. */
export interface NewConsentEvent extends Omit<ConsentEvent, 'at'> {
  readonly workspaceId: string;
  readonly phone: string;
  /** The message that caused it, if any; one event per message and kind. */
  readonly messageId?: number;
  readonly at: Date;
}

/** Appends one event; a second event for the same message and kind is ignored (webhook retries). */
export async function appendConsentEvent(db: Db, event: NewConsentEvent): Promise<void> {
  await db
    .insertInto('consent_events')
    .values({
      workspace_id: event.workspaceId,
      phone: event.phone,
      scope: event.scope,
      kind: event.kind,
      source: event.source,
      keyword: event.keyword ?? null,
      text: event.text ?? null,
      ref: event.ref ?? null,
      detail: event.detail ?? null,
      message_id: event.messageId ?? null,
      occurred_at: event.at.toISOString(),
    })
    .onConflict((conflict) => conflict.columns(['workspace_id', 'message_id', 'kind']).doNothing())
    .execute();
}

export async function readConsentEvents(
  db: Db,
  workspaceId: string,
  phone: string,
): Promise<ConsentEvent[]> {
  const rows = await db
    .selectFrom('consent_events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('phone', '=', phone)
    .orderBy('id', 'asc')
    .execute();
  return rows.map((row) => ({
    at: row.occurred_at,
    scope: row.scope as ConsentScope,
    kind: row.kind as ConsentEventKind,
    source: row.source as ConsentEventSource,
    ...(row.keyword === null ? {} : { keyword: row.keyword }),
    ...(row.text === null ? {} : { text: row.text }),
    ...(row.ref === null ? {} : { ref: row.ref }),
    ...(row.detail === null ? {} : { detail: row.detail }),
  }));
}

const CSV_COLUMNS = [
  'id',
  'workspace_id',
  'phone',
  'occurred_at',
  'scope',
  'kind',
  'source',
  'keyword',
  'text',
  'ref',
  'detail',
  'message_id',
] as const;

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@]/.test(text) && typeof value === 'string' && !/^\+\d+$/.test(text))
    text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes the workspace's whole ledger as CSV, oldest first, in pages so memory stays flat. */
export async function exportConsentCsv(
  db: Db,
  workspaceId: string,
  write: (chunk: string) => Promise<void> | void,
): Promise<number> {
  await write(`${CSV_COLUMNS.join(',')}\r\n`);
  let lastId = 0;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('consent_events')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '>', lastId)
      .orderBy('id', 'asc')
      .limit(1000)
      .execute();
    if (rows.length === 0) return count;
    const lines = rows.map(
      (row) => `${CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')}\r\n`,
    );
    await write(lines.join(''));
    count += rows.length;
    lastId = rows[rows.length - 1]!.id;
  }
}
