// Idempotent set-up of what the relay needs in Zendesk: one webhook and four ticket fields.
import { timingSafeEqual } from 'node:crypto';
import { HelpdeskApiError, type ProvisionStep, type SmsTicketFields } from '../helpdesk-adapter.ts';
import type { ZendeskHttp } from './http.ts';
import { COMMENT_ADDED, STATUS_CHANGED } from './webhook.ts';

export const WEBHOOK_NAME = 'SMS Bridge relay';

/**
 * Event subscriptions, not trigger + webhook (zendesk.md §3.1, §3.6): the fixed JSON payload
 * carries the comment id (our idempotency key), `is_public` and `author.is_staff`, so the relay
 * can tell agent replies from its own writes without Liquid templates; there is no trigger to
 * keep in sync, and nothing an admin can edit into a wrong payload. The cost is that the relay
 * hears about every ticket's comments and drops the ones that are not SMS tickets.
 */
export const WEBHOOK_SUBSCRIPTIONS = [COMMENT_ADDED, STATUS_CHANGED] as const;

export type SmsFieldKey = keyof SmsTicketFields;

/** Ticket fields the relay fills (DESIGN.md, "Native reporting"; types from zendesk.md §2.5). */
export const SMS_TICKET_FIELDS: Readonly<
  Record<
    SmsFieldKey,
    { readonly title: string; readonly type: string; readonly description: string }
  >
> = {
  consentStatus: {
    title: 'SMS consent status',
    type: 'text',
    description: 'Support SMS consent of the requester, written by SMS Bridge.',
  },
  lastDeliveryStatus: {
    title: 'SMS last delivery status',
    type: 'text',
    description: 'Delivery status of the last SMS sent on this ticket, written by SMS Bridge.',
  },
  segmentsSent: {
    title: 'SMS segments sent',
    type: 'integer',
    description: 'SMS segments sent on this ticket, written by SMS Bridge.',
  },
  csatScore: {
    title: 'SMS CSAT score',
    type: 'integer',
    description: 'Satisfaction score (1-5) the customer answered by SMS, written by SMS Bridge.',
  },
};

export const SMS_FIELD_KEYS = Object.keys(SMS_TICKET_FIELDS) as SmsFieldKey[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unexpected(what: string): HelpdeskApiError {
  return new HelpdeskApiError(`Zendesk answered ${what} in an unexpected shape`, {
    status: 502,
    retryable: true,
  });
}

/**
 * Every item of a list endpoint, following `next_page` (offset) or `links.next` (cursor) only
 * while it stays on the configured API base URL, so credentials never leave it. At most 20 pages.
 */
export async function listAll(
  http: ZendeskHttp,
  apiBaseUrl: string,
  path: string,
  key: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let nextPath: string | undefined = path;
  let query: Record<string, string> = {};
  for (let pageNumber = 0; nextPath !== undefined && pageNumber < 20; pageNumber += 1) {
    const { body } = await http('GET', nextPath, { query });
    if (!isRecord(body) || !Array.isArray(body[key])) throw unexpected(`GET ${path}`);
    for (const item of body[key] as unknown[]) if (isRecord(item)) items.push(item);
    const links = isRecord(body.links) ? body.links : {};
    const hasMore = isRecord(body.meta) ? body.meta.has_more !== false : true;
    const next =
      typeof body.next_page === 'string' ? body.next_page : hasMore ? links.next : undefined;
    nextPath = undefined;
    if (typeof next === 'string' && next.startsWith(`${apiBaseUrl}/`)) {
      const url = new URL(next);
      nextPath = url.pathname.slice(new URL(apiBaseUrl).pathname.replace(/\/$/, '').length);
      query = Object.fromEntries(url.searchParams);
    }
  }
  return items;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

async function provisionWebhook(
  http: ZendeskHttp,
  apiBaseUrl: string,
  webhookUrl: string,
  configuredSecret: string,
): Promise<ProvisionStep> {
  const webhooks = await listAll(http, apiBaseUrl, '/api/v2/webhooks', 'webhooks');
  const ours = webhooks.filter((w) => w.endpoint === webhookUrl && typeof w.id === 'string');
  // A trigger-connected webhook at our URL cannot become an event subscription (§3.1).
  const existing = ours.find(
    (w) => Array.isArray(w.subscriptions) && !w.subscriptions.includes('conditional_ticket_events'),
  );
  let id: string;
  let action: ProvisionStep['action'];
  if (existing === undefined) {
    const { body } = await http('POST', '/api/v2/webhooks', {
      json: {
        webhook: {
          name: WEBHOOK_NAME,
          status: 'active',
          endpoint: webhookUrl,
          http_method: 'POST',
          request_format: 'json',
          subscriptions: [...WEBHOOK_SUBSCRIPTIONS],
          description:
            'Agent replies and status changes for SMS Bridge (created by smsbridge provision).',
        },
      },
    });
    const created = isRecord(body) && isRecord(body.webhook) ? body.webhook.id : undefined;
    if (typeof created !== 'string') throw unexpected('POST /api/v2/webhooks');
    id = created;
    action = 'created';
  } else {
    id = existing.id as string;
    const current = (existing.subscriptions as unknown[]).filter((s) => typeof s === 'string');
    const missing = WEBHOOK_SUBSCRIPTIONS.filter((s) => !current.includes(s));
    if (missing.length > 0 || existing.status !== 'active') {
      await http('PATCH', `/api/v2/webhooks/${encodeURIComponent(id)}`, {
        json: { webhook: { status: 'active', subscriptions: [...current, ...missing] } },
      });
      action = 'updated';
    } else {
      action = 'unchanged';
    }
  }
  const secretPath = `/api/v2/webhooks/${encodeURIComponent(id)}/signing_secret`;
  const { body } = await http('GET', secretPath);
  const secret =
    isRecord(body) && isRecord(body.signing_secret) ? body.signing_secret.secret : undefined;
  const note =
    typeof secret === 'string' && sameSecret(secret, configuredSecret)
      ? `signing secret matches the configured one (GET ${secretPath})`
      : `the configured signing secret does not match this webhook's: read it with GET ${secretPath} ` +
        `(Admin Center > Webhooks > ${WEBHOOK_NAME} > Reveal secret) and set it in the workspace's Zendesk config`;
  return { resource: 'webhook', name: WEBHOOK_NAME, action, id, note };
}

async function provisionFields(
  http: ZendeskHttp,
  apiBaseUrl: string,
): Promise<{ steps: ProvisionStep[]; ids: Partial<Record<SmsFieldKey, number>> }> {
  const fields = await listAll(http, apiBaseUrl, '/api/v2/ticket_fields', 'ticket_fields');
  const steps: ProvisionStep[] = [];
  const ids: Partial<Record<SmsFieldKey, number>> = {};
  for (const key of SMS_FIELD_KEYS) {
    const wanted = SMS_TICKET_FIELDS[key];
    const found = findField(fields, wanted.title);
    if (found !== undefined) {
      ids[key] = found;
      steps.push({
        resource: 'ticket_field',
        name: wanted.title,
        action: 'unchanged',
        id: String(found),
      });
      continue;
    }
    const { body } = await http('POST', '/api/v2/ticket_fields', {
      json: {
        ticket_field: { type: wanted.type, title: wanted.title, description: wanted.description },
      },
    });
    const id = isRecord(body) && isRecord(body.ticket_field) ? body.ticket_field.id : undefined;
    if (typeof id !== 'number') throw unexpected('POST /api/v2/ticket_fields');
    ids[key] = id;
    steps.push({ resource: 'ticket_field', name: wanted.title, action: 'created', id: String(id) });
  }
  return { steps, ids };
}

/** The id of the field with this title (case-insensitive), the oldest when several match. */
export function findField(
  fields: readonly Record<string, unknown>[],
  title: string,
): number | undefined {
  const matches = fields
    .filter(
      (f) => typeof f.title === 'string' && f.title.trim().toLowerCase() === title.toLowerCase(),
    )
    .map((f) => f.id)
    .filter((id): id is number => typeof id === 'number');
  return matches.length === 0 ? undefined : Math.min(...matches);
}

export async function provisionZendesk(
  http: ZendeskHttp,
  apiBaseUrl: string,
  webhookUrl: string,
  configuredSecret: string,
): Promise<{ steps: ProvisionStep[]; fieldIds: Partial<Record<SmsFieldKey, number>> }> {
  const webhook = await provisionWebhook(http, apiBaseUrl, webhookUrl, configuredSecret);
  const fields = await provisionFields(http, apiBaseUrl);
  return { steps: [webhook, ...fields.steps], fieldIds: fields.ids };
}
