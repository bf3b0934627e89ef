// Queues an outbound SMS (the message row and its send job) in the caller's transaction.
import { analyzeSms } from '@smsbridge/sms';
import type { Transaction } from 'kysely';
import { enqueueJob } from '../jobs/outbox.ts';
import type { Database } from '../store/schema.ts';
import { JOB_KINDS, orderingKeys, type RelayContext, type WorkspaceRuntime } from './context.ts';
import { rulesForOrigin } from './outbound-policy.ts';

export interface OutboundText {
  readonly conversationId: number;
  readonly body: string;
  /**
   * What produced it ('agent_reply', 'sidebar_send', 'keyword_reply', 'bot_reply', 'csat_survey',
   * 'csat_thanks'; outbound-policy.ts has the rules of each) and its unique id: one text per origin.
   */
  readonly origin: string;
  readonly originId: string;
  readonly authorName: string | null;
}

/** Returns the message id, or undefined when this origin was already queued (a repeated webhook). */
export async function queueOutboundSms(
  trx: Transaction<Database>,
  context: RelayContext,
  workspace: WorkspaceRuntime,
  text: OutboundText,
): Promise<number | undefined> {
  const now = context.now();
  const timestamp = now.toISOString();
  const inserted = await trx
    .insertInto('messages')
    .values({
      workspace_id: workspace.config.id,
      conversation_id: text.conversationId,
      direction: 'outbound',
      carrier: workspace.carrier.id,
      carrier_message_id: null,
      body: text.body,
      media_json: '[]',
      status: 'pending',
      error_code: null,
      origin: text.origin,
      origin_id: text.originId,
      author_name: text.authorName,
      segments: analyzeSms(text.body).segmentCount,
      created_at: timestamp,
      updated_at: timestamp,
    })
    .onConflict((conflict) => conflict.columns(['workspace_id', 'origin', 'origin_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) return undefined;
  if (rulesForOrigin(text.origin).byAgent) {
    // An agent has taken over: the bot stays silent in this conversation until the ticket is closed.
    await trx
      .updateTable('conversations')
      .set({ agent_replied_at: timestamp, updated_at: timestamp })
      .where('id', '=', text.conversationId)
      .execute();
  }
  await enqueueJob(
    trx,
    {
      workspaceId: workspace.config.id,
      kind: JOB_KINDS.sendSms,
      orderingKey: orderingKeys.sms(text.conversationId),
      payload: { messageId: inserted.id },
      maxAttempts: context.config.worker.maxSendAttempts,
    },
    now,
  );
  return inserted.id;
}
