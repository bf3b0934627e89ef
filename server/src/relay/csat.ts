// SMS CSAT: "How did we do? Reply 1-5" once per solved ticket, and the customer's rating on the ticket.
import { parseCsatReply } from '@smsbridge/bot';
import { currentConsent } from '@smsbridge/compliance';
import type { Selectable, Transaction } from 'kysely';
import { enqueueJob, type ClaimedJob } from '../jobs/outbox.ts';
import { JobFailure } from '../jobs/worker.ts';
import type { ConversationsTable, Database } from '../store/schema.ts';
import { readConsentEvents } from './consent-ledger.ts';
import { JOB_KINDS, type RelayContext, type WorkspaceRuntime } from './context.ts';
import { enqueueTicketNote } from './notes.ts';
import { queueOutboundSms } from './outbound-queue.ts';

/** Message status of an inbound text that answered a survey (recorded as a rating, not a comment). */
export const CSAT_ANSWER_STATUS = 'csat';

/** The customer's words quoted in the note are cut to this. */
const QUOTE_MAX = 80;

/**
 * Schedules the survey of a ticket that became solved, in the caller's transaction: at most one
 * per ticket (unique key), never for a ticket the bot resolved itself, and only when the workspace
 * has `csat` turned on. Sent after `csat.delayMinutes` if the ticket is still solved then.
 */
export async function scheduleCsat(
  trx: Transaction<Database>,
  context: RelayContext,
  workspace: WorkspaceRuntime,
  conversationId: number,
  ticketId: string,
): Promise<void> {
  const settings = workspace.config.csat;
  if (settings?.enabled !== true) return;
  const byBot = await trx
    .selectFrom('bot_sessions')
    .select('id')
    .where('workspace_id', '=', workspace.config.id)
    .where('ticket_id', '=', ticketId)
    .where('status', '=', 'resolved')
    .executeTakeFirst();
  if (byBot !== undefined) return;
  const now = context.now();
  const sendAt = new Date(now.getTime() + settings.delayMinutes * 60_000);
  const inserted = await trx
    .insertInto('csat_surveys')
    .values({
      workspace_id: workspace.config.id,
      conversation_id: conversationId,
      ticket_id: ticketId,
      state: 'scheduled',
      send_at: sendAt.toISOString(),
      sent_at: null,
      score: null,
      answered_at: null,
      detail: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .onConflict((conflict) => conflict.columns(['workspace_id', 'ticket_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) return;
  await enqueueJob(
    trx,
    {
      workspaceId: workspace.config.id,
      kind: JOB_KINDS.csatSend,
      orderingKey: `conversation:${conversationId}:csat`,
      payload: { surveyId: inserted.id },
      maxAttempts: context.config.worker.maxAttempts,
      runAt: sendAt,
    },
    now,
  );
  context.metrics.csatSurveys.inc({ workspace: workspace.config.id, event: 'scheduled' });
}

async function cancelSurvey(context: RelayContext, surveyId: number, reason: string) {
  await context.store.db
    .updateTable('csat_surveys')
    .set({ state: 'cancelled', detail: reason, updated_at: context.now().toISOString() })
    .where('id', '=', surveyId)
    .execute();
}

/**
 * Job: sends a scheduled survey, unless the ticket was reopened or the customer opted out since.
 * The text goes through the outbound pipeline as `csat_survey`, which holds it outside the
 * customer's quiet-hours window (outbound-policy.ts) and sends it when the window opens.
 */
export function createCsatSendHandler(context: RelayContext) {
  return async (job: ClaimedJob): Promise<void> => {
    const { surveyId } = (job.payload ?? {}) as { surveyId?: unknown };
    const workspace = context.workspaces.get(job.workspaceId);
    if (workspace === undefined || typeof surveyId !== 'number') {
      throw new JobFailure('csat_send: unknown workspace or malformed payload', {
        retryable: false,
      });
    }
    const db = context.store.db;
    const survey = await db
      .selectFrom('csat_surveys')
      .innerJoin('conversations', 'conversations.id', 'csat_surveys.conversation_id')
      .select([
        'csat_surveys.id as id',
        'csat_surveys.state as state',
        'csat_surveys.ticket_id as ticketId',
        'conversations.id as conversationId',
        'conversations.customer_phone as customerPhone',
      ])
      .where('csat_surveys.id', '=', surveyId)
      .where('csat_surveys.workspace_id', '=', workspace.config.id)
      .executeTakeFirst();
    const settings = workspace.config.csat;
    if (survey === undefined || survey.state !== 'scheduled') return;
    if (settings?.enabled !== true) {
      await cancelSurvey(context, survey.id, 'csat turned off');
      return;
    }
    // Asked of the helpdesk, not of the relay's record: a reopen may not have reached us yet.
    const ticket = await workspace.helpdesk.getTicket(survey.ticketId);
    if (ticket === null || (ticket.status !== 'solved' && ticket.status !== 'closed')) {
      await cancelSurvey(context, survey.id, ticket === null ? 'ticket deleted' : 'reopened');
      context.metrics.csatSurveys.inc({ workspace: workspace.config.id, event: 'cancelled' });
      return;
    }
    const ledger = await readConsentEvents(db, workspace.config.id, survey.customerPhone);
    if (!currentConsent(ledger, 'support').canSend) {
      await cancelSurvey(context, survey.id, 'opted_out');
      context.metrics.csatSurveys.inc({ workspace: workspace.config.id, event: 'cancelled' });
      return;
    }
    const timestamp = context.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await queueOutboundSms(trx, context, workspace, {
        conversationId: survey.conversationId,
        body: settings.question,
        origin: 'csat_survey',
        originId: String(survey.id),
        authorName: null,
      });
      await trx
        .updateTable('csat_surveys')
        .set({ state: 'sent', sent_at: timestamp, updated_at: timestamp })
        .where('id', '=', survey.id)
        .execute();
    });
    context.metrics.csatSurveys.inc({ workspace: workspace.config.id, event: 'sent' });
    context.notifyWorker();
  };
}

interface PendingText {
  readonly id: number;
  readonly body: string;
}

/**
 * When a survey of this conversation awaits its answer and the first undelivered text is a rating
 * ("4", "great", 👍), records it — ticket field, tag `sms_csat_<n>` and an internal note on the
 * surveyed ticket, a thank-you text — and returns the other texts, which go to the ticket as usual.
 */
export async function takeCsatAnswer<Text extends PendingText>(
  context: RelayContext,
  workspace: WorkspaceRuntime,
  conversation: Selectable<ConversationsTable>,
  pending: readonly Text[],
  now: Date,
): Promise<Text[]> {
  const settings = workspace.config.csat;
  const first = pending[0];
  if (settings === undefined || first === undefined) return [...pending];
  const windowStart = new Date(now.getTime() - settings.answerWindowHours * 3_600_000);
  const db = context.store.db;
  const survey = await db
    .selectFrom('csat_surveys')
    .select(['id', 'ticket_id'])
    .where('conversation_id', '=', conversation.id)
    .where('state', '=', 'sent')
    .where('sent_at', '>=', windowStart.toISOString())
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (survey === undefined) return [...pending];
  const reading = parseCsatReply(first.body);
  if (reading === undefined) return [...pending];

  const timestamp = context.now().toISOString();
  const words = first.body.trim().slice(0, QUOTE_MAX);
  await db.transaction().execute(async (trx) => {
    const answered = await trx
      .updateTable('csat_surveys')
      .set({
        state: 'answered',
        score: reading.score,
        answered_at: timestamp,
        detail: words,
        updated_at: timestamp,
      })
      .where('id', '=', survey.id)
      .where('state', '=', 'sent')
      .returning('id')
      .executeTakeFirst();
    await trx
      .updateTable('messages')
      .set({ status: CSAT_ANSWER_STATUS, updated_at: timestamp })
      .where('id', '=', first.id)
      .execute();
    if (answered === undefined) return;
    await enqueueTicketNote(trx, context, workspace.config.id, conversation.id, {
      ticketId: survey.ticket_id,
      internalNote: `SMS CSAT: the customer rated this ticket ${reading.score}/5 ("${words}").`,
      addTags: [`sms_csat_${reading.score}`],
      fields: { csatScore: reading.score },
    });
    if (settings.thanks !== '') {
      await queueOutboundSms(trx, context, workspace, {
        conversationId: conversation.id,
        body: settings.thanks,
        origin: 'csat_thanks',
        originId: String(survey.id),
        authorName: null,
      });
    }
  });
  context.metrics.csatSurveys.inc({ workspace: workspace.config.id, event: 'answered' });
  context.notifyWorker();
  return pending.slice(1);
}
