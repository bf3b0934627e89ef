// The carrier-neutral contract the relay speaks: verify and parse webhooks, send SMS, fetch media.

/** A webhook request exactly as received, before any body parsing. */
export interface RawWebhookRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /**
   * The absolute URL the carrier called, rebuilt from the configured public URL (never guessed from
   * Host or X-Forwarded-* headers), including the query string exactly as received.
   */
  readonly publicUrl: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body bytes. */
  readonly rawBody: Buffer;
}

export type WebhookRejectionReason =
  | 'missing_signature'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'malformed_body'
  | 'unsupported_media_type';

export type VerifyResult =
  { readonly ok: true } | { readonly ok: false; readonly reason: WebhookRejectionReason };

export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export interface InboundMedia {
  readonly url: string;
  readonly contentType: string;
}

/** A customer's message, normalised from any carrier. */
export interface InboundMessage {
  /** The carrier's unique id for this message (Twilio MessageSid); the idempotency key. */
  readonly carrierMessageId: string;
  /** Customer number, E.164. */
  readonly from: string;
  /** Business number, E.164. */
  readonly to: string;
  readonly body: string;
  readonly media: readonly InboundMedia[];
}

/**
 * Delivery states in the order they can only move forward. Terminal states are final.
 * Twilio MessageStatus values: carriers.md §1.5.
 */
export const DELIVERY_STATUSES = [
  'accepted',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const TERMINAL_DELIVERY_STATUSES: ReadonlySet<DeliveryStatus> = new Set([
  'delivered',
  'undelivered',
  'failed',
]);

export interface StatusEvent {
  readonly carrierMessageId: string;
  readonly status: DeliveryStatus;
  /** The carrier's error code, when the carrier reported one. */
  readonly errorCode?: string;
}

/** What a carrier error means for the relay and, in plain words, for the agent. */
export type CarrierErrorCategory =
  | 'opted_out'
  | 'invalid_number'
  | 'landline'
  | 'unreachable'
  | 'filtered'
  | 'rate_limited'
  | 'carrier_unavailable'
  | 'auth'
  | 'rejected'
  | 'unknown';

export interface CarrierError {
  readonly code: string;
  readonly category: CarrierErrorCategory;
  /** Whether sending again later may succeed. */
  readonly retryable: boolean;
  /** One sentence an agent understands, without jargon. */
  readonly agentMessage: string;
  /** Milliseconds the carrier asked us to wait (Retry-After), when it did. */
  readonly retryAfterMs?: number;
}

export interface OutboundSms {
  /** Business number, E.164. */
  readonly from: string;
  /** Customer number, E.164. */
  readonly to: string;
  readonly body: string;
  /** Absolute URL the carrier posts status callbacks to. */
  readonly statusCallbackUrl?: string;
}

export type SendResult =
  | { readonly ok: true; readonly carrierMessageId: string; readonly status: DeliveryStatus }
  | { readonly ok: false; readonly error: CarrierError };

export interface FetchedMedia {
  readonly data: Buffer;
  readonly contentType: string;
  readonly filename: string;
}

/** The immediate HTTP answer to an inbound webhook (Twilio wants empty TwiML, carriers.md §1.2). */
export interface WebhookAck {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface CarrierAdapter {
  readonly id: string;
  /** Checks the webhook's signature in constant time. Never throws. */
  verifyWebhook(request: RawWebhookRequest): VerifyResult;
  /** Parses an inbound-message webhook that already passed verification. Never throws. */
  parseInbound(request: RawWebhookRequest): ParseResult<InboundMessage>;
  /** Parses a status-callback webhook that already passed verification. Never throws. */
  parseStatus(request: RawWebhookRequest): ParseResult<StatusEvent>;
  /** The acknowledgement sent after an inbound message is committed. */
  inboundAck(): WebhookAck;
  /** Sends one SMS. Resolves with a typed error for carrier and network failures; never rejects. */
  send(message: OutboundSms): Promise<SendResult>;
  /** Downloads an inbound media item with the carrier's credentials. Rejects on failure. */
  fetchMedia(media: InboundMedia): Promise<FetchedMedia>;
  /** Maps a carrier error code to its category and plain words. */
  describeError(code: string): CarrierError;
}
