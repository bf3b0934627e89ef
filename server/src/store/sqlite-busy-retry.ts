// Kysely's SQLite dialect with the wait for SQLite's write lock moved off the event loop.
//
// Why: the relay's webhook thread and its job thread each hold a connection to the same SQLite file,
// and SQLite lets one of them write at a time. better-sqlite3 is synchronous, so SQLite's own busy
// handler (`busy_timeout`) waits by sleeping the calling thread, in steps of 1, 2, 5, 10, 15, 20,
// 25, 50 and 100 ms (sqliteDefaultBusyCallback, https://www.sqlite.org/c3ref/busy_timeout.html):
// a webhook batch that found the job thread committing froze every other request for one step at
// least. Here the connection answers SQLITE_BUSY at once (busy_timeout 0) and the statement is tried
// again after a timer, so the event loop keeps reading requests meanwhile.
import {
  SqliteDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** Longest total wait for the lock before the statement fails, as `busy_timeout = 5000` did. */
export const BUSY_WAIT_LIMIT_MS = 5_000;
/** Waits between attempts grow to this; short, because the other side's transactions are short. */
const MAX_RETRY_DELAY_MS = 8;

/**
 * True for "the database is locked by another connection". A statement that failed so changed
 * nothing, so trying it again is safe (https://www.sqlite.org/rescode.html#busy). Only the primary
 * code: SQLITE_BUSY_SNAPSHOT needs the whole transaction again, and `begin immediate` (which the
 * relay uses, open-store.ts) never gets it.
 */
export function isSqliteBusy(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function withBusyRetry<T>(attempt: () => Promise<T>): Promise<T> {
  const started = performance.now();
  let delay = 1;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!isSqliteBusy(error) || performance.now() - started >= BUSY_WAIT_LIMIT_MS) throw error;
    }
    await sleep(delay);
    delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
  }
}

class BusyRetryConnection implements DatabaseConnection {
  constructor(private readonly inner: DatabaseConnection) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return withBusyRetry(() => this.inner.executeQuery<R>(compiledQuery));
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number) {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

/** Delegates to Kysely's SQLite driver; every statement, `begin` included, retries on SQLITE_BUSY. */
class BusyRetryDriver implements Driver {
  private readonly connections = new WeakMap<DatabaseConnection, BusyRetryConnection>();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapped = this.connections.get(connection);
    if (wrapped === undefined) {
      wrapped = new BusyRetryConnection(connection);
      this.connections.set(connection, wrapped);
    }
    return wrapped;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** Use with a better-sqlite3 connection whose `busy_timeout` is 0. */
export class BusyRetrySqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return new BusyRetryDriver(super.createDriver());
  }
}
