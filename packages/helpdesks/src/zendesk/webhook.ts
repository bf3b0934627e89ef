// Verifies and parses Zendesk event-subscription webhooks (zendesk.md §3.2 and §3.6). Pure.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type {
  HelpdeskEvent,
  HelpdeskParseResult,
  HelpdeskVerifyResult,
  RawHelpdeskWebhook,
  TicketStatus,
} from '../helpdesk-adapter.ts';

export const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';

/** Event types the relay subscribes to (zendesk.md §3.6). */
export const COMMENT_ADDED = 'zen:event-type:ticket.comment_added';
export const STATUS_CHANGED = 'zen:event-type:ticket.status_changed';

/** Zendesk caps webhook payloads below 256 KB (zendesk.md §3.1); anything bigger is not Zendesk's. */
const MAX_BODY_BYTES = 256 * 1024;

/** The timestamp header is ISO 8601 UTC, e.g. `2021-07-25T10:00:00Z` (webhooks/verifying doc). */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

function header(request: RawHelpdeskWebhook, name: string): string | undefined {
  const headers: unknown = request.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * `X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(secret, timestamp + raw body)), compared in
 * constant time; the timestamp must be within `toleranceSeconds` of `now`, in either direction
 * (zendesk.md §3.2 leaves the window to us: 5 minutes). Never throws.
 *
 * Note: an older revision of https://developer.zendesk.com/documentation/webhooks/verifying/ shows
 * "(BODY)(TIMESTAMP)" with a test vector that only matches body + timestamp; the current page and
 * the reference say TIMESTAMP + BODY, which is what we check.
 */
export function verifyZendeskWebhook(
  request: RawHelpdeskWebhook,
  now: Date,
  secret: string,
  toleranceSeconds: number,
): HelpdeskVerifyResult {
  const signature = header(request, SIGNATURE_HEADER);
  const timestamp = header(request, TIMESTAMP_HEADER);
  if (signature === undefined || timestamp === undefined) {
    return { ok: false, reason: 'missing_signature' };
  }
  const rawBody: unknown = request.rawBody;
  // An empty secret would let anyone sign: nothing verifies until a real secret is configured.
  if (secret === '' || !Buffer.isBuffer(rawBody)) return { ok: false, reason: 'bad_signature' };
  const expected = Buffer.from(
    createHmac('sha256', secret)
      .update(Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]))
      .digest('base64'),
    'utf8',
  );
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad_signature' };
  }
  const signedAt = ISO_TIMESTAMP.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  const at = now instanceof Date ? now.getTime() : Number.NaN;
  if (Number.isNaN(signedAt) || Number.isNaN(at)) return { ok: false, reason: 'stale_timestamp' };
  if (Math.abs(at - signedAt) > toleranceSeconds * 1000) {
    return { ok: false, reason: 'stale_timestamp' };
  }
  return { ok: true };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Event payloads carry ids as strings, some senders as numbers; both become digit strings. */
function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return value;
  return undefined;
}

const STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

/** Status categories arrive upper case (`SOLVED`); DELETED/ARCHIVED/SCRUBBED are not ours. */
function statusOf(value: unknown): TicketStatus | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return STATUSES.find((s) => s === lower);
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at);
}

/**
 * Turns one event-subscription payload into relay events. Only public comments whose author is
 * staff and not the requester become agent replies: the relay writes customer messages as the
 * requester (is_staff false) and its notes as private comments, so it never hears itself.
 */
export function parseZendeskWebhook(
  request: RawHelpdeskWebhook,
): HelpdeskParseResult<readonly HelpdeskEvent[]> {
  const rawBody: unknown = request.rawBody;
  if (!Buffer.isBuffer(rawBody)) return { ok: false, reason: 'body is not bytes' };
  if (rawBody.length > MAX_BODY_BYTES) return { ok: false, reason: 'body is larger than 256 KB' };
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8')) as unknown;
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (!isRecord(payload) || typeof payload.type !== 'string') {
    return { ok: false, reason: 'not a Zendesk event: no type' };
  }
  const detail = payload.detail;
  const event = payload.event;
  if (payload.type !== COMMENT_ADDED && payload.type !== STATUS_CHANGED) {
    return { ok: true, value: [] };
  }
  const ticketId = isRecord(detail) ? idOf(detail.id) : undefined;
  if (ticketId === undefined || !isRecord(detail) || !isRecord(event)) {
    return { ok: false, reason: 'event has no ticket id' };
  }

  if (payload.type === COMMENT_ADDED) {
    const comment = event.comment;
    if (!isRecord(comment) || !isRecord(comment.author)) {
      return { ok: false, reason: 'comment_added event has no comment' };
    }
    const commentId = idOf(comment.id);
    const authorId = idOf(comment.author.id);
    if (
      commentId === undefined ||
      authorId === undefined ||
      typeof comment.body !== 'string' ||
      typeof comment.is_public !== 'boolean' ||
      typeof comment.author.is_staff !== 'boolean'
    ) {
      return { ok: false, reason: 'comment_added event is malformed' };
    }
    const fromAgent =
      comment.is_public && comment.author.is_staff && authorId !== idOf(detail.requester_id);
    if (!fromAgent) return { ok: true, value: [] };
    return {
      ok: true,
      value: [
        {
          kind: 'agent_reply',
          eventId: commentId,
          ticketId,
          authorId,
          authorName: typeof comment.author.name === 'string' ? comment.author.name : '',
          body: comment.body,
        },
      ],
    };
  }

  const status = statusOf(event.current);
  if (typeof event.current !== 'string') {
    return { ok: false, reason: 'status_changed event has no current status' };
  }
  if (status === undefined) return { ok: true, value: [] };
  const at = dateOf(payload.time) ?? dateOf(detail.updated_at);
  if (at === undefined) return { ok: false, reason: 'status_changed event has no time' };
  const eventId =
    typeof payload.id === 'string' && payload.id !== ''
      ? payload.id
      : `${ticketId}:${status}:${at.toISOString()}`;
  return { ok: true, value: [{ kind: 'ticket_status', eventId, ticketId, status, at }] };
}
