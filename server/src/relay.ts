// Starts and stops a whole relay: store, adapters, HTTP server and job worker.
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HelpdeskApiError } from '@smsbridge/helpdesks';
import type { Logger } from 'pino';
import type { RelayConfig } from './config/load.ts';
import { createApp } from './http/app.ts';
import { queueStats } from './jobs/outbox.ts';
import { createWorker, type Worker } from './jobs/worker.ts';
import { createLogger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { JOB_KINDS, type RelayContext, type WorkspaceRuntime } from './relay/context.ts';
import { createDeliverInboundHandler } from './relay/deliver-inbound.ts';
import { createWorkspaceRuntime } from './relay/runtime.ts';
import { createSendSmsHandler } from './relay/send-sms.ts';
import { createRecordSentTextHandler } from './relay/record-sent-text.ts';
import { createTicketNoteHandler } from './relay/ticket-note.ts';
import { openStore, type Store } from './store/open-store.ts';

export interface RelayOptions {
  readonly fetch?: typeof fetch;
  readonly logger?: Logger;
  readonly now?: () => Date;
  /** Apply pending migrations at start (default true). */
  readonly migrate?: boolean;
  /** Run the job worker in this process (default true). */
  readonly worker?: boolean;
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

export function createRelayContext(
  config: RelayConfig,
  store: Store,
  options: { fetch: typeof fetch; logger: Logger; now: () => Date; notifyWorker: () => void },
): RelayContext {
  const metrics = createMetrics(() => queueStats(store.db, options.now()));
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
  };
}

export function createRelayWorker(context: RelayContext): Worker {
  const { worker: settings } = context.config;
  return createWorker({
    store: context.store,
    handlers: {
      [JOB_KINDS.deliverInbound]: createDeliverInboundHandler(context),
      [JOB_KINDS.sendSms]: createSendSmsHandler(context),
      [JOB_KINDS.ticketNote]: createTicketNoteHandler(context),
      [JOB_KINDS.recordSentText]: createRecordSentTextHandler(context),
    },
    workerId: `relay-${process.pid}-${randomBytes(3).toString('hex')}`,
    concurrency: settings.concurrency,
    pollIntervalMs: settings.pollIntervalMs,
    leaseMs: settings.leaseSeconds * 1000,
    logger: context.logger,
    now: context.now,
    classifyError(error) {
      if (error instanceof HelpdeskApiError) {
        return {
          retryable: error.retryable,
          message: `helpdesk: ${error.message}`,
          ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
        };
      }
      return undefined;
    },
    events: {
      onCompleted(job, durationMs) {
        context.metrics.jobsFinished.inc({ kind: job.kind, outcome: 'done' });
        context.metrics.jobDuration.observe({ kind: job.kind }, durationMs / 1000);
      },
      onFailed(job, outcome) {
        context.metrics.jobsFinished.inc({ kind: job.kind, outcome });
      },
    },
  });
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
  let worker: Worker | undefined;
  const context = createRelayContext(config, store, {
    fetch: options.fetch ?? globalThis.fetch,
    logger,
    now,
    notifyWorker: () => worker?.notify(),
  });
  if (options.worker ?? true) {
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
        await worker?.stop();
        await serverClosed;
        await store.close();
        logger.info('relay stopped');
      })();
      return closing;
    },
  };
}
