// Runs the relay's job worker in a worker thread, so delivery jobs never stall webhook acknowledgements.
//
// Why a thread: better-sqlite3 and Kysely query building are synchronous, and a delivery job's store
// work, JSON for the helpdesk and the garbage it leaves ran on the event loop that acknowledges
// webhooks: the longest event-loop stall at 500 webhooks/s was 32 ms and the p99 66 ms against a
// 25 ms goal (docs/benchmarks.md, section 3, third round). The thread has its own store connection
// and adapters; the outbox in the shared database is the only thing the two sides share, so a crash
// of either loses nothing (a claimed job's lease expires and it is claimed again).
import { once } from 'node:events';
import { Worker as NodeWorker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { RelayConfig } from '../config/load.ts';
import type { MetricsSnapshot } from '../observability/metrics.ts';

/** What the main thread tells the job thread. */
export type ToJobThread =
  | { readonly kind: 'notify' }
  | { readonly kind: 'stop' }
  | { readonly kind: 'metrics'; readonly requestId: number };

/** What the job thread answers. */
export type FromJobThread =
  | { readonly kind: 'ready' }
  | { readonly kind: 'metrics'; readonly requestId: number; readonly metrics: MetricsSnapshot }
  | { readonly kind: 'fatal'; readonly message: string };

export interface JobThreadData {
  readonly config: RelayConfig;
  /** The main logger's level, so both threads log alike. */
  readonly logLevel: string;
}

export interface JobThread {
  /** A job was just committed: claim now instead of at the next poll. */
  notify(): void;
  /** The thread's counters (jobs finished, API calls), to merge into the main /metrics. */
  metrics(): Promise<MetricsSnapshot | undefined>;
  /** Stops claiming, waits for the jobs in flight, closes the thread's store, ends the thread. */
  stop(): Promise<void>;
}

export interface JobThreadOptions {
  readonly config: RelayConfig;
  readonly logger: Logger;
  /** First wait before a thread that died is started again; doubles up to RESTART_MAX_MS. */
  readonly restartDelayMs?: number;
}

const RESTART_MAX_MS = 30_000;

/**
 * The job thread's V8 heap. Its live heap stays under 20 MB (a job's texts and one helpdesk answer
 * per job in flight, `worker.concurrency` at a time), but V8 sizes a new heap for throughput and
 * let it reach ~90 MB before collecting (docs/benchmarks.md, section 3). A bounded young generation
 * and old space keep the relay's RSS down; a thread that does run out is restarted (see below) and
 * its claimed jobs are claimed again, so nothing is lost.
 */
const JOB_THREAD_HEAP = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 128 } as const;
/** A thread busy for longer than this does not hold up /metrics: its counters are left out once. */
const METRICS_TIMEOUT_MS = 1_000;

/**
 * The thread's entry: the bundle's sibling file in a deployment (server/scripts/build.ts), the
 * TypeScript source through tsx in a checkout (job-thread-tsx.mjs).
 */
function spawn(data: JobThreadData): NodeWorker {
  if (import.meta.url.endsWith('.ts')) {
    const entryUrl = new URL('./job-thread-entry.ts', import.meta.url).href;
    return new NodeWorker(new URL('./job-thread-tsx.mjs', import.meta.url), {
      workerData: { ...data, entryUrl },
      resourceLimits: JOB_THREAD_HEAP,
    });
  }
  return new NodeWorker(new URL('./smsbridge-jobs.js', import.meta.url), {
    workerData: data,
    resourceLimits: JOB_THREAD_HEAP,
  });
}

/** Starts the job thread; resolves once its store is open and it claims jobs. */
export async function startJobThread(options: JobThreadOptions): Promise<JobThread> {
  const data: JobThreadData = { config: options.config, logLevel: options.logger.level };
  const firstDelay = options.restartDelayMs ?? 1_000;
  const pendingMetrics = new Map<number, (metrics: MetricsSnapshot | undefined) => void>();
  let nextRequestId = 1;
  let stopping = false;
  let restartDelay = firstDelay;
  let restartTimer: NodeJS.Timeout | undefined;
  let alive = false;
  // A thread that never got ready fails startRelay instead of being restarted.
  let everReady = false;

  const attach = (thread: NodeWorker): Promise<void> => {
    alive = true;
    const ready = new Promise<void>((resolve, reject) => {
      thread.on('message', (message: FromJobThread) => {
        if (message.kind === 'ready') {
          everReady = true;
          restartDelay = firstDelay;
          resolve();
        } else if (message.kind === 'metrics') {
          pendingMetrics.get(message.requestId)?.(message.metrics);
          pendingMetrics.delete(message.requestId);
        } else {
          options.logger.error({ error: message.message }, 'job thread failed');
          reject(new Error(`job thread failed to start: ${message.message}`));
        }
      });
      thread.on('error', (error) => {
        options.logger.error({ error: error.message }, 'job thread crashed');
        reject(error);
      });
      thread.on('exit', (code) => {
        alive = false;
        for (const answer of pendingMetrics.values()) answer(undefined);
        pendingMetrics.clear();
        reject(new Error(`job thread exited with code ${code} before it was ready`));
        if (stopping || !everReady || current !== thread) return;
        // Jobs it had claimed are claimed again when their leases expire: nothing is lost.
        options.logger.error({ code, restartInMs: restartDelay }, 'job thread stopped; restarting');
        restartTimer = setTimeout(() => {
          restartTimer = undefined;
          current = spawn(data);
          attach(current).catch(() => undefined);
        }, restartDelay);
        restartDelay = Math.min(restartDelay * 2, RESTART_MAX_MS);
      });
    });
    return ready;
  };

  let current = spawn(data);
  await attach(current);

  const post = (message: ToJobThread) => current.postMessage(message);
  let stopped: Promise<void> | undefined;
  return {
    notify() {
      post({ kind: 'notify' });
    },
    metrics() {
      const requestId = nextRequestId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pendingMetrics.delete(requestId);
          resolve(undefined);
        }, METRICS_TIMEOUT_MS);
        pendingMetrics.set(requestId, (metrics) => {
          clearTimeout(timer);
          resolve(metrics);
        });
        post({ kind: 'metrics', requestId });
      });
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        if (restartTimer !== undefined) clearTimeout(restartTimer);
        if (!alive) return;
        const exited = once(current, 'exit');
        post({ kind: 'stop' });
        await exited;
      })();
      return stopped;
    },
  };
}
