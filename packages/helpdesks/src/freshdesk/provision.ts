// Idempotent set-up of what the relay needs in Freshdesk: four ticket fields and two automation rules.
import { HelpdeskApiError, type ProvisionStep, type SmsTicketFields } from '../helpdesk-adapter.ts';
import type { FreshdeskHttp } from './http.ts';
import { AGENT_REPLY_TEMPLATE, STATUS_TEMPLATE } from './webhook.ts';

export type SmsFieldKey = keyof SmsTicketFields;

/**
 * Custom ticket fields the relay fills (DESIGN.md, "Native reporting"). Created with
 * `POST /api/v2/admin/ticket_fields` (label, label_for_customers, type); Freshdesk names them
 * `cf_<label in snake case>` [secondary: public integration code; not in freshdesk.md]. Read back
 * by label from `GET /api/v2/ticket_fields` (freshdesk.md §1.5), whose `name` is the key of
 * `custom_fields` (§1.6).
 */
export const SMS_TICKET_FIELDS: Readonly<
  Record<
    SmsFieldKey,
    { readonly label: string; readonly type: string; readonly description: string }
  >
> = {
  consentStatus: {
    label: 'SMS consent status',
    type: 'custom_text',
    description: 'Support SMS consent of the requester, written by SMS Bridge.',
  },
  lastDeliveryStatus: {
    label: 'SMS last delivery status',
    type: 'custom_text',
    description: 'Delivery status of the last SMS sent on this ticket, written by SMS Bridge.',
  },
  segmentsSent: {
    label: 'SMS segments sent',
    type: 'custom_number',
    description: 'SMS segments sent on this ticket, written by SMS Bridge.',
  },
  csatScore: {
    label: 'SMS CSAT score',
    type: 'custom_number',
    description: 'Satisfaction score (1-5) the customer answered by SMS, written by SMS Bridge.',
  },
};

export const SMS_FIELD_KEYS = Object.keys(SMS_TICKET_FIELDS) as SmsFieldKey[];

/** `automation_type_id` 4 = rules that run on ticket updates (freshdesk.md §1.11). */
export const TICKET_UPDATES = 4;

export const REPLY_RULE_NAME = 'SMS Bridge: send agent replies by SMS';
export const STATUS_RULE_NAME = 'SMS Bridge: ticket status for SMS threading';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A scalar as text; objects and arrays (never expected here) become ''. */
function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function unexpected(what: string): HelpdeskApiError {
  return new HelpdeskApiError(`Freshdesk answered ${what} in an unexpected shape`, {
    status: 502,
    retryable: true,
  });
}

/** The `name` (`cf_...`) of the custom field with this label (case-insensitive), the oldest first. */
export function findFieldName(
  fields: readonly Record<string, unknown>[],
  label: string,
): string | undefined {
  return fields
    .filter(
      (f) =>
        f.default !== true &&
        typeof f.label === 'string' &&
        f.label.trim().toLowerCase() === label.toLowerCase(),
    )
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((f) => f.name)
    .find((name): name is string => typeof name === 'string');
}

export async function listTicketFields(http: FreshdeskHttp): Promise<Record<string, unknown>[]> {
  const { body } = await http('GET', '/api/v2/ticket_fields');
  if (!Array.isArray(body)) throw unexpected('GET /api/v2/ticket_fields');
  return body.filter(isRecord);
}

async function provisionFields(http: FreshdeskHttp) {
  const fields = await listTicketFields(http);
  const steps: ProvisionStep[] = [];
  const names: Partial<Record<SmsFieldKey, string>> = {};
  for (const key of SMS_FIELD_KEYS) {
    const wanted = SMS_TICKET_FIELDS[key];
    const existing = fields.find((f) => f.name === findFieldName(fields, wanted.label));
    if (existing !== undefined && typeof existing.name === 'string') {
      names[key] = existing.name;
      steps.push({
        resource: 'ticket_field',
        name: wanted.label,
        action: 'unchanged',
        id: scalar(existing.id),
        note: existing.name,
      });
      continue;
    }
    const { body } = await http('POST', '/api/v2/admin/ticket_fields', {
      json: {
        label: wanted.label,
        label_for_customers: wanted.label,
        type: wanted.type,
        description: wanted.description,
        required_for_agents: false,
      },
    });
    if (!isRecord(body) || typeof body.name !== 'string' || body.id === undefined) {
      throw unexpected('POST /api/v2/admin/ticket_fields');
    }
    names[key] = body.name;
    steps.push({
      resource: 'ticket_field',
      name: wanted.label,
      action: 'created',
      id: scalar(body.id),
      note: body.name,
    });
  }
  return { steps, names };
}

/**
 * The two rules (freshdesk.md §1.11 shape; §2 suggested design): on ticket updates, performer
 * Agent (type 1), tag `sms`, action Trigger Webhook POST JSON with the secret in a custom header.
 * Event names `reply_sent` / `status`, the `tags` condition field, the `trigger_webhook` action
 * name and `content.body` for the advanced body are not in the API doc [unverified].
 */
export function desiredRules(webhookUrl: string, secretHeader: string, secret: string) {
  const condition = [
    {
      name: 'condition_set_1',
      match_type: 'all',
      properties: [{ resource_type: 'ticket', field_name: 'tags', operator: 'in', value: ['sms'] }],
    },
  ];
  const action = (body: string) => ({
    field_name: 'trigger_webhook',
    request_type: 'POST',
    url: webhookUrl,
    custom_headers: { [secretHeader]: secret },
    content: { content_type: 'json', content_layout: 'advanced', body },
  });
  return [
    {
      name: REPLY_RULE_NAME,
      description:
        'Agent replies on SMS tickets reach the customer by SMS (created by smsbridge provision).',
      active: true,
      performer: { type: 1 },
      events: [{ field_name: 'reply_sent' }],
      conditions: condition,
      operator: 'AND',
      actions: [action(AGENT_REPLY_TEMPLATE)],
    },
    {
      name: STATUS_RULE_NAME,
      description:
        'Status changes of SMS tickets, so new texts reopen or follow up correctly (created by smsbridge provision).',
      active: true,
      performer: { type: 1 },
      events: [{ field_name: 'status', from: '--', to: '--' }],
      conditions: condition,
      operator: 'AND',
      actions: [action(STATUS_TEMPLATE)],
    },
  ];
}

/** Deep equality of what we set, ignoring what Freshdesk adds (ids, summaries, timestamps). */
function covers(existing: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(existing) &&
      existing.length === wanted.length &&
      wanted.every((w, i) => covers(existing[i], w))
    );
  }
  if (isRecord(wanted)) {
    return isRecord(existing) && Object.entries(wanted).every(([k, v]) => covers(existing[k], v));
  }
  return existing === wanted || (scalar(existing) !== '' && scalar(existing) === scalar(wanted));
}

async function provisionRules(
  http: FreshdeskHttp,
  webhookUrl: string,
  secretHeader: string,
  secret: string,
) {
  const path = `/api/v2/automations/${TICKET_UPDATES}/rules`;
  const { body } = await http('GET', path);
  const rules =
    isRecord(body) && Array.isArray(body.rules) ? body.rules.filter(isRecord) : undefined;
  if (rules === undefined) throw unexpected(`GET ${path}`);
  const steps: ProvisionStep[] = [];
  for (const wanted of desiredRules(webhookUrl, secretHeader, secret)) {
    const existing = rules
      .filter((r) => r.name === wanted.name)
      .sort((a, b) => Number(a.id) - Number(b.id))[0];
    if (existing === undefined) {
      const { body: created } = await http('POST', path, { json: wanted });
      if (!isRecord(created) || created.id === undefined) throw unexpected(`POST ${path}`);
      steps.push({
        resource: 'automation_rule',
        name: wanted.name,
        action: 'created',
        id: scalar(created.id),
      });
      continue;
    }
    const id = scalar(existing.id);
    if (covers(existing, wanted)) {
      steps.push({ resource: 'automation_rule', name: wanted.name, action: 'unchanged', id });
      continue;
    }
    // Someone edited it, or the URL or secret changed: put it back as the relay needs it.
    await http('PUT', `${path}/${encodeURIComponent(id)}`, { json: wanted });
    steps.push({
      resource: 'automation_rule',
      name: wanted.name,
      action: 'updated',
      id,
      note: 'webhook URL, secret header, conditions or body differed',
    });
  }
  return steps;
}

export async function provisionFreshdesk(
  http: FreshdeskHttp,
  webhookUrl: string,
  secretHeader: string,
  secret: string,
): Promise<{ steps: ProvisionStep[]; fieldNames: Partial<Record<SmsFieldKey, string>> }> {
  const fields = await provisionFields(http);
  const rules = await provisionRules(http, webhookUrl, secretHeader, secret);
  return { steps: [...fields.steps, ...rules], fieldNames: fields.names };
}
