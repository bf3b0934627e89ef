// The Twilio CarrierAdapter: signed webhooks in, Messages API out (carriers.md §1).
import type { CarrierAdapter, WebhookAck } from '../carrier-adapter.ts';
import { describeTwilioError } from './errors.ts';
import { fetchTwilioMedia } from './media.ts';
import { parseTwilioInbound, parseTwilioStatus } from './parse.ts';
import { sendTwilioSms, type TwilioConnection } from './send.ts';
import { verifyTwilioSignature } from './verify.ts';

export interface TwilioAdapterConfig {
  /** AC… of the account (or sub-account) whose numbers receive the texts (§1.4: sub-accounts sign with their own token). */
  readonly accountSid: string;
  readonly authToken: string;
  /** Default https://api.twilio.com; the sandbox's /twilio URL in tests. */
  readonly apiBaseUrl?: string;
  /** Per-request time-out. Default 10 s. */
  readonly requestTimeoutMs?: number;
}

export interface TwilioAdapterDeps {
  readonly fetch: typeof fetch;
  /** Milliseconds since the epoch; only used to honour a Retry-After given as a date. */
  readonly now?: () => number;
}

export const TWILIO_API_BASE_URL = 'https://api.twilio.com';
const DEFAULT_TIMEOUT_MS = 10_000;

/** §1.2: an empty TwiML response with a text/xml content type; anything else logs error 12300. */
const EMPTY_TWIML: WebhookAck = {
  status: 200,
  contentType: 'text/xml',
  body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
};

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

function connectionFrom(config: TwilioAdapterConfig, deps: TwilioAdapterDeps): TwilioConnection {
  const where = 'createTwilioAdapter';
  if (typeof config !== 'object' || config === null) {
    throw new TypeError(`${where}: config must be an object, got ${describe(config)}`);
  }
  if (typeof config.accountSid !== 'string' || !/^AC[0-9a-fA-F]{32}$/.test(config.accountSid)) {
    throw new TypeError(`${where}: accountSid must be AC followed by 32 hex digits`);
  }
  if (typeof config.authToken !== 'string' || config.authToken === '') {
    throw new TypeError(
      `${where}: authToken must be a non-empty string, got ${describe(config.authToken)}`,
    );
  }
  const apiBaseUrl = (config.apiBaseUrl ?? TWILIO_API_BASE_URL).replace(/\/+$/, '');
  if (
    typeof apiBaseUrl !== 'string' ||
    !/^https?:\/\//.test(apiBaseUrl) ||
    !URL.canParse(apiBaseUrl)
  ) {
    throw new TypeError(`${where}: apiBaseUrl must be an absolute http(s) URL`);
  }
  const timeout = config.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout <= 0) {
    throw new TypeError(
      `${where}: requestTimeoutMs must be a positive whole number of milliseconds`,
    );
  }
  if (typeof deps !== 'object' || deps === null || typeof deps.fetch !== 'function') {
    throw new TypeError(`${where}: deps.fetch must be a function`);
  }
  return {
    accountSid: config.accountSid,
    authToken: config.authToken,
    apiBaseUrl,
    requestTimeoutMs: timeout,
    fetch: deps.fetch,
    ...(deps.now ? { now: deps.now } : {}),
  };
}

export function createTwilioAdapter(
  config: TwilioAdapterConfig,
  deps: TwilioAdapterDeps,
): CarrierAdapter {
  const connection = connectionFrom(config, deps);
  return {
    id: 'twilio',
    verifyWebhook: (request) => verifyTwilioSignature(connection.authToken, request),
    parseInbound: parseTwilioInbound,
    parseStatus: parseTwilioStatus,
    inboundAck: () => EMPTY_TWIML,
    send: (message) => sendTwilioSms(connection, message),
    fetchMedia: (media) => fetchTwilioMedia(connection, media),
    describeError: describeTwilioError,
  };
}
