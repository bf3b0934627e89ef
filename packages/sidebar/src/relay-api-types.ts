// What the relay's app API answers, as the sidebar apps read it (docs/app-api.md; server/src/http/app-api-schemas.ts).

/** The customer's consent to support texts (docs/app-api.md, `consent`). */
export type ConsentStatus = 'opted_in' | 'opted_out' | 'implied' | 'unknown';

export interface ConsentDecidingEvent {
  readonly kind: string;
  readonly source: string;
  readonly keyword: string | null;
  readonly at: string;
}

export interface Consent {
  readonly status: ConsentStatus;
  /** Whether an agent reply would be sent now; `false` means the save hook should block. */
  readonly canSend: boolean;
  readonly since: string | null;
  readonly decidingEvent: ConsentDecidingEvent | null;
}

export interface Conversation {
  /** Already masked by the relay (`+1415***0123`). */
  readonly customerPhoneMasked: string;
  readonly businessNumber: string;
  readonly ticketId: string;
  readonly ticketStatus: string | null;
  readonly createdAt: string;
}

export interface ConversationView {
  readonly conversation: Conversation;
  readonly consent: Consent;
  /**
   * The bot session that led to this ticket; null when the bot never talked in it. An older relay
   * leaves it out: read it through `botSummaryOf`, which checks it and treats missing as null.
   */
  readonly bot?: BotView | null;
}

/** Where the bot's session stands: still talking, answered it alone, or passed it to an agent. */
export type BotStatus = 'active' | 'resolved' | 'handed_off';

/** The SLA tier the ticket got on hand-off: P1 urgent, P2 billing or dispute, P3 general. */
export type BotSlaTier = 'P1' | 'P2' | 'P3';

/** One message of the bot session; customer texts come already redacted ("[card number removed]"). */
export interface BotTurn {
  /** ISO 8601. */
  readonly at: string;
  readonly from: 'customer' | 'bot';
  readonly text: string;
}

/** The conversation view's `bot`: the bot session behind the ticket. */
export interface BotView {
  readonly status: BotStatus;
  /**
   * The intent the bot settled on (order_status, password_reset, profile_update, close_account,
   * billing, technical_issue, hours_location, agent, greeting, thanks); null when none.
   */
  readonly intent: string | null;
  /** Why it handed off (customer_asked, order_not_found...); only when `status` is handed_off. */
  readonly handoffReason: string | null;
  readonly slaTier: BotSlaTier | null;
  /** ISO 8601. */
  readonly startedAt: string;
  /** ISO 8601. */
  readonly updatedAt: string;
  /** Every turn, oldest first. */
  readonly transcript: readonly BotTurn[];
}

export interface ConsentEvent {
  readonly at: string;
  readonly scope: string;
  readonly kind: string;
  readonly source: string;
  readonly keyword: string | null;
  readonly text: string | null;
  readonly ref: string | null;
  readonly detail: string | null;
}

export interface Delivery {
  readonly id: number;
  readonly createdAt: string;
  readonly origin: string | null;
  readonly authorName: string | null;
  readonly status: string;
  readonly errorCode: string | null;
  /** Why it was not sent or not delivered, in plain words; null while on its way or delivered. */
  readonly plainReason: string | null;
  readonly segments: number | null;
}

/** Categories of quick replies (server/src/config/quick-replies.ts). */
export type QuickReplyCategory =
  'general_inquiry' | 'order_status' | 'technical' | 'billing' | 'outage';

/** The only placeholders a quick reply may use (server/src/config/quick-replies.ts). */
export const QUICK_REPLY_VARIABLES = ['first_name', 'order_id', 'agent_name'] as const;
export type QuickReplyVariable = (typeof QUICK_REPLY_VARIABLES)[number];

export interface QuickReply {
  readonly id: string;
  readonly category: QuickReplyCategory;
  readonly title: string;
  readonly body: string;
  readonly variables: readonly QuickReplyVariable[];
  readonly encoding: 'GSM-7' | 'UCS-2';
  /** Segments of the script as written, placeholders counted as typed. */
  readonly segments: number;
}

/**
 * `POST /conversations/by-ticket/{ticketId}/messages`: an agent's text sent from the sidebar (the
 * Freshdesk app's SMS composer). The relay checks consent, PII and length again before sending.
 */
export interface SendSmsRequest {
  /** 1 to SEND_SMS_MAX_TEXT_LENGTH characters, not only spaces. */
  readonly text: string;
  /** Who sent it, 1 to 100 characters: the relay writes "Sent by SMS by <agentName>" on the ticket. */
  readonly agentName: string;
  /** Idempotency key (SEND_SMS_REQUEST_ID): the same id twice sends once. */
  readonly requestId: string;
}

/** Longest text the send route accepts, in UTF-16 code units (JavaScript string length). */
export const SEND_SMS_MAX_TEXT_LENGTH = 1600;
export const SEND_SMS_MAX_AGENT_NAME_LENGTH = 100;
export const SEND_SMS_REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** 202 (queued) and 200 (this requestId was already used: what the first request got). */
export interface SendSmsAnswer {
  readonly delivery: Delivery;
}

/** Why the relay refused to send (409 `opted_out`, 422 `pii_blocked` / `too_long`). */
export type SendSmsRefusalCode = 'opted_out' | 'pii_blocked' | 'too_long';

/** Every failure answer of the app API; send refusals carry a `code`. */
export interface RelayErrorAnswer {
  readonly error: string;
  readonly code?: string;
}
