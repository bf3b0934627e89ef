// The inbound-message webhook Twilio posts when a customer texts a business number (carriers.md §1.1).
import type { StoredMedia } from './model.ts';
import { countSegments } from './segments.ts';
import type { FormFields } from './signature.ts';

/** Twilio truncates inbound bodies to 1,600 characters (support article 360033806753, §1.1). */
export const INBOUND_BODY_LIMIT = 1600;
/** "NumMedia is 0–10" (§1.1). */
export const INBOUND_MEDIA_LIMIT = 10;

/** Country codes we can name for the FromCountry/ToCountry geo fields; others are left empty. */
const COUNTRY_BY_CALLING_CODE: readonly (readonly [string, string])[] = [
  ['+1', 'US'],
  ['+33', 'FR'],
  ['+34', 'ES'],
  ['+44', 'GB'],
  ['+49', 'DE'],
  ['+52', 'MX'],
];

function countryOf(number: string): string {
  return COUNTRY_BY_CALLING_CODE.find(([prefix]) => number.startsWith(prefix))?.[1] ?? '';
}

export interface InboundWebhookInput {
  readonly accountSid: string;
  readonly messageSid: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly media: readonly StoredMedia[];
  /** Absolute URL of a media item, as the stand-in serves it. */
  readonly mediaUrl: (media: StoredMedia) => string;
}

/**
 * The parameters in the order of the captured payloads in §1.1; geo fields are sent "if available",
 * so only the country is filled in and city/state/zip are empty, as Twilio sends them when unknown.
 */
export function inboundWebhookFields(input: InboundWebhookInput): FormFields {
  const fields: [string, string][] = [];
  input.media.forEach((item, index) => {
    fields.push([`MediaContentType${index}`, item.contentType]);
  });
  fields.push(
    ['ToCountry', countryOf(input.to)],
    ['ToState', ''],
    ['SmsMessageSid', input.messageSid],
    ['NumMedia', String(input.media.length)],
    ['ToCity', ''],
    ['FromZip', ''],
    ['SmsSid', input.messageSid],
    ['FromState', ''],
    ['SmsStatus', 'received'],
    ['FromCity', ''],
    ['Body', input.body],
    ['FromCountry', countryOf(input.from)],
    ['To', input.to],
    ['ToZip', ''],
    ['NumSegments', String(input.media.length > 0 ? 1 : countSegments(input.body))],
    ['ReferralNumMedia', '0'],
    ['MessageSid', input.messageSid],
    ['AccountSid', input.accountSid],
    ['From', input.from],
    ['ApiVersion', '2010-04-01'],
  );
  input.media.forEach((item, index) => {
    fields.push([`MediaUrl${index}`, input.mediaUrl(item)]);
  });
  return fields;
}

/** Cuts a body to Twilio's inbound limit without splitting a surrogate pair. */
export function truncateInboundBody(body: string): string {
  const codePoints = Array.from(body);
  return codePoints.length <= INBOUND_BODY_LIMIT
    ? body
    : codePoints.slice(0, INBOUND_BODY_LIMIT).join('');
}
