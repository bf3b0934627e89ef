// Opens the store on SQLite (embedded default) or PostgreSQL, and runs the one migration set.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type Migration,
  type MigrationProvider,
} from 'kysely';
import pg from 'pg';
import type { StoreDialect } from './dialect.ts';
import * as initial from './migrations/0001-initial.ts';
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

function openKysely(location: StoreLocation): Kysely<Database> {
  if (location.kind === 'sqlite') {
    if (location.path !== ':memory:') mkdirSync(dirname(location.path), { recursive: true });
    const sqlite = new SqliteDatabase(location.path);
    sqlite.pragma('journal_mode = WAL');
    // WAL + NORMAL survives process crashes (SIGKILL) without losing commits; only an OS crash can
    // lose the last transactions (https://www.sqlite.org/pragma.html#pragma_synchronous).
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  const pool = new pg.Pool({
    connectionString: location.url,
    max: location.poolSize ?? 10,
    types: pgTypes,
    ...(location.schema === undefined ? {} : { options: `-c search_path=${location.schema}` }),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export function openStore(location: StoreLocation): Store {
  const db = openKysely(location);
  const dialect: StoreDialect = location.kind;
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    // Kysely looks for its bookkeeping tables in every schema it can see; name ours, so a store in
    // one schema never mistakes another schema's tables for its own.
    ...(location.kind === 'postgres' && location.schema !== undefined
      ? { migrationTableSchema: location.schema }
      : {}),
  });

  return {
    db,
    dialect,
    async migrate() {
      const { error, results } = await migrator.migrateToLatest();
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
        const migrations = await migrator.getMigrations();
        return migrations.every((migration) => migration.executedAt !== undefined);
      } catch {
        return false;
      }
    },
    async close() {
      await db.destroy();
    },
  };
}
