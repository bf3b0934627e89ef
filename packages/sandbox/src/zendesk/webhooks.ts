// Signs and delivers event-subscription webhooks the way Zendesk does (zendesk.md §3.2, §3.3, §3.6).
import { createHmac, randomUUID } from 'node:crypto';
import {
  createSharedWebhookDispatcher,
  invocationId,
  type WebhookDelivery,
} from '../shared/webhook-dispatcher.ts';
import type { StoredTicket, StoredUser, StoredWebhook, TicketStatus } from './model.ts';
import { isoSeconds } from './serialize.ts';

/** Event types the stand-in emits (zendesk.md §3.6). */
export const EVENT_TYPES = {
  ticketCreated: 'zen:event-type:ticket.created',
  commentAdded: 'zen:event-type:ticket.comment_added',
  statusChanged: 'zen:event-type:ticket.status_changed',
} as const;

/**
 * `X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(secret, timestamp + raw body)), plain
 * concatenation, binary digest (zendesk.md §3.2; https://developer.zendesk.com/documentation/webhooks/verifying/).
 */
export function signZendeskWebhook(secret: string, timestamp: string, rawBody: Buffer): string {
  return createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]))
    .digest('base64');
}

/** The `detail` object of a ticket event: ids as strings, enums upper case (ticket-events page). */
function ticketDetail(ticket: StoredTicket, actorId: number) {
  const id = (n: number | null) => (n === null ? null : String(n));
  return {
    actor_id: String(actorId),
    assignee_id: id(ticket.assigneeId),
    brand_id: '1',
    created_at: isoSeconds(ticket.createdAt),
    custom_status: String(TICKET_STATUS_ORDER.indexOf(ticket.status) + 1),
    description: ticket.comments[0]?.body ?? '',
    external_id: ticket.externalId,
    form_id: '1',
    group_id: null,
    id: String(ticket.id),
    is_public: ticket.comments.some((c) => c.public),
    organization_id: null,
    priority: ticket.priority === null ? null : ticket.priority.toUpperCase(),
    requester_id: String(ticket.requesterId),
    status: ticket.status.toUpperCase(),
    subject: ticket.subject,
    submitter_id: String(ticket.submitterId),
    tags: [...ticket.tags],
    type: null,
    updated_at: isoSeconds(ticket.updatedAt),
    via: { channel: ticket.viaChannel },
  };
}

const TICKET_STATUS_ORDER: readonly TicketStatus[] = [
  'new',
  'open',
  'pending',
  'hold',
  'solved',
  'closed',
];

export type TicketEvent =
  | { readonly type: typeof EVENT_TYPES.ticketCreated }
  | {
      readonly type: typeof EVENT_TYPES.commentAdded;
      readonly commentId: number;
      readonly body: string;
      readonly isPublic: boolean;
      readonly author: StoredUser;
    }
  | {
      readonly type: typeof EVENT_TYPES.statusChanged;
      readonly previous: TicketStatus;
      readonly current: TicketStatus;
    };

/**
 * The event envelope `{account_id, id, type, subject, time, zendesk_event_version, detail, event}`
 * (zendesk.md §3.6; https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events).
 */
export function ticketEventPayload(input: {
  readonly accountId: number;
  readonly ticket: StoredTicket;
  readonly actorId: number;
  readonly event: TicketEvent;
  readonly sequence: { readonly id: string; readonly position: number; readonly total: number };
  readonly at: Date;
}): Record<string, unknown> {
  const meta = { sequence: input.sequence };
  let event: Record<string, unknown>;
  switch (input.event.type) {
    case EVENT_TYPES.ticketCreated:
      event = { meta };
      break;
    case EVENT_TYPES.commentAdded:
      event = {
        meta,
        comment: {
          id: String(input.event.commentId),
          body: input.event.body,
          is_public: input.event.isPublic,
          author: {
            id: String(input.event.author.id),
            is_staff: input.event.author.role !== 'end-user',
            name: input.event.author.name,
          },
        },
      };
      break;
    case EVENT_TYPES.statusChanged:
      event = {
        meta,
        previous: input.event.previous.toUpperCase(),
        current: input.event.current.toUpperCase(),
      };
      break;
  }
  return {
    account_id: input.accountId,
    detail: ticketDetail(input.ticket, input.actorId),
    event,
    id: randomUUID(),
    subject: `zen:ticket:${input.ticket.id}`,
    time: input.at.toISOString(),
    type: input.event.type,
    zendesk_event_version: '2022-11-06',
  };
}

export type { DeliveryAttempt, WebhookDelivery } from '../shared/webhook-dispatcher.ts';

export interface WebhookDispatcherOptions {
  /** Delay before the first retry; doubles for each later one. */
  readonly retryDelayMs: number;
  /** Retries after the first attempt (§3.3: retried on some failures; the count is ours). */
  readonly maxRetries: number;
  /** Per-attempt timeout (§3.3 [secondary]: about 10 s). */
  readonly timeoutMs: number;
  readonly now: () => Date;
}

export interface WebhookDispatcher {
  enqueue(webhook: StoredWebhook, payload: Record<string, unknown>): void;
  /** The next invocation is delivered twice (a duplicate delivery, §3.3). */
  duplicateNext(): void;
  /** Resolves once every queued delivery has finished (delivered or given up). */
  flush(): Promise<void>;
  deliveries(): readonly WebhookDelivery[];
  reset(): void;
  close(): Promise<void>;
}

/** Retried answers: conflicts, rate limits and server errors; other 4xx are final [unverified]. */
function isRetryableStatus(status: number): boolean {
  return status === 409 || status === 429 || status >= 500;
}

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  // One chain per webhook: deliveries to one endpoint leave in the order the events happened.
  const shared = createSharedWebhookDispatcher({
    retryDelaysMs: Array.from(
      { length: options.maxRetries },
      (_, n) => options.retryDelayMs * 2 ** n,
    ),
    timeoutMs: options.timeoutMs,
    isRetryable: isRetryableStatus,
  });
  return {
    enqueue(webhook, payload) {
      if (webhook.status !== 'active') return;
      const rawBody = Buffer.from(JSON.stringify(payload), 'utf8');
      shared.enqueue({
        queueKey: webhook.id,
        webhookId: webhook.id,
        endpoint: webhook.endpoint,
        method: webhook.httpMethod,
        eventType: typeof payload.type === 'string' ? payload.type : '',
        eventId: typeof payload.id === 'string' ? payload.id : '',
        rawBody,
        headers() {
          // Signed per attempt, with the attempt's time (§3.2).
          const timestamp = isoSeconds(options.now());
          return {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'Zendesk Webhook',
            'x-zendesk-account-id': '1',
            'x-zendesk-webhook-id': webhook.id,
            'x-zendesk-webhook-invocation-id': invocationId(),
            'x-zendesk-webhook-signature': signZendeskWebhook(
              webhook.signingSecret,
              timestamp,
              rawBody,
            ),
            'x-zendesk-webhook-signature-timestamp': timestamp,
          };
        },
      });
    },
    duplicateNext: () => shared.duplicateNext(),
    flush: () => shared.flush(),
    deliveries: () => shared.deliveries(),
    reset: () => shared.reset(),
    close: () => shared.close(),
  };
}
