// Builds the RelayContext every component shares: one adapter pair per workspace, store, logs, metrics.
import type { Logger } from 'pino';
import type { RelayConfig } from '../config/load.ts';
import { queueStats } from '../jobs/outbox.ts';
import {
  createMetrics,
  type MetricsSnapshot,
  type RelayMetrics,
} from '../observability/metrics.ts';
import type { Store } from '../store/open-store.ts';
import type { RelayContext, WorkspaceRuntime } from './context.ts';
import { createWorkspaceRuntime } from './runtime.ts';

export interface RelayContextOptions {
  readonly fetch: typeof fetch;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly notifyWorker: () => void;
  /** Defaults to the main thread's metrics (process figures and queue gauges included). */
  readonly metrics?: RelayMetrics;
  /** The job thread's metrics, when the worker runs in one. */
  readonly workerMetrics?: () => Promise<readonly MetricsSnapshot[]>;
}

export function createRelayContext(
  config: RelayConfig,
  store: Store,
  options: RelayContextOptions,
): RelayContext {
  const metrics = options.metrics ?? createMetrics(() => queueStats(store.db, options.now()));
  const workspaces = new Map<string, WorkspaceRuntime>();
  for (const workspace of config.workspaces) {
    workspaces.set(
      workspace.id,
      createWorkspaceRuntime(workspace, { fetch: options.fetch, metrics, now: options.now }),
    );
  }
  return {
    config,
    store,
    workspaces,
    logger: options.logger,
    metrics,
    now: options.now,
    notifyWorker: options.notifyWorker,
    workerMetrics: options.workerMetrics ?? (() => Promise.resolve([])),
  };
}
