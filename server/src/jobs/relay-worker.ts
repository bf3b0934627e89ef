// The relay's job worker: each job kind's handler, retry classification and job metrics, on one context.
import { randomBytes } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import { HelpdeskApiError } from '@smsbridge/helpdesks';
import { JOB_KINDS, type RelayContext } from '../relay/context.ts';
import { createCsatSendHandler } from '../relay/csat.ts';
import { createDeliverInboundHandler } from '../relay/deliver-inbound.ts';
import { createRecordSentTextHandler } from '../relay/record-sent-text.ts';
import { createSendSmsHandler } from '../relay/send-sms.ts';
import { createTicketNoteHandler } from '../relay/ticket-note.ts';
import { createWorker, type Worker } from './worker.ts';

export function createRelayWorker(context: RelayContext): Worker {
  const { worker: settings } = context.config;
  // Train each workspace's bot now, so the first new customer does not wait for it.
  for (const [id, workspace] of context.workspaces) {
    workspace.bot?.engine().catch((error: unknown) => {
      context.logger.error(
        { workspace: id, error: error instanceof Error ? error.message : String(error) },
        'bot training failed; it is tried again with the next text',
      );
    });
  }
  return createWorker({
    store: context.store,
    handlers: {
      [JOB_KINDS.deliverInbound]: createDeliverInboundHandler(context),
      [JOB_KINDS.sendSms]: createSendSmsHandler(context),
      [JOB_KINDS.ticketNote]: createTicketNoteHandler(context),
      [JOB_KINDS.recordSentText]: createRecordSentTextHandler(context),
      [JOB_KINDS.csatSend]: createCsatSendHandler(context),
    },
    workerId: `relay-${process.pid}.${threadId}-${randomBytes(3).toString('hex')}`,
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
