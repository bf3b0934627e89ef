// Opens the store on SQLite (embedded default) or PostgreSQL, and runs the one migration set.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  sql,
  PostgresDialect,
  type Migration,
  type SqliteDialectConfig,
  type MigrationProvider,
} from 'kysely';
import pg from 'pg';
import type { StoreDialect } from './dialect.ts';
import { BusyRetrySqliteDialect } from './sqlite-busy-retry.ts';
import {
  DEFAULT_CHECKPOINTER,
  startCheckpointer,
  type Checkpointer,
} from './sqlite-checkpointer.ts';
import * as initial from './migrations/0001-initial.ts';
import * as openJobsIndex from './migrations/0002-open-jobs-index.ts';
import * as earlyAgentReplies from './migrations/0003-early-agent-replies.ts';
import * as helpdeskWrittenAt from './migrations/0004-helpdesk-written-at.ts';
import * as botAndCsat from './migrations/0005-bot-and-csat.ts';
import type { Database } from './schema.ts';

export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly poolSize?: number;
      /** Schema to work in (tests isolate themselves this way); the server's default otherwise. */
      readonly schema?: string;
    };

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** Applies pending migrations; returns the names applied now. */
  migrate(): Promise<string[]>;
  /** True when the store answers and every migration is applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

const MIGRATIONS: Record<string, (db: Kysely<unknown>, dialect: StoreDialect) => Promise<void>> = {
  '0001-initial': initial.up,
  '0002-open-jobs-index': openJobsIndex.up,
  '0003-early-agent-replies': earlyAgentReplies.up,
  '0004-helpdesk-written-at': helpdeskWrittenAt.up,
  '0005-bot-and-csat': botAndCsat.up,
};

function migrationProvider(dialect: StoreDialect): MigrationProvider {
  return {
    getMigrations() {
      const migrations: Record<string, Migration> = {};
      for (const [name, up] of Object.entries(MIGRATIONS)) {
        migrations[name] = { up: (db) => up(db, dialect) };
      }
      return Promise.resolve(migrations);
    },
  };
}

// PostgreSQL returns bigint (int8) as strings; our ids fit in a double, so read them as numbers.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number.parseInt(value, 10);
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

/** Statements the relay prepares are few and fixed; past this many, the cache starts over. */
const STATEMENT_CACHE_LIMIT = 500;

/**
 * Kysely prepares every SQLite statement anew; re-preparing the same few statements was about a
 * quarter of the relay's store time per webhook (docs/benchmarks.md), so prepared statements are
 * kept and reused. better-sqlite3 statements are reusable, and Kysely runs one query at a time on
 * its single SQLite connection.
 */
function cachingStatements(sqlite: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(query: string) {
      // Kysely opens transactions with a deferred `begin`. With the job worker in a thread of its
      // own, two connections write; a deferred transaction that reads and then writes fails with
      // SQLITE_BUSY (no waiting) when the other connection committed in between. `begin immediate`
      // takes the write lock first, or fails at once and is tried again (sqlite-busy-retry.ts;
      // https://www.sqlite.org/lang_transaction.html).
      const sql = query === 'begin' ? 'begin immediate' : query;
      let statement = statements.get(sql);
      if (statement === undefined) {
        if (statements.size >= STATEMENT_CACHE_LIMIT) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}

export interface StoreOptions {
  /** Told about failures of background store work (SQLite checkpoints); nothing is lost by them. */
  readonly onBackgroundError?: (message: string) => void;
  /**
   * Run SQLite's checkpoint thread (default true). A second connection to the same file in the
   * same process (the job thread's) leaves checkpoints to the first.
   */
  readonly checkpoints?: boolean;
}

function openKysely(
  location: StoreLocation,
  options: StoreOptions,
): { db: Kysely<Database>; checkpointer?: Checkpointer } {
  if (location.kind === 'sqlite') {
    if (location.path !== ':memory:') mkdirSync(dirname(location.path), { recursive: true });
    const sqlite = new SqliteDatabase(location.path);
    sqlite.pragma('journal_mode = WAL');
    // WAL + NORMAL survives process crashes (SIGKILL) without losing commits; only an OS crash can
    // lose the last transactions (https://www.sqlite.org/pragma.html#pragma_synchronous).
    sqlite.pragma('synchronous = NORMAL');
    // Checkpoints are where WAL mode fsyncs. A thread of their own does them (sqlite-checkpointer.ts);
    // this connection checkpoints only if that thread falls far behind (10,000 pages, ~40 MB).
    sqlite.pragma('wal_autocheckpoint = 10000');
    sqlite.pragma('foreign_keys = ON');
    // Waits for the write lock happen off the event loop (sqlite-busy-retry.ts), never in SQLite.
    sqlite.pragma('busy_timeout = 0');
    const db = new Kysely<Database>({
      dialect: new BusyRetrySqliteDialect({ database: cachingStatements(sqlite) }),
    });
    if (location.path === ':memory:' || options.checkpoints === false) return { db };
    const checkpointer = startCheckpointer(location.path, {
      ...DEFAULT_CHECKPOINTER,
      onError: (message) => options.onBackgroundError?.(`sqlite checkpoint failed: ${message}`),
    });
    return { db, checkpointer };
  }
  const pool = new pg.Pool({
    connectionString: location.url,
    max: location.poolSize ?? 10,
    types: pgTypes,
    ...(location.schema === undefined ? {} : { options: `-c search_path=${location.schema}` }),
  });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) };
}

export function openStore(location: StoreLocation, options: StoreOptions = {}): Store {
  const { db, checkpointer } = openKysely(location, options);
  const dialect: StoreDialect = location.kind;
  // Kysely looks for its bookkeeping tables in every schema it can see; name ours, so a store in
  // one schema never mistakes another schema's tables for its own. Without a schema in the
  // location, ours is the connection's current one (DATABASE_URL may set a search_path).
  let migrator: Promise<Migrator> | undefined;
  const migratorOf = () =>
    (migrator ??= (async () => {
      const migrationTableSchema =
        location.kind !== 'postgres'
          ? undefined
          : (location.schema ??
            (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]
              ?.schema);
      return new Migrator({
        db,
        provider: migrationProvider(dialect),
        ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
      });
    })().catch((error: unknown) => {
      migrator = undefined;
      throw error;
    }));

  return {
    db,
    dialect,
    async migrate() {
      const { error, results } = await (await migratorOf()).migrateToLatest();
      if (error !== undefined) {
        const failed = results?.find((result) => result.status === 'Error');
        throw new Error(
          `migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
        );
      }
      return (results ?? []).map((result) => result.migrationName);
    },
    async isReady() {
      try {
        const migrations = await (await migratorOf()).getMigrations();
        return migrations.every((migration) => migration.executedAt !== undefined);
      } catch {
        return false;
      }
    },
    async close() {
      await db.destroy();
      await checkpointer?.stop();
    },
  };
}
