// The Zendesk HelpdeskAdapter in Tickets API mode (API token; zendesk.md §2 and §3).
import {
  HelpdeskApiError,
  type AnnotateTicketInput,
  type SentTextInput,
  type AppendMessagesInput,
  type Attachment,
  type CreateTicketInput,
  type HelpdeskAdapter,
  type RequesterDetails,
  type SmsTicketFields,
  type TicketSnapshot,
  type TicketStatus,
} from '../helpdesk-adapter.ts';
import { createZendeskHttp, type ZendeskHttp } from './http.ts';
import { coalescedBody, sameBody, sentTextBody, uploadFilename } from './messages.ts';
import {
  SMS_FIELD_KEYS,
  SMS_TICKET_FIELDS,
  findField,
  listAll,
  provisionZendesk,
  type SmsFieldKey,
} from './provision.ts';
import {
  optionalCreateStatus,
  optionalString,
  requireBoolean,
  requireMessages,
  requireObject,
  requirePriority,
  requireString,
  requireStrings,
} from './validate.ts';
import { parseZendeskWebhook, verifyZendeskWebhook } from './webhook.ts';

export interface ZendeskAdapterConfig {
  readonly subdomain: string;
  /** The API user's e-mail; requests authenticate as `{email}/token:{apiToken}`. */
  readonly email: string;
  readonly apiToken: string;
  /** The webhook's signing secret (GET /api/v2/webhooks/{id}/signing_secret, zendesk.md §3.1). */
  readonly webhookSigningSecret: string;
  /** Default `https://{subdomain}.zendesk.com`; set for proxies and the sandbox. */
  readonly apiBaseUrl?: string;
  /** Ids of the provisioned ticket fields; looked up by title once per adapter when missing. */
  readonly ticketFieldIds?: Partial<Record<SmsFieldKey, number | string>>;
  /** How far a webhook timestamp may be from now, either way (default 300 s). */
  readonly webhookToleranceSeconds?: number;
  /** Per-request time-out (default 10 s). */
  readonly requestTimeoutMs?: number;
}

export interface ZendeskAdapterDeps {
  readonly fetch: typeof fetch;
  readonly now?: () => Date;
}

const FN = 'createZendeskAdapter';
const STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

/**
 * How much earlier than a message's receipt a matching comment may be dated and still count as
 * "already written" on a retry: Zendesk's clock and ours may differ a little. Larger values risk
 * dropping a customer's identical repeat text; smaller ones risk a duplicate comment.
 */
const CLOCK_SKEW_MS = 5_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Zendesk ids are positive integers; anything else cannot name a Zendesk record. */
function zendeskId(value: string): number | undefined {
  if (!/^\d{1,16}$/.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

function unexpected(what: string): HelpdeskApiError {
  return new HelpdeskApiError(`Zendesk answered ${what} in an unexpected shape`, {
    status: 502,
    retryable: true,
  });
}

function snapshotOf(ticket: unknown, what: string): TicketSnapshot {
  if (!isRecord(ticket)) throw unexpected(what);
  const status = STATUSES.find((s) => s === ticket.status);
  const updatedAt = typeof ticket.updated_at === 'string' ? new Date(ticket.updated_at) : undefined;
  if (
    typeof ticket.id !== 'number' ||
    typeof ticket.requester_id !== 'number' ||
    status === undefined ||
    updatedAt === undefined ||
    Number.isNaN(updatedAt.getTime())
  ) {
    throw unexpected(what);
  }
  return {
    ticketId: String(ticket.id),
    requesterId: String(ticket.requester_id),
    status,
    updatedAt,
  };
}

function notAZendeskId(fn: string, name: string): HelpdeskApiError {
  return new HelpdeskApiError(`${fn}: ${name} is not a Zendesk id`, {
    status: 404,
    retryable: false,
  });
}

export function createZendeskAdapter(
  config: ZendeskAdapterConfig,
  deps: ZendeskAdapterDeps,
): HelpdeskAdapter {
  requireObject(FN, 'config', config);
  requireObject(FN, 'deps', deps);
  const subdomain = requireString(FN, 'config.subdomain', config.subdomain);
  const email = requireString(FN, 'config.email', config.email);
  const apiToken = requireString(FN, 'config.apiToken', config.apiToken);
  const secret = requireString(FN, 'config.webhookSigningSecret', config.webhookSigningSecret);
  const apiBaseUrl = (
    optionalString(FN, 'config.apiBaseUrl', config.apiBaseUrl) ?? `https://${subdomain}.zendesk.com`
  ).replace(/\/+$/, '');
  if (typeof deps.fetch !== 'function') {
    throw new TypeError(`${FN}: deps.fetch must be a function, received ${typeof deps.fetch}`);
  }
  const now = deps.now ?? (() => new Date());
  const tolerance = config.webhookToleranceSeconds ?? 300;
  const http: ZendeskHttp = createZendeskHttp({
    apiBaseUrl,
    email,
    apiToken,
    timeoutMs: config.requestTimeoutMs ?? 10_000,
    fetch: deps.fetch,
    now,
  });

  const configuredFieldIds: Partial<Record<SmsFieldKey, number>> = {};
  for (const key of SMS_FIELD_KEYS) {
    const raw = config.ticketFieldIds?.[key];
    const id = raw === undefined ? undefined : zendeskId(String(raw));
    if (id !== undefined) configuredFieldIds[key] = id;
  }
  // Memoised per adapter instance (the only state it keeps): field ids never change once created,
  // and looking them up on every annotation would double its API calls. A failed lookup is forgotten.
  let fieldLookup: Promise<Partial<Record<SmsFieldKey, number>>> | undefined;

  async function fieldIds(wanted: readonly SmsFieldKey[]) {
    if (wanted.every((key) => configuredFieldIds[key] !== undefined)) return configuredFieldIds;
    fieldLookup ??= listAll(http, apiBaseUrl, '/api/v2/ticket_fields', 'ticket_fields').then(
      (fields) => {
        const ids: Partial<Record<SmsFieldKey, number>> = { ...configuredFieldIds };
        for (const key of SMS_FIELD_KEYS) {
          ids[key] ??= findField(fields, SMS_TICKET_FIELDS[key].title);
        }
        return ids;
      },
      (error: unknown) => {
        fieldLookup = undefined;
        throw error;
      },
    );
    return fieldLookup;
  }

  // The API user's own id, read once per adapter (like the field ids); a failed read is forgotten.
  let selfLookup: Promise<number> | undefined;

  /**
   * `GET /api/v2/users/me` ("Show Self": the currently authenticated user, `{"user": {...}}`;
   * https://developer.zendesk.com/api-reference/ticketing/users/users/#show-self). It answers
   * anonymous callers too, with a user without id, so an id is required here.
   */
  async function apiUserId(): Promise<number> {
    selfLookup ??= http('GET', '/api/v2/users/me').then(
      ({ body }) => {
        const user = isRecord(body) ? body.user : undefined;
        if (!isRecord(user)) throw unexpected('GET /api/v2/users/me');
        if (typeof user.id !== 'number' || !Number.isSafeInteger(user.id) || user.id <= 0) {
          throw new HelpdeskApiError(
            'Zendesk GET /api/v2/users/me answered an anonymous user: check config.email and config.apiToken',
            { status: 401, retryable: false },
          );
        }
        return user.id;
      },
      (error: unknown) => {
        selfLookup = undefined;
        throw error;
      },
    );
    return selfLookup;
  }

  async function upload(attachments: readonly Attachment[]): Promise<string[]> {
    // One token per file: each upload is its own call either way, and separate tokens keep a
    // failed upload from leaving a half-filled token behind (zendesk.md §2.4).
    const tokens: string[] = [];
    for (const [index, attachment] of attachments.entries()) {
      const { body } = await http('POST', '/api/v2/uploads', {
        query: { filename: uploadFilename(attachment.filename, index) },
        raw: { data: attachment.data, contentType: attachment.contentType || 'application/binary' },
      });
      const token = isRecord(body) && isRecord(body.upload) ? body.upload.token : undefined;
      if (typeof token !== 'string') throw unexpected('POST /api/v2/uploads');
      tokens.push(token);
    }
    return tokens;
  }

  async function fetchTicket(id: number): Promise<TicketSnapshot | null> {
    const { status, body } = await http('GET', `/api/v2/tickets/${id}`, { accept: [404] });
    if (status === 404) return null;
    return snapshotOf(isRecord(body) ? body.ticket : undefined, 'GET /api/v2/tickets/{id}');
  }

  async function findUserByPhone(phone: string): Promise<number | undefined> {
    const digits = phoneDigits(phone);
    // "phone:<digits>" without + or punctuation (zendesk.md §2.3; Talk partner edition doc).
    const { body } = await http('GET', '/api/v2/users/search', {
      query: { query: `phone:${digits}` },
    });
    if (!isRecord(body) || !Array.isArray(body.users)) throw unexpected('GET /api/v2/users/search');
    const users = (body.users as unknown[])
      .filter(isRecord)
      .filter((u): u is Record<string, unknown> & { id: number } => typeof u.id === 'number')
      .sort((a, b) => a.id - b.id);
    const byPrimaryPhone = users.filter(
      (u) => typeof u.phone === 'string' && phoneDigits(u.phone) === digits,
    );
    // Customers before agents, then the oldest: the same user every time (never one per message).
    const pick = (list: typeof users) => (list.find((u) => u.role === 'end-user') ?? list[0])?.id;
    if (byPrimaryPhone.length > 0) return pick(byPrimaryPhone);
    // The number may be a secondary identity: confirm it on the oldest few candidates.
    for (const user of users.slice(0, 3)) {
      const { body: ids } = await http('GET', `/api/v2/users/${user.id}/identities`);
      const list = isRecord(ids) && Array.isArray(ids.identities) ? ids.identities : [];
      const confirmed = list.some(
        (i: unknown) =>
          isRecord(i) &&
          i.type === 'phone_number' &&
          typeof i.value === 'string' &&
          phoneDigits(i.value) === digits,
      );
      if (confirmed) return user.id;
    }
    return undefined;
  }

  /** A comment by the requester with this body, written no earlier than the messages arrived. */
  async function alreadyWritten(
    ticketId: number,
    requesterId: number,
    body: string,
    earliest: Date,
  ): Promise<boolean> {
    const { body: page } = await http('GET', `/api/v2/tickets/${ticketId}/comments`, {
      query: { sort_order: 'desc', per_page: '100' },
    });
    if (!isRecord(page) || !Array.isArray(page.comments)) {
      throw unexpected('GET /api/v2/tickets/{id}/comments');
    }
    return (page.comments as unknown[]).some((c) => {
      if (!isRecord(c) || c.author_id !== requesterId || typeof c.body !== 'string') return false;
      const createdAt = typeof c.created_at === 'string' ? Date.parse(c.created_at) : Number.NaN;
      if (Number.isNaN(createdAt) || createdAt < earliest.getTime() - CLOCK_SKEW_MS) return false;
      return sameBody(c.body, body);
    });
  }

  function isFollowUpRefusal(error: unknown): boolean {
    return (
      error instanceof HelpdeskApiError && error.status === 422 && /follow.?up/i.test(error.message)
    );
  }

  return {
    id: 'zendesk',

    async findOrCreateRequester(input) {
      const fn = 'findOrCreateRequester';
      requireObject(fn, 'input', input);
      const phone = requireString(fn, 'phone', input.phone);
      const name = requireString(fn, 'name', input.name);
      if (phoneDigits(phone).length === 0) {
        throw new HelpdeskApiError(`${fn}: phone has no digits`, { status: 0, retryable: false });
      }
      const found = await findUserByPhone(phone);
      if (found !== undefined) return { requesterId: String(found), created: false };
      const { body } = await http('POST', '/api/v2/users', {
        // zendesk.md §2.1/§2.3: `{"user": {"name", "phone"}}`; a phone no one else has becomes a
        // phone_number identity. Zendesk requires a name.
        json: { user: { name: name.trim() === '' ? phone : name, phone } },
      });
      const user = isRecord(body) ? body.user : undefined;
      if (!isRecord(user) || typeof user.id !== 'number') throw unexpected('POST /api/v2/users');
      if (typeof user.phone !== 'string' || user.phone === '') {
        await http('POST', `/api/v2/users/${user.id}/identities`, {
          json: { identity: { type: 'phone_number', value: phone } },
          accept: [422],
        });
      }
      return { requesterId: String(user.id), created: true };
    },

    async createTicket(input: CreateTicketInput) {
      const fn = 'createTicket';
      requireObject(fn, 'input', input);
      const requesterId = zendeskId(requireString(fn, 'requesterId', input.requesterId));
      const subject = requireString(fn, 'subject', input.subject);
      const messages = requireMessages(fn, input.messages);
      const tags = requireStrings(fn, 'tags', input.tags);
      const priority = requirePriority(fn, input.priority);
      const followUpOf = optionalString(fn, 'followUpOf', input.followUpOf);
      const externalId = requireString(fn, 'externalId', input.externalId);
      const mayBeDuplicate = requireBoolean(fn, 'mayBeDuplicate', input.mayBeDuplicate);
      const solved = optionalCreateStatus(fn, input.status) === 'solved';
      if (requesterId === undefined) throw notAZendeskId(fn, 'requesterId');

      if (mayBeDuplicate) {
        // GET /api/v2/tickets?external_id= (List Tickets: "External ids don't have to be unique",
        // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets).
        const { body } = await http('GET', '/api/v2/tickets', {
          query: { external_id: externalId },
        });
        if (!isRecord(body) || !Array.isArray(body.tickets))
          throw unexpected('GET /api/v2/tickets');
        const existing = (body.tickets as unknown[])
          .filter(isRecord)
          .filter((t) => t.external_id === externalId && typeof t.id === 'number')
          .sort((a, b) => (a.id as number) - (b.id as number))[0];
        if (existing !== undefined) return snapshotOf(existing, 'GET /api/v2/tickets');
      }

      // "A ticket's status can't be set to Solved by an end user or agent without an assignee"
      // (native system ticket rules, https://support.zendesk.com/hc/en-us/articles/4408894213018):
      // a ticket the bot solved is assigned to the API user, read before any upload is spent.
      const assigneeId = solved ? await apiUserId() : undefined;
      const uploads = await upload(messages.flatMap((m) => m.attachments));
      const ticket: Record<string, unknown> = {
        subject: subject.trim() === '' ? 'SMS conversation' : subject,
        requester_id: requesterId,
        // "The submitter always becomes the author of the first comment" (zendesk.md §2.1).
        submitter_id: requesterId,
        comment: {
          body: coalescedBody(messages),
          author_id: requesterId,
          public: true,
          ...(uploads.length > 0 ? { uploads } : {}),
        },
        tags: [...new Set(tags)],
        priority,
        external_id: externalId,
        // One POST: the customer's texts, tags and the solved status land as one audit (§2.1).
        ...(assigneeId === undefined ? {} : { status: 'solved', assignee_id: assigneeId }),
      };
      const followUpId = followUpOf === undefined ? undefined : zendeskId(followUpOf);
      if (followUpId !== undefined) ticket.via_followup_source_id = followUpId;
      try {
        const { body } = await http('POST', '/api/v2/tickets', { json: { ticket } });
        return snapshotOf(isRecord(body) ? body.ticket : undefined, 'POST /api/v2/tickets');
      } catch (error) {
        // Follow-ups link closed tickets only; a solved-but-not-closed one gets a plain new ticket.
        if (followUpId === undefined || !isFollowUpRefusal(error)) throw error;
        delete ticket.via_followup_source_id;
        const { body } = await http('POST', '/api/v2/tickets', { json: { ticket } });
        return snapshotOf(isRecord(body) ? body.ticket : undefined, 'POST /api/v2/tickets');
      }
    },

    async appendMessages(input: AppendMessagesInput) {
      const fn = 'appendMessages';
      requireObject(fn, 'input', input);
      const ticketId = zendeskId(requireString(fn, 'ticketId', input.ticketId));
      const requesterId = zendeskId(requireString(fn, 'requesterId', input.requesterId));
      const messages = requireMessages(fn, input.messages);
      const reopen = requireBoolean(fn, 'reopen', input.reopen);
      const mayBeDuplicate = requireBoolean(fn, 'mayBeDuplicate', input.mayBeDuplicate);
      if (ticketId === undefined) throw notAZendeskId(fn, 'ticketId');
      if (requesterId === undefined) throw notAZendeskId(fn, 'requesterId');
      const body = coalescedBody(messages);

      if (mayBeDuplicate) {
        const earliest = new Date(Math.min(...messages.map((m) => m.receivedAt.getTime())));
        if (await alreadyWritten(ticketId, requesterId, body, earliest)) {
          const ticket = await fetchTicket(ticketId);
          if (ticket !== null) return ticket;
        }
      }
      const uploads = await upload(messages.flatMap((m) => m.attachments));
      const { body: answer } = await http('PUT', `/api/v2/tickets/${ticketId}`, {
        json: {
          ticket: {
            comment: {
              body,
              author_id: requesterId,
              public: true,
              ...(uploads.length > 0 ? { uploads } : {}),
            },
            ...(reopen ? { status: 'open' } : {}),
          },
        },
      });
      return snapshotOf(isRecord(answer) ? answer.ticket : undefined, 'PUT /api/v2/tickets/{id}');
    },

    async annotateTicket(input: AnnotateTicketInput) {
      const fn = 'annotateTicket';
      requireObject(fn, 'input', input);
      const ticketId = zendeskId(requireString(fn, 'ticketId', input.ticketId));
      const note = optionalString(fn, 'internalNote', input.internalNote);
      const addTags =
        input.addTags === undefined ? [] : requireStrings(fn, 'addTags', input.addTags);
      const fields: SmsTicketFields =
        input.fields === undefined ? {} : requireObject(fn, 'fields', input.fields);
      if (ticketId === undefined) throw notAZendeskId(fn, 'ticketId');

      const wanted = SMS_FIELD_KEYS.filter((key) => fields[key] !== undefined);
      const ids = wanted.length === 0 ? {} : await fieldIds(wanted);
      const customFields = wanted
        .filter((key) => ids[key] !== undefined)
        .map((key) => ({ id: ids[key], value: fields[key] }));
      const hasNote = note !== undefined && note.trim() !== '';
      if (!hasNote && addTags.length === 0 && customFields.length === 0) return;

      // One PUT: the internal note (authored by the API user, public: false), tags added with
      // `additional_tags` so existing tags stay (zendesk.md §2.7: `tags` would replace them), and
      // custom fields. All or nothing, so a retry never writes the note twice.
      await http('PUT', `/api/v2/tickets/${ticketId}`, {
        json: {
          ticket: {
            ...(hasNote ? { comment: { body: note, public: false } } : {}),
            ...(addTags.length > 0 ? { additional_tags: [...new Set(addTags)] } : {}),
            ...(customFields.length > 0 ? { custom_fields: customFields } : {}),
          },
        },
      });
    },

    async recordSentText(input: SentTextInput) {
      const fn = 'recordSentText';
      requireObject(fn, 'input', input);
      const ticketId = zendeskId(requireString(fn, 'ticketId', input.ticketId));
      const body = requireString(fn, 'body', input.body);
      const authorName = requireString(fn, 'authorName', input.authorName);
      if (ticketId === undefined) throw notAZendeskId(fn, 'ticketId');
      // An internal note: a public comment by the API user is an agent comment to Zendesk, which
      // would e-mail the requester and come back through the webhook as a reply to send again.
      await http('PUT', `/api/v2/tickets/${ticketId}`, {
        json: { ticket: { comment: { body: sentTextBody(body, authorName), public: false } } },
      });
    },

    async getTicket(ticketIdInput: string) {
      const ticketId = zendeskId(requireString('getTicket', 'ticketId', ticketIdInput));
      if (ticketId === undefined) return null;
      return fetchTicket(ticketId);
    },

    async getRequester(requesterIdInput: string): Promise<RequesterDetails | null> {
      const fn = 'getRequester';
      const requesterId = zendeskId(requireString(fn, 'requesterId', requesterIdInput));
      if (requesterId === undefined) throw notAZendeskId(fn, 'requesterId');
      // Show User `GET /api/v2/users/{user_id}` → `{"user": {...}}`; `tags` is "only present if
      // your account has user tagging enabled" and `active` is "false if the user has been deleted"
      // (https://developer.zendesk.com/api-reference/ticketing/users/users/#show-user, users JSON
      // format). A permanently deleted user answers 404.
      const { status, body } = await http('GET', `/api/v2/users/${requesterId}`, {
        accept: [404],
      });
      if (status === 404) return null;
      const user = isRecord(body) ? body.user : undefined;
      if (!isRecord(user) || typeof user.id !== 'number') {
        throw unexpected('GET /api/v2/users/{id}');
      }
      if (user.active === false) return null;
      const tags = Array.isArray(user.tags)
        ? user.tags.filter((t: unknown): t is string => typeof t === 'string')
        : [];
      return { requesterId: String(user.id), tags };
    },

    verifyWebhook(request, at) {
      return verifyZendeskWebhook(request, at, secret, tolerance);
    },

    parseWebhook(request) {
      return parseZendeskWebhook(request);
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
      const result = await provisionZendesk(http, apiBaseUrl, webhookUrl, secret);
      for (const key of SMS_FIELD_KEYS) configuredFieldIds[key] ??= result.fieldIds[key];
      return result.steps;
    },
  };
}
