// Runs "ticket updates" automation rules with a Trigger Webhook action (freshdesk.md §1.11, §2).
import {
  createSharedWebhookDispatcher,
  type SharedWebhookDispatcher,
} from '../shared/webhook-dispatcher.ts';
import type { Account, Performer, TicketEvent } from './account.ts';
import {
  TICKET_PRIORITIES,
  TICKET_SOURCES,
  TICKET_STATUSES,
  type StoredRule,
  type StoredTicket,
} from './model.ts';

/** `automation_type_id` 4: rules that run on ticket updates (§1.11). */
export const TICKET_UPDATES = 4;

/**
 * Event `field_name`s the stand-in understands. The API documents events as
 * `{field_name, from, to, value}` without listing names (FD-API "Create an Automation Rule");
 * `reply_sent`, `note_type` and `status` follow the admin UI's "Reply is sent", "Note is added"
 * and "Status is changed" [unverified].
 */
export const EVENT_FIELDS = {
  replySent: 'reply_sent',
  noteAdded: 'note_type',
  status: 'status',
} as const;

/** Action `field_name` of "Trigger Webhook" [unverified: the doc's action list does not name it]. */
export const TRIGGER_WEBHOOK = 'trigger_webhook';

type Json = Record<string, unknown>;

/** A scalar as text; objects and arrays (never expected here) become ''. */
function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** performer.type: 1 Agent, 2 Requester, 3 Agent or Requester, 4 System (§1.11). */
function performerMatches(performer: unknown, who: Performer): boolean {
  if (!isRecord(performer)) return true;
  const type = Number(performer.type);
  if (who.type === 'agent') {
    if (type !== 1 && type !== 3) return false;
    const members = Array.isArray(performer.members) ? performer.members.map(String) : [];
    return type !== 1 || members.length === 0 || members.includes(String(who.id));
  }
  if (who.type === 'requester') return type === 2 || type === 3;
  return type === 4;
}

function statusMatches(expected: unknown, actual: number): boolean {
  if (expected === undefined || expected === null || expected === '--' || expected === '')
    return true;
  return (
    scalar(expected) === String(actual) ||
    scalar(expected).toLowerCase() === TICKET_STATUSES[actual as 2]?.toLowerCase()
  );
}

function eventMatches(events: unknown, event: TicketEvent): boolean {
  if (!Array.isArray(events)) return false;
  return events.some((e) => {
    if (!isRecord(e)) return false;
    switch (event.kind) {
      case 'reply_sent':
        return e.field_name === EVENT_FIELDS.replySent;
      case 'note_added':
        return (
          e.field_name === EVENT_FIELDS.noteAdded &&
          (e.value === undefined ||
            e.value === '--' ||
            e.value === (event.conversation.private ? 'private' : 'public'))
        );
      case 'status':
        return (
          e.field_name === EVENT_FIELDS.status &&
          statusMatches(e.from, event.from) &&
          statusMatches(e.to, event.to)
        );
    }
    return false;
  });
}

function values(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map((v) => String(v).toLowerCase());
}

/** One condition property on the ticket: tags, status, priority, source, ticket_type, cf_*. */
function propertyMatches(ticket: StoredTicket, property: unknown): boolean {
  if (!isRecord(property)) return false;
  const field = scalar(property.field_name);
  const operator = scalar(property.operator);
  let actual: string[];
  if (field === 'tags' || field === 'tag_names') actual = ticket.tags.map((t) => t.toLowerCase());
  else if (field === 'status') actual = [String(ticket.status)];
  else if (field === 'priority') actual = [String(ticket.priority)];
  else if (field === 'source') actual = [String(ticket.source)];
  else if (field === 'ticket_type')
    actual = ticket.type === null ? [] : [ticket.type.toLowerCase()];
  else if (field.startsWith('cf_'))
    actual =
      ticket.customFields[field] == null ? [] : [scalar(ticket.customFields[field]).toLowerCase()];
  else return false; // conditions the stand-in does not model never match
  const wanted = values(property.value);
  switch (operator) {
    case 'in':
    case 'is':
    case 'contains':
      return wanted.some((w) => actual.includes(w));
    case 'not_in':
    case 'is_not':
      return !wanted.some((w) => actual.includes(w));
    default:
      return false;
  }
}

/** Condition sets (`match_type` all|any over `properties`), combined by the rule's AND/OR `operator`. */
function conditionsMatch(rule: StoredRule, ticket: StoredTicket): boolean {
  const sets = Array.isArray(rule.conditions) ? rule.conditions.filter(isRecord) : [];
  if (sets.length === 0) return true;
  const results = sets.map((set) => {
    const properties = Array.isArray(set.properties) ? set.properties : [];
    if (properties.length === 0) return true;
    return set.match_type === 'any'
      ? properties.some((p) => propertyMatches(ticket, p))
      : properties.every((p) => propertyMatches(ticket, p));
  });
  return String(rule.operator ?? 'AND').toUpperCase() === 'OR'
    ? results.some(Boolean)
    : results.every(Boolean);
}

/**
 * Renders `{{placeholders}}` (freshdesk.md §2: legacy and newer sets). Values are inserted as they
 * are, without JSON escaping: how Freshdesk escapes quotes and newlines in advanced JSON bodies is
 * undocumented (§2), so the stand-in takes the case receivers must tolerate.
 */
export function renderPlaceholders(
  template: string,
  context: { account: Account; ticket: StoredTicket; event: TicketEvent; baseUrl: string },
): string {
  const { account, ticket, event } = context;
  const requester = account.contacts.get(ticket.requesterId);
  const agent = ticket.responderId === null ? undefined : account.agents.get(ticket.responderId);
  const publicComments = ticket.conversations.filter((c) => !c.private);
  const privateComments = ticket.conversations.filter((c) => c.private);
  const triggered =
    event.kind === 'status'
      ? `Status is changed from ${TICKET_STATUSES[event.from]} to ${TICKET_STATUSES[event.to]}`
      : event.kind === 'reply_sent'
        ? 'Reply is sent'
        : 'Note is added';
  const values: Record<string, string> = {
    'ticket.id': String(ticket.id),
    'ticket.subject': ticket.subject ?? '',
    'ticket.description': ticket.description ?? '',
    'ticket.url': `${context.baseUrl}/a/tickets/${ticket.id}`,
    'ticket.portal_url': `${context.baseUrl}/support/tickets/${ticket.id}`,
    'ticket.status': TICKET_STATUSES[ticket.status],
    'ticket.priority': TICKET_PRIORITIES[ticket.priority],
    'ticket.source': TICKET_SOURCES[ticket.source] ?? String(ticket.source),
    'ticket.ticket_type': ticket.type ?? '',
    'ticket.tags': ticket.tags.join(', '),
    'ticket.requester.id': requester === undefined ? '' : String(requester.id),
    'ticket.requester.name': requester?.name ?? '',
    'ticket.requester.email': requester?.email ?? '',
    'ticket.requester.phone': requester?.phone ?? '',
    'ticket.requester.mobile': requester?.mobile ?? '',
    'ticket.contact.mobile': requester?.mobile ?? '',
    'ticket.agent.name': agent?.name ?? '',
    'ticket.agent.email': agent?.email ?? '',
    'ticket.latest_public_comment': publicComments.at(-1)?.body ?? '',
    'ticket.latest_private_comment': privateComments.at(-1)?.body ?? '',
    triggered_event: triggered,
    helpdesk_name: 'Stand-in Helpdesk',
  };
  return template.replace(/\{\{\s*([a-z0-9_.]+)\s*\}\}/gi, (_match, key: string) => {
    if (key in values) return values[key] ?? '';
    if (key.startsWith('ticket.cf_')) {
      const value = ticket.customFields[key.slice('ticket.'.length)];
      return scalar(value);
    }
    return ''; // unknown placeholders render empty [unverified]
  });
}

/** One invocation, for tests: which rule fired on which ticket. */
export interface RuleExecution {
  readonly ruleId: number;
  readonly ticketId: number;
  readonly event: TicketEvent['kind'];
}

export interface AutomationOptions {
  readonly account: Account;
  readonly baseUrl: string;
  /** Retries after a failed webhook: +5, +30, +60 minutes (freshdesk.md §2), scaled for tests. */
  readonly retryDelaysMs: readonly number[];
  readonly timeoutMs: number;
  /** Each webhook execution counts against the account's API limit (freshdesk.md §2). */
  readonly countApiCall: () => void;
}

export function createAutomations(options: AutomationOptions) {
  const dispatcher: SharedWebhookDispatcher = createSharedWebhookDispatcher({
    retryDelaysMs: options.retryDelaysMs,
    timeoutMs: options.timeoutMs,
    // "Failure retries: +5, +30, +60 min" without a list of statuses: any failure is retried.
    isRetryable: () => true,
  });
  let executions: RuleExecution[] = [];
  let sequence = 0;

  function fire(rule: StoredRule, ticket: StoredTicket, event: TicketEvent) {
    const actions = Array.isArray(rule.actions) ? rule.actions.filter(isRecord) : [];
    for (const action of actions) {
      if (action.field_name !== TRIGGER_WEBHOOK || typeof action.url !== 'string') continue;
      const content = isRecord(action.content) ? action.content : {};
      const template = typeof content.body === 'string' ? content.body : '';
      const rawBody = Buffer.from(
        renderPlaceholders(template, {
          account: options.account,
          ticket,
          event,
          baseUrl: options.baseUrl,
        }),
        'utf8',
      );
      const headers: Record<string, string> = {
        'content-type':
          content.content_type === 'xml'
            ? 'application/xml'
            : content.content_type === 'form'
              ? 'application/x-www-form-urlencoded'
              : 'application/json',
        'user-agent': 'Freshdesk',
      };
      if (isRecord(action.custom_headers)) {
        for (const [name, value] of Object.entries(action.custom_headers)) {
          if (typeof value === 'string') headers[name.toLowerCase()] = value;
        }
      }
      if (isRecord(action.auth_header) && typeof action.auth_header.username === 'string') {
        const password =
          typeof action.auth_header.password === 'string' ? action.auth_header.password : '';
        headers.authorization = `Basic ${Buffer.from(`${action.auth_header.username}:${password}`).toString('base64')}`;
      } else if (typeof action.api_key === 'string' && action.api_key !== '') {
        headers.authorization = `Basic ${Buffer.from(`${action.api_key}:X`).toString('base64')}`;
      }
      options.countApiCall();
      sequence += 1;
      dispatcher.enqueue({
        queueKey: `${rule.id}`,
        webhookId: String(rule.id),
        endpoint: action.url,
        method:
          typeof action.request_type === 'string' ? action.request_type.toUpperCase() : 'POST',
        eventType: event.kind,
        eventId: `${rule.id}:${ticket.id}:${sequence}`,
        rawBody,
        headers: () => ({ ...headers }),
      });
    }
  }

  return {
    dispatcher,
    /** Runs every active ticket-update rule, in `position` order, that matches the event. */
    onTicketEvent(ticket: StoredTicket, event: TicketEvent, performer: Performer) {
      const candidates = [...options.account.rules.values()]
        .filter((r) => r.automationTypeId === TICKET_UPDATES && r.active)
        .sort((a, b) => a.position - b.position || a.id - b.id);
      for (const rule of candidates) {
        if (!performerMatches(rule.performer, performer)) continue;
        if (!eventMatches(rule.events, event)) continue;
        if (!conditionsMatch(rule, ticket)) continue;
        executions.push({ ruleId: rule.id, ticketId: ticket.id, event: event.kind });
        fire(rule, ticket, event);
      }
    },
    executions(): readonly RuleExecution[] {
      return [...executions];
    },
    reset() {
      dispatcher.reset();
      executions = [];
      sequence = 0;
    },
    close() {
      return dispatcher.close();
    },
  };
}
