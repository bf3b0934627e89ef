// The job thread's own main: opens its store connection and adapters and runs the relay's job worker.
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { createRelayContext } from '../relay/create-context.ts';
import { openStore } from '../store/open-store.ts';
import type { FromJobThread, JobThreadData, ToJobThread } from './job-thread.ts';
import { createRelayWorker } from './relay-worker.ts';
import type { Worker } from './worker.ts';

const port = parentPort;
if (port === null) throw new Error('job-thread-entry runs as a worker thread (see job-thread.ts)');
const { config, logLevel } = workerData as JobThreadData;
const send = (message: FromJobThread) => port.postMessage(message);

const logger = createLogger({
  ...config.logging,
  level: logLevel,
}).child({ thread: 'jobs' });

try {
  // The main thread migrated the store and runs SQLite's checkpoints.
  const store = openStore(config.store, {
    checkpoints: false,
    onBackgroundError: (message) => logger.warn(message),
  });
  const context = createRelayContext(config, store, {
    fetch: globalThis.fetch,
    logger,
    now: () => new Date(),
    // Jobs that jobs enqueue (a send's status note, a retry's follow-up) wake this worker.
    notifyWorker: () => running.notify(),
    metrics: createMetrics(),
  });
  const running: Worker = createRelayWorker(context);
  running.start();

  port.on('message', (message: ToJobThread) => {
    switch (message.kind) {
      case 'notify':
        running.notify();
        return;
      case 'metrics':
        void context.metrics.registry.getMetricsAsJSON().then((metrics) => {
          send({ kind: 'metrics', requestId: message.requestId, metrics });
        });
        return;
      case 'stop':
        void (async () => {
          await running.stop();
          await store.close();
          // Nothing else keeps the thread alive: it exits, which the main thread awaits.
          port.close();
        })();
        return;
    }
  });
  send({ kind: 'ready' });
} catch (error) {
  send({ kind: 'fatal', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
