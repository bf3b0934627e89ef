// Queues a job that writes to a conversation's ticket, in order with that conversation's other ticket writes.
import type { Transaction } from 'kysely';
import { enqueueJob, type NewJob } from '../jobs/outbox.ts';
import type { Database } from '../store/schema.ts';
import { orderingKeys, type JOB_KINDS, type RelayContext } from './context.ts';

type HelpdeskJobKind =
  typeof JOB_KINDS.deliverInbound | typeof JOB_KINDS.ticketNote | typeof JOB_KINDS.recordSentText;

/** The outbox job of a ticket write of a conversation (its ordering key keeps them in order). */
export function helpdeskJob(
  context: RelayContext,
  job: {
    readonly workspaceId: string;
    readonly conversationId: number;
    readonly kind: HelpdeskJobKind;
    readonly payload: Readonly<Record<string, unknown>>;
    /** Not before this time (default: now). */
    readonly runAt?: Date;
  },
): NewJob {
  return {
    workspaceId: job.workspaceId,
    kind: job.kind,
    orderingKey: orderingKeys.helpdesk(job.conversationId),
    payload: { conversationId: job.conversationId, ...job.payload },
    maxAttempts: context.config.worker.maxAttempts,
    ...(job.runAt === undefined ? {} : { runAt: job.runAt }),
  };
}

/** In the caller's transaction; the shared ordering key keeps notes after the texts that caused them. */
export async function enqueueHelpdeskJob(
  trx: Transaction<Database>,
  context: RelayContext,
  job: Parameters<typeof helpdeskJob>[1],
): Promise<void> {
  await enqueueJob(trx, helpdeskJob(context, job), context.now());
}
