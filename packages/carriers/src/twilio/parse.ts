// Parses Twilio inbound-message webhooks (carriers.md §1.1) and status callbacks (§1.6).
import type {
  DeliveryStatus,
  InboundMedia,
  InboundMessage,
  ParseResult,
  RawWebhookRequest,
  StatusEvent,
} from '../carrier-adapter.ts';
import { decodeWebhookForm, type FormFields } from './form.ts';

/** §1.1: "Body is the text, up to 1600 chars". Counted in Unicode code points. */
export const BODY_LIMIT = 1600;
/** §1.1: "NumMedia is 0–10". */
export const MEDIA_LIMIT = 10;

/** SM… for SMS, MM… for MMS, then 32 hex digits: 34 characters (§1.1). */
const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;
/** "+" then at most 15 digits, no leading zero (§1.1: From and To are E.164 with +). */
const E164 = /^\+[1-9]\d{1,14}$/;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/;
const MEDIA_FIELD = /^Media(?:Url|ContentType)\d+$/;

/**
 * Twilio MessageStatus (§1.5 enum) → the relay's DeliveryStatus. Statuses outside the relay's set
 * are folded into the nearest one so a legitimate callback is never refused:
 * - `scheduled` is an initial status like `accepted` (§1.6);
 * - `read` (WhatsApp/RCS read receipts) implies delivery;
 * - `partially_delivered` means some segments never arrived: reported as `undelivered` so the agent
 *   hears about it;
 * - `canceled` (a scheduled message that was called off) will never be delivered: `failed`.
 * `receiving`/`received` describe inbound messages and are refused in a status callback.
 */
const STATUS_MAP: Readonly<Record<string, DeliveryStatus>> = {
  accepted: 'accepted',
  scheduled: 'accepted',
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  partially_delivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
};

export function mapTwilioStatus(status: string): DeliveryStatus | undefined {
  return Object.hasOwn(STATUS_MAP, status) ? STATUS_MAP[status] : undefined;
}

/** Whether `text` has more than `limit` code points; stops counting at the limit. */
function codePointsExceed(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
    }
    count += 1;
    if (count > limit) return true;
  }
  return false;
}

/** A value safe to repeat in an error reason (never a phone number or message text). */
function quote(value: string): string {
  return /^[a-z_-]{1,32}$/i.test(value) ? `'${value}'` : 'an unrecognised value';
}

type Fail = { readonly ok: false; readonly reason: string };

function fail(reason: string): Fail {
  return { ok: false, reason };
}

/** Looks fields up by name; a field the parser reads must not repeat. */
class Fields {
  private readonly byName = new Map<string, string[]>();

  constructor(fields: FormFields) {
    for (const [name, value] of fields) {
      const values = this.byName.get(name);
      if (values) values.push(value);
      else this.byName.set(name, [value]);
    }
  }

  names(): IterableIterator<string> {
    return this.byName.keys();
  }

  /** The single value of `name`, undefined when absent, or a failure when repeated. */
  get(name: string): string | undefined | Fail {
    const values = this.byName.get(name);
    if (!values) return undefined;
    if (values.length > 1) return fail(`${name} appears ${values.length} times`);
    return values[0];
  }
}

function isFail(value: unknown): value is Fail {
  return typeof value === 'object' && value !== null && (value as Fail).ok === false;
}

function decode(request: RawWebhookRequest): Fields | Fail {
  try {
    const form = decodeWebhookForm(request);
    return form.ok ? new Fields(form.fields) : fail(form.detail);
  } catch {
    return fail('the request is not a webhook request');
  }
}

/**
 * MessageSid (34 characters, §1.1). Its legacy twins SmsSid/SmsMessageSid are ignored: today's
 * webhooks and callbacks always carry MessageSid, and one name avoids two ids disagreeing.
 */
function messageSidOf(fields: Fields): string | Fail {
  const sid = fields.get('MessageSid');
  if (isFail(sid)) return sid;
  if (sid === undefined) return fail('MessageSid is missing');
  if (!MESSAGE_SID.test(sid)) return fail('MessageSid is not SM or MM followed by 32 hex digits');
  return sid;
}

function e164Of(fields: Fields, name: 'From' | 'To'): string | Fail {
  const value = fields.get(name);
  if (isFail(value)) return value;
  if (value === undefined) return fail(`${name} is missing`);
  if (!E164.test(value)) return fail(`${name} is not an E.164 number`);
  return value;
}

function mediaOf(fields: Fields): InboundMedia[] | Fail {
  const declared = fields.get('NumMedia');
  if (isFail(declared)) return declared;
  if (declared !== undefined && !/^\d{1,2}$/.test(declared))
    return fail('NumMedia is not a number');
  const count = declared === undefined ? 0 : Number(declared);
  if (count > MEDIA_LIMIT) return fail(`NumMedia is ${count}, more than ${MEDIA_LIMIT}`);

  const media: InboundMedia[] = [];
  for (let index = 0; index < count; index += 1) {
    const url = fields.get(`MediaUrl${index}`);
    const contentType = fields.get(`MediaContentType${index}`);
    if (isFail(url)) return url;
    if (isFail(contentType)) return contentType;
    if (url === undefined) return fail(`MediaUrl${index} is missing but NumMedia is ${count}`);
    if (contentType === undefined) {
      return fail(`MediaContentType${index} is missing but NumMedia is ${count}`);
    }
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
      return fail(`MediaUrl${index} is not an http(s) URL`);
    }
    if (!MEDIA_TYPE.test(contentType)) return fail(`MediaContentType${index} is not a media type`);
    media.push({ url, contentType });
  }
  const expected = new Set(media.flatMap((_, i) => [`MediaUrl${i}`, `MediaContentType${i}`]));
  for (const name of fields.names()) {
    if (MEDIA_FIELD.test(name) && !expected.has(name)) {
      return fail(`${name} is present but NumMedia is ${count}`);
    }
  }
  return media;
}

/**
 * An inbound SMS/MMS. Unknown extra parameters are accepted: Twilio adds parameters without
 * notice (§1.1 "Parameters may change").
 */
export function parseTwilioInbound(request: RawWebhookRequest): ParseResult<InboundMessage> {
  const fields = decode(request);
  if (isFail(fields)) return fields;
  const carrierMessageId = messageSidOf(fields);
  if (isFail(carrierMessageId)) return carrierMessageId;
  const from = e164Of(fields, 'From');
  if (isFail(from)) return from;
  const to = e164Of(fields, 'To');
  if (isFail(to)) return to;
  const body = fields.get('Body');
  if (isFail(body)) return body;
  if (body === undefined) return fail('Body is missing');
  if (codePointsExceed(body, BODY_LIMIT)) {
    return fail(`Body is longer than ${BODY_LIMIT} characters`);
  }
  const media = mediaOf(fields);
  if (isFail(media)) return media;
  return { ok: true, value: { carrierMessageId, from, to, body, media } };
}

/** A status callback: MessageSid, MessageStatus and ErrorCode (§1.6; SmsStatus is the legacy twin). */
export function parseTwilioStatus(request: RawWebhookRequest): ParseResult<StatusEvent> {
  const fields = decode(request);
  if (isFail(fields)) return fields;
  const carrierMessageId = messageSidOf(fields);
  if (isFail(carrierMessageId)) return carrierMessageId;
  const twilioStatus = fields.get('MessageStatus');
  if (isFail(twilioStatus)) return twilioStatus;
  if (twilioStatus === undefined) return fail('MessageStatus is missing');
  const status = mapTwilioStatus(twilioStatus);
  if (status === undefined) {
    return fail(
      twilioStatus === 'received' || twilioStatus === 'receiving'
        ? `MessageStatus ${quote(twilioStatus)} describes an inbound message, not a delivery`
        : `MessageStatus ${quote(twilioStatus)} is not a known Twilio status`,
    );
  }
  const errorCode = fields.get('ErrorCode');
  if (isFail(errorCode)) return errorCode;
  if (errorCode !== undefined && errorCode !== '' && !/^\d{1,6}$/.test(errorCode)) {
    return fail('ErrorCode is not a number');
  }
  return {
    ok: true,
    value: {
      carrierMessageId,
      status,
      ...(errorCode === undefined || errorCode === '' ? {} : { errorCode }),
    },
  };
}
