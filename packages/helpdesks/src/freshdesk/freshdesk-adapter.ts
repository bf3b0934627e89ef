// The Freshdesk HelpdeskAdapter (REST API v2 with an API key; freshdesk.md §1 and §2).
import { normalizePhone, phoneSpellings } from '@smsbridge/sms';
import {
  HelpdeskApiError,
  type AgentReplyEvent,
  type AgentReplyResolution,
  type AnnotateTicketInput,
  type AppendMessagesInput,
  type Attachment,
  type CreateTicketInput,
  type CustomerMessage,
  type HelpdeskAdapter,
  type RequesterDetails,
  type RequesterResult,
  type SentTextInput,
  type SmsTicketFields,
  type TicketPriority,
  type TicketSnapshot,
  type TicketStatus,
} from '../helpdesk-adapter.ts';
import { coalescedBody, sameBody, sentTextBody, uploadFilename } from '../zendesk/messages.ts';
import {
  optionalCreateStatus,
  optionalString,
  requireBoolean,
  requireMessages,
  requireObject,
  requirePriority,
  requireString,
  requireStrings,
} from '../zendesk/validate.ts';
import { createFreshdeskHttp, type FreshdeskHttp } from './http.ts';
import {
  SMS_FIELD_KEYS,
  SMS_TICKET_FIELDS,
  findFieldName,
  listTicketFields,
  provisionFreshdesk,
  type SmsFieldKey,
} from './provision.ts';
import { matchingReplies, outgoingReply, replyEventId, type OutgoingReply } from './replies.ts';
import { DEFAULT_SECRET_HEADER, parseFreshdeskWebhook, verifyFreshdeskWebhook } from './webhook.ts';

export interface FreshdeskAdapterConfig {
  /** Plays `https://{domain}.freshdesk.com` (Freshdesk domains only, no CNAMEs: freshdesk.md §1.1). */
  readonly domain: string;
  /** The API key of the agent the relay acts as; requests send Basic `{apiKey}:X` (§1.1). */
  readonly apiKey: string;
  /** Shared secret the automation rules send in `webhookSecretHeader` (§2: no signatures exist). */
  readonly webhookSecret: string;
  /** Default `X-SMSBridge-Secret`. */
  readonly webhookSecretHeader?: string;
  /** Default `https://{domain}.freshdesk.com`; set for proxies and the sandbox. */
  readonly apiBaseUrl?: string;
  /** Ticket `source` (§1.5: no SMS source exists); default 3, Phone. */
  readonly source?: number;
  /** Ticket `type`, one of the account's ticket types (e.g. "Question"); omitted when unset. */
  readonly ticketType?: string;
  /**
   * `custom_fields` set on every new ticket, keyed by field name (`cf_...`, §1.6), e.g. a channel
   * field or defaults for fields "required for agents" that would otherwise fail creation (§1.2).
   */
  readonly ticketCustomFields?: Readonly<Record<string, string | number | boolean>>;
  /** Names (`cf_...`) of the provisioned SMS fields; looked up by label once per adapter when missing. */
  readonly ticketFieldNames?: Partial<Record<SmsFieldKey, string>>;
  /** Calls left for others on the account before pacing starts (default 10 % of X-Ratelimit-Total). */
  readonly rateLimitReserve?: number;
  /** Longest pause before one call while pacing (default 2 000 ms). */
  readonly maxPaceDelayMs?: number;
  /** Per-request time-out (default 10 s). */
  readonly requestTimeoutMs?: number;
}

export interface FreshdeskAdapterDeps {
  readonly fetch: typeof fetch;
  readonly now?: () => Date;
  /** How pacing waits (default setTimeout). */
  readonly sleep?: (ms: number) => Promise<void>;
}

const FN = 'createFreshdeskAdapter';

/** Tag prefixes: Freshdesk tickets have no external id or follow-up link, so tags carry both. */
export const EXTERNAL_ID_TAG_PREFIX = 'sms_ref:';
export const FOLLOW_UP_TAG_PREFIX = 'sms_followup_of:';

/** Priority: Low 1, Medium 2, High 3, Urgent 4 (§1.5). */
const PRIORITY: Readonly<Record<TicketPriority, number>> = {
  low: 1,
  normal: 2,
  high: 3,
  urgent: 4,
};
/** Status: Open 2, Pending 3, Resolved 4, Closed 5 (§1.5). */
const OPEN = 2;
const RESOLVED = 4;
const CLOSED = 5;

/** See zendesk-adapter.ts: how far a note may predate the message's receipt and still count. */
const CLOCK_SKEW_MS = 5_000;
/** Subjects are cut for the agent's list view (a UX choice; the API documents no maximum). */
const SUBJECT_MAX = 200;
/** At most this many conversation pages (100 each, §1.4) are read to detect an earlier write. */
const MAX_CONVERSATION_PAGES = 10;
/**
 * At most this many pages are read to name an agent reply: the call is made while Freshdesk waits
 * for the webhook's answer, and the list runs oldest first (§1.9), so a longer ticket falls back.
 */
const MAX_REPLY_PAGES = 3;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A scalar as text; objects and arrays (never expected here) become ''. */
function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function freshdeskId(value: string): number | undefined {
  if (!/^\d{1,16}$/.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function unexpected(what: string): HelpdeskApiError {
  return new HelpdeskApiError(`Freshdesk answered ${what} in an unexpected shape`, {
    status: 502,
    retryable: true,
  });
}

function notAnId(fn: string, name: string): HelpdeskApiError {
  return new HelpdeskApiError(`${fn}: ${name} is not a Freshdesk id`, {
    status: 404,
    retryable: false,
  });
}

/** Custom statuses have other ids (§1.5): the relay treats them as open work. */
function statusOf(status: unknown): TicketStatus {
  if (status === 3) return 'pending';
  if (status === 4) return 'solved';
  if (status === 5) return 'closed';
  return 'open';
}

function snapshotOf(ticket: unknown, what: string): TicketSnapshot {
  if (!isRecord(ticket)) throw unexpected(what);
  const updatedAt = typeof ticket.updated_at === 'string' ? new Date(ticket.updated_at) : undefined;
  if (
    typeof ticket.id !== 'number' ||
    typeof ticket.requester_id !== 'number' ||
    typeof ticket.status !== 'number' ||
    updatedAt === undefined ||
    Number.isNaN(updatedAt.getTime())
  ) {
    throw unexpected(what);
  }
  return {
    ticketId: String(ticket.id),
    requesterId: String(ticket.requester_id),
    status: statusOf(ticket.status),
    updatedAt,
  };
}

/** Text → HTML for `description`/`body` (both HTML, §1.6, §1.9), line breaks kept. */
function toHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n?/g, '\n')
    .replace(/\n/g, '<br>');
}

function digits(value: string): string {
  return value.replace(/\D/g, '');
}

/**
 * Whether a number as Freshdesk stores it (free text, §1.8) is `e164`: normalised to E.164 with the
 * wanted number's country when it parses, else compared by digits, allowing a missing country code.
 */
export function samePhone(stored: unknown, e164: string, country: string | undefined): boolean {
  if (typeof stored !== 'string' || stored.trim() === '') return false;
  const normalised = normalizePhone(stored, country);
  if (normalised.ok) return normalised.e164 === e164;
  const a = digits(stored);
  const b = digits(e164);
  if (a === '' || b === '') return false;
  return (
    a === b ||
    (!stored.trim().startsWith('+') && a.length >= 6 && b.endsWith(a) && b.length - a.length <= 3)
  );
}

async function defaultSleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export function createFreshdeskAdapter(
  config: FreshdeskAdapterConfig,
  deps: FreshdeskAdapterDeps,
): HelpdeskAdapter {
  requireObject(FN, 'config', config);
  requireObject(FN, 'deps', deps);
  const domain = requireString(FN, 'config.domain', config.domain);
  const apiKey = requireString(FN, 'config.apiKey', config.apiKey);
  const secret = requireString(FN, 'config.webhookSecret', config.webhookSecret);
  const secretHeader =
    optionalString(FN, 'config.webhookSecretHeader', config.webhookSecretHeader) ??
    DEFAULT_SECRET_HEADER;
  if (!/^[A-Za-z0-9-]+$/.test(secretHeader)) {
    throw new TypeError(`${FN}: config.webhookSecretHeader must be an HTTP header name`);
  }
  const apiBaseUrl = (
    optionalString(FN, 'config.apiBaseUrl', config.apiBaseUrl) ?? `https://${domain}.freshdesk.com`
  ).replace(/\/+$/, '');
  const source = config.source ?? 3;
  if (!Number.isInteger(source) || source < 1) {
    throw new TypeError(
      `${FN}: config.source must be a positive integer (freshdesk.md §1.5), received ${String(source)}`,
    );
  }
  const ticketType = optionalString(FN, 'config.ticketType', config.ticketType);
  const staticFields =
    config.ticketCustomFields === undefined
      ? {}
      : requireObject(FN, 'config.ticketCustomFields', config.ticketCustomFields);
  for (const name of Object.keys(staticFields)) {
    if (!name.startsWith('cf_'))
      throw new TypeError(
        `${FN}: config.ticketCustomFields keys are field names starting with cf_, received ${name}`,
      );
  }
  if (typeof deps.fetch !== 'function') {
    throw new TypeError(`${FN}: deps.fetch must be a function, received ${typeof deps.fetch}`);
  }
  const now = deps.now ?? (() => new Date());
  const http: FreshdeskHttp = createFreshdeskHttp({
    apiBaseUrl,
    apiKey,
    timeoutMs: config.requestTimeoutMs ?? 10_000,
    reserve: config.rateLimitReserve,
    maxPaceDelayMs: config.maxPaceDelayMs ?? 2_000,
    fetch: deps.fetch,
    now,
    sleep: deps.sleep ?? defaultSleep,
  });

  const configuredNames: Partial<Record<SmsFieldKey, string>> = { ...config.ticketFieldNames };
  // Memoised per adapter instance: field names never change once created. A failed lookup is forgotten.
  let fieldLookup: Promise<Partial<Record<SmsFieldKey, string>>> | undefined;

  async function fieldNames(wanted: readonly SmsFieldKey[]) {
    if (wanted.every((key) => configuredNames[key] !== undefined)) return configuredNames;
    fieldLookup ??= listTicketFields(http).then(
      (fields) => {
        const names = { ...configuredNames };
        for (const key of SMS_FIELD_KEYS)
          names[key] ??= findFieldName(fields, SMS_TICKET_FIELDS[key].label);
        return names;
      },
      (error: unknown) => {
        fieldLookup = undefined;
        throw error;
      },
    );
    return fieldLookup;
  }

  /** A multipart body when there are files (attachments[], §1.6/§1.9), else JSON. */
  function payload(fields: Record<string, unknown>, files: readonly Attachment[]) {
    if (files.length === 0) return { json: fields };
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const item of value) form.append(`${key}[]`, scalar(item));
      else if (isRecord(value))
        for (const [sub, v] of Object.entries(value)) form.append(`${key}[${sub}]`, scalar(v));
      else form.append(key, scalar(value));
    }
    files.forEach((file, index) => {
      form.append(
        'attachments[]',
        new Blob([new Uint8Array(file.data)], {
          type: file.contentType || 'application/octet-stream',
        }),
        uploadFilename(file.filename, index),
      );
    });
    return { form };
  }

  async function fetchTicket(id: number): Promise<Record<string, unknown> | null> {
    const { status, body } = await http('GET', `/api/v2/tickets/${id}`, { accept: [404] });
    if (status === 404) return null;
    if (!isRecord(body)) throw unexpected('GET /api/v2/tickets/{id}');
    return body;
  }

  async function contactsWith(field: 'mobile' | 'phone', spelling: string) {
    // Database-backed filter, immediate (the search API lags minutes; freshdesk.md §1.8, §5.1).
    const { body } = await http('GET', '/api/v2/contacts', {
      query: { [field]: spelling, per_page: '100' },
    });
    if (!Array.isArray(body)) throw unexpected('GET /api/v2/contacts');
    return body.filter(isRecord);
  }

  /** Incoming public notes of the requester with this body, written no earlier than the messages. */
  async function alreadyWritten(
    ticketId: number,
    requesterId: number,
    body: string,
    earliest: Date,
  ) {
    for (let page = 1; page <= MAX_CONVERSATION_PAGES; page += 1) {
      const { body: list, headers } = await http(
        'GET',
        `/api/v2/tickets/${ticketId}/conversations`,
        {
          query: { per_page: '100', page: String(page) },
        },
      );
      if (!Array.isArray(list)) throw unexpected('GET /api/v2/tickets/{id}/conversations');
      const found = list.some((c: unknown) => {
        if (!isRecord(c) || c.user_id !== requesterId || c.private !== false) return false;
        const createdAt = typeof c.created_at === 'string' ? Date.parse(c.created_at) : Number.NaN;
        if (Number.isNaN(createdAt) || createdAt < earliest.getTime() - CLOCK_SKEW_MS) return false;
        return typeof c.body_text === 'string' && sameBody(c.body_text, body);
      });
      if (found) return true;
      // `link: <...>; rel="next"` is absent on the last page (§1.4).
      if (!/rel="?next"?/.test(headers.get('link') ?? '')) return false;
    }
    return false;
  }

  function attachmentsOf(messages: readonly CustomerMessage[]) {
    return messages.flatMap((m) => m.attachments);
  }

  return {
    id: 'freshdesk',

    async findOrCreateRequester(input): Promise<RequesterResult> {
      const fn = 'findOrCreateRequester';
      requireObject(fn, 'input', input);
      const phone = requireString(fn, 'phone', input.phone);
      const name = requireString(fn, 'name', input.name);
      if (digits(phone).length === 0) {
        throw new HelpdeskApiError(`${fn}: phone has no digits`, { status: 0, retryable: false });
      }
      const parsed = normalizePhone(phone);
      const e164 = parsed.ok ? parsed.e164 : `+${digits(phone)}`;
      const country = parsed.ok ? parsed.country : undefined;
      // `mobile` and `phone` are separate, non-unique, free-text attributes (§1.8) and the list
      // filter matches the text as typed: ask for both under each common spelling, then keep only
      // what really is this number once normalised. Up to 12 calls, once per new customer number
      // (the relay remembers the answer).
      const candidates: Record<string, unknown>[] = [];
      for (const spelling of phoneSpellings(e164)) {
        candidates.push(...(await contactsWith('mobile', spelling)));
        candidates.push(...(await contactsWith('phone', spelling)));
      }
      const matches = [
        ...new Set(
          candidates
            .filter((c) => typeof c.id === 'number')
            .filter((c) => samePhone(c.mobile, e164, country) || samePhone(c.phone, e164, country))
            .map((c) => c.id as number),
        ),
      ].sort((a, b) => a - b);
      const [oldest, ...others] = matches;
      if (oldest !== undefined) {
        // The oldest contact, every time: never a second ticket thread because the pick moved.
        return {
          requesterId: String(oldest),
          created: false,
          ...(others.length > 0 ? { otherMatches: others.map(String) } : {}),
        };
      }
      // POST /api/v2/contacts: `name` mandatory plus one of email/phone/mobile (§1.8). SMS numbers
      // go in `mobile`, written in E.164 (§1.8 recommendation).
      const { body } = await http('POST', '/api/v2/contacts', {
        json: { name: name.trim() === '' ? `SMS ${e164}` : name.trim(), mobile: e164 },
      });
      if (!isRecord(body) || typeof body.id !== 'number') throw unexpected('POST /api/v2/contacts');
      return { requesterId: String(body.id), created: true };
    },

    async createTicket(input: CreateTicketInput) {
      const fn = 'createTicket';
      requireObject(fn, 'input', input);
      const requesterId = freshdeskId(requireString(fn, 'requesterId', input.requesterId));
      const subject = requireString(fn, 'subject', input.subject);
      const messages = requireMessages(fn, input.messages);
      const tags = requireStrings(fn, 'tags', input.tags);
      const priority = requirePriority(fn, input.priority);
      const followUpOf = optionalString(fn, 'followUpOf', input.followUpOf);
      const externalId = requireString(fn, 'externalId', input.externalId);
      const mayBeDuplicate = requireBoolean(fn, 'mayBeDuplicate', input.mayBeDuplicate);
      const solved = optionalCreateStatus(fn, input.status) === 'solved';
      if (requesterId === undefined) throw notAnId(fn, 'requesterId');
      const refTag = `${EXTERNAL_ID_TAG_PREFIX}${externalId}`;

      if (mayBeDuplicate) {
        // `GET /api/v2/tickets?requester_id=` (database-backed, last 30 days by default; §1.7, §1.4).
        const { body } = await http('GET', '/api/v2/tickets', {
          query: {
            requester_id: String(requesterId),
            order_by: 'created_at',
            order_type: 'desc',
            per_page: '100',
          },
        });
        if (!Array.isArray(body)) throw unexpected('GET /api/v2/tickets');
        const existing = body
          .filter(isRecord)
          .filter(
            (t) => Array.isArray(t.tags) && t.tags.includes(refTag) && typeof t.id === 'number',
          )
          .sort((a, b) => (a.id as number) - (b.id as number))[0];
        if (existing !== undefined) return snapshotOf(existing, 'GET /api/v2/tickets');
      }

      const text = coalescedBody(messages);
      const cleanSubject = subject.trim() === '' ? 'SMS conversation' : subject.trim();
      const followUpTag =
        followUpOf === undefined || freshdeskId(followUpOf) === undefined
          ? []
          : [`${FOLLOW_UP_TAG_PREFIX}${followUpOf}`];
      const fields: Record<string, unknown> = {
        requester_id: requesterId,
        subject:
          cleanSubject.length > SUBJECT_MAX
            ? `${cleanSubject.slice(0, SUBJECT_MAX - 1)}…`
            : cleanSubject,
        // The description is the requester's first message (HTML, §1.6).
        description: toHtml(text),
        source,
        // A ticket the bot solved is created Resolved (4) in the same call (§1.5, §1.6 `status`).
        status: solved ? RESOLVED : OPEN,
        priority: PRIORITY[priority],
        ...(ticketType === undefined ? {} : { type: ticketType }),
        tags: [...new Set([...tags, refTag, ...followUpTag])],
        ...(Object.keys(staticFields).length > 0 ? { custom_fields: { ...staticFields } } : {}),
      };
      // One call, attachments included (multipart, ≤ 20 MB per ticket; §1.6).
      const { body } = await http(
        'POST',
        '/api/v2/tickets',
        payload(fields, attachmentsOf(messages)),
      );
      return snapshotOf(body, 'POST /api/v2/tickets');
    },

    async appendMessages(input: AppendMessagesInput) {
      const fn = 'appendMessages';
      requireObject(fn, 'input', input);
      const ticketId = freshdeskId(requireString(fn, 'ticketId', input.ticketId));
      const requesterId = freshdeskId(requireString(fn, 'requesterId', input.requesterId));
      const messages = requireMessages(fn, input.messages);
      const reopen = requireBoolean(fn, 'reopen', input.reopen);
      const mayBeDuplicate = requireBoolean(fn, 'mayBeDuplicate', input.mayBeDuplicate);
      if (ticketId === undefined) throw notAnId(fn, 'ticketId');
      if (requesterId === undefined) throw notAnId(fn, 'requesterId');
      const text = coalescedBody(messages);

      const ticket = await fetchTicket(ticketId);
      if (ticket === null) {
        throw new HelpdeskApiError(`${fn}: Freshdesk has no such ticket`, {
          status: 404,
          retryable: false,
        });
      }
      let snapshot = snapshotOf(ticket, 'GET /api/v2/tickets/{id}');
      // Freshdesk would take a note on a closed ticket; the relay's threading wants a follow-up.
      if (ticket.status === CLOSED) {
        throw new HelpdeskApiError(`${fn}: the ticket is closed`, {
          status: 422,
          retryable: false,
          ticketClosed: true,
        });
      }
      const earliest = new Date(Math.min(...messages.map((m) => m.receivedAt.getTime())));
      const written =
        mayBeDuplicate && (await alreadyWritten(ticketId, requesterId, text, earliest));
      if (!written) {
        // A public, incoming note authored by the contact renders as the customer's message (§1.9).
        await http(
          'POST',
          `/api/v2/tickets/${ticketId}/notes`,
          payload(
            { body: toHtml(text), private: false, incoming: true, user_id: requesterId },
            attachmentsOf(messages),
          ),
        );
      }
      if (reopen && ticket.status !== OPEN) {
        const { body } = await http('PUT', `/api/v2/tickets/${ticketId}`, {
          json: { status: OPEN },
        });
        snapshot = snapshotOf(body, 'PUT /api/v2/tickets/{id}');
      }
      return snapshot;
    },

    async annotateTicket(input: AnnotateTicketInput) {
      const fn = 'annotateTicket';
      requireObject(fn, 'input', input);
      const ticketId = freshdeskId(requireString(fn, 'ticketId', input.ticketId));
      const note = optionalString(fn, 'internalNote', input.internalNote);
      const addTags =
        input.addTags === undefined ? [] : requireStrings(fn, 'addTags', input.addTags);
      const fields: SmsTicketFields =
        input.fields === undefined ? {} : requireObject(fn, 'fields', input.fields);
      if (ticketId === undefined) throw notAnId(fn, 'ticketId');

      const wanted = SMS_FIELD_KEYS.filter((key) => fields[key] !== undefined);
      const names = wanted.length === 0 ? {} : await fieldNames(wanted);
      const customFields: Record<string, unknown> = {};
      for (const key of wanted) {
        const name = names[key];
        if (name !== undefined) customFields[name] = fields[key];
      }
      const hasNote = note !== undefined && note.trim() !== '';
      const hasFields = Object.keys(customFields).length > 0;
      if (!hasNote && addTags.length === 0 && !hasFields) return;

      if (addTags.length > 0 || hasFields) {
        // `tags` on update replaces the array (§1.7): read, merge, write. Idempotent, so it goes
        // first and a retry after a failed note never doubles anything.
        let tags: string[] | undefined;
        if (addTags.length > 0) {
          const ticket = await fetchTicket(ticketId);
          if (ticket === null)
            throw new HelpdeskApiError(`${fn}: Freshdesk has no such ticket`, {
              status: 404,
              retryable: false,
            });
          const current = Array.isArray(ticket.tags)
            ? ticket.tags.filter((t): t is string => typeof t === 'string')
            : [];
          tags = current.concat(addTags.filter((t) => !current.includes(t)));
          if (tags.length === current.length) tags = undefined;
        }
        if (tags !== undefined || hasFields) {
          await http('PUT', `/api/v2/tickets/${ticketId}`, {
            json: {
              ...(tags === undefined ? {} : { tags }),
              ...(hasFields ? { custom_fields: customFields } : {}),
            },
          });
        }
      }
      if (hasNote) {
        // Private note by the API key's agent (`private` defaults to true, §1.9).
        await http('POST', `/api/v2/tickets/${ticketId}/notes`, {
          json: { body: toHtml(note), private: true },
        });
      }
    },

    async recordSentText(input: SentTextInput) {
      const fn = 'recordSentText';
      requireObject(fn, 'input', input);
      const ticketId = freshdeskId(requireString(fn, 'ticketId', input.ticketId));
      const body = requireString(fn, 'body', input.body);
      const authorName = requireString(fn, 'authorName', input.authorName);
      if (ticketId === undefined) throw notAnId(fn, 'ticketId');
      // A public note by the API key's agent (§1.9: `private` defaults to true). Native replies are
      // e-mail only (§1.9), and the "reply sent" rule the relay provisions does not fire on notes.
      await http('POST', `/api/v2/tickets/${ticketId}/notes`, {
        json: { body: toHtml(sentTextBody(body, authorName)), private: false },
      });
    },

    async getTicket(ticketIdInput: string) {
      const ticketId = freshdeskId(requireString('getTicket', 'ticketId', ticketIdInput));
      if (ticketId === undefined) return null;
      const ticket = await fetchTicket(ticketId);
      return ticket === null ? null : snapshotOf(ticket, 'GET /api/v2/tickets/{id}');
    },

    async getRequester(requesterIdInput: string): Promise<RequesterDetails | null> {
      const fn = 'getRequester';
      const requesterId = freshdeskId(requireString(fn, 'requesterId', requesterIdInput));
      if (requesterId === undefined) throw notAnId(fn, 'requesterId');
      // `GET /api/v2/contacts/[id]`: the contact with its `tags` (§1.8); 404 for a bad id (§1.2).
      // A soft-deleted contact still answers, with `deleted: true` [unverified]: gone for the relay.
      const { status, body } = await http('GET', `/api/v2/contacts/${requesterId}`, {
        accept: [404],
      });
      if (status === 404) return null;
      if (!isRecord(body) || typeof body.id !== 'number') {
        throw unexpected('GET /api/v2/contacts/{id}');
      }
      if (body.deleted === true) return null;
      const tags = Array.isArray(body.tags)
        ? body.tags.filter((t: unknown): t is string => typeof t === 'string')
        : [];
      return { requesterId: String(body.id), tags };
    },

    verifyWebhook(request) {
      return verifyFreshdeskWebhook(request, secret, secretHeader);
    },

    parseWebhook(request) {
      return parseFreshdeskWebhook(request, now());
    },

    async resolveAgentReply(event: AgentReplyEvent): Promise<AgentReplyResolution> {
      // The "Reply is sent" webhook carries no reply id (§2), so the reply is looked up among the
      // ticket's conversations (§1.9). Never throws: whatever goes wrong, the relay keeps the
      // event's own id (ticket + digest of the text) and the text still goes out now. Waiting for
      // the API instead would hold the webhook's answer, and a Freshdesk that is down or out of
      // calls (429) would only get busier with redeliveries.
      if (
        !isRecord(event) ||
        typeof event.ticketId !== 'string' ||
        typeof event.body !== 'string'
      ) {
        return { found: false, reason: 'not_listed' };
      }
      const ticketId = freshdeskId(event.ticketId);
      if (ticketId === undefined) return { found: false, reason: 'not_listed' };
      const replies: OutgoingReply[] = [];
      try {
        let complete = false;
        for (let page = 1; page <= MAX_REPLY_PAGES && !complete; page += 1) {
          // 100 per page, the most allowed (§1.4): one call unless the ticket has more.
          const { status, body, headers } = await http(
            'GET',
            `/api/v2/tickets/${ticketId}/conversations`,
            { query: { per_page: '100', page: String(page) }, accept: [404] },
          );
          if (status === 404) return { found: false, reason: 'not_listed' }; // ticket deleted
          if (!Array.isArray(body)) return { found: false, reason: 'unavailable' };
          for (const conversation of body) {
            const reply = outgoingReply(conversation);
            if (reply !== undefined) replies.push(reply);
          }
          // `link: <...>; rel="next"` is absent on the last page (§1.4).
          complete = !/rel="?next"?/.test(headers.get('link') ?? '');
        }
        // The newest replies are on the pages not read: better the event's own id than a wrong one.
        if (!complete) return { found: false, reason: 'unavailable' };
      } catch {
        return { found: false, reason: 'unavailable' };
      }
      const matches = matchingReplies(replies, event.body);
      const newest = matches.at(-1);
      if (newest === undefined) return { found: false, reason: 'not_listed' };
      return {
        found: true,
        eventIds: matches.map((reply) => replyEventId(reply.id)),
        body: newest.text,
      };
    },

    async provision(options) {
      const fn = 'provision';
      requireObject(fn, 'options', options);
      const webhookUrl = requireString(fn, 'webhookUrl', options.webhookUrl);
      let url: URL | undefined;
      try {
        url = new URL(webhookUrl);
      } catch {
        url = undefined;
      }
      if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw new HelpdeskApiError(`${fn}: webhookUrl must be an absolute http(s) URL`, {
          status: 0,
          retryable: false,
        });
      }
      if (secret === '') {
        throw new HelpdeskApiError(
          `${fn}: config.webhookSecret is empty; set a long random secret first`,
          { status: 0, retryable: false },
        );
      }
      const result = await provisionFreshdesk(http, webhookUrl, secretHeader, secret);
      for (const key of SMS_FIELD_KEYS) configuredNames[key] ??= result.fieldNames[key];
      return result.steps;
    },
  };
}
