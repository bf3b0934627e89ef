// Sends one SMS through the Twilio Messages API (carriers.md §1.5) and types every failure.
import type { CarrierError, OutboundSms, SendResult } from '../carrier-adapter.ts';
import {
  describeTwilioError,
  NETWORK_ERROR_CODE,
  TIMEOUT_ERROR_CODE,
  UNEXPECTED_RESPONSE_CODE,
} from './errors.ts';
import { mapTwilioStatus } from './parse.ts';

export interface TwilioConnection {
  readonly accountSid: string;
  readonly authToken: string;
  /** No trailing slash. */
  readonly apiBaseUrl: string;
  readonly requestTimeoutMs: number;
  readonly fetch: typeof fetch;
  /** Only needed to honour a Retry-After given as an HTTP date. */
  readonly now?: () => number;
}

export function basicAuth(connection: TwilioConnection): string {
  return `Basic ${Buffer.from(`${connection.accountSid}:${connection.authToken}`).toString('base64')}`;
}

/** Retry-After in seconds, or as an HTTP date when a clock was injected (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now?: () => number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!now) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now());
}

function withRetryAfter(error: CarrierError, ms: number | undefined): CarrierError {
  return ms === undefined ? error : { ...error, retryAfterMs: ms };
}

/** The `code` of a Twilio JSON error body `{code, message, more_info, status}` (§1.5). */
function twilioCodeOf(body: unknown): string | undefined {
  const code = (body as { code?: unknown } | null)?.code;
  return typeof code === 'number' || (typeof code === 'string' && /^\d+$/.test(code))
    ? String(code)
    : undefined;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}

function requireText(name: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new TypeError(
      `send: ${name} must be a string, got ${value === null ? 'null' : typeof value}`,
    );
  }
  return value;
}

/** Typed errors for every failure: HTTP 429 and 5xx, network and time-out are retryable. */
async function interpret(connection: TwilioConnection, response: Response): Promise<SendResult> {
  const body = await readJson(response);
  if (response.ok) {
    const { sid, status } = (body ?? {}) as { sid?: unknown; status?: unknown };
    if (typeof sid !== 'string' || !/^(SM|MM)[0-9a-fA-F]{32}$/.test(sid)) {
      return { ok: false, error: describeTwilioError(UNEXPECTED_RESPONSE_CODE) };
    }
    const mapped = typeof status === 'string' ? mapTwilioStatus(status) : undefined;
    return { ok: true, carrierMessageId: sid, status: mapped ?? 'queued' };
  }
  const wait = retryAfterMs(response.headers.get('retry-after'), connection.now);
  const httpCode = `http_${response.status}`;
  const code = twilioCodeOf(body);
  if (response.status === 429 || response.status >= 500) {
    // The category follows the HTTP status; the Twilio code, when given, is kept for the record.
    const error = describeTwilioError(httpCode);
    return { ok: false, error: withRetryAfter({ ...error, code: code ?? httpCode }, wait) };
  }
  if (response.status === 401 || response.status === 403) {
    return { ok: false, error: { ...describeTwilioError(httpCode), code: code ?? httpCode } };
  }
  return { ok: false, error: withRetryAfter(describeTwilioError(code ?? httpCode), wait) };
}

export async function sendTwilioSms(
  connection: TwilioConnection,
  message: OutboundSms,
): Promise<SendResult> {
  if (typeof message !== 'object' || message === null) {
    throw new TypeError(
      `send: message must be an object, got ${message === null ? 'null' : typeof message}`,
    );
  }
  // Wire names from §1.5; From is the business number of the conversation.
  const form = new URLSearchParams({
    To: requireText('to', message.to),
    From: requireText('from', message.from),
    Body: requireText('body', message.body),
  });
  if (message.statusCallbackUrl !== undefined) {
    form.set('StatusCallback', requireText('statusCallbackUrl', message.statusCallbackUrl));
  }
  const url = `${connection.apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(connection.accountSid)}/Messages.json`;
  let response: Response;
  try {
    response = await connection.fetch(url, {
      method: 'POST',
      headers: {
        authorization: basicAuth(connection),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form.toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(connection.requestTimeoutMs),
    });
  } catch (error) {
    // A time-out may hide an accepted send; retrying risks a duplicate text, losing it is worse.
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return {
      ok: false,
      error: describeTwilioError(timedOut ? TIMEOUT_ERROR_CODE : NETWORK_ERROR_CODE),
    };
  }
  try {
    return await interpret(connection, response);
  } catch {
    // The body stream broke (time-out while reading): the outcome is unknown.
    return { ok: false, error: describeTwilioError(UNEXPECTED_RESPONSE_CODE) };
  }
}
