// Verifies and parses the automation-rule webhooks the relay provisions in Freshdesk (freshdesk.md §2). Pure.
import { createHash, timingSafeEqual } from 'node:crypto';
import type {
  HelpdeskEvent,
  HelpdeskParseResult,
  HelpdeskVerifyResult,
  RawHelpdeskWebhook,
  TicketStatus,
} from '../helpdesk-adapter.ts';

/** The custom header carrying the shared secret (freshdesk.md §2: no signature scheme exists). */
export const DEFAULT_SECRET_HEADER = 'X-SMSBridge-Secret';

export const AGENT_REPLY_EVENT = 'agent_reply';
export const STATUS_EVENT = 'ticket_status';

/**
 * Bodies of the two rules' "Trigger Webhook" actions, advanced layout (freshdesk.md §2 placeholders).
 * The comment goes last: how Freshdesk escapes quotes and newlines inside the JSON is undocumented,
 * so the parser can still cut the fields apart when a reply's quotes break the JSON.
 */
export const AGENT_REPLY_TEMPLATE =
  '{"smsbridge_event":"agent_reply","ticket_id":"{{ticket.id}}","ticket_status":"{{ticket.status}}",' +
  '"agent_name":"{{ticket.agent.name}}","agent_email":"{{ticket.agent.email}}",' +
  '"body":"{{ticket.latest_public_comment}}"}';
export const STATUS_TEMPLATE =
  '{"smsbridge_event":"ticket_status","ticket_id":"{{ticket.id}}","ticket_status":"{{ticket.status}}"}';

const REPLY_KEYS = [
  'smsbridge_event',
  'ticket_id',
  'ticket_status',
  'agent_name',
  'agent_email',
  'body',
];
const STATUS_KEYS = ['smsbridge_event', 'ticket_id', 'ticket_status'];

/** Our own bound: the rendered bodies are small; anything this big is not one of ours. */
const MAX_BODY_BYTES = 256 * 1024;

function header(request: RawHelpdeskWebhook, name: string): string | undefined {
  const headers: unknown = request.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)[name.toLowerCase()];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The shared secret in `headerName`, compared in constant time (digests of equal length, so the
 * secret's length does not leak either). A missing header → `missing_secret`, a wrong one →
 * `bad_secret` (both 401 at the relay). An empty configured secret never verifies. Never throws.
 */
export function verifyFreshdeskWebhook(
  request: RawHelpdeskWebhook,
  secret: string,
  headerName: string,
): HelpdeskVerifyResult {
  const given = header(request, headerName);
  if (given === undefined) return { ok: false, reason: 'missing_secret' };
  if (typeof secret !== 'string' || secret === '') return { ok: false, reason: 'bad_secret' };
  return timingSafeEqual(digest(given), digest(secret))
    ? { ok: true }
    : { ok: false, reason: 'bad_secret' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Values of a flat `{"k1":"v1",...,"kn":"vn"}` whose values were inserted without escaping. */
function cutApart(text: string, keys: readonly string[]): Record<string, string> | undefined {
  const trimmed = text.trim();
  const opening = `{"${keys[0]}":"`;
  if (!trimmed.startsWith(opening) || !trimmed.endsWith('"}')) return undefined;
  const result: Record<string, string> = {};
  let start = opening.length;
  for (let i = 0; i < keys.length; i += 1) {
    const next = keys[i + 1];
    const end = next === undefined ? trimmed.length - 2 : trimmed.indexOf(`","${next}":"`, start);
    if (end < start) return undefined;
    result[keys[i] as string] = trimmed.slice(start, end);
    start = end + (next === undefined ? 0 : `","${next}":"`.length);
  }
  return result;
}

/** HTML of a comment → the text an SMS carries (line breaks kept, tags dropped, entities decoded). */
export function htmlToText(html: string): string {
  return html
    .replace(/\r\n?/g, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6])>\s*/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** `{{ticket.status}}` renders the status name; numbers are accepted too (freshdesk.md §1.5). */
function statusOf(value: string): TicketStatus | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'open' || v === '2') return 'open';
  if (v === 'pending' || v === '3') return 'pending';
  if (v === 'resolved' || v === '4') return 'solved';
  if (v === 'closed' || v === '5') return 'closed';
  return undefined; // custom statuses are not threading states
}

/**
 * Turns one rule webhook into relay events. The reply's id is not a placeholder (freshdesk.md §2),
 * so an agent reply's event id is the ticket id and a digest of its text: a redelivery (retries at
 * +5/+30/+60 min) carries the same id, and so would an identical second reply on the same ticket.
 * The relay therefore asks `resolveAgentReply` (replies.ts) for the reply's conversation id and
 * keeps this id only when Freshdesk cannot be read. Status events are stamped with the receipt
 * time `now`.
 */
export function parseFreshdeskWebhook(
  request: RawHelpdeskWebhook,
  now: Date,
): HelpdeskParseResult<readonly HelpdeskEvent[]> {
  const rawBody: unknown = request.rawBody;
  if (!Buffer.isBuffer(rawBody)) return { ok: false, reason: 'body is not bytes' };
  if (rawBody.length > MAX_BODY_BYTES) return { ok: false, reason: 'body is larger than 256 KB' };
  const text = rawBody.toString('utf8');
  let fields: Record<string, string> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed)) {
      fields = {};
      for (const [key, value] of Object.entries(parsed)) {
        if (typeof value === 'string' || typeof value === 'number') fields[key] = String(value);
      }
    }
  } catch {
    fields = cutApart(text, REPLY_KEYS) ?? cutApart(text, STATUS_KEYS);
  }
  if (fields === undefined) return { ok: false, reason: 'body is not an SMS Bridge rule payload' };
  const kind = fields.smsbridge_event;
  if (kind !== AGENT_REPLY_EVENT && kind !== STATUS_EVENT) {
    return { ok: false, reason: 'not an SMS Bridge Freshdesk event: no smsbridge_event' };
  }
  const ticketId = fields.ticket_id?.trim() ?? '';
  if (!/^\d{1,20}$/.test(ticketId)) return { ok: false, reason: 'event has no ticket id' };

  if (kind === STATUS_EVENT) {
    const status = statusOf(fields.ticket_status ?? '');
    if (fields.ticket_status === undefined)
      return { ok: false, reason: 'status event has no status' };
    if (status === undefined) return { ok: true, value: [] };
    const at = now instanceof Date && !Number.isNaN(now.getTime()) ? now : new Date();
    return {
      ok: true,
      value: [
        {
          kind: 'ticket_status',
          eventId: `${ticketId}:${status}:${at.toISOString()}`,
          ticketId,
          status,
          at,
        },
      ],
    };
  }

  if (fields.body === undefined) return { ok: false, reason: 'reply event has no body' };
  const body = htmlToText(fields.body);
  if (body === '') return { ok: true, value: [] };
  const agentEmail = fields.agent_email?.trim() ?? '';
  const agentName = fields.agent_name?.trim() ?? '';
  return {
    ok: true,
    value: [
      {
        kind: 'agent_reply',
        eventId: `${ticketId}:${createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 32)}`,
        ticketId,
        authorId: agentEmail === '' ? 'agent' : agentEmail,
        authorName: agentName,
        body,
      },
    ],
  };
}
