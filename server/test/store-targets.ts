// The stores every store test runs against: SQLite always, PostgreSQL when a server answers.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../src/store/open-store.ts';

/* eslint-disable no-restricted-properties -- test harness: where the test database lives */
const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const postgresUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
const postgresRequired = process.env.TEST_REQUIRE_POSTGRES === '1';
/* eslint-enable no-restricted-properties */

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const postgresAvailable = await postgresAnswers();
if (!postgresAvailable) {
  if (postgresRequired) {
    throw new Error(`TEST_REQUIRE_POSTGRES=1 but PostgreSQL does not answer at ${postgresUrl}`);
  }
  process.stderr.write(
    `\n!!! PostgreSQL does not answer at ${postgresUrl}: PostgreSQL store tests are SKIPPED !!!\n\n`,
  );
}

export interface TestStore {
  readonly store: Store;
  /** Drops what the test created (the temporary schema or file). */
  dispose(): Promise<void>;
}

export interface StoreTarget {
  readonly name: 'sqlite' | 'postgres';
  readonly available: boolean;
  open(): Promise<TestStore>;
}

async function openSqlite(): Promise<TestStore> {
  const store = openStore({ kind: 'sqlite', path: ':memory:' });
  await store.migrate();
  return { store, dispose: () => store.close() };
}

export interface PostgresSchema {
  readonly url: string;
  readonly schema: string;
  drop(): Promise<void>;
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, empty schema in the test database, so parallel test files never see each other. */
export async function createPostgresSchema(): Promise<PostgresSchema> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema ${schema}`);
  return { url: postgresUrl, schema, drop: () => adminQuery(`drop schema ${schema} cascade`) };
}

async function openPostgres(): Promise<TestStore> {
  const schema = await createPostgresSchema();
  const store = openStore({
    kind: 'postgres',
    url: schema.url,
    schema: schema.schema,
    poolSize: 5,
  });
  await store.migrate();
  return {
    store,
    async dispose() {
      await store.close();
      await schema.drop();
    },
  };
}

export const storeTargets: readonly StoreTarget[] = [
  { name: 'sqlite', available: true, open: openSqlite },
  { name: 'postgres', available: postgresAvailable, open: openPostgres },
];

export { postgresUrl };
