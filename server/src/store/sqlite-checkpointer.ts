// Moves SQLite's WAL checkpoints off the relay's event loop into a worker thread with its own connection.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/**
 * better-sqlite3 is synchronous, so an automatic checkpoint runs inside whichever commit crosses
 * the threshold and blocks every webhook behind it: measured 102 ms for 10,000 pages on this VM,
 * against a 0.2 ms p99 commit. Checkpointing from a thread (PASSIVE every `intervalMs`, RESTART
 * once the log is `restartAfterFrames` long) kept the longest commit at 9 ms and the log under
 * 20 MB in the same test (docs/benchmarks.md, section 3, third round).
 */
export interface CheckpointerOptions {
  readonly intervalMs: number;
  readonly restartAfterFrames: number;
  /** Told when a checkpoint fails; the next one tries again. */
  readonly onError: (message: string) => void;
}

export interface Checkpointer {
  /** Runs a last checkpoint and ends the thread. */
  stop(): Promise<void>;
}

export const DEFAULT_CHECKPOINTER: Omit<CheckpointerOptions, 'onError'> = {
  intervalMs: 100,
  restartAfterFrames: 4_000,
};

export function startCheckpointer(path: string, options: CheckpointerOptions): Checkpointer {
  const worker = new Worker(new URL('./sqlite-checkpoint-worker.js', import.meta.url), {
    workerData: {
      path,
      intervalMs: options.intervalMs,
      restartAfterFrames: options.restartAfterFrames,
    },
  });
  // The relay's lifetime is the HTTP server's and the job worker's; this thread never keeps it up.
  worker.unref();
  worker.on('message', (message: { kind: string; message?: string }) => {
    if (message.kind === 'error') options.onError(message.message ?? 'unknown error');
  });
  worker.on('error', (error) => options.onError(error.message));
  const exited = once(worker, 'exit');
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        // Referenced again, or a process with nothing else left to do would exit before the
        // last checkpoint (an unsettled await: exit code 13).
        worker.ref();
        worker.postMessage('stop');
        await exited;
      })();
      return stopping;
    },
  };
}
