// The helpdesk-neutral contract the relay speaks: requesters, tickets, comments, notes, webhooks.

/** A webhook request exactly as received, before any body parsing (same shape as for carriers). */
export interface RawHelpdeskWebhook {
  readonly method: string;
  readonly publicUrl: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
}

/**
 * Why a webhook was refused. Signed helpdesks (Zendesk) use the `*_signature`/`stale_timestamp`
 * reasons; helpdesks without signatures (Freshdesk, freshdesk.md §2) authenticate with a shared
 * secret in a header and use `missing_secret`/`bad_secret`.
 */
export type HelpdeskRejectionReason =
  'missing_signature' | 'bad_signature' | 'stale_timestamp' | 'missing_secret' | 'bad_secret';

export type HelpdeskVerifyResult =
  { readonly ok: true } | { readonly ok: false; readonly reason: HelpdeskRejectionReason };

/** The HTTP status for a refused webhook: 401 when a shared secret is missing or wrong, else 403. */
export function webhookRejectionStatus(reason: HelpdeskRejectionReason): 401 | 403 {
  return reason === 'missing_secret' || reason === 'bad_secret' ? 401 : 403;
}

export type HelpdeskParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Ticket status categories (Zendesk `status`, zendesk.md §2.1). */
export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';

export type TicketPriority = 'urgent' | 'high' | 'normal' | 'low';

export interface TicketSnapshot {
  readonly ticketId: string;
  readonly requesterId: string;
  readonly status: TicketStatus;
  /** When the helpdesk last changed the ticket; used as the solved time of a solved ticket. */
  readonly updatedAt: Date;
}

export interface Attachment {
  readonly data: Buffer;
  readonly contentType: string;
  readonly filename: string;
}

/** One SMS from the customer, to be shown on the ticket as the requester's public comment. */
export interface CustomerMessage {
  readonly body: string;
  readonly receivedAt: Date;
  readonly attachments: readonly Attachment[];
}

/** Values of the ticket fields the relay provisions and fills (DESIGN.md, "Native reporting"). */
export interface SmsTicketFields {
  readonly consentStatus?: string;
  readonly lastDeliveryStatus?: string;
  readonly segmentsSent?: number;
  readonly csatScore?: number;
}

export interface CreateTicketInput {
  readonly requesterId: string;
  readonly subject: string;
  /** At least one message; several are coalesced into one API call. */
  readonly messages: readonly CustomerMessage[];
  readonly tags: readonly string[];
  readonly priority: TicketPriority;
  /** The closed ticket this one follows up, when threading decided on a follow-up. */
  readonly followUpOf?: string;
  /** Stable key stored on the ticket (Zendesk `external_id`) so a retried create finds it. */
  readonly externalId: string;
  /**
   * True when an earlier attempt may already have created the ticket (job retry, crash recovery):
   * the adapter first looks the ticket up by `externalId` and returns it instead of creating another.
   */
  readonly mayBeDuplicate: boolean;
  /**
   * `'solved'`: the bot already answered the customer, so the ticket is created with the customer's
   * texts and tags and is solved at once, and the helpdesk's own reports count the deflection.
   * Absent: the helpdesk's normal new/open ticket.
   */
  readonly status?: 'solved';
}

/** An end user as the relay needs to know them: the tags an agent or admin put on them. */
export interface RequesterDetails {
  readonly requesterId: string;
  /** The user's tags (Zendesk `user.tags`, Freshdesk contact `tags`); `[]` when none. */
  readonly tags: readonly string[];
}

export interface AppendMessagesInput {
  readonly ticketId: string;
  readonly requesterId: string;
  /** At least one message; all are written in one API call. */
  readonly messages: readonly CustomerMessage[];
  /** Set the ticket back to open (a solved ticket inside the reopen window). */
  readonly reopen: boolean;
  /**
   * True when an earlier attempt may already have written these messages (job retry, crash
   * recovery): the adapter checks the ticket's latest comments and skips what is already there.
   */
  readonly mayBeDuplicate: boolean;
}

export interface AnnotateTicketInput {
  readonly ticketId: string;
  /** Internal note (never visible to the customer). */
  readonly internalNote?: string;
  readonly addTags?: readonly string[];
  readonly fields?: SmsTicketFields;
}

/** A text an agent sent from the sidebar app, to be shown on the ticket where agents read replies. */
export interface SentTextInput {
  readonly ticketId: string;
  /** The text as the customer received it. */
  readonly body: string;
  /** The agent who sent it, shown as "Sent by SMS by <authorName>". */
  readonly authorName: string;
}

/** Events the helpdesk tells the relay about through its webhooks. */
export type HelpdeskEvent =
  | {
      readonly kind: 'agent_reply';
      /**
       * Unique per reply (Zendesk comment id); the idempotency key. A helpdesk whose webhook names
       * no reply (Freshdesk) puts a stand-in here and implements `resolveAgentReply`.
       */
      readonly eventId: string;
      readonly ticketId: string;
      readonly authorId: string;
      readonly authorName: string;
      readonly body: string;
    }
  | {
      readonly kind: 'ticket_status';
      readonly eventId: string;
      readonly ticketId: string;
      readonly status: TicketStatus;
      readonly at: Date;
    };

export type AgentReplyEvent = Extract<HelpdeskEvent, { kind: 'agent_reply' }>;

/**
 * The replies an `agent_reply` event may stand for, read back from the helpdesk, for helpdesks whose
 * webhook carries no reply id (Freshdesk, freshdesk.md §2).
 */
export type AgentReplyResolution =
  | {
      readonly found: true;
      /**
       * Event ids of every public agent reply on the ticket with the event's text, oldest first
       * (never empty). The webhook stands for one of them and cannot say which: the relay takes the
       * first it has not recorded yet, so N identical replies are texted N times while a redelivered
       * webhook finds its reply already recorded.
       */
      readonly eventIds: readonly string[];
      /** The reply's text as the helpdesk stores it (the webhook's rendering may be mangled). */
      readonly body: string;
    }
  | {
      readonly found: false;
      /**
       * `unavailable`: the helpdesk could not be read (429, outage, time-out, a ticket too long to
       * read on a webhook request); `not_listed`: no such reply (deleted, or the list lags). The
       * relay then keeps the event's own id.
       */
      readonly reason: 'unavailable' | 'not_listed';
    };

export interface ProvisionStep {
  readonly resource: string;
  readonly name: string;
  readonly action: 'created' | 'updated' | 'unchanged';
  readonly id?: string;
  /** What the operator should know or do next (e.g. where to read a signing secret); never a secret. */
  readonly note?: string;
}

export interface ProvisionOptions {
  /** Absolute URL of the relay's webhook route for this workspace. */
  readonly webhookUrl: string;
}

/** A failed helpdesk API call. `retryable` failures are retried by the job outbox. */
export class HelpdeskApiError extends Error {
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  /** The ticket no longer accepts updates (Zendesk: closed); threading makes a follow-up. */
  readonly ticketClosed: boolean;

  constructor(
    message: string,
    options: { status: number; retryable: boolean; retryAfterMs?: number; ticketClosed?: boolean },
  ) {
    super(message);
    this.name = 'HelpdeskApiError';
    this.status = options.status;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.ticketClosed = options.ticketClosed ?? false;
  }
}

export interface RequesterResult {
  readonly requesterId: string;
  readonly created: boolean;
  /**
   * Other end users with the same number, when the helpdesk allows duplicates (Freshdesk phone and
   * mobile are not unique, freshdesk.md §1.8): `requesterId` is a deterministic pick and the relay
   * should note the others on the ticket. Absent or empty when the number matched one user.
   */
  readonly otherMatches?: readonly string[];
}

export interface HelpdeskAdapter {
  readonly id: string;
  /** Finds the end user with this phone (E.164) or creates one; never one user per message. */
  findOrCreateRequester(input: { phone: string; name: string }): Promise<RequesterResult>;
  createTicket(input: CreateTicketInput): Promise<TicketSnapshot>;
  appendMessages(input: AppendMessagesInput): Promise<TicketSnapshot>;
  annotateTicket(input: AnnotateTicketInput): Promise<void>;
  /**
   * Records a text sent from the sidebar on the ticket, naming the agent. Never comes back through
   * the helpdesk's webhook as an agent reply, so it is never sent twice.
   */
  recordSentText(input: SentTextInput): Promise<void>;
  /** The ticket's current state, or null when it does not exist (deleted). */
  getTicket(ticketId: string): Promise<TicketSnapshot | null>;
  /**
   * The requester's tags (e.g. a "24/7 tier" tag on the end user), or null when the user no longer
   * exists (deleted). An id that cannot name a user of this helpdesk is refused, like elsewhere.
   */
  getRequester(requesterId: string): Promise<RequesterDetails | null>;
  /** Checks the webhook's signature in constant time. Never throws. */
  verifyWebhook(request: RawHelpdeskWebhook, now: Date): HelpdeskVerifyResult;
  /** Parses a verified webhook. Events the relay must ignore (its own comments) are dropped here. */
  parseWebhook(request: RawHelpdeskWebhook): HelpdeskParseResult<readonly HelpdeskEvent[]>;
  /**
   * Only for helpdesks whose reply webhook names no reply (Freshdesk; Zendesk's carries the comment
   * id and has no such method): reads which replies a parsed `agent_reply` stands for. Called on the
   * webhook request before it is answered, so it stays cheap (Freshdesk: one API call for tickets up
   * to 100 conversations) and never throws; `found: false` keeps the event's own id.
   */
  resolveAgentReply?(event: AgentReplyEvent): Promise<AgentReplyResolution>;
  /** Creates what the relay needs in the helpdesk (webhook, trigger, fields); idempotent. */
  provision(options: ProvisionOptions): Promise<readonly ProvisionStep[]>;
}
