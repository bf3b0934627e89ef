// The job outbox: jobs written in the caller's transaction, claimed in order per key, retried, dead-lettered.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { StoreDialect } from '../store/dialect.ts';
import type { Database, JobState } from '../store/schema.ts';

export interface NewJob {
  readonly workspaceId: string;
  readonly kind: string;
  /** Jobs sharing a key never run concurrently and run in the order they were enqueued. */
  readonly orderingKey: string;
  readonly payload: unknown;
  readonly maxAttempts: number;
  readonly runAt?: Date;
}

export interface ClaimedJob {
  readonly id: number;
  readonly workspaceId: string;
  readonly kind: string;
  readonly orderingKey: string;
  readonly payload: unknown;
  /** 1 on the first run; more than 1 when an earlier attempt failed or its worker died. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

export interface JobRow {
  readonly id: number;
  readonly workspaceId: string;
  readonly kind: string;
  readonly orderingKey: string;
  readonly state: JobState;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly runAt: string;
  readonly updatedAt: string;
}

type Db = Kysely<Database> | Transaction<Database>;

function jobRow(job: NewJob, timestamp: string) {
  return {
    workspace_id: job.workspaceId,
    kind: job.kind,
    ordering_key: job.orderingKey,
    payload_json: JSON.stringify(job.payload),
    state: 'pending' as const,
    attempts: 0,
    max_attempts: job.maxAttempts,
    run_at: job.runAt?.toISOString() ?? timestamp,
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: timestamp,
    updated_at: timestamp,
  };
}

export async function enqueueJob(db: Db, job: NewJob, now: Date): Promise<number> {
  const inserted = await db
    .insertInto('jobs')
    .values(jobRow(job, now.toISOString()))
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Several jobs in one statement (a batch of webhooks' delivery jobs); ids increase in list order. */
export async function enqueueJobs(db: Db, jobs: readonly NewJob[], now: Date): Promise<void> {
  if (jobs.length === 0) return;
  const timestamp = now.toISOString();
  await db
    .insertInto('jobs')
    .values(jobs.map((job) => jobRow(job, timestamp)))
    .execute();
}

interface ClaimOptions {
  readonly workerId: string;
  readonly limit: number;
  readonly now: Date;
  readonly leaseMs: number;
}

interface ClaimedRow {
  id: number;
  workspace_id: string;
  kind: string;
  ordering_key: string;
  payload_json: string;
  attempts: number;
  max_attempts: number;
}

function toClaimed(row: ClaimedRow): ClaimedJob {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind,
    orderingKey: row.ordering_key,
    payload: JSON.parse(row.payload_json) as unknown,
    attempt: row.attempts,
    maxAttempts: row.max_attempts,
  };
}

/**
 * Claims up to `limit` runnable jobs: due pending jobs, or running jobs whose worker's lease ran
 * out (it crashed). A job is runnable only when no earlier job with its key is pending or running,
 * so one key's jobs run one at a time and in order, even while an earlier one waits to retry.
 */
export async function claimJobs(
  db: Kysely<Database>,
  dialect: StoreDialect,
  options: ClaimOptions,
): Promise<ClaimedJob[]> {
  const now = options.now.toISOString();
  const lockedUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();

  // Due pending jobs, or running jobs whose worker's lease ran out, with no earlier job of their key
  // still open.
  // SQLite's planner prefers `jobs_claim` and then sorts every open job; the hint makes it walk the
  // open jobs in id order and stop at the limit (migration 0002 has the figures).
  const openJobs = dialect === 'sqlite' ? sql`jobs j indexed by jobs_open_by_id` : sql`jobs j`;
  const runnable = sql`
    select j.id from ${openJobs}
    where j.state in ('pending', 'running')
      and ((j.state = 'pending' and j.run_at <= ${now})
        or (j.state = 'running' and j.locked_until < ${now}))
      and not exists (
        select 1 from jobs e
        where e.ordering_key = j.ordering_key and e.id < j.id and e.state in ('pending', 'running'))
    order by j.id
    limit ${options.limit}`;

  if (dialect === 'postgres') {
    // Several relays share one PostgreSQL: SKIP LOCKED lets each claim different rows without waiting.
    const result = await sql<ClaimedRow>`
      update jobs set state = 'running', locked_by = ${options.workerId}, locked_until = ${lockedUntil},
        attempts = attempts + 1, updated_at = ${now}
      where id in (${runnable} for update skip locked)
      returning id, workspace_id, kind, ordering_key, payload_json, attempts, max_attempts`.execute(
      db,
    );
    return result.rows.map(toClaimed).sort((a, b) => a.id - b.id);
  }

  // SQLite serves one relay process; its single connection serialises this transaction.
  return db.transaction().execute(async (trx) => {
    const candidates = await sql<{ id: number }>`${runnable}`.execute(trx);
    const ids = candidates.rows.map((row) => row.id);
    if (ids.length === 0) return [];
    const rows = await trx
      .updateTable('jobs')
      .set((eb) => ({
        state: 'running',
        locked_by: options.workerId,
        locked_until: lockedUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', ids)
      .returning([
        'id',
        'workspace_id',
        'kind',
        'ordering_key',
        'payload_json',
        'attempts',
        'max_attempts',
      ])
      .execute();
    return rows.map(toClaimed).sort((a, b) => a.id - b.id);
  });
}

/** Marks a job done, if this worker still holds it. */
export async function completeJob(
  db: Kysely<Database>,
  jobId: number,
  workerId: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ state: 'done', locked_by: null, locked_until: null, updated_at: now.toISOString() })
    .where('id', '=', jobId)
    .where('locked_by', '=', workerId)
    .execute();
}

export interface FailureDecision {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly message: string;
}

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 5 * 60_000;

/**
 * When the server said how long to wait (Retry-After), wait exactly that plus up to 10% jitter so
 * a crowd of jobs does not return at the same instant; otherwise exponential backoff with "equal
 * jitter" (half fixed, half random).
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  if (retryAfterMs !== undefined && retryAfterMs > 0) {
    return Math.round(retryAfterMs + random() * Math.min(retryAfterMs * 0.1, 5_000));
  }
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** Records a failed attempt: back to pending after a delay, or dead when out of attempts or not retryable. */
export async function failJob(
  db: Kysely<Database>,
  job: ClaimedJob,
  workerId: string,
  decision: FailureDecision,
  now: Date,
  random: () => number,
): Promise<'retry' | 'dead'> {
  const outcome = decision.retryable && job.attempt < job.maxAttempts ? 'retry' : 'dead';
  const runAt =
    outcome === 'retry'
      ? new Date(now.getTime() + retryDelayMs(job.attempt, decision.retryAfterMs, random))
      : now;
  await db
    .updateTable('jobs')
    .set({
      state: outcome === 'retry' ? 'pending' : 'dead',
      run_at: runAt.toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: decision.message.slice(0, 1000),
      updated_at: now.toISOString(),
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
  return outcome;
}

function toJobRow(row: {
  id: number;
  workspace_id: string;
  kind: string;
  ordering_key: string;
  state: JobState;
  attempts: number;
  last_error: string | null;
  run_at: string;
  updated_at: string;
}): JobRow {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind,
    orderingKey: row.ordering_key,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    runAt: row.run_at,
    updatedAt: row.updated_at,
  };
}

export async function listJobs(
  db: Kysely<Database>,
  filter: { state?: JobState; workspaceId?: string; limit?: number },
): Promise<JobRow[]> {
  let query = db
    .selectFrom('jobs')
    .select([
      'id',
      'workspace_id',
      'kind',
      'ordering_key',
      'state',
      'attempts',
      'last_error',
      'run_at',
      'updated_at',
    ])
    .orderBy('id', 'asc')
    .limit(filter.limit ?? 100);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  if (filter.workspaceId !== undefined)
    query = query.where('workspace_id', '=', filter.workspaceId);
  return (await query.execute()).map(toJobRow);
}

/** Moves a dead job back to pending with fresh attempts; false when no dead job has that id. */
export async function retryDeadJob(
  db: Kysely<Database>,
  jobId: number,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({
      state: 'pending',
      attempts: 0,
      run_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .where('id', '=', jobId)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface QueueStats {
  readonly pending: number;
  readonly running: number;
  readonly dead: number;
  /** Seconds since the oldest pending job became due; 0 when none. */
  readonly oldestPendingAgeSeconds: number;
}

export async function queueStats(db: Kysely<Database>, now: Date): Promise<QueueStats> {
  const counts = await db
    .selectFrom('jobs')
    .select(['state', (eb) => eb.fn.countAll<number>().as('count')])
    .where('state', 'in', ['pending', 'running', 'dead'])
    .groupBy('state')
    .execute();
  const oldest = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('run_at'))
    .where('state', '=', 'pending')
    .where('run_at', '<=', now.toISOString())
    .executeTakeFirst();
  const count = (state: string) => Number(counts.find((row) => row.state === state)?.count ?? 0);
  const oldestRunAt = oldest?.run_at;
  return {
    pending: count('pending'),
    running: count('running'),
    dead: count('dead'),
    oldestPendingAgeSeconds:
      typeof oldestRunAt === 'string'
        ? Math.max(0, (now.getTime() - Date.parse(oldestRunAt)) / 1000)
        : 0,
  };
}
