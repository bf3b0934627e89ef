// The stand-in's Freshdesk account: contacts, tickets, conversations, fields and rules in memory.
import {
  ApiFailure,
  conflict,
  datatypeMismatch,
  invalidField,
  invalidValue,
  missingField,
  notFound,
  validationFailed,
} from './errors.ts';
import {
  CONVERSATION_SOURCE,
  TICKET_PRIORITIES,
  TICKET_SOURCES,
  TICKET_STATUSES,
  htmlToText,
  type StoredAgent,
  type StoredAttachment,
  type StoredContact,
  type StoredConversation,
  type StoredRule,
  type StoredTicket,
  type StoredTicketField,
  type TicketPriority,
  type TicketStatus,
} from './model.ts';

type Json = Record<string, unknown>;

/** What an automation rule "runs on ticket updates" can react to (freshdesk.md §1.11, §2). */
export type TicketEvent =
  | { readonly kind: 'reply_sent'; readonly conversation: StoredConversation }
  | { readonly kind: 'note_added'; readonly conversation: StoredConversation }
  | { readonly kind: 'status'; readonly from: TicketStatus; readonly to: TicketStatus };

/** Who performed the change: rule `performer.type` 1 Agent, 2 Requester, 4 System (§1.11). */
export type Performer =
  { readonly type: 'agent'; readonly id: number } | { readonly type: 'requester' | 'system' };

export interface AccountOptions {
  readonly apiAgent: { readonly name: string; readonly email: string };
  readonly uiAgent: { readonly name: string; readonly email: string };
  readonly searchIndexLagMs: number;
  readonly ticketTypes: readonly string[];
  readonly now: () => Date;
  /** Called after every ticket change an automation rule may react to. */
  readonly onTicketEvent: (ticket: StoredTicket, event: TicketEvent, performer: Performer) => void;
}

/** 20 MB of attachments per ticket, all conversations included (freshdesk.md §1.6, §1.9). */
export const TICKET_ATTACHMENT_LIMIT = 20 * 1024 * 1024;

/** Ticket create attributes (freshdesk.md §1.6). */
const TICKET_CREATE_KEYS = new Set([
  'requester_id',
  'email',
  'facebook_id',
  'phone',
  'twitter_id',
  'unique_external_id',
  'name',
  'subject',
  'type',
  'status',
  'priority',
  'description',
  'responder_id',
  'attachments',
  'cc_emails',
  'custom_fields',
  'due_by',
  'fr_due_by',
  'email_config_id',
  'group_id',
  'parent_id',
  'product_id',
  'source',
  'tags',
  'company_id',
  'internal_agent_id',
  'internal_group_id',
  'lookup_parameter',
]);

/** Update takes create's attributes, all optional (freshdesk.md §1.7). */
const TICKET_UPDATE_KEYS = TICKET_CREATE_KEYS;

/** Note attributes (freshdesk.md §1.9). */
const NOTE_KEYS = new Set([
  'body',
  'structured_body',
  'attachments',
  'incoming',
  'notify_emails',
  'private',
  'user_id',
]);
const REPLY_KEYS = new Set([
  'body',
  'structured_body',
  'attachments',
  'from_email',
  'user_id',
  'cc_emails',
  'bcc_emails',
]);
const CONTACT_KEYS = new Set([
  'name',
  'email',
  'phone',
  'mobile',
  'twitter_id',
  'unique_external_id',
  'other_emails',
  'company_id',
  'view_all_tickets',
  'other_companies',
  'address',
  'avatar',
  'custom_fields',
  'description',
  'job_title',
  'language',
  'tags',
  'time_zone',
  'lookup_parameter',
]);

/** Custom field types the admin API creates (`POST /api/v2/admin/ticket_fields`) [secondary]. */
const CUSTOM_FIELD_TYPES = new Set([
  'custom_text',
  'custom_paragraph',
  'custom_checkbox',
  'custom_number',
  'custom_decimal',
  'custom_date',
  'custom_dropdown',
]);

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejectUnknown(raw: Json, allowed: ReadonlySet<string>) {
  for (const key of Object.keys(raw)) if (!allowed.has(key)) throw invalidField(key);
}

/** Numbers arrive as JSON numbers, or as strings in multipart form fields. */
function integer(raw: Json, key: string, fromForm: boolean): number | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (fromForm && typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
  throw datatypeMismatch(key, 'Number');
}

function string(raw: Json, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw datatypeMismatch(key, 'String');
  return value;
}

function boolean(raw: Json, key: string, fromForm: boolean): boolean | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (fromForm && (value === 'true' || value === 'false')) return value === 'true';
  throw datatypeMismatch(key, 'Boolean');
}

function stringArray(raw: Json, key: string): string[] | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw datatypeMismatch(key, 'Array');
  }
  return value as string[];
}

/** Tags as stored: trimmed, blanks dropped, each once (as the stand-in stores ticket tags). */
function contactTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))];
}

function snake(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export type Account = ReturnType<typeof createAccount>;

export function createAccount(options: AccountOptions) {
  let ids = {
    contact: 100_001,
    ticket: 1,
    conversation: 500_001,
    attachment: 700_001,
    field: 900_001,
    rule: 300_001,
  };
  const agents = new Map<number, StoredAgent>();
  const contacts = new Map<number, StoredContact>();
  const tickets = new Map<number, StoredTicket>();
  const attachments = new Map<number, StoredAttachment>();
  const ticketFields = new Map<number, StoredTicketField>();
  const rules = new Map<number, StoredRule>();
  const apiAgent: StoredAgent = { id: 40_001, ...options.apiAgent };
  const uiAgent: StoredAgent = { id: 40_002, ...options.uiAgent };
  const now = () => options.now();

  function seedDefaults() {
    agents.set(apiAgent.id, apiAgent);
    agents.set(uiAgent.id, uiAgent);
    // Default fields as `GET /api/v2/ticket_fields` lists them (FD-API l.2106-2129); subject and
    // description are "required for agents" in a default form [unverified], so the API enforces them.
    const defaults: [string, string, string, boolean, unknown][] = [
      ['requester', 'Search a requester', 'default_requester', true, undefined],
      ['subject', 'Subject', 'default_subject', true, undefined],
      ['ticket_type', 'Type', 'default_ticket_type', false, [...options.ticketTypes]],
      [
        'source',
        'Source',
        'default_source',
        false,
        Object.fromEntries(Object.entries(TICKET_SOURCES).map(([k, v]) => [v, Number(k)])),
      ],
      [
        'status',
        'Status',
        'default_status',
        true,
        Object.fromEntries(Object.entries(TICKET_STATUSES).map(([k, v]) => [k, [v, v]])),
      ],
      [
        'priority',
        'Priority',
        'default_priority',
        true,
        Object.fromEntries(Object.entries(TICKET_PRIORITIES).map(([k, v]) => [v, Number(k)])),
      ],
      ['description', 'Description', 'default_description', true, undefined],
    ];
    defaults.forEach(([name, label, type, required, choices], position) => {
      const id = ids.field++;
      ticketFields.set(id, {
        id,
        name,
        label,
        description: label,
        type,
        default: true,
        requiredForAgents: required,
        choices,
        position: position + 1,
        createdAt: now(),
      });
    });
  }
  seedDefaults();

  function customFieldNames(): string[] {
    return [...ticketFields.values()].filter((f) => !f.default).map((f) => f.name);
  }

  function requireTicket(id: number): StoredTicket {
    const ticket = tickets.get(id);
    if (ticket === undefined) throw notFound();
    return ticket;
  }

  function requireContact(id: number): StoredContact {
    const contact = contacts.get(id);
    if (contact === undefined) throw notFound();
    return contact;
  }

  function newContact(input: {
    name: string;
    email?: string | undefined;
    phone?: string | undefined;
    mobile?: string | undefined;
    tags?: readonly string[] | undefined;
    searchable?: 'now';
  }): StoredContact {
    const at = now();
    const contact: StoredContact = {
      id: ids.contact++,
      name: input.name,
      email: input.email ?? null,
      phone: input.phone ?? null,
      mobile: input.mobile ?? null,
      tags: contactTags(input.tags ?? []),
      createdAt: at,
      updatedAt: at,
      searchableAt: new Date(
        at.getTime() + (input.searchable === 'now' ? 0 : options.searchIndexLagMs),
      ),
    };
    contacts.set(contact.id, contact);
    return contact;
  }

  function storeAttachments(files: readonly UploadedFile[]): StoredAttachment[] {
    return files.map((file) => {
      const attachment: StoredAttachment = {
        id: ids.attachment++,
        name: file.name,
        contentType: file.contentType,
        data: file.data,
        createdAt: now(),
      };
      attachments.set(attachment.id, attachment);
      return attachment;
    });
  }

  function ticketAttachmentBytes(ticket: StoredTicket | undefined): number {
    if (ticket === undefined) return 0;
    let total = ticket.attachments.reduce((n, a) => n + a.data.length, 0);
    for (const c of ticket.conversations)
      total += c.attachments.reduce((n, a) => n + a.data.length, 0);
    return total;
  }

  function checkAttachmentBudget(ticket: StoredTicket | undefined, files: readonly UploadedFile[]) {
    const adding = files.reduce((n, f) => n + f.data.length, 0);
    if (adding > 0 && ticketAttachmentBytes(ticket) + adding > TICKET_ATTACHMENT_LIMIT) {
      throw invalidValue(
        'attachments',
        'The cumulative size of all attachments cannot exceed 20MB',
      );
    }
  }

  function parseCustomFields(
    raw: Json,
    fromForm: boolean,
    existing: Record<string, unknown>,
    enforceRequired: boolean,
  ) {
    const value = raw.custom_fields;
    const result: Record<string, unknown> = { ...existing };
    if (value !== undefined && value !== null) {
      if (!isRecord(value)) throw datatypeMismatch('custom_fields', 'key/value pair');
      const fields = new Map(
        [...ticketFields.values()].filter((f) => !f.default).map((f) => [f.name, f]),
      );
      for (const [name, v] of Object.entries(value)) {
        const field = fields.get(name);
        if (field === undefined) throw invalidField(name);
        if (v === null) {
          result[name] = null;
        } else if (field.type === 'custom_number') {
          const n =
            typeof v === 'number'
              ? v
              : fromForm && typeof v === 'string' && /^-?\d+$/.test(v)
                ? Number(v)
                : undefined;
          if (n === undefined || !Number.isInteger(n)) throw datatypeMismatch(name, 'Integer');
          result[name] = n;
        } else if (field.type === 'custom_checkbox') {
          const b =
            typeof v === 'boolean'
              ? v
              : fromForm && (v === 'true' || v === 'false')
                ? v === 'true'
                : undefined;
          if (b === undefined) throw datatypeMismatch(name, 'Boolean');
          result[name] = b;
        } else if (field.type === 'custom_dropdown') {
          const choices = Array.isArray(field.choices) ? field.choices : [];
          if (typeof v !== 'string' || !choices.includes(v)) {
            throw invalidValue(name, `It should be one of these values: '${choices.join(',')}'`);
          }
          result[name] = v;
        } else {
          if (typeof v !== 'string') throw datatypeMismatch(name, 'String');
          result[name] = v;
        }
      }
    }
    if (enforceRequired) {
      // Dynamic form validation: fields "required for agents" are enforced on API calls (§1.2).
      const missing = [...ticketFields.values()].filter(
        (f) =>
          !f.default &&
          f.requiredForAgents &&
          (result[f.name] === undefined || result[f.name] === null || result[f.name] === ''),
      );
      if (missing.length > 0) {
        throw validationFailed(
          ...missing.map((f) => ({
            field: f.name,
            message: 'It should not be blank as this is a mandatory field',
            code: 'missing_field',
          })),
        );
      }
    }
    return result;
  }

  function parseTicketProps(raw: Json, fromForm: boolean, ticket: StoredTicket | undefined) {
    const status = integer(raw, 'status', fromForm);
    if (status !== undefined && !(status in TICKET_STATUSES)) {
      throw invalidValue(
        'status',
        `It should be one of these values: '${Object.keys(TICKET_STATUSES).join(',')}'`,
      );
    }
    const priority = integer(raw, 'priority', fromForm);
    if (priority !== undefined && !(priority in TICKET_PRIORITIES)) {
      throw invalidValue(
        'priority',
        `It should be one of these values: '${Object.keys(TICKET_PRIORITIES).join(',')}'`,
      );
    }
    const source = integer(raw, 'source', fromForm);
    if (source !== undefined && !(source in TICKET_SOURCES)) {
      throw invalidValue(
        'source',
        `It should be one of these values: '${Object.keys(TICKET_SOURCES).join(',')}'`,
      );
    }
    const type = string(raw, 'type');
    if (type !== undefined && !options.ticketTypes.includes(type)) {
      throw invalidValue(
        'type',
        `It should be one of these values: '${options.ticketTypes.join(',')}'`,
      );
    }
    const tags = stringArray(raw, 'tags');
    const responderId = integer(raw, 'responder_id', fromForm);
    if (responderId !== undefined && !agents.has(responderId)) {
      throw invalidValue('responder_id', 'There is no agent matching the given responder_id');
    }
    return {
      status: status as TicketStatus | undefined,
      priority: priority as TicketPriority | undefined,
      source,
      type,
      tags:
        tags === undefined
          ? undefined
          : [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))],
      subject: string(raw, 'subject'),
      description: string(raw, 'description'),
      responderId,
      customFields: parseCustomFields(
        raw,
        fromForm,
        ticket?.customFields ?? {},
        ticket === undefined,
      ),
    };
  }

  /** The requester of a new ticket: `requester_id`, or a contact found or created by email/phone (§1.6). */
  function resolveRequester(raw: Json, fromForm: boolean): number {
    const requesterId = integer(raw, 'requester_id', fromForm);
    if (requesterId !== undefined) {
      if (!contacts.has(requesterId))
        throw invalidValue('requester_id', 'There is no contact matching the given requester_id');
      return requesterId;
    }
    const email = string(raw, 'email');
    const phone = string(raw, 'phone');
    const name = string(raw, 'name');
    if (email !== undefined) {
      const found = [...contacts.values()].find(
        (c) => c.email?.toLowerCase() === email.toLowerCase(),
      );
      if (found !== undefined) return found.id;
      return newContact({ name: name ?? email, email, phone }).id;
    }
    if (phone !== undefined) {
      const found = [...contacts.values()].find((c) => c.phone === phone);
      if (found !== undefined) return found.id;
      // "If the phone number is set and the email address is not, then the name attribute is mandatory."
      if (name === undefined || name.trim() === '') throw missingField('name');
      return newContact({ name, phone }).id;
    }
    for (const key of ['facebook_id', 'twitter_id', 'unique_external_id']) {
      if (raw[key] !== undefined)
        throw invalidValue(
          key,
          'The stand-in identifies requesters by requester_id, email or phone only',
        );
    }
    throw validationFailed({
      field: 'requester_id',
      message:
        'Please fill at least 1 of requester_id, phone, email, twitter_id, facebook_id, unique_external_id fields',
      code: 'missing_field',
    });
  }

  return {
    agents,
    contacts,
    tickets,
    attachments,
    ticketFields,
    rules,
    apiAgent,
    uiAgent,
    customFieldNames,
    requireTicket,
    requireContact,

    // ---- contacts ------------------------------------------------------------------------------
    createContact(raw: unknown): StoredContact {
      if (!isRecord(raw))
        throw validationFailed({
          message: 'The request body is not a JSON object',
          code: 'invalid_json',
        });
      rejectUnknown(raw, CONTACT_KEYS);
      const name = string(raw, 'name');
      const email = string(raw, 'email');
      const phone = string(raw, 'phone');
      const mobile = string(raw, 'mobile');
      if (name === undefined || name.trim() === '') throw missingField('name');
      // "One of these four attributes is mandatory" (email, phone, mobile, twitter_id; §1.8).
      if (
        [email, phone, mobile, raw.twitter_id, raw.unique_external_id].every(
          (v) => v === undefined || v === null || v === '',
        )
      ) {
        throw validationFailed({
          field: 'requester_id',
          message:
            'Please fill at least 1 of email, mobile, phone, twitter_id, unique_external_id fields',
          code: 'missing_field',
        });
      }
      if (
        email !== undefined &&
        [...contacts.values()].some((c) => c.email?.toLowerCase() === email.toLowerCase())
      ) {
        throw conflict('email', `It should be a unique value`);
      }
      return newContact({ name, email, phone, mobile, tags: stringArray(raw, 'tags') });
    },
    /** An agent replaces the contact's tags in the agent UI (`tags`, §1.8). */
    setContactTags(id: number, tags: readonly string[]): StoredContact {
      const contact = requireContact(id);
      contact.tags = contactTags(tags);
      contact.updatedAt = now();
      return contact;
    },
    seedContact(input: {
      name: string;
      email?: string;
      phone?: string;
      mobile?: string;
    }): StoredContact {
      return newContact({ ...input, searchable: 'now' });
    },
    /** `GET /api/v2/contacts?phone=&mobile=&email=` — database-backed, exact values, combinable (§1.8). */
    filterContacts(filters: { phone?: string; mobile?: string; email?: string }): StoredContact[] {
      return [...contacts.values()]
        .filter((c) => filters.phone === undefined || c.phone === filters.phone)
        .filter((c) => filters.mobile === undefined || c.mobile === filters.mobile)
        .filter(
          (c) =>
            filters.email === undefined || c.email?.toLowerCase() === filters.email.toLowerCase(),
        )
        .sort((a, b) => a.id - b.id);
    },
    /** Filter search: `phone:'...'`, `mobile:'...'`, `email:'...'` terms joined by OR/AND; lags (§1.8). */
    searchContacts(query: string): StoredContact[] {
      const expression = query.trim();
      if (!/^".*"$/s.test(expression) || expression.length > 514) {
        throw invalidValue('query', 'It should be a valid query string enclosed in double quotes');
      }
      const inner = expression.slice(1, -1);
      const terms = inner.split(/\s+(AND|OR)\s+/);
      const matchers: ((c: StoredContact) => boolean)[] = [];
      const joins: string[] = [];
      terms.forEach((term, i) => {
        if (i % 2 === 1) {
          joins.push(term);
          return;
        }
        const match = /^\(?\s*(phone|mobile|email):'([^']*)'\s*\)?$/.exec(term.trim());
        if (match === null)
          throw invalidValue('query', 'The stand-in searches phone, mobile and email only');
        const [, field, value] = match as unknown as [string, 'phone' | 'mobile' | 'email', string];
        matchers.push((c) =>
          field === 'email' ? c.email?.toLowerCase() === value.toLowerCase() : c[field] === value,
        );
      });
      const at = now().getTime();
      return [...contacts.values()]
        .filter((c) => c.searchableAt.getTime() <= at)
        .filter((c) => {
          let result = matchers[0]?.(c) ?? false;
          joins.forEach((join, i) => {
            const next = matchers[i + 1]?.(c) ?? false;
            result = join === 'AND' ? result && next : result || next;
          });
          return result;
        })
        .sort((a, b) => a.id - b.id);
    },

    // ---- tickets -------------------------------------------------------------------------------
    createTicket(
      raw: Json,
      files: readonly UploadedFile[],
      fromForm: boolean,
      performer: Performer,
    ): StoredTicket {
      rejectUnknown(raw, TICKET_CREATE_KEYS);
      const props = parseTicketProps(raw, fromForm, undefined);
      if (props.subject === undefined || props.subject.trim() === '') throw missingField('subject');
      if (props.description === undefined || props.description.trim() === '')
        throw missingField('description');
      checkAttachmentBudget(undefined, files);
      const requesterId = resolveRequester(raw, fromForm);
      const at = now();
      const ticket: StoredTicket = {
        id: ids.ticket++,
        subject: props.subject,
        description: props.description,
        descriptionText: htmlToText(props.description),
        requesterId,
        responderId: props.responderId ?? null,
        source: props.source ?? 2,
        status: props.status ?? 2,
        priority: props.priority ?? 1,
        type: props.type ?? null,
        tags: props.tags ?? [],
        customFields: props.customFields,
        attachments: storeAttachments(files),
        conversations: [],
        createdAt: at,
        updatedAt: at,
      };
      tickets.set(ticket.id, ticket);
      void performer;
      return ticket;
    },
    updateTicket(
      id: number,
      raw: Json,
      files: readonly UploadedFile[],
      fromForm: boolean,
      performer: Performer,
    ): StoredTicket {
      const ticket = requireTicket(id);
      rejectUnknown(raw, TICKET_UPDATE_KEYS);
      if (Object.keys(raw).length === 0 && files.length === 0) {
        throw validationFailed({ message: 'Request body is empty', code: 'missing_field' });
      }
      const props = parseTicketProps(raw, fromForm, ticket);
      checkAttachmentBudget(ticket, files);
      if (raw.requester_id !== undefined) ticket.requesterId = resolveRequester(raw, fromForm);
      const previous = ticket.status;
      if (props.status !== undefined) ticket.status = props.status;
      if (props.priority !== undefined) ticket.priority = props.priority;
      if (props.source !== undefined) ticket.source = props.source;
      if (props.type !== undefined) ticket.type = props.type;
      // `tags` replaces the array (§1.7).
      if (props.tags !== undefined) ticket.tags = props.tags;
      if (props.subject !== undefined) ticket.subject = props.subject;
      if (props.description !== undefined) {
        ticket.description = props.description;
        ticket.descriptionText = htmlToText(props.description);
      }
      if (props.responderId !== undefined) ticket.responderId = props.responderId;
      ticket.customFields = props.customFields;
      ticket.attachments.push(...storeAttachments(files));
      ticket.updatedAt = now();
      if (ticket.status !== previous)
        options.onTicketEvent(
          ticket,
          { kind: 'status', from: previous, to: ticket.status },
          performer,
        );
      return ticket;
    },
    addNote(
      ticketId: number,
      raw: Json,
      files: readonly UploadedFile[],
      fromForm: boolean,
      performer: Performer,
    ): StoredConversation {
      const ticket = requireTicket(ticketId);
      rejectUnknown(raw, NOTE_KEYS);
      const body = string(raw, 'body');
      if (body === undefined || body.trim() === '') throw missingField('body');
      const isPrivate = boolean(raw, 'private', fromForm) ?? true; // `private` defaults to true (§1.9)
      const incoming = boolean(raw, 'incoming', fromForm) ?? false;
      const userId = integer(raw, 'user_id', fromForm);
      // `user_id`: "ID of the agent/user who is adding the note"; a contact id is accepted [secondary].
      if (userId !== undefined && !agents.has(userId) && !contacts.has(userId)) {
        throw invalidValue('user_id', 'There is no contact or agent matching the given user_id');
      }
      checkAttachmentBudget(ticket, files);
      const conversation: StoredConversation = {
        id: ids.conversation++,
        ticketId,
        userId: userId ?? (performer.type === 'agent' ? performer.id : apiAgent.id),
        body,
        bodyText: htmlToText(body),
        incoming,
        private: isPrivate,
        source: CONVERSATION_SOURCE.note,
        attachments: storeAttachments(files),
        createdAt: now(),
      };
      ticket.conversations.push(conversation);
      ticket.updatedAt = now();
      options.onTicketEvent(ticket, { kind: 'note_added', conversation }, performer);
      return conversation;
    },
    addReply(
      ticketId: number,
      raw: Json,
      files: readonly UploadedFile[],
      fromForm: boolean,
      performer: Performer,
    ): StoredConversation {
      const ticket = requireTicket(ticketId);
      rejectUnknown(raw, REPLY_KEYS);
      const body = string(raw, 'body');
      if (body === undefined || body.trim() === '') throw missingField('body');
      const userId = integer(raw, 'user_id', fromForm);
      if (userId !== undefined && !agents.has(userId)) {
        throw invalidValue('user_id', 'There is no agent matching the given user_id');
      }
      checkAttachmentBudget(ticket, files);
      const author = userId ?? (performer.type === 'agent' ? performer.id : apiAgent.id);
      const conversation: StoredConversation = {
        id: ids.conversation++,
        ticketId,
        userId: author,
        body,
        bodyText: htmlToText(body),
        incoming: false,
        private: false,
        source: CONVERSATION_SOURCE.reply,
        attachments: storeAttachments(files),
        createdAt: now(),
      };
      ticket.conversations.push(conversation);
      // The replying agent becomes the responder of an unassigned ticket [unverified].
      ticket.responderId ??= author;
      ticket.updatedAt = now();
      options.onTicketEvent(
        ticket,
        { kind: 'reply_sent', conversation },
        { type: 'agent', id: author },
      );
      return conversation;
    },

    // ---- ticket fields ---------------------------------------------------------------------------
    createTicketField(raw: unknown): StoredTicketField {
      if (!isRecord(raw))
        throw validationFailed({
          message: 'The request body is not a JSON object',
          code: 'invalid_json',
        });
      const label = string(raw, 'label');
      const type = string(raw, 'type');
      if (label === undefined || label.trim() === '') throw missingField('label');
      if (string(raw, 'label_for_customers') === undefined)
        throw missingField('label_for_customers');
      if (type === undefined) throw missingField('type');
      if (!CUSTOM_FIELD_TYPES.has(type))
        throw invalidValue(
          'type',
          `It should be one of these values: '${[...CUSTOM_FIELD_TYPES].join(',')}'`,
        );
      // The generated name is `cf_` + the label in snake case [secondary]; a clash is refused.
      const name = `cf_${snake(label)}`;
      if (
        [...ticketFields.values()].some(
          (f) => f.name === name || f.label.toLowerCase() === label.toLowerCase(),
        )
      ) {
        throw conflict('label', 'It should be a unique value');
      }
      const choices = raw.choices;
      if (type === 'custom_dropdown' && (!Array.isArray(choices) || choices.length === 0))
        throw missingField('choices');
      const id = ids.field++;
      const field: StoredTicketField = {
        id,
        name,
        label,
        description: string(raw, 'description') ?? '',
        type,
        default: false,
        requiredForAgents: boolean(raw, 'required_for_agents', false) ?? false,
        choices:
          type === 'custom_dropdown'
            ? (choices as unknown[]).map((c) => (isRecord(c) ? c.value : c))
            : undefined,
        position: ticketFields.size + 1,
        createdAt: now(),
      };
      ticketFields.set(id, field);
      return field;
    },

    // ---- automation rules ------------------------------------------------------------------------
    createRule(automationTypeId: number, raw: unknown): StoredRule {
      const parsed = parseRule(raw, undefined);
      const at = now();
      const rule: StoredRule = {
        id: ids.rule++,
        automationTypeId,
        ...parsed,
        createdAt: at,
        updatedAt: at,
      };
      rules.set(rule.id, rule);
      return rule;
    },
    updateRule(automationTypeId: number, id: number, raw: unknown): StoredRule {
      const rule = rules.get(id);
      if (rule === undefined || rule.automationTypeId !== automationTypeId) throw notFound();
      Object.assign(rule, parseRule(raw, rule), { updatedAt: now() });
      return rule;
    },
    deleteRule(automationTypeId: number, id: number) {
      const rule = rules.get(id);
      if (rule === undefined || rule.automationTypeId !== automationTypeId) throw notFound();
      rules.delete(id);
    },

    reset() {
      ids = {
        contact: 100_001,
        ticket: 1,
        conversation: 500_001,
        attachment: 700_001,
        field: 900_001,
        rule: 300_001,
      };
      for (const map of [agents, contacts, tickets, attachments, ticketFields, rules] as Map<
        number,
        unknown
      >[])
        map.clear();
      seedDefaults();
    },
  };
}

/** A file from a multipart `attachments[]` part. */
export interface UploadedFile {
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** Rule attributes (FD-API "Create an Automation Rule"): name, conditions and actions mandatory. */
function parseRule(raw: unknown, existing: StoredRule | undefined) {
  if (!isRecord(raw))
    throw validationFailed({
      message: 'The request body is not a JSON object',
      code: 'invalid_json',
    });
  const allowed = new Set([
    'name',
    'description',
    'position',
    'active',
    'performer',
    'events',
    'conditions',
    'operator',
    'actions',
  ]);
  rejectUnknown(raw, allowed);
  const name = raw.name ?? existing?.name;
  if (typeof name !== 'string' || name.trim() === '') throw missingField('name');
  const conditions = raw.conditions ?? existing?.conditions;
  if (!Array.isArray(conditions)) throw missingField('conditions');
  const actions = raw.actions ?? existing?.actions;
  if (!Array.isArray(actions) || actions.length === 0) throw missingField('actions');
  if (raw.active !== undefined && typeof raw.active !== 'boolean')
    throw datatypeMismatch('active', 'Boolean');
  if (
    raw.position !== undefined &&
    (typeof raw.position !== 'number' || !Number.isInteger(raw.position))
  )
    throw datatypeMismatch('position', 'Integer');
  if (raw.events !== undefined && !Array.isArray(raw.events))
    throw datatypeMismatch('events', 'Array');
  if (raw.performer !== undefined && !isRecord(raw.performer))
    throw datatypeMismatch('performer', 'key/value pair');
  return {
    name,
    description:
      typeof raw.description === 'string' ? raw.description : (existing?.description ?? null),
    position: raw.position ?? existing?.position ?? 1,
    active: raw.active ?? existing?.active ?? true,
    performer: raw.performer ?? existing?.performer ?? null,
    events: raw.events ?? existing?.events ?? [],
    conditions,
    operator: typeof raw.operator === 'string' ? raw.operator : (existing?.operator ?? null),
    actions,
  };
}

export { ApiFailure };
