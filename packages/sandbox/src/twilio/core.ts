// The stand-in's state: configured numbers, sent messages, inbound media, faults and callbacks.
import type { CallbackDispatcher } from './callbacks.ts';
import type { StoredMedia, StoredMessage } from './model.ts';

/** A Messages API outage (§1.5: the API answers 429 or 5xx with a JSON error). */
export interface Outage {
  readonly status: 500 | 503 | 429;
  readonly retryAfterSeconds?: number;
}

export interface TwilioStandInCore {
  readonly accountSid: string;
  readonly authToken: string;
  /** Where the stand-in's API is mounted, e.g. http://127.0.0.1:4010/twilio. */
  readonly baseUrl: string;
  readonly mediaRequiresAuth: boolean;
  /** Business number (E.164) → the URL Twilio posts inbound SMS to. */
  readonly numbers: ReadonlyMap<string, string>;
  readonly messages: Map<string, StoredMessage>;
  readonly media: Map<string, StoredMedia>;
  /** Customer number → Twilio error code that sending to it produces. */
  readonly faults: Map<string, number>;
  outage: Outage | null;
  readonly callbacks: CallbackDispatcher;
  readonly now: () => Date;
}

/** "+ followed by the country code and subscriber number", at most 15 digits (21211 page). */
export const E164 = /^\+[1-9]\d{1,14}$/;

/** Path of a media item under the API, as Twilio builds MediaUrl{i} (§1.1, Media subresource). */
export function mediaPath(accountSid: string, media: StoredMedia): string {
  return `/2010-04-01/Accounts/${accountSid}/Messages/${media.messageSid}/Media/${media.sid}`;
}

/** An operation named a message the stand-in does not know (the control API answers 404). */
export class UnknownMessageError extends Error {
  override readonly name = 'UnknownMessageError';
}

/** An inbound MessageSid was used twice; replays go through `replayInbound` (the control API answers 409). */
export class DuplicateMessageError extends Error {
  override readonly name = 'DuplicateMessageError';
}
