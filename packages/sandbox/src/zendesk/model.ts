// The Zendesk stand-in's in-memory records, shaped after the Support API resources (zendesk.md §2).

/** Ticket status categories (zendesk.md §2.1, OAS `TicketUpdateInput.status`). */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** `priority` values (zendesk.md §2.1). */
export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export type UserRole = 'end-user' | 'agent' | 'admin';

/** Identity types (zendesk.md §2.3). */
export const IDENTITY_TYPES = [
  'email',
  'twitter',
  'facebook',
  'google',
  'phone_number',
  'agent_forwarding',
  'any_channel',
  'foreign',
  'sdk',
] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

export interface StoredIdentity {
  readonly id: number;
  readonly userId: number;
  readonly type: IdentityType;
  readonly value: string;
  readonly verified: boolean;
  readonly primary: boolean;
  readonly createdAt: Date;
}

export interface StoredUser {
  readonly id: number;
  name: string;
  email: string | null;
  phone: string | null;
  /** True when the phone is also another user's, so it is not a direct-line identity (§2.3). */
  sharedPhoneNumber: boolean | null;
  readonly role: UserRole;
  externalId: string | null;
  /** User tags (created empty); agents and admins set them, e.g. a support tier. */
  tags: string[];
  readonly createdAt: Date;
  updatedAt: Date;
  /** When the search index sees this user (search is eventually consistent). */
  readonly searchableAt: Date;
  readonly identities: StoredIdentity[];
}

export interface StoredAttachment {
  readonly id: number;
  readonly token: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** An upload (zendesk.md §2.4): a token that collects attachments until a comment consumes it. */
export interface StoredUpload {
  readonly token: string;
  readonly attachments: StoredAttachment[];
  readonly expiresAt: Date;
  consumed: boolean;
}

export interface StoredComment {
  readonly id: number;
  readonly authorId: number;
  readonly body: string;
  readonly public: boolean;
  readonly attachments: readonly StoredAttachment[];
  readonly createdAt: Date;
  readonly viaChannel: string;
}

export interface CustomFieldValue {
  readonly id: number;
  readonly value: unknown;
}

export interface StoredTicket {
  readonly id: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority | null;
  requesterId: number;
  readonly submitterId: number;
  assigneeId: number | null;
  tags: string[];
  externalId: string | null;
  readonly viaFollowupSourceId: number | null;
  customFields: CustomFieldValue[];
  readonly comments: StoredComment[];
  readonly createdAt: Date;
  updatedAt: Date;
  readonly viaChannel: string;
}

export interface StoredTicketField {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly description: string;
  readonly active: boolean;
  /** System fields (subject, status...) are listed by the API but cannot be created. */
  readonly system: boolean;
  readonly createdAt: Date;
}

export interface StoredWebhook {
  readonly id: string;
  name: string;
  status: 'active' | 'inactive';
  readonly endpoint: string;
  readonly httpMethod: string;
  readonly requestFormat: string;
  subscriptions: string[];
  description: string | null;
  signingSecret: string;
  readonly createdAt: Date;
  updatedAt: Date;
}

export interface StoredTrigger {
  readonly id: number;
  readonly title: string;
  readonly active: boolean;
  readonly conditions: unknown;
  readonly actions: unknown;
  readonly createdAt: Date;
}

/** One API request as the stand-in answered it, for the API-calls-per-message benchmark. */
export interface ApiCall {
  readonly method: string;
  /** Path under the API, without `.json` suffix or query string, e.g. `/api/v2/tickets/12`. */
  readonly path: string;
  readonly status: number;
}

/** A comment as tests inspect it. */
export interface CommentView {
  readonly id: number;
  readonly author_id: number;
  readonly body: string;
  readonly public: boolean;
  readonly created_at: string;
  readonly attachments: readonly {
    readonly file_name: string;
    readonly content_type: string;
    readonly size: number;
  }[];
}

/** A ticket as tests inspect it. */
export interface TicketView {
  readonly id: number;
  readonly subject: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority | null;
  readonly requester_id: number;
  readonly submitter_id: number;
  readonly assignee_id: number | null;
  readonly external_id: string | null;
  readonly tags: readonly string[];
  readonly custom_fields: readonly CustomFieldValue[];
  readonly via_followup_source_id: number | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly comments: readonly CommentView[];
}

/** A user as tests inspect it. */
export interface UserView {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly role: UserRole;
  readonly tags: readonly string[];
  readonly created_at: string;
  readonly identities: readonly { readonly type: IdentityType; readonly value: string }[];
}

export function commentView(comment: StoredComment): CommentView {
  return {
    id: comment.id,
    author_id: comment.authorId,
    body: comment.body,
    public: comment.public,
    created_at: comment.createdAt.toISOString(),
    attachments: comment.attachments.map((a) => ({
      file_name: a.fileName,
      content_type: a.contentType,
      size: a.data.length,
    })),
  };
}

export function ticketView(ticket: StoredTicket): TicketView {
  return {
    id: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    requester_id: ticket.requesterId,
    submitter_id: ticket.submitterId,
    assignee_id: ticket.assigneeId,
    external_id: ticket.externalId,
    tags: [...ticket.tags],
    custom_fields: ticket.customFields.map((f) => ({ ...f })),
    via_followup_source_id: ticket.viaFollowupSourceId,
    created_at: ticket.createdAt.toISOString(),
    updated_at: ticket.updatedAt.toISOString(),
    comments: ticket.comments.map(commentView),
  };
}

export function userView(user: StoredUser): UserView {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    role: user.role,
    tags: [...user.tags],
    created_at: user.createdAt.toISOString(),
    identities: user.identities.map((i) => ({ type: i.type, value: i.value })),
  };
}

/** The digits of a phone number, the way Zendesk search compares numbers (no +, spaces, dashes). */
export function phoneDigits(value: string): string {
  return value.replace(/\D/g, '');
}
