// The Twilio stand-in: Messages API, inbound webhooks, status callbacks and fault injection (carriers.md §1).
import type express from 'express';
import {
  createCallbackDispatcher,
  type CallbackDelivery,
  type CallbackMode,
  type PlannedStatus,
} from './callbacks.ts';
import { createControlRouter } from './control.ts';
import {
  DuplicateMessageError,
  E164,
  mediaPath,
  UnknownMessageError,
  type Outage,
  type TwilioStandInCore,
} from './core.ts';
import { inboundWebhookFields, INBOUND_MEDIA_LIMIT, truncateInboundBody } from './inbound.ts';
import { createMessagesApi } from './messages-api.ts';
import {
  isTwilioMessageStatus,
  toInboundLogEntry,
  toOutboxMessage,
  type InboundLogEntry,
  type InboundRecord,
  type OutboxMessage,
  type StoredMedia,
  type StoredMessage,
  type TwilioMessageStatus,
} from './model.ts';
import { encodeForm, twilioSignature, type FormFields } from './signature.ts';
import { isSid, newSid } from './sids.ts';
import { postSignedForm, signedUrl, type WebhookAnswer } from './webhook-client.ts';

export type { CallbackDelivery, CallbackMode, PlannedStatus } from './callbacks.ts';
export type { Outage } from './core.ts';
export { DuplicateMessageError, UnknownMessageError } from './core.ts';
export { WebhookDeliveryError, type WebhookAnswer } from './webhook-client.ts';
export type { InboundLogEntry, OutboxMessage, TwilioMessageStatus } from './model.ts';
export { TWILIO_MESSAGE_STATUSES } from './model.ts';
export type { FormFields } from './signature.ts';
export { decodeForm, encodeForm, twilioSignature } from './signature.ts';

export interface TwilioStandInOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** The business numbers and the URL Twilio posts their inbound SMS to (the Console setting). */
  readonly numbers: readonly { readonly number: string; readonly smsUrl: string }[];
  /** Whether media downloads need HTTP basic auth, a Console setting (§1.1 "Media access"). Default true. */
  readonly mediaRequiresAuth?: boolean;
  /** Pause before each automatic status callback. Default 20 ms. */
  readonly statusCallbackDelayMs?: number;
}

export interface TwilioStandInContext {
  /** Absolute URL the API router is mounted at; used in media URLs. */
  readonly baseUrl: string;
  /** For webhooks and callbacks; the global fetch by default. */
  readonly fetch?: typeof fetch;
  /** Time-out of each webhook and callback post. Default 15 s, Twilio's default (§1.3). */
  readonly webhookTimeoutMs?: number;
}

/** A text from a customer's phone to a business number. */
export interface CustomerText {
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly media?: readonly { readonly contentType: string; readonly data: Buffer }[];
  /** Defaults to a fresh SM… (or MM… with media) SID. */
  readonly messageSid?: string;
}

/** The relay's answer to an inbound webhook. */
export interface InboundResult extends WebhookAnswer {
  readonly messageSid: string;
}

/** An inbound webhook exactly as Twilio would post it, not yet sent. */
export interface PreparedWebhook {
  readonly messageSid: string;
  /** The URL posted to and signed (the number's SMS URL without any fragment). */
  readonly url: string;
  readonly fields: FormFields;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: Buffer;
}

export interface TwilioStandIn {
  /** Mount at /twilio; the adapter's API base URL. */
  readonly api: express.Router;
  /** Mount at /_sandbox/twilio; the same controls over HTTP JSON. */
  readonly control: express.Router;
  /** The customer texts a business number: the signed webhook is posted to the number's SMS URL. */
  sendInbound(text: CustomerText): Promise<InboundResult>;
  /** Builds (and records, so media and replays work) the webhook `sendInbound` would post. */
  prepareInbound(text: CustomerText): PreparedWebhook;
  /** Posts an earlier inbound webhook again, byte for byte, as Twilio's retries do (§1.3). */
  replayInbound(messageSid: string): Promise<InboundResult>;
  /** Messages sent through the API; what the customer's phone received is those not failed. */
  outbox(): OutboxMessage[];
  /** Texts customers sent to business numbers, oldest first (what their phones show as sent). */
  inboundLog(): InboundLogEntry[];
  /** 21xxx: the send is refused with HTTP 400 and that code; 30xxx: accepted, then reported failed. */
  failNumber(number: string, errorCode: number): void;
  setOutage(outage: Outage | null): void;
  /** Clears number faults and any outage. */
  clearFaults(): void;
  setCallbackMode(mode: CallbackMode): void;
  /** Reports a status for a sent message now (any order), posting its callback if it has one. */
  emitStatus(
    messageSid: string,
    status: TwilioMessageStatus,
    errorCode?: number,
  ): Promise<CallbackDelivery | undefined>;
  /** Statuses planned but not reported yet (in manual mode they wait for `emitStatus`). */
  pendingCallbacks(): PlannedStatus[];
  /** Status callbacks posted so far, in order. */
  callbackDeliveries(): CallbackDelivery[];
  /** Resolves once every automatic status callback has been posted and answered. */
  settle(): Promise<void>;
  /** X-Twilio-Signature for these fields posted to `url` with this account's token. */
  sign(url: string, fields: FormFields): string;
  /** Forgets messages, media, faults and pending callbacks; back to automatic callbacks. */
  reset(): void;
  /** Cancels pending callbacks and waits for those in flight. */
  close(): Promise<void>;
}

function requireString(where: string, name: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new TypeError(
      `${where}: ${name} must be a string, got ${value === null ? 'null' : typeof value}`,
    );
  }
  return value;
}

function validateOptions(options: TwilioStandInOptions): void {
  const where = 'createTwilioStandIn';
  if (!/^AC[0-9a-f]{32}$/.test(requireString(where, 'accountSid', options.accountSid))) {
    throw new TypeError(`${where}: accountSid must be AC followed by 32 lower-case hex digits`);
  }
  if (requireString(where, 'authToken', options.authToken).length === 0) {
    throw new TypeError(`${where}: authToken must not be empty`);
  }
  if (!Array.isArray(options.numbers) || options.numbers.length === 0) {
    throw new TypeError(`${where}: numbers must be a non-empty array`);
  }
  for (const { number, smsUrl } of options.numbers) {
    if (!E164.test(requireString(where, 'numbers[].number', number))) {
      throw new TypeError(`${where}: ${number} is not an E.164 number`);
    }
    if (!URL.canParse(requireString(where, 'numbers[].smsUrl', smsUrl))) {
      throw new TypeError(`${where}: smsUrl of ${number} is not an absolute URL`);
    }
  }
}

/** Codes failNumber understands: send-time 21xxx and delivery-time 30xxx (§1.6). */
export function validateFault(
  number: unknown,
  errorCode: unknown,
): { number: string; errorCode: number } {
  if (typeof number !== 'string' || !E164.test(number)) {
    throw new TypeError('failNumber: number must be an E.164 string such as +15551234567');
  }
  if (typeof errorCode !== 'number' || !Number.isInteger(errorCode)) {
    throw new TypeError('failNumber: errorCode must be an integer Twilio error code');
  }
  if (!(errorCode >= 21000 && errorCode < 22000) && !(errorCode >= 30000 && errorCode < 31000)) {
    throw new RangeError(
      'failNumber: errorCode must be a 21xxx (refused) or 30xxx (undelivered) code',
    );
  }
  return { number, errorCode };
}

export function validateOutage(outage: unknown): Outage | null {
  if (outage === null) return null;
  const { status, retryAfterSeconds } = (outage ?? {}) as Record<string, unknown>;
  if (status !== 500 && status !== 503 && status !== 429) {
    throw new TypeError('setOutage: status must be 500, 503 or 429');
  }
  if (retryAfterSeconds === undefined) return { status };
  if (
    typeof retryAfterSeconds !== 'number' ||
    !Number.isInteger(retryAfterSeconds) ||
    retryAfterSeconds < 0
  ) {
    throw new TypeError('setOutage: retryAfterSeconds must be a whole number of seconds');
  }
  return { status, retryAfterSeconds };
}

export function createTwilioStandIn(
  options: TwilioStandInOptions,
  context: TwilioStandInContext,
): TwilioStandIn {
  validateOptions(options);
  const baseUrl = context.baseUrl.replace(/\/+$/, '');
  const fetchImpl = context.fetch ?? fetch;
  const timeoutMs = context.webhookTimeoutMs ?? 15_000;
  const now = () => new Date();
  const messages = new Map<string, StoredMessage>();
  const inbound = new Map<string, InboundRecord>();

  const core: TwilioStandInCore = {
    accountSid: options.accountSid,
    authToken: options.authToken,
    baseUrl,
    mediaRequiresAuth: options.mediaRequiresAuth ?? true,
    numbers: new Map(options.numbers.map(({ number, smsUrl }) => [number, smsUrl])),
    messages,
    media: new Map(),
    faults: new Map(),
    outage: null,
    callbacks: createCallbackDispatcher({
      accountSid: options.accountSid,
      authToken: options.authToken,
      fetch: fetchImpl,
      delayMs: options.statusCallbackDelayMs ?? 20,
      timeoutMs,
      now,
      findMessage: (sid) => messages.get(sid),
    }),
    now,
  };

  function prepareInbound(text: CustomerText): PreparedWebhook {
    const where = 'sendInbound';
    if (typeof text !== 'object' || text === null)
      throw new TypeError(`${where}: expected an object`);
    const from = requireString(where, 'from', text.from);
    const to = requireString(where, 'to', text.to);
    const body = truncateInboundBody(requireString(where, 'body', text.body));
    if (!E164.test(from)) throw new TypeError(`${where}: from must be an E.164 number`);
    const smsUrl = core.numbers.get(to);
    if (!smsUrl)
      throw new TypeError(`${where}: ${to} is not one of the stand-in's business numbers`);
    const media: unknown = text.media ?? [];
    if (!Array.isArray(media) || media.length > INBOUND_MEDIA_LIMIT) {
      throw new RangeError(
        `${where}: media must be an array of at most ${INBOUND_MEDIA_LIMIT} items`,
      );
    }
    const items = (media as unknown[]).map((item) => {
      const { contentType, data } = (item ?? {}) as { contentType?: unknown; data?: unknown };
      if (!/^[\w.+-]+\/[\w.+-]+$/.test(requireString(where, 'media[].contentType', contentType))) {
        throw new TypeError(`${where}: media contentType must look like type/subtype`);
      }
      if (!Buffer.isBuffer(data)) throw new TypeError(`${where}: media data must be a Buffer`);
      return { contentType: contentType as string, data };
    });
    const messageSid = text.messageSid ?? newSid(items.length > 0 ? 'MM' : 'SM');
    if (!isSid(requireString(where, 'messageSid', messageSid), ['SM', 'MM'])) {
      throw new TypeError(
        `${where}: messageSid must be SM or MM followed by 32 lower-case hex digits`,
      );
    }
    if (inbound.has(messageSid)) {
      throw new DuplicateMessageError(
        `${where}: ${messageSid} was already sent; use replayInbound to deliver it again`,
      );
    }

    const stored: StoredMedia[] = items.map((item) => ({
      sid: newSid('ME'),
      messageSid,
      contentType: item.contentType,
      data: item.data,
    }));
    for (const item of stored) core.media.set(item.sid, item);
    const fields = inboundWebhookFields({
      accountSid: core.accountSid,
      messageSid,
      from,
      to,
      body,
      media: stored,
      mediaUrl: (item) => baseUrl + mediaPath(core.accountSid, item),
    });
    const url = signedUrl(smsUrl);
    inbound.set(messageSid, { messageSid, url, fields, createdAt: now() });
    return {
      messageSid,
      url,
      fields,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(core.authToken, url, fields),
      },
      rawBody: Buffer.from(encodeForm(fields), 'utf8'),
    };
  }

  async function post(
    record: Pick<InboundRecord, 'messageSid' | 'url' | 'fields'>,
  ): Promise<InboundResult> {
    const answer = await postSignedForm({
      fetch: fetchImpl,
      authToken: core.authToken,
      url: record.url,
      fields: record.fields,
      timeoutMs,
    });
    return { messageSid: record.messageSid, ...answer };
  }

  const standIn: Omit<TwilioStandIn, 'control'> = {
    api: createMessagesApi(core),
    async sendInbound(text) {
      const prepared = prepareInbound(text);
      return post({ messageSid: prepared.messageSid, url: prepared.url, fields: prepared.fields });
    },
    prepareInbound,
    async replayInbound(messageSid) {
      const record = inbound.get(requireString('replayInbound', 'messageSid', messageSid));
      if (!record) throw new UnknownMessageError(`replayInbound: no inbound message ${messageSid}`);
      return post(record);
    },
    outbox: () => [...messages.values()].map(toOutboxMessage),
    inboundLog: () => [...inbound.values()].map(toInboundLogEntry),
    failNumber(number, errorCode) {
      const fault = validateFault(number, errorCode);
      core.faults.set(fault.number, fault.errorCode);
    },
    setOutage(outage) {
      core.outage = validateOutage(outage);
    },
    clearFaults() {
      core.faults.clear();
      core.outage = null;
    },
    setCallbackMode(mode) {
      if (mode !== 'auto' && mode !== 'manual') {
        throw new TypeError("setCallbackMode: mode must be 'auto' or 'manual'");
      }
      core.callbacks.setMode(mode);
    },
    async emitStatus(messageSid, status, errorCode) {
      if (!messages.has(requireString('emitStatus', 'messageSid', messageSid))) {
        throw new UnknownMessageError(`emitStatus: no sent message ${messageSid}`);
      }
      if (!isTwilioMessageStatus(status)) {
        throw new TypeError(
          `emitStatus: status must be a Twilio MessageStatus, got ${String(status)}`,
        );
      }
      if (
        errorCode !== undefined &&
        (typeof errorCode !== 'number' || !Number.isInteger(errorCode))
      ) {
        throw new TypeError('emitStatus: errorCode must be an integer');
      }
      return core.callbacks.emit(messageSid, status, errorCode);
    },
    pendingCallbacks: () => core.callbacks.pending(),
    callbackDeliveries: () => core.callbacks.deliveries(),
    settle: () => core.callbacks.settle(),
    sign: (url, fields) => twilioSignature(core.authToken, url, fields),
    reset() {
      messages.clear();
      inbound.clear();
      core.media.clear();
      core.faults.clear();
      core.outage = null;
      core.callbacks.reset();
      core.callbacks.setMode('auto');
    },
    close: () => core.callbacks.close(),
  };
  return { ...standIn, control: createControlRouter(standIn, core) };
}
