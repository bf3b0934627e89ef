// Job: the outbound pipeline — consent, PII, length, quiet hours, then the carrier, with plain-words notes.
import { quietHours, US_STATE_QUIET_HOURS } from '@smsbridge/compliance';
import type { ClaimedJob } from '../jobs/outbox.ts';
import { enqueueJob } from '../jobs/outbox.ts';
import { JobFailure } from '../jobs/worker.ts';
import { appendConsentEvent, readConsentEvents } from './consent-ledger.ts';
import { applyEarlyStatuses, lockCarrierMessage } from './ingest-status.ts';
import { enqueueSentTextRecord } from './record-sent-text.ts';
import {
  MAX_SMS_CHARACTERS,
  outboundRefusal,
  rulesForOrigin,
  type OutboundRefusal,
} from './outbound-policy.ts';
import {
  JOB_KINDS,
  orderingKeys,
  webhookUrls,
  type RelayContext,
  type WorkspaceRuntime,
} from './context.ts';
import {
  enqueueTicketNote,
  deliveryFailureNote,
  heldForQuietHoursNote,
  notSentOptedOutNote,
  notSentPiiNote,
  notSentTooLongNote,
  type TicketNote,
} from './notes.ts';

function refusalNote(refusal: OutboundRefusal): TicketNote {
  switch (refusal.status) {
    case 'blocked_opted_out':
      return notSentOptedOutNote(refusal.optedOutSince);
    case 'blocked_pii':
      return notSentPiiNote(refusal.labels);
    case 'blocked_too_long':
      return notSentTooLongNote(refusal.characters, MAX_SMS_CHARACTERS);
  }
}

interface SendPayload {
  readonly messageId: number;
}

export function createSendSmsHandler(context: RelayContext) {
  const finish = async (
    workspace: WorkspaceRuntime,
    messageId: number,
    conversationId: number,
    status: string,
    note: TicketNote | undefined,
    extra: { errorCode?: string | null } = {},
  ) => {
    const timestamp = context.now().toISOString();
    await context.store.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('messages')
        .set({
          status,
          updated_at: timestamp,
          ...('errorCode' in extra ? { error_code: extra.errorCode ?? null } : {}),
        })
        .where('id', '=', messageId)
        .execute();
      if (note !== undefined)
        await enqueueTicketNote(trx, context, workspace.config.id, conversationId, note);
    });
    context.metrics.outboundMessages.inc({ workspace: workspace.config.id, status });
    context.notifyWorker();
  };

  return async (job: ClaimedJob): Promise<void> => {
    const { messageId } = job.payload as SendPayload;
    const workspace = context.workspaces.get(job.workspaceId);
    if (workspace === undefined || typeof messageId !== 'number') {
      throw new JobFailure('send_sms: unknown workspace or malformed payload', {
        retryable: false,
      });
    }
    const db = context.store.db;
    const row = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select([
        'messages.id as id',
        'messages.body as body',
        'messages.status as status',
        'messages.origin as origin',
        'messages.author_name as authorName',
        'conversations.id as conversationId',
        'conversations.business_number as businessNumber',
        'conversations.customer_phone as customerPhone',
        'conversations.last_inbound_at as lastInboundAt',
      ])
      .where('messages.id', '=', messageId)
      .where('messages.workspace_id', '=', workspace.config.id)
      .where('messages.direction', '=', 'outbound')
      .executeTakeFirst();
    // Already sent, blocked or failed: a repeated job changes nothing.
    if (row === undefined || (row.status !== 'pending' && row.status !== 'held')) return;
    const now = context.now();
    const policy = workspace.config.outbound;

    const rules = rulesForOrigin(row.origin);
    if (rules.consent) {
      const ledger = await readConsentEvents(db, workspace.config.id, row.customerPhone);
      const refusal = outboundRefusal(row.body, ledger, policy, rules);
      if (refusal !== undefined) {
        const note = rules.notes ? refusalNote(refusal) : undefined;
        await finish(workspace, row.id, row.conversationId, refusal.status, note);
        return;
      }
      const lastInbound = row.lastInboundAt === null ? 0 : Date.parse(row.lastInboundAt);
      const proactive = now.getTime() - lastInbound > policy.proactiveAfterHours * 3_600_000;
      if (rules.quietHours === 'always' || (rules.quietHours === 'when_proactive' && proactive)) {
        // Quiet hours apply to texts the customer did not just ask for (carriers.md §6, §7.8).
        const { start, end, usStateRules } = policy.quietHours;
        const window = quietHours(
          row.customerPhone,
          now,
          usStateRules ? { ...US_STATE_QUIET_HOURS, start, end } : { start, end },
        );
        if (!window.allowed) {
          const sendAt = window.nextAllowedAt ?? new Date(now.getTime() + 24 * 3_600_000);
          await db.transaction().execute(async (trx) => {
            await trx
              .updateTable('messages')
              .set({ status: 'held', updated_at: now.toISOString() })
              .where('id', '=', row.id)
              .execute();
            await enqueueJob(
              trx,
              {
                workspaceId: workspace.config.id,
                kind: JOB_KINDS.sendSms,
                orderingKey: `${orderingKeys.sms(row.conversationId)}:held:${row.id}`,
                payload: { messageId: row.id, heldUntil: sendAt.toISOString() },
                maxAttempts: job.maxAttempts,
                runAt: sendAt,
              },
              now,
            );
            if (row.status !== 'held' && rules.notes) {
              await enqueueTicketNote(
                trx,
                context,
                workspace.config.id,
                row.conversationId,
                heldForQuietHoursNote(window.localTime ?? now.toISOString(), sendAt),
              );
            }
          });
          return;
        }
      }
    }

    const result = await workspace.carrier.send({
      from: row.businessNumber,
      to: row.customerPhone,
      body: row.body,
      statusCallbackUrl: webhookUrls(context.config.publicUrl, workspace.config.id).smsStatus,
    });
    if (result.ok) {
      await db.transaction().execute(async (trx) => {
        await lockCarrierMessage(trx, context, result.carrierMessageId);
        await trx
          .updateTable('messages')
          .set({
            carrier_message_id: result.carrierMessageId,
            status: result.status,
            updated_at: context.now().toISOString(),
          })
          .where('id', '=', row.id)
          .execute();
        const sent = { id: row.id, status: result.status, conversation_id: row.conversationId };
        await applyEarlyStatuses(trx, context, workspace, sent, result.carrierMessageId);
        // Native replies are already on the ticket; a text sent from the sidebar is not yet.
        if (row.origin === 'sidebar_send') {
          await enqueueSentTextRecord(
            trx,
            context,
            workspace.config.id,
            row.conversationId,
            row.id,
          );
        }
      });
      context.metrics.outboundMessages.inc({ workspace: workspace.config.id, status: 'sent' });
      context.notifyWorker();
      return;
    }
    const error = result.error;
    if (error.retryable && job.attempt < job.maxAttempts) {
      throw new JobFailure(`carrier: ${error.category} ${error.code}`, {
        retryable: true,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      });
    }
    const timestamp = context.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('messages')
        .set({ status: 'failed', error_code: error.code, updated_at: timestamp })
        .where('id', '=', row.id)
        .execute();
      const note = deliveryFailureNote(error.agentMessage, error.code);
      if (error.category === 'opted_out') {
        // The carrier says the number unsubscribed (Twilio 21610): our ledger must agree (DESIGN.md).
        await appendConsentEvent(trx, {
          workspaceId: workspace.config.id,
          phone: row.customerPhone,
          scope: 'all',
          kind: 'opt_out',
          source: 'carrier_error',
          ref: error.code,
          messageId: row.id,
          at: context.now(),
        });
        await enqueueTicketNote(trx, context, workspace.config.id, row.conversationId, {
          ...note,
          addTags: ['sms_opted_out'],
          fields: { ...note.fields, consentStatus: 'opted_out' },
        });
      } else {
        await enqueueTicketNote(trx, context, workspace.config.id, row.conversationId, note);
      }
    });
    context.metrics.outboundMessages.inc({ workspace: workspace.config.id, status: 'failed' });
    context.notifyWorker();
  };
}
