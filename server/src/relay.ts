// Starts and stops a whole relay: store, adapters, HTTP server and job worker.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { botStartupWarnings } from '@smsbridge/bot';
import type { Logger } from 'pino';
import type { RelayConfig } from './config/load.ts';
import { createApp } from './http/app.ts';
import { startJobThread, type JobThread } from './jobs/job-thread.ts';
import { createRelayWorker } from './jobs/relay-worker.ts';
import type { Worker } from './jobs/worker.ts';
import { createLogger } from './observability/logger.ts';
import type { RelayContext } from './relay/context.ts';
import { createRelayContext } from './relay/create-context.ts';
import { openStore } from './store/open-store.ts';

export { createRelayContext } from './relay/create-context.ts';
export { createRelayWorker } from './jobs/relay-worker.ts';

export interface RelayOptions {
  readonly fetch?: typeof fetch;
  readonly logger?: Logger;
  readonly now?: () => Date;
  /** Apply pending migrations at start (default true). */
  readonly migrate?: boolean;
  /** Run the job worker in this process (default true). */
  readonly worker?: boolean;
  /**
   * Run the job worker in a worker thread of its own (jobs/job-thread.ts), off the event loop that
   * acknowledges webhooks. Default false here; `smsbridge start` follows `worker.thread` of the
   * configuration (default true). The thread uses the global fetch and the real clock: options
   * `fetch` and `now` cannot cross into it, so they are refused together with this one.
   */
  readonly workerThread?: boolean;
  /** Overrides the configured port (tests use 0). */
  readonly port?: number;
}

export interface Relay {
  /** Where the HTTP server listens, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  readonly context: RelayContext;
  /** Stops accepting requests and claiming jobs, finishes jobs in flight, closes the store. */
  close(): Promise<void>;
}

export async function startRelay(config: RelayConfig, options: RelayOptions = {}): Promise<Relay> {
  const logger = options.logger ?? createLogger(config.logging);
  const now = options.now ?? (() => new Date());
  const store = openStore(config.store, {
    onBackgroundError: (message) => logger.warn(message),
  });
  if (options.migrate ?? true) {
    const applied = await store.migrate();
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  }
  // Bot texts that take more than one SMS segment with this workspace's values, flows that will
  // always hand off (no order lookup configured...): said once, at start (issue 6).
  for (const workspace of config.workspaces) {
    for (const warning of workspace.bot === undefined
      ? []
      : botStartupWarnings(workspace.bot.settings)) {
      logger.warn({ workspace: workspace.id, key: `bot.${warning.path}` }, warning.message);
    }
  }
  let worker: Worker | undefined;
  let jobThread: JobThread | undefined;
  const context = createRelayContext(config, store, {
    fetch: options.fetch ?? globalThis.fetch,
    logger,
    now,
    notifyWorker: () => (jobThread ?? worker)?.notify(),
    workerMetrics: async () => {
      const metrics = await jobThread?.metrics();
      return metrics === undefined ? [] : [metrics];
    },
  });
  if ((options.worker ?? true) && options.workerThread === true) {
    if (options.fetch !== undefined || options.now !== undefined) {
      await store.close();
      throw new Error('startRelay: workerThread cannot be combined with an injected fetch or now');
    }
    try {
      jobThread = await startJobThread({ config, logger });
    } catch (error) {
      await store.close();
      throw error;
    }
  } else if (options.worker ?? true) {
    worker = createRelayWorker(context);
    worker.start();
  }
  const app = createApp(context);
  const server: Server = app.listen(options.port ?? config.server.port, config.server.host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url, store: store.dialect, workspaces: config.workspaces.length }, 'relay started');

  let closing: Promise<void> | undefined;
  return {
    url,
    context,
    close() {
      closing ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await (jobThread ?? worker)?.stop();
        await serverClosed;
        await store.close();
        logger.info('relay stopped');
      })();
      return closing;
    },
  };
}
