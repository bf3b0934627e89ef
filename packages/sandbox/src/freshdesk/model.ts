// The Freshdesk stand-in's in-memory records and their JSON, after the REST API v2 (freshdesk.md §1).

/** Ticket status (freshdesk.md §1.5): Open 2, Pending 3, Resolved 4, Closed 5. */
export const TICKET_STATUSES = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' } as const;
export type TicketStatus = keyof typeof TICKET_STATUSES;

/** Priority (freshdesk.md §1.5): Low 1, Medium 2, High 3, Urgent 4. */
export const TICKET_PRIORITIES = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' } as const;
export type TicketPriority = keyof typeof TICKET_PRIORITIES;

/**
 * Ticket source (freshdesk.md §1.5): the documented values plus those seen in `ticket_fields`
 * choices and client libraries. No SMS source exists.
 */
export const TICKET_SOURCES: Readonly<Record<number, string>> = {
  1: 'Email',
  2: 'Portal',
  3: 'Phone',
  4: 'Forum',
  5: 'Twitter',
  6: 'Facebook',
  7: 'Chat',
  8: 'Mobihelp',
  9: 'Feedback Widget',
  10: 'Outbound Email',
  11: 'ECommerce',
  12: 'Bot',
};

/** Conversation `source` (freshdesk.md §1.5): Reply 0, Note 2. */
export const CONVERSATION_SOURCE = { reply: 0, note: 2 } as const;

/** Default ticket types of a new account (the `ticket_type` field's choices) [unverified]. */
export const DEFAULT_TICKET_TYPES = [
  'Question',
  'Incident',
  'Problem',
  'Feature Request',
  'Refund',
];

export interface StoredContact {
  readonly id: number;
  name: string;
  email: string | null;
  /** Stored exactly as given: neither unique nor normalised (freshdesk.md §1.8). */
  phone: string | null;
  mobile: string | null;
  /** Contact `tags` (§1.8), created empty unless given; agents set them (e.g. a support tier). */
  tags: string[];
  readonly createdAt: Date;
  updatedAt: Date;
  /** When filter search (`/search/contacts`) sees the contact: "a few minutes" (§1.8). */
  readonly searchableAt: Date;
}

export interface StoredAgent {
  readonly id: number;
  readonly name: string;
  readonly email: string;
}

export interface StoredAttachment {
  readonly id: number;
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
  readonly createdAt: Date;
}

export interface StoredConversation {
  readonly id: number;
  readonly ticketId: number;
  readonly userId: number;
  /** HTML (§1.9). */
  readonly body: string;
  readonly bodyText: string;
  readonly incoming: boolean;
  readonly private: boolean;
  readonly source: number;
  readonly attachments: readonly StoredAttachment[];
  readonly createdAt: Date;
}

export interface StoredTicket {
  readonly id: number;
  subject: string | null;
  description: string | null;
  descriptionText: string | null;
  requesterId: number;
  responderId: number | null;
  source: number;
  status: TicketStatus;
  priority: TicketPriority;
  type: string | null;
  tags: string[];
  /** Keyed by field name (`cf_...`, §1.6). */
  customFields: Record<string, unknown>;
  readonly attachments: StoredAttachment[];
  readonly conversations: StoredConversation[];
  readonly createdAt: Date;
  updatedAt: Date;
}

export interface StoredTicketField {
  readonly id: number;
  /** `subject`, `status`... for default fields; `cf_<label>` for custom ones. */
  readonly name: string;
  readonly label: string;
  readonly description: string;
  /** `default_subject`, `default_source`..., or `custom_text`, `custom_number`... */
  readonly type: string;
  readonly default: boolean;
  readonly requiredForAgents: boolean;
  readonly choices: unknown;
  readonly position: number;
  readonly createdAt: Date;
}

export interface StoredRule {
  readonly id: number;
  readonly automationTypeId: number;
  name: string;
  description: string | null;
  position: number;
  active: boolean;
  performer: unknown;
  events: unknown;
  conditions: unknown;
  operator: string | null;
  actions: unknown;
  readonly createdAt: Date;
  updatedAt: Date;
}

/** One API request as the stand-in answered it. */
export interface ApiCall {
  readonly method: string;
  /** Path without the query string, e.g. `/api/v2/tickets/12/notes`. */
  readonly path: string;
  readonly status: number;
}

export function isoSeconds(date: Date): string {
  // Timestamps are UTC `YYYY-MM-DDTHH:MM:SSZ` (freshdesk.md §1.1).
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function attachmentJson(baseUrl: string, a: StoredAttachment) {
  return {
    id: a.id,
    name: a.name,
    content_type: a.contentType,
    size: a.data.length,
    attachment_url: `${baseUrl}/attachments/${a.id}`,
    created_at: isoSeconds(a.createdAt),
    updated_at: isoSeconds(a.createdAt),
  };
}

/** Conversation attributes (freshdesk.md §1.9). */
export function conversationJson(baseUrl: string, c: StoredConversation) {
  return {
    id: c.id,
    body: c.body,
    body_text: c.bodyText,
    incoming: c.incoming,
    private: c.private,
    source: c.source,
    user_id: c.userId,
    ticket_id: c.ticketId,
    support_email: null,
    to_emails: [],
    attachments: c.attachments.map((a) => attachmentJson(baseUrl, a)),
    created_at: isoSeconds(c.createdAt),
    updated_at: isoSeconds(c.createdAt),
    last_edited_at: null,
    last_edited_user_id: null,
  };
}

/** Ticket attributes (freshdesk.md §1.6 response); every custom field is listed, null when unset. */
export function ticketJson(
  baseUrl: string,
  t: StoredTicket,
  customFieldNames: readonly string[],
): Record<string, unknown> {
  const customFields: Record<string, unknown> = {};
  for (const name of customFieldNames) customFields[name] = t.customFields[name] ?? null;
  return {
    id: t.id,
    subject: t.subject,
    description: t.description,
    description_text: t.descriptionText,
    requester_id: t.requesterId,
    responder_id: t.responderId,
    source: t.source,
    status: t.status,
    priority: t.priority,
    type: t.type,
    tags: [...t.tags],
    custom_fields: customFields,
    attachments: t.attachments.map((a) => attachmentJson(baseUrl, a)),
    cc_emails: [],
    fwd_emails: [],
    reply_cc_emails: [],
    group_id: null,
    company_id: null,
    product_id: null,
    email_config_id: null,
    spam: false,
    created_at: isoSeconds(t.createdAt),
    updated_at: isoSeconds(t.updatedAt),
  };
}

/** Contact attributes (freshdesk.md §1.8). */
export function contactJson(c: StoredContact) {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    mobile: c.mobile,
    twitter_id: null,
    unique_external_id: null,
    other_emails: [],
    tags: [...c.tags],
    custom_fields: {},
    active: false,
    deleted: false,
    created_at: isoSeconds(c.createdAt),
    updated_at: isoSeconds(c.updatedAt),
  };
}

export function ticketFieldJson(f: StoredTicketField) {
  return {
    id: f.id,
    name: f.name,
    label: f.label,
    label_for_customers: f.label,
    description: f.description,
    type: f.type,
    default: f.default,
    required_for_agents: f.requiredForAgents,
    required_for_customers: false,
    customers_can_edit: false,
    position: f.position,
    ...(f.choices === undefined ? {} : { choices: f.choices }),
    created_at: isoSeconds(f.createdAt),
    updated_at: isoSeconds(f.createdAt),
  };
}

/** Automation rule (freshdesk.md §1.11; FD-API "View an Automation Rule"). */
export function ruleJson(r: StoredRule) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    position: r.position,
    active: r.active,
    automation_type_id: r.automationTypeId,
    performer: r.performer,
    events: r.events,
    conditions: r.conditions,
    operator: r.operator,
    actions: r.actions,
    outdated: false,
    created_at: isoSeconds(r.createdAt),
    updated_at: isoSeconds(r.updatedAt),
  };
}

/** A conversation (or the ticket's description) as tests inspect it. */
export interface ConversationView {
  readonly id: number;
  readonly user_id: number;
  readonly body: string;
  readonly body_text: string;
  readonly incoming: boolean;
  readonly private: boolean;
  readonly source: number;
  readonly created_at: string;
  readonly attachments: readonly {
    readonly name: string;
    readonly content_type: string;
    readonly size: number;
  }[];
}

export interface TicketView {
  readonly id: number;
  readonly subject: string | null;
  readonly description_text: string | null;
  readonly requester_id: number;
  readonly responder_id: number | null;
  readonly source: number;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  readonly type: string | null;
  readonly tags: readonly string[];
  readonly custom_fields: Readonly<Record<string, unknown>>;
  readonly attachments: ConversationView['attachments'];
  readonly conversations: readonly ConversationView[];
  readonly created_at: string;
  readonly updated_at: string;
}

export interface ContactView {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly mobile: string | null;
  readonly tags: readonly string[];
  readonly created_at: string;
}

function attachmentViews(list: readonly StoredAttachment[]) {
  return list.map((a) => ({ name: a.name, content_type: a.contentType, size: a.data.length }));
}

export function conversationView(c: StoredConversation): ConversationView {
  return {
    id: c.id,
    user_id: c.userId,
    body: c.body,
    body_text: c.bodyText,
    incoming: c.incoming,
    private: c.private,
    source: c.source,
    created_at: c.createdAt.toISOString(),
    attachments: attachmentViews(c.attachments),
  };
}

export function ticketView(t: StoredTicket): TicketView {
  return {
    id: t.id,
    subject: t.subject,
    description_text: t.descriptionText,
    requester_id: t.requesterId,
    responder_id: t.responderId,
    source: t.source,
    status: t.status,
    priority: t.priority,
    type: t.type,
    tags: [...t.tags],
    custom_fields: { ...t.customFields },
    attachments: attachmentViews(t.attachments),
    conversations: t.conversations.map(conversationView),
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

export function contactView(c: StoredContact): ContactView {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    mobile: c.mobile,
    tags: [...c.tags],
    created_at: c.createdAt.toISOString(),
  };
}

/** HTML → text the way `description_text` / `body_text` strip it (freshdesk.md §1.9). */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div)>\s*<(p|div)[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** Text → the HTML the agent UI produces for it (quotes stay literal in text, as browsers write them). */
export function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<div>${escaped.replace(/\r?\n/g, '<br>')}</div>`;
}
