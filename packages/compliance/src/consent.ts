// Consent state for one customer, read from the append-only consent ledger (DESIGN.md "Never text an opted-out number").
//
// Rules (reference carriers.md §6 "FCC revocation rules", "Message types and consent"):
// - support and marketing consent are kept apart. An event with scope 'all' counts for both: the
//   relay records STOP with scope 'all', so STOP blocks support and marketing texts.
// - opt_out (STOP, a plain-language "stop texting me", carrier error 21610, an agent noting a
//   revocation by phone) blocks the scope until an opt_in or express_consent comes later.
// - opt_in (START, UNSTOP) re-subscribes support. It lifts a marketing opt-out too, but does not
//   by itself give marketing consent: promotional texts need express written consent, which a bare
//   keyword does not carry. Record express_consent (with the consent text) when a customer joins
//   or re-joins a marketing programme.
// - customer_initiated (the customer texted first) gives implied consent to support replies
//   ("conversational" messages), never marketing consent.
// - An opt-out is never undone by a customer_initiated message alone: a customer who texts "where
//   is my order?" after STOP stays opted out. The safe reading of the revocation rules is that only
//   an explicit opt-in or new express consent restores texting; the agent can ask the customer to
//   reply START.
// - Events apply in order of `at`; events with the same `at` apply in list (append) order. The
//   list may arrive unsorted.
import { describeValue, isPlainObject } from './describe-value.ts';

/** What an event is about. 'all' covers both support and marketing. */
export type ConsentScope = 'support' | 'marketing' | 'all';

/** What a send is for, when asking whether it may go out. */
export type ConsentPurpose = 'support' | 'marketing';

/**
 * - opt_out: the customer revoked consent.
 * - opt_in: the customer asked to receive texts again (START, UNSTOP).
 * - customer_initiated: the customer texted first; implied consent to support replies.
 * - express_consent: the customer gave express consent (web or paper form, checkbox, recorded
 *   call, marketing double opt-in). Put the consent wording in `text`.
 */
export type ConsentEventKind = 'opt_out' | 'opt_in' | 'customer_initiated' | 'express_consent';

/**
 * How the relay learned of the event:
 * - keyword: an exact carrier keyword (STOP, START...);
 * - plain_language: a natural-language request ("please stop texting me");
 * - inbound_message: any other message from the customer (for customer_initiated);
 * - carrier_error: the carrier reported the number unsubscribed (Twilio 21610, Telnyx 40300);
 * - agent: an agent recorded it (e.g. the customer asked by phone);
 * - form: a web or paper form, checkout checkbox;
 * - api: another system of the business reported it;
 * - import: imported from a previous system (keep the original `at`).
 */
export type ConsentEventSource =
  | 'keyword'
  | 'plain_language'
  | 'inbound_message'
  | 'carrier_error'
  | 'agent'
  | 'form'
  | 'api'
  | 'import';

/**
 * One ledger row (besides the workspace, numbers and row id the relay adds). Reference §6
 * recommends keeping a timestamp with time zone, the exact consent text, the source and method.
 */
export interface ConsentEvent {
  /** When it happened: a Date, or ISO 8601 with a UTC offset ('2026-03-01T14:05:00Z'). */
  readonly at: Date | string;
  readonly scope: ConsentScope;
  readonly kind: ConsentEventKind;
  readonly source: ConsentEventSource;
  /** The canonical keyword matched, e.g. 'STOP', for source 'keyword'. */
  readonly keyword?: string;
  /** Exact wording: the customer's message, or the consent language they agreed to. */
  readonly text?: string;
  /** An identifier of the evidence: carrier message id, carrier error code, agent id, import batch. */
  readonly ref?: string;
  /** A free-form note. */
  readonly detail?: string;
}

export type ConsentStatus = 'opted_in' | 'opted_out' | 'implied' | 'unknown';

export interface ConsentState {
  /**
   * - opted_in: explicit opt-in or express consent;
   * - opted_out: revoked; never send;
   * - implied: support only, the customer texted first;
   * - unknown: nothing that allows sending.
   */
  readonly status: ConsentStatus;
  /** True only for opted_in, and for implied when asking about support. */
  readonly canSend: boolean;
  /** When the current status began (absent while nothing has happened). */
  readonly since?: Date;
  /** The event that set the current status, e.g. the STOP that opted the customer out. */
  readonly decidingEvent?: ConsentEvent;
  /** The latest event that concerns this purpose, whether or not it changed the status. */
  readonly lastEvent?: ConsentEvent;
}

export interface ConsentOptions {
  /** Ignore events after this instant: the state as it was then (for audits). Default: all events. */
  readonly asOf?: Date;
}

export const CONSENT_SCOPES: readonly ConsentScope[] = Object.freeze([
  'support',
  'marketing',
  'all',
]);
export const CONSENT_EVENT_KINDS: readonly ConsentEventKind[] = Object.freeze([
  'opt_out',
  'opt_in',
  'customer_initiated',
  'express_consent',
]);
export const CONSENT_EVENT_SOURCES: readonly ConsentEventSource[] = Object.freeze([
  'keyword',
  'plain_language',
  'inbound_message',
  'carrier_error',
  'agent',
  'form',
  'api',
  'import',
]);

// Date and time (seconds and fraction optional, 'T' or a space between) and a required UTC offset:
// '2026-03-01T14:05:00Z', '2026-03-01T15:05:00.123+01:00', and PostgreSQL's '2026-03-01 14:05:00+00'.
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/** Milliseconds since the epoch, or null when `at` is not a valid instant. */
function parseInstant(at: unknown): number | null {
  if (at instanceof Date) return Number.isNaN(at.getTime()) ? null : at.getTime();
  if (typeof at !== 'string') return null;
  const match = ISO_WITH_OFFSET.exec(at);
  if (!match) return null;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [
    match[1],
    match[2],
    match[3],
    match[4],
    match[5],
    match[6] ?? '0',
    match[10] ?? '0',
    match[11] ?? '0',
  ].map(Number) as [number, number, number, number, number, number, number, number];
  // Fractions finer than a millisecond are cut off, as Date keeps milliseconds.
  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  const validDate =
    calendarDay.getUTCFullYear() === year &&
    calendarDay.getUTCMonth() === month - 1 &&
    calendarDay.getUTCDate() === day;
  if (
    !validDate ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    return null;
  }
  const offsetSign = match[9] === '-' ? -1 : 1;
  const offset = match[8] ? 0 : offsetSign * (offsetHours * 60 + offsetMinutes);
  return Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offset * 60_000;
}

function checkOneOf(
  value: unknown,
  field: string,
  allowed: readonly string[],
  problems: string[],
): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    problems.push(`${field}: expected one of ${allowed.join(', ')}, got ${describeValue(value)}`);
  }
}

/**
 * The problems with one ledger event, each starting with the field name, e.g.
 * "at: expected a Date or an ISO 8601 timestamp with offset, got '2026-03-01'". Empty when valid.
 * The relay checks rows with this before appending them. Extra fields (row ids) are allowed.
 */
export function validateConsentEvent(event: unknown): string[] {
  if (!isPlainObject(event)) {
    return [`expected a consent event { at, scope, kind, source }, got ${describeValue(event)}`];
  }
  const problems: string[] = [];
  if (parseInstant(event.at) === null) {
    problems.push(
      `at: expected a Date or an ISO 8601 timestamp with offset such as '2026-03-01T14:05:00Z', got ${describeValue(event.at)}`,
    );
  }
  checkOneOf(event.scope, 'scope', CONSENT_SCOPES, problems);
  checkOneOf(event.kind, 'kind', CONSENT_EVENT_KINDS, problems);
  checkOneOf(event.source, 'source', CONSENT_EVENT_SOURCES, problems);
  for (const field of ['keyword', 'text', 'ref', 'detail'] as const) {
    const value = event[field];
    // SQL NULL in an optional column reads as null: treat it as absent.
    if (value !== undefined && value !== null && typeof value !== 'string') {
      problems.push(`${field}: expected text, got ${describeValue(value)}`);
    }
  }
  return problems;
}

/** The next status for one event, or null when the event leaves the status as it is. */
function applyEvent(
  purpose: ConsentPurpose,
  current: ConsentStatus,
  kind: ConsentEventKind,
): ConsentStatus | null {
  switch (kind) {
    case 'opt_out':
      return 'opted_out';
    case 'express_consent':
      return 'opted_in';
    case 'opt_in':
      if (purpose === 'support') return 'opted_in';
      // A keyword lifts a marketing opt-out but is not express written consent.
      return current === 'opted_out' ? 'unknown' : null;
    case 'customer_initiated':
      // Implied consent covers support replies only, and never overrides an opt-out.
      return purpose === 'support' && current === 'unknown' ? 'implied' : null;
  }
}

/**
 * The consent state for one purpose from a customer's ledger events.
 *
 * @example
 * currentConsent(events, 'support').canSend // false after STOP, true again after START
 *
 * Throws a TypeError naming the index and field of the first invalid event
 * ("currentConsent: events[3].kind: expected one of ..., got 'optout'"): a ledger that cannot be
 * read must stop sends rather than guess. A `purpose` other than 'support' or 'marketing' can
 * never send: it gives status 'unknown'.
 */
export function currentConsent(
  events: readonly ConsentEvent[],
  purpose: ConsentPurpose,
  options?: ConsentOptions,
): ConsentState {
  if (!Array.isArray(events)) {
    throw new TypeError(
      `currentConsent: expected a list of consent events, got ${describeValue(events)}`,
    );
  }
  if (typeof purpose !== 'string') {
    throw new TypeError(
      `currentConsent: expected purpose 'support' or 'marketing', got ${describeValue(purpose)}`,
    );
  }
  const asOf = options?.asOf;
  if (asOf !== undefined && (!(asOf instanceof Date) || Number.isNaN(asOf.getTime()))) {
    throw new TypeError(
      `currentConsent: expected asOf to be a valid Date, got ${describeValue(asOf)}`,
    );
  }

  const ordered = events
    .map((event: unknown, index) => {
      const problems = validateConsentEvent(event);
      if (problems.length > 0) {
        const separator = isPlainObject(event) ? '.' : ': ';
        throw new TypeError(`currentConsent: events[${index}]${separator}${problems[0]}`);
      }
      const valid = event as ConsentEvent;
      return { event: valid, at: parseInstant(valid.at) ?? Number.NaN, index };
    })
    .filter((entry) => asOf === undefined || entry.at <= asOf.getTime())
    .sort((a, b) => a.at - b.at || a.index - b.index);

  if (purpose !== 'support' && purpose !== 'marketing')
    return { status: 'unknown', canSend: false };

  let status: ConsentStatus = 'unknown';
  let since: Date | undefined;
  let decidingEvent: ConsentEvent | undefined;
  let lastEvent: ConsentEvent | undefined;
  for (const { event, at } of ordered) {
    if (event.scope !== 'all' && event.scope !== purpose) continue;
    if (purpose === 'marketing' && event.kind === 'customer_initiated') continue;
    lastEvent = event;
    const next = applyEvent(purpose, status, event.kind);
    if (next !== null && next !== status) {
      status = next;
      since = new Date(at);
      decidingEvent = event;
    }
  }

  return {
    status,
    canSend: status === 'opted_in' || (status === 'implied' && purpose === 'support'),
    ...(since ? { since } : {}),
    ...(decidingEvent ? { decidingEvent } : {}),
    ...(lastEvent ? { lastEvent } : {}),
  };
}
