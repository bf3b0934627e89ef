// Runs outbox jobs: claims what is due, runs each kind's handler, retries or dead-letters failures.
import type { Logger } from 'pino';
import type { Store } from '../store/open-store.ts';
import {
  claimJobs,
  completeJob,
  failJob,
  type ClaimedJob,
  type FailureDecision,
} from './outbox.ts';

export type JobHandler = (job: ClaimedJob) => Promise<void>;

// Long enough that a burst of webhooks costs a few claims, short against a helpdesk call.
const WAKE_COALESCE_MS = 20;

/** Thrown by a handler to say how a failure should be retried. */
export class JobFailure extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { retryable: boolean; retryAfterMs?: number }) {
    super(message);
    this.name = 'JobFailure';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface WorkerEvents {
  onCompleted?(job: ClaimedJob, durationMs: number): void;
  onFailed?(job: ClaimedJob, outcome: 'retry' | 'dead', decision: FailureDecision): void;
}

export interface WorkerOptions {
  readonly store: Store;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly workerId: string;
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  readonly leaseMs: number;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly random?: () => number;
  /** Maps errors a handler throws (e.g. helpdesk API errors) to a retry decision. */
  readonly classifyError?: (error: unknown) => FailureDecision | undefined;
  readonly events?: WorkerEvents;
}

export interface Worker {
  start(): void;
  /** Wakes the worker now (a job was just enqueued) instead of at the next poll. */
  notify(): void;
  /** Stops claiming and resolves once the jobs in flight have finished. */
  stop(): Promise<void>;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function createWorker(options: WorkerOptions): Worker {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let wakeScheduled = false;

  const decide = (error: unknown): FailureDecision => {
    if (error instanceof JobFailure) {
      return {
        retryable: error.retryable,
        retryAfterMs: error.retryAfterMs,
        message: error.message,
      };
    }
    const classified = options.classifyError?.(error);
    // An unexpected error may be a passing fault; retry until the attempts run out.
    return classified ?? { retryable: true, message: describe(error) };
  };

  const run = async (job: ClaimedJob): Promise<void> => {
    // SQLite answers synchronously, so claimed jobs would otherwise run their store work back to
    // back in one turn of the event loop while webhooks wait: give each job a turn of its own.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const started = Date.now();
    const handler = options.handlers[job.kind];
    try {
      if (handler === undefined) {
        throw new JobFailure(`no handler for job kind '${job.kind}'`, { retryable: false });
      }
      await handler(job);
      await completeJob(options.store.db, job.id, options.workerId, now());
      options.events?.onCompleted?.(job, Date.now() - started);
    } catch (error) {
      const decision = decide(error);
      try {
        const outcome = await failJob(
          options.store.db,
          job,
          options.workerId,
          decision,
          now(),
          random,
        );
        options.events?.onFailed?.(job, outcome, decision);
        options.logger[outcome === 'dead' ? 'error' : 'warn'](
          { jobId: job.id, kind: job.kind, attempt: job.attempt, outcome, error: decision.message },
          outcome === 'dead' ? 'job moved to dead letters' : 'job failed, will retry',
        );
      } catch (storeError) {
        // The lease expires and another claim retries the job; nothing is lost.
        options.logger.error(
          { jobId: job.id, error: describe(storeError) },
          'could not record job failure',
        );
      }
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  const mainLoop = async (): Promise<void> => {
    while (running) {
      const free = options.concurrency - inFlight.size;
      let claimed: ClaimedJob[] = [];
      if (free > 0) {
        try {
          claimed = await claimJobs(options.store.db, options.store.dialect, {
            workerId: options.workerId,
            limit: free,
            now: now(),
            leaseMs: options.leaseMs,
          });
        } catch (error) {
          options.logger.error({ error: describe(error) }, 'claiming jobs failed; retrying');
        }
      }
      for (const job of claimed) {
        const promise = run(job).finally(() => {
          inFlight.delete(promise);
          wake?.();
        });
        inFlight.add(promise);
      }
      if (!running) break;
      if (claimed.length === 0 || inFlight.size >= options.concurrency) {
        await sleep(options.pollIntervalMs);
      }
    }
  };

  return {
    start() {
      if (running) return;
      running = true;
      loop = mainLoop();
    },
    notify() {
      // A burst of webhooks would otherwise run one claim query per text; wake at most once per
      // tick of WAKE_COALESCE_MS and claim what has accumulated.
      if (wakeScheduled) return;
      wakeScheduled = true;
      setTimeout(() => {
        wakeScheduled = false;
        wake?.();
      }, WAKE_COALESCE_MS);
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await Promise.all([...inFlight]);
    },
  };
}
