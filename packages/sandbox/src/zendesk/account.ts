// The stand-in's Zendesk account: users, tickets, uploads, fields, webhooks and triggers in memory.
import { randomBytes } from 'node:crypto';
import { ApiFailure, badRequest, recordInvalid, recordNotFound } from './errors.ts';
import {
  IDENTITY_TYPES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  phoneDigits,
  type CustomFieldValue,
  type IdentityType,
  type StoredAttachment,
  type StoredComment,
  type StoredIdentity,
  type StoredTicket,
  type StoredTicketField,
  type StoredTrigger,
  type StoredUpload,
  type StoredUser,
  type StoredWebhook,
  type TicketPriority,
  type TicketStatus,
  type UserRole,
} from './model.ts';
import {
  EVENT_TYPES,
  ticketEventPayload,
  type TicketEvent,
  type WebhookDispatcher,
} from './webhooks.ts';

export interface AccountOptions {
  readonly email: string;
  /** The secret every created webhook gets; random per webhook when undefined. */
  readonly webhookSigningSecret: string | undefined;
  readonly searchIndexLagMs: number;
  /** Admin setting "Validate user phone numbers" (zendesk.md §2.3). */
  readonly validatePhoneNumbers: boolean;
  readonly now: () => Date;
}

/** Upload tokens are valid for 60 minutes (zendesk.md §2.4). */
const UPLOAD_VALIDITY_MS = 60 * 60_000;

/** Ticket field types `POST /api/v2/ticket_fields` accepts (zendesk.md §2.5). */
const TICKET_FIELD_TYPES = [
  'text',
  'textarea',
  'checkbox',
  'date',
  'integer',
  'decimal',
  'regexp',
  'partialcreditcard',
  'multiselect',
  'tagger',
  'lookup',
];

/** Fields a closed ticket still accepts (ZS/en-us/articles/4408894213018, native ticket rules). */
const CLOSED_TICKET_EDITABLE = new Set([
  'tags',
  'additional_tags',
  'remove_tags',
  'subject',
  'priority',
]);

/** E.164 as "Validate user phone numbers" enforces it (zendesk.md §2.3). */
const E164 = /^\+[1-9]\d{1,14}$/;

const ACCOUNT_ID = 1_000_001;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ulid(now: Date): string {
  // A ULID-like id such as `01EJFTSCC78X5V07NPY2MHR00M` (zendesk.md §3.1).
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = now.getTime();
  let head = '';
  for (let i = 0; i < 10; i += 1) {
    head = (alphabet[time % 32] ?? '0') + head;
    time = Math.floor(time / 32);
  }
  let tail = '';
  for (const byte of randomBytes(16)) tail += alphabet[byte % 32] ?? '0';
  return head + tail;
}

/** Tags are single words; a string or array, split on whitespace, lower-cased, deduplicated. */
function normalizeTags(raw: unknown, field: string): string[] {
  const words: string[] = [];
  const items = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(items)) throw recordInvalid(field, `${field}: must be a list of tags`);
  for (const item of items) {
    if (typeof item !== 'string') throw recordInvalid(field, `${field}: must be a list of tags`);
    for (const word of item.split(/[\s,]+/)) if (word !== '') words.push(word.toLowerCase());
  }
  return [...new Set(words)];
}

function optionalString(raw: Json, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw recordInvalid(key, `${key}: must be a string`);
  return value;
}

function optionalId(raw: Json, key: string): number | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
    throw recordInvalid(key, `${key}: is invalid`);
  }
  return id;
}

interface CommentInput {
  readonly body: string;
  readonly authorId: number | undefined;
  readonly public: boolean | undefined;
  readonly uploads: readonly string[];
}

function parseCommentInput(raw: unknown): CommentInput {
  if (!isRecord(raw)) throw recordInvalid('comment', 'Comment: is invalid');
  const body = optionalString(raw, 'body');
  const html = optionalString(raw, 'html_body');
  const text = body ?? html?.replace(/<[^>]*>/g, '') ?? '';
  const uploads = raw.uploads ?? [];
  if (!Array.isArray(uploads) || uploads.some((t) => typeof t !== 'string')) {
    throw recordInvalid('uploads', 'Uploads: must be a list of upload tokens');
  }
  const isPublic = raw.public;
  if (isPublic !== undefined && typeof isPublic !== 'boolean') {
    throw recordInvalid('public', 'Public: must be true or false');
  }
  return {
    body: text,
    authorId: optionalId(raw, 'author_id'),
    public: isPublic,
    uploads: uploads as string[],
  };
}

export interface TicketChangeResult {
  readonly ticket: StoredTicket;
  readonly comment: StoredComment | undefined;
}

export type Account = ReturnType<typeof createAccount>;

export function createAccount(options: AccountOptions, dispatcher: WebhookDispatcher) {
  let nextId = { user: 10_001, identity: 70_001, ticket: 1, comment: 900_001, attachment: 50_001 };
  let nextFieldId = 80_001;
  let nextTriggerId = 60_001;
  const users = new Map<number, StoredUser>();
  const tickets = new Map<number, StoredTicket>();
  const uploads = new Map<string, StoredUpload>();
  const ticketFields = new Map<number, StoredTicketField>();
  const webhooks = new Map<string, StoredWebhook>();
  const triggers = new Map<number, StoredTrigger>();
  let apiUser: StoredUser;
  let agent: StoredUser;
  let sequence = 0;

  function now(): Date {
    return options.now();
  }

  function newUser(input: {
    name: string;
    role: UserRole;
    email?: string | undefined;
    phone?: string | undefined;
    externalId?: string | undefined;
    tags?: readonly string[] | undefined;
    searchable?: 'now' | 'after_lag';
  }): StoredUser {
    const at = now();
    const lag = input.searchable === 'now' ? 0 : options.searchIndexLagMs;
    const user: StoredUser = {
      id: nextId.user++,
      name: input.name,
      email: null,
      phone: null,
      sharedPhoneNumber: null,
      role: input.role,
      externalId: input.externalId ?? null,
      tags: [...(input.tags ?? [])],
      createdAt: at,
      updatedAt: at,
      searchableAt: new Date(at.getTime() + lag),
      identities: [],
    };
    users.set(user.id, user);
    if (input.email !== undefined) addIdentityTo(user, 'email', input.email, true);
    if (input.phone !== undefined) {
      // A number no one else has becomes a direct-line phone_number identity; a number another
      // user already has is only stored as a shared number (zendesk.md §2.3, Talk partner doc).
      if (phoneOwner(input.phone) === undefined) {
        addIdentityTo(user, 'phone_number', input.phone, true);
      } else {
        user.phone = input.phone;
        user.sharedPhoneNumber = true;
      }
    }
    return user;
  }

  function seedStaff() {
    apiUser = newUser({
      name: 'API Admin',
      role: 'admin',
      email: options.email,
      searchable: 'now',
    });
    agent = newUser({
      name: 'Alex Agent',
      role: 'agent',
      email: 'alex.agent@example.com',
      searchable: 'now',
    });
    const systemFields: [string, string][] = [
      ['subject', 'Subject'],
      ['description', 'Description'],
      ['status', 'Status'],
      ['tickettype', 'Type'],
      ['priority', 'Priority'],
      ['group', 'Group'],
      ['assignee', 'Assignee'],
    ];
    for (const [type, title] of systemFields) {
      const field: StoredTicketField = {
        id: nextFieldId++,
        type,
        title,
        description: '',
        active: true,
        system: true,
        createdAt: now(),
      };
      ticketFields.set(field.id, field);
    }
  }
  seedStaff();

  function phoneOwner(phone: string, except?: number): StoredUser | undefined {
    const digits = phoneDigits(phone);
    if (digits === '') return undefined;
    for (const user of users.values()) {
      if (user.id === except) continue;
      if (
        user.identities.some((i) => i.type === 'phone_number' && phoneDigits(i.value) === digits)
      ) {
        return user;
      }
    }
    return undefined;
  }

  function emailOwner(email: string): StoredUser | undefined {
    const lower = email.toLowerCase();
    for (const user of users.values()) {
      if (user.identities.some((i) => i.type === 'email' && i.value.toLowerCase() === lower)) {
        return user;
      }
    }
    return undefined;
  }

  function addIdentityTo(
    user: StoredUser,
    type: IdentityType,
    value: string,
    primary: boolean,
  ): StoredIdentity {
    const identity: StoredIdentity = {
      id: nextId.identity++,
      userId: user.id,
      type,
      value,
      verified: false,
      primary,
      createdAt: now(),
    };
    user.identities.push(identity);
    if (type === 'email' && (primary || user.email === null)) user.email = value;
    if (type === 'phone_number' && (primary || user.phone === null)) {
      user.phone = value;
      user.sharedPhoneNumber = false;
    }
    user.updatedAt = now();
    return identity;
  }

  function requireUser(id: number): StoredUser {
    const user = users.get(id);
    if (user === undefined) throw recordNotFound();
    return user;
  }

  function requireTicket(id: number): StoredTicket {
    const ticket = tickets.get(id);
    if (ticket === undefined) throw recordNotFound();
    return ticket;
  }

  // ---- users -------------------------------------------------------------------------------

  function createUser(body: unknown): StoredUser {
    if (!isRecord(body) || !isRecord(body.user)) throw badRequest('Body must be {"user": {...}}');
    const raw = body.user;
    const name = optionalString(raw, 'name') ?? '';
    if (name.trim() === '') {
      throw recordInvalid('name', 'Name: is too short (minimum is 1 character)', 'BlankValue');
    }
    const email = optionalString(raw, 'email');
    const phone = optionalString(raw, 'phone');
    const role = optionalString(raw, 'role') ?? 'end-user';
    if (role !== 'end-user' && role !== 'agent' && role !== 'admin') {
      throw recordInvalid('role', 'Role: is invalid');
    }
    if (email !== undefined) {
      if (!email.includes('@'))
        throw recordInvalid('email', `Email: ${email} is not properly formatted`);
      if (emailOwner(email) !== undefined) {
        throw recordInvalid(
          'email',
          `Email: ${email} is already being used by another user`,
          'DuplicateValue',
        );
      }
    }
    if (phone !== undefined && options.validatePhoneNumbers && !E164.test(phone)) {
      throw recordInvalid('phone', `Phone ${phone} is not properly formatted`, 'InvalidFormat');
    }
    const tags = raw.tags === undefined || raw.tags === null ? [] : normalizeTags(raw.tags, 'tags');
    return newUser({
      name,
      role,
      email,
      phone,
      externalId: optionalString(raw, 'external_id'),
      tags,
    });
  }

  /** Replaces a user's tags, as an agent does on the user's profile (tag rules as on tickets). */
  function setUserTags(id: number, raw: readonly string[]): StoredUser {
    const user = requireUser(id);
    user.tags = normalizeTags([...raw], 'tags');
    user.updatedAt = now();
    return user;
  }

  function matchesToken(user: StoredUser, key: string | undefined, value: string): boolean {
    const phones = [
      ...(user.phone === null ? [] : [user.phone]),
      ...user.identities.filter((i) => i.type === 'phone_number').map((i) => i.value),
    ];
    const emails = user.identities.filter((i) => i.type === 'email').map((i) => i.value);
    const phoneMatch = (v: string) => {
      // A leading * searches any number ending with the digits (Talk partner doc, zendesk.md §2.3).
      const suffix = v.startsWith('*');
      const digits = phoneDigits(v);
      if (digits === '') return false;
      return phones.some((p) =>
        suffix ? phoneDigits(p).endsWith(digits) : phoneDigits(p) === digits,
      );
    };
    switch (key) {
      case 'phone':
        return phoneMatch(value);
      case 'email':
        return emails.some((e) => e.toLowerCase() === value.toLowerCase());
      case 'name':
        return user.name.toLowerCase().includes(value.toLowerCase());
      case 'role':
        return user.role === value;
      case 'external_id':
        return user.externalId === value;
      case 'type':
        return value === 'user';
      case undefined:
        if (/^[+*]?[\d\s().-]+$/.test(value) && phoneDigits(value).length >= 6) {
          return phoneMatch(value);
        }
        if (value.includes('@')) return emails.some((e) => e.toLowerCase() === value.toLowerCase());
        return user.name.toLowerCase().includes(value.toLowerCase());
      default:
        return false;
    }
  }

  /**
   * `GET /api/v2/users/search?query=` (zendesk.md §2.3): every term must match; the index lags
   * behind writes by `searchIndexLagMs`; the order of results is not guaranteed, and the stand-in
   * returns the newest first so callers cannot rely on it.
   */
  function searchUsers(query: string): StoredUser[] {
    const terms = query
      .trim()
      .split(/\s+/)
      .filter((t) => t !== '')
      .map((term) => {
        const colon = term.indexOf(':');
        return colon > 0
          ? { key: term.slice(0, colon).toLowerCase(), value: term.slice(colon + 1) }
          : { key: undefined, value: term };
      });
    if (terms.length === 0) return [];
    const at = now().getTime();
    return [...users.values()]
      .filter((u) => u.searchableAt.getTime() <= at)
      .filter((u) => terms.every((t) => matchesToken(u, t.key, t.value)))
      .sort((a, b) => b.id - a.id);
  }

  function addIdentity(userId: number, body: unknown): StoredIdentity {
    const user = requireUser(userId);
    if (!isRecord(body) || !isRecord(body.identity)) {
      throw badRequest('Body must be {"identity": {...}}');
    }
    const raw = body.identity;
    const type = optionalString(raw, 'type');
    if (type === undefined || !(IDENTITY_TYPES as readonly string[]).includes(type)) {
      throw recordInvalid('type', 'Type: is invalid');
    }
    const value = optionalString(raw, 'value') ?? '';
    if (value.trim() === '') throw recordInvalid('value', 'Value: cannot be blank', 'BlankValue');
    const identityType = type as IdentityType;
    if (identityType === 'phone_number') {
      if (options.validatePhoneNumbers && !E164.test(value)) {
        throw recordInvalid('value', `Value: ${value} is not properly formatted`, 'InvalidFormat');
      }
      if (phoneOwner(value) !== undefined) {
        throw recordInvalid(
          'value',
          `Value: ${value} is already being used by another user`,
          'DuplicateValue',
        );
      }
    }
    if (identityType === 'email' && emailOwner(value) !== undefined) {
      throw recordInvalid(
        'value',
        `Value: ${value} is already being used by another user`,
        'DuplicateValue',
      );
    }
    const hasSameType = user.identities.some((i) => i.type === identityType);
    const primary = raw.primary === true || !hasSameType;
    return addIdentityTo(user, identityType, value, primary);
  }

  // ---- uploads -----------------------------------------------------------------------------

  function upload(input: {
    filename: string | undefined;
    token: string | undefined;
    contentType: string;
    data: Buffer;
  }): StoredUpload {
    if (input.filename === undefined || input.filename.trim() === '') {
      throw badRequest('filename is required');
    }
    const at = now();
    let target = input.token === undefined ? undefined : uploads.get(input.token);
    if (target !== undefined && (target.consumed || target.expiresAt <= at)) target = undefined;
    if (target === undefined) {
      target = {
        token: randomBytes(12).toString('base64url'),
        attachments: [],
        expiresAt: new Date(at.getTime() + UPLOAD_VALIDITY_MS),
        consumed: false,
      };
      uploads.set(target.token, target);
    }
    target.attachments.push({
      id: nextId.attachment++,
      token: randomBytes(12).toString('base64url'),
      fileName: input.filename,
      contentType: input.contentType,
      data: input.data,
    });
    return target;
  }

  function deleteUpload(token: string): void {
    if (!uploads.delete(token)) throw recordNotFound();
  }

  /** Attachments of every valid upload token; expired, unknown or used tokens are skipped. */
  function consumeUploads(tokens: readonly string[]): StoredAttachment[] {
    const at = now();
    const attachments: StoredAttachment[] = [];
    for (const token of tokens) {
      const found = uploads.get(token);
      if (found === undefined || found.consumed || found.expiresAt <= at) continue;
      found.consumed = true;
      attachments.push(...found.attachments);
    }
    return attachments;
  }

  function attachmentByToken(token: string): StoredAttachment | undefined {
    for (const u of uploads.values()) {
      const found = u.attachments.find((a) => a.token === token);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  // ---- tickets -----------------------------------------------------------------------------

  function parseCustomFields(raw: unknown): CustomFieldValue[] {
    if (!Array.isArray(raw)) throw recordInvalid('custom_fields', 'Custom fields: must be a list');
    const values: CustomFieldValue[] = [];
    for (const item of raw) {
      if (!isRecord(item)) throw recordInvalid('custom_fields', 'Custom fields: is invalid');
      const id = optionalId(item, 'id');
      // Values for unknown or system fields are ignored [unverified].
      const field = id === undefined ? undefined : ticketFields.get(id);
      if (field === undefined || field.system) continue;
      values.push({ id: field.id, value: item.value ?? null });
    }
    return values;
  }

  function mergeCustomFields(current: CustomFieldValue[], updates: CustomFieldValue[]) {
    const merged = new Map(current.map((f) => [f.id, f] as const));
    for (const update of updates) merged.set(update.id, update);
    return [...merged.values()];
  }

  function emit(ticket: StoredTicket, actorId: number, events: TicketEvent[]) {
    if (events.length === 0) return;
    sequence += 1;
    const sequenceId = `seq-${sequence}`;
    events.forEach((event, index) => {
      const payload = ticketEventPayload({
        accountId: ACCOUNT_ID,
        ticket,
        actorId,
        event,
        sequence: { id: sequenceId, position: index + 1, total: events.length },
        at: now(),
      });
      for (const webhook of webhooks.values()) {
        if (webhook.subscriptions.includes(event.type)) dispatcher.enqueue(webhook, payload);
      }
    });
  }

  function newComment(input: {
    authorId: number;
    body: string;
    public: boolean;
    uploads: readonly string[];
  }): StoredComment {
    return {
      id: nextId.comment++,
      authorId: input.authorId,
      body: input.body,
      public: input.public,
      attachments: consumeUploads(input.uploads),
      createdAt: now(),
      viaChannel: 'api',
    };
  }

  /** `assignee_id` (zendesk.md §2.1): an agent or admin; an end user cannot be assigned. */
  function parseAssignee(raw: Json): number | undefined {
    const id = optionalId(raw, 'assignee_id');
    if (id !== undefined && (users.get(id)?.role ?? 'end-user') === 'end-user') {
      throw recordInvalid('assignee', 'Assignee: is invalid');
    }
    return id;
  }

  /**
   * "A ticket's status can't be set to Solved by an end user or agent without an assignee"
   * (native system ticket rules, https://support.zendesk.com/hc/en-us/articles/4408894213018):
   * 422 RecordInvalid on create and update [the description wording is unverified].
   */
  function requireAssigneeToSolve(status: TicketStatus, assigneeId: number | null) {
    if (status === 'solved' && assigneeId === null) {
      throw recordInvalid('assignee', 'Assignee: is required when solving a ticket', 'BlankValue');
    }
  }

  /** `POST /api/v2/tickets` (zendesk.md §2.1): 201 with the ticket; `comment` is required. */
  function createTicket(body: unknown, actorId: number): TicketChangeResult {
    if (!isRecord(body) || !isRecord(body.ticket))
      throw badRequest('Body must be {"ticket": {...}}');
    const raw = body.ticket;
    if (raw.comment === undefined || raw.comment === null) {
      throw recordInvalid('description', 'Description: cannot be blank', 'BlankValue');
    }
    const comment = parseCommentInput(raw.comment);
    if (comment.body.trim() === '') {
      throw recordInvalid('description', 'Description: cannot be blank', 'BlankValue');
    }
    const requesterId = optionalId(raw, 'requester_id') ?? actorId;
    if (!users.has(requesterId)) throw recordInvalid('requester', 'Requester: is invalid');
    const submitterId = optionalId(raw, 'submitter_id');
    if (submitterId !== undefined && !users.has(submitterId)) {
      throw recordInvalid('submitter', 'Submitter: is invalid');
    }
    if (comment.authorId !== undefined && !users.has(comment.authorId)) {
      throw recordInvalid('author', 'Author: is invalid');
    }
    const asked = optionalString(raw, 'status');
    if (asked !== undefined && !(TICKET_STATUSES as readonly string[]).includes(asked)) {
      throw recordInvalid('status', 'Status: is invalid');
    }
    const assigneeId = parseAssignee(raw);
    // "When a New ticket is assigned to an agent, the ticket status automatically changes to
    // Open" (ZS/en-us/articles/4408894213018).
    const askedStatus = asked as TicketStatus | undefined;
    const status: TicketStatus =
      askedStatus !== undefined && askedStatus !== 'new'
        ? askedStatus
        : assigneeId === undefined
          ? 'new'
          : 'open';
    requireAssigneeToSolve(status, assigneeId ?? null);
    const priority = optionalString(raw, 'priority');
    if (priority !== undefined && !(TICKET_PRIORITIES as readonly string[]).includes(priority)) {
      throw recordInvalid('priority', 'Priority: is invalid');
    }
    const followUpOf = optionalId(raw, 'via_followup_source_id');
    if (followUpOf !== undefined && tickets.get(followUpOf)?.status !== 'closed') {
      // "The id of a closed ticket when creating a follow-up ticket" (OAS TicketCreateInput).
      throw recordInvalid('via_followup_source_id', 'Via followup source: is not a closed ticket');
    }
    const tags = raw.tags === undefined || raw.tags === null ? [] : normalizeTags(raw.tags, 'tags');
    const customFields =
      raw.custom_fields === undefined || raw.custom_fields === null
        ? []
        : parseCustomFields(raw.custom_fields);
    // "The submitter always becomes the author of the first comment" (zendesk.md §2.1).
    const authorId = submitterId ?? comment.authorId ?? actorId;
    const at = now();
    const first = newComment({
      authorId,
      body: comment.body,
      public: comment.public ?? true,
      uploads: comment.uploads,
    });
    const ticket: StoredTicket = {
      id: nextId.ticket++,
      subject: optionalString(raw, 'subject') ?? comment.body.slice(0, 150),
      // Created in its status: a ticket created Solved sends ticket.created with status SOLVED and
      // no status_changed event (nothing changed; ticket-events page, zendesk.md §3.6).
      status,
      priority: (priority as TicketPriority | undefined) ?? null,
      requesterId,
      submitterId: authorId,
      assigneeId: assigneeId ?? null,
      tags,
      externalId: optionalString(raw, 'external_id') ?? null,
      viaFollowupSourceId: followUpOf ?? null,
      customFields,
      comments: [first],
      createdAt: at,
      updatedAt: at,
      viaChannel: 'api',
    };
    tickets.set(ticket.id, ticket);
    emit(ticket, actorId, [
      { type: EVENT_TYPES.ticketCreated },
      {
        type: EVENT_TYPES.commentAdded,
        commentId: first.id,
        body: first.body,
        isPublic: first.public,
        author: requireUser(first.authorId),
      },
    ]);
    return { ticket, comment: first };
  }

  /**
   * `PUT /api/v2/tickets/{id}` (zendesk.md §2.2): appends `comment`, replaces `tags`, adds
   * `additional_tags`, merges `custom_fields`. A closed ticket answers 422 "Status: closed prevents
   * ticket update" (the body public clients match, e.g. github.com/search?q=%22closed+prevents+ticket+update%22).
   */
  function updateTicket(
    id: number,
    body: unknown,
    actorId: number,
    options: {
      /**
       * The agent UI's "auto assign tickets upon solve" setting: an agent who submits an
       * unassigned ticket as Solved becomes its assignee (ZS/en-us/articles/4408894213018). API
       * updates get no such help and are refused instead.
       */
      readonly autoAssignOnSolve?: boolean;
    } = {},
  ): TicketChangeResult {
    const ticket = requireTicket(id);
    if (!isRecord(body) || !isRecord(body.ticket))
      throw badRequest('Body must be {"ticket": {...}}');
    const raw = body.ticket;
    if (
      ticket.status === 'closed' &&
      Object.keys(raw).some((k) => !CLOSED_TICKET_EDITABLE.has(k))
    ) {
      throw new ApiFailure(422, {
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: {
          status: [{ description: 'Status: closed prevents ticket update', error: 'ClosedTicket' }],
        },
      });
    }
    const comment =
      raw.comment === undefined || raw.comment === null
        ? undefined
        : parseCommentInput(raw.comment);
    if (comment !== undefined && comment.body.trim() === '' && comment.uploads.length === 0) {
      throw recordInvalid('comment', 'Comment: cannot be blank', 'BlankValue');
    }
    const authorId = comment?.authorId ?? actorId;
    if (comment !== undefined && !users.has(authorId))
      throw recordInvalid('author', 'Author: is invalid');
    const status = optionalString(raw, 'status');
    if (status !== undefined && !(TICKET_STATUSES as readonly string[]).includes(status)) {
      throw recordInvalid('status', 'Status: is invalid');
    }
    if (status === 'new' && ticket.status !== 'new') {
      // "After a ticket's status has been changed from New, it can never be set back to New."
      throw recordInvalid('status', 'Status: new is not valid for this ticket');
    }
    const assigneeId = parseAssignee(raw);
    const priority = optionalString(raw, 'priority');
    if (priority !== undefined && !(TICKET_PRIORITIES as readonly string[]).includes(priority)) {
      throw recordInvalid('priority', 'Priority: is invalid');
    }
    const tags =
      raw.tags === undefined || raw.tags === null ? undefined : normalizeTags(raw.tags, 'tags');
    const addTags =
      raw.additional_tags === undefined
        ? []
        : normalizeTags(raw.additional_tags, 'additional_tags');
    const removeTags =
      raw.remove_tags === undefined ? [] : normalizeTags(raw.remove_tags, 'remove_tags');
    const customFields =
      raw.custom_fields === undefined || raw.custom_fields === null
        ? []
        : parseCustomFields(raw.custom_fields);
    const subject = optionalString(raw, 'subject');
    const externalId = optionalString(raw, 'external_id');
    // "The initial value set on ticket creation persists for any additional comment" (§2.2).
    const commentPublic = comment?.public ?? ticket.comments[0]?.public ?? true;

    const previous = ticket.status;
    let next: TicketStatus = (status as TicketStatus | undefined) ?? previous;
    // "When a New ticket is assigned to an agent, the ticket status automatically changes to Open".
    if (assigneeId !== undefined && next === 'new') next = 'open';
    // "If an end user comments on a ticket with a status set to Pending, Solved, or On-hold, the
    // ticket status is changed to Open" (ZS/en-us/articles/4408894213018). The stand-in applies it
    // when the comment's author is an end user and the update sets no status [unverified for API
    // comments authored on the requester's behalf].
    if (
      status === undefined &&
      comment !== undefined &&
      commentPublic &&
      requireUser(authorId).role === 'end-user' &&
      (previous === 'pending' || previous === 'solved' || previous === 'hold')
    ) {
      next = 'open';
    }
    let assignee = assigneeId ?? ticket.assigneeId;
    if (next === 'solved' && assignee === null && options.autoAssignOnSolve === true) {
      assignee = actorId;
    }
    if (next !== previous) requireAssigneeToSolve(next, assignee);

    // Validation passed: apply everything at once, as one ticket audit.
    const events: TicketEvent[] = [];
    let added: StoredComment | undefined;
    if (comment !== undefined) {
      added = newComment({
        authorId,
        body: comment.body,
        public: commentPublic,
        uploads: comment.uploads,
      });
      ticket.comments.push(added);
      events.push({
        type: EVENT_TYPES.commentAdded,
        commentId: added.id,
        body: added.body,
        isPublic: added.public,
        author: requireUser(authorId),
      });
    }
    ticket.assigneeId = assignee;
    if (next !== previous) {
      ticket.status = next;
      events.push({ type: EVENT_TYPES.statusChanged, previous, current: next });
    }
    if (tags !== undefined) ticket.tags = tags;
    if (addTags.length > 0) ticket.tags = [...new Set([...ticket.tags, ...addTags])];
    if (removeTags.length > 0) ticket.tags = ticket.tags.filter((t) => !removeTags.includes(t));
    if (customFields.length > 0)
      ticket.customFields = mergeCustomFields(ticket.customFields, customFields);
    if (priority !== undefined) ticket.priority = priority as TicketPriority;
    if (subject !== undefined) ticket.subject = subject;
    if (externalId !== undefined) ticket.externalId = externalId;
    ticket.updatedAt = now();
    emit(ticket, actorId, events);
    return { ticket, comment: added };
  }

  function changeTags(id: number, body: unknown, mode: 'add' | 'set' | 'remove'): string[] {
    const ticket = requireTicket(id);
    if (!isRecord(body)) throw badRequest('Body must be {"tags": [...]}');
    const tags = normalizeTags(body.tags ?? [], 'tags');
    if (mode === 'add') ticket.tags = [...new Set([...ticket.tags, ...tags])];
    if (mode === 'set') ticket.tags = tags;
    if (mode === 'remove') ticket.tags = ticket.tags.filter((t) => !tags.includes(t));
    ticket.updatedAt = now();
    return [...ticket.tags];
  }

  // ---- ticket fields, webhooks, triggers -----------------------------------------------------

  function createTicketField(body: unknown): StoredTicketField {
    if (!isRecord(body) || !isRecord(body.ticket_field)) {
      throw badRequest('Body must be {"ticket_field": {...}}');
    }
    const raw = body.ticket_field;
    const title = optionalString(raw, 'title') ?? '';
    if (title.trim() === '') throw recordInvalid('title', 'Title: cannot be blank', 'BlankValue');
    const type = optionalString(raw, 'type') ?? 'text';
    if (!TICKET_FIELD_TYPES.includes(type)) throw recordInvalid('type', 'Type: is invalid');
    const field: StoredTicketField = {
      id: nextFieldId++,
      type,
      title,
      description: optionalString(raw, 'description') ?? '',
      active: raw.active !== false,
      system: false,
      createdAt: now(),
    };
    ticketFields.set(field.id, field);
    return field;
  }

  /** `POST /api/v2/webhooks` (zendesk.md §3.1), including the event-subscription constraints. */
  function createWebhook(body: unknown): StoredWebhook {
    if (!isRecord(body) || !isRecord(body.webhook))
      throw badRequest('Body must be {"webhook": {...}}');
    const raw = body.webhook;
    const name = optionalString(raw, 'name') ?? '';
    if (name.trim() === '') throw recordInvalid('name', 'Name: cannot be blank', 'BlankValue');
    const endpoint = optionalString(raw, 'endpoint') ?? '';
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw recordInvalid('endpoint', 'Endpoint: must be a valid URL');
    }
    const httpMethod = optionalString(raw, 'http_method') ?? '';
    if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(httpMethod)) {
      throw recordInvalid('http_method', 'Http method: is invalid');
    }
    const requestFormat = optionalString(raw, 'request_format') ?? '';
    if (!['json', 'xml', 'form_encoded'].includes(requestFormat)) {
      throw recordInvalid('request_format', 'Request format: is invalid');
    }
    const subscriptions = parseSubscriptions(raw.subscriptions ?? []);
    const events = subscriptions.filter((s) => s.startsWith('zen:event-type:'));
    if (events.length > 0 && subscriptions.includes('conditional_ticket_events')) {
      throw recordInvalid('subscriptions', 'Subscriptions: connection methods are exclusive');
    }
    if (events.length > 0 && (httpMethod !== 'POST' || requestFormat !== 'json')) {
      throw recordInvalid('subscriptions', 'Subscriptions: events need POST and json');
    }
    const status = optionalString(raw, 'status') ?? 'active';
    if (status !== 'active' && status !== 'inactive')
      throw recordInvalid('status', 'Status: is invalid');
    const at = now();
    const webhook: StoredWebhook = {
      id: ulid(at),
      name,
      status,
      endpoint,
      httpMethod,
      requestFormat,
      subscriptions,
      description: optionalString(raw, 'description') ?? null,
      signingSecret: options.webhookSigningSecret ?? randomBytes(32).toString('base64'),
      createdAt: at,
      updatedAt: at,
    };
    webhooks.set(webhook.id, webhook);
    return webhook;
  }

  function parseSubscriptions(raw: unknown): string[] {
    if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string')) {
      throw recordInvalid('subscriptions', 'Subscriptions: must be a list of strings');
    }
    return [...new Set(raw as string[])];
  }

  /** `PATCH /api/v2/webhooks/{id}`: the connection method cannot change (zendesk.md §3.1). */
  function patchWebhook(id: string, body: unknown): StoredWebhook {
    const webhook = webhooks.get(id);
    if (webhook === undefined) throw recordNotFound();
    if (!isRecord(body) || !isRecord(body.webhook))
      throw badRequest('Body must be {"webhook": {...}}');
    const raw = body.webhook;
    const name = optionalString(raw, 'name');
    const status = optionalString(raw, 'status');
    if (status !== undefined && status !== 'active' && status !== 'inactive') {
      throw recordInvalid('status', 'Status: is invalid');
    }
    const subscriptions =
      raw.subscriptions === undefined ? undefined : parseSubscriptions(raw.subscriptions);
    if (subscriptions !== undefined) {
      const wasEvents = webhook.subscriptions.some((s) => s.startsWith('zen:event-type:'));
      const isEvents = subscriptions.some((s) => s.startsWith('zen:event-type:'));
      const wasTriggers = webhook.subscriptions.includes('conditional_ticket_events');
      if (
        (wasEvents && subscriptions.includes('conditional_ticket_events')) ||
        (wasTriggers && isEvents)
      ) {
        throw recordInvalid('subscriptions', "Subscriptions: can't change the connection method");
      }
      webhook.subscriptions = subscriptions;
    }
    if (name !== undefined && name.trim() !== '') webhook.name = name;
    if (status !== undefined) webhook.status = status;
    const description = optionalString(raw, 'description');
    if (description !== undefined) webhook.description = description;
    webhook.updatedAt = now();
    return webhook;
  }

  function createTrigger(body: unknown): StoredTrigger {
    if (!isRecord(body) || !isRecord(body.trigger))
      throw badRequest('Body must be {"trigger": {...}}');
    const raw = body.trigger;
    const title = optionalString(raw, 'title') ?? '';
    if (title.trim() === '') throw recordInvalid('title', 'Title: cannot be blank', 'BlankValue');
    if (!Array.isArray(raw.actions) || raw.actions.length === 0) {
      // zendesk.md §3.4: "Trigger must contain at least one action".
      throw recordInvalid('actions', 'Trigger must contain at least one action');
    }
    const trigger: StoredTrigger = {
      id: nextTriggerId++,
      title,
      active: raw.active !== false,
      conditions: raw.conditions ?? { all: [], any: [] },
      actions: raw.actions,
      createdAt: now(),
    };
    triggers.set(trigger.id, trigger);
    return trigger;
  }

  function reset() {
    nextId = { user: 10_001, identity: 70_001, ticket: 1, comment: 900_001, attachment: 50_001 };
    nextFieldId = 80_001;
    nextTriggerId = 60_001;
    users.clear();
    tickets.clear();
    uploads.clear();
    ticketFields.clear();
    webhooks.clear();
    triggers.clear();
    sequence = 0;
    seedStaff();
  }

  return {
    accountId: ACCOUNT_ID,
    get apiUser(): StoredUser {
      return apiUser;
    },
    get agent(): StoredUser {
      return agent;
    },
    users,
    tickets,
    ticketFields,
    webhooks,
    triggers,
    requireUser,
    requireTicket,
    createUser,
    seedEndUser(input: { name: string; phone?: string; email?: string }): StoredUser {
      return newUser({
        name: input.name,
        role: 'end-user',
        phone: input.phone,
        email: input.email,
        searchable: 'now',
      });
    },
    searchUsers,
    setUserTags,
    addIdentity,
    upload,
    deleteUpload,
    attachmentByToken,
    createTicket,
    updateTicket,
    changeTags,
    createTicketField,
    createWebhook,
    patchWebhook,
    deleteWebhook(id: string): void {
      if (!webhooks.delete(id)) throw recordNotFound();
    },
    createTrigger,
    reset,
  };
}
