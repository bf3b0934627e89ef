// HTTP to the Zendesk Support API: API-token auth, time-outs, and failures as HelpdeskApiError.
import { HelpdeskApiError } from '../helpdesk-adapter.ts';
import { exchange, maskPii, parseRetryAfter } from '../http-exchange.ts';

export interface ZendeskHttpConfig {
  /** e.g. https://acme.zendesk.com, without trailing slash. */
  readonly apiBaseUrl: string;
  readonly email: string;
  readonly apiToken: string;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
}

export interface ZendeskResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface ZendeskRequest {
  readonly query?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly raw?: { readonly data: Buffer; readonly contentType: string };
  /** Statuses handed back to the caller instead of thrown (e.g. 404 for "not found"). */
  readonly accept?: readonly number[];
}

export type ZendeskHttp = (
  method: string,
  path: string,
  request?: ZendeskRequest,
) => Promise<ZendeskResponse>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Zendesk's error text: `error`, `description` and each `details.<field>[].description`. */
export function zendeskErrorText(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 200);
  if (!isRecord(body)) return '';
  const parts: string[] = [];
  const error = body.error;
  if (typeof error === 'string') parts.push(error);
  else if (isRecord(error)) {
    for (const key of ['title', 'message']) {
      const value = error[key];
      if (typeof value === 'string') parts.push(value);
    }
  }
  if (typeof body.description === 'string') parts.push(body.description);
  if (isRecord(body.details)) {
    for (const [field, list] of Object.entries(body.details)) {
      const items = Array.isArray(list) ? list : [list];
      for (const item of items) {
        if (isRecord(item) && typeof item.description === 'string') {
          parts.push(`${field}: ${item.description}`);
        }
      }
    }
  }
  return parts.join('; ');
}

/** 409 (conflicting update), 429 and 5xx may succeed later; other 4xx never will. */
function isRetryable(status: number): boolean {
  return status === 409 || status === 429 || status >= 500;
}

export function createZendeskHttp(config: ZendeskHttpConfig): ZendeskHttp {
  const authorization = `Basic ${Buffer.from(`${config.email}/token:${config.apiToken}`).toString('base64')}`;

  return async function request(method, path, options = {}) {
    // The label names the route only: query strings can carry phone numbers (user search).
    const label = `${method} ${path}`;
    const url = new URL(`${config.apiBaseUrl}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {}))
      url.searchParams.set(key, value);
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    let body: string | Buffer | undefined;
    if (options.raw !== undefined) {
      headers['content-type'] = options.raw.contentType;
      body = options.raw.data;
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }

    const { response, body: parsed } = await exchange(
      config.fetch,
      url,
      { method, headers, body },
      config.timeoutMs,
      `Zendesk ${label}`,
    );
    if (
      (response.status >= 200 && response.status < 300) ||
      options.accept?.includes(response.status)
    ) {
      return { status: response.status, body: parsed };
    }

    const detail = maskPii(zendeskErrorText(parsed)).slice(0, 300);
    const closed =
      response.status === 422 && /closed prevents ticket update/i.test(zendeskErrorText(parsed));
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), config.now());
    throw new HelpdeskApiError(
      `Zendesk ${label} answered ${response.status}${detail === '' ? '' : `: ${detail}`}`,
      {
        status: response.status,
        retryable: isRetryable(response.status),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        ticketClosed: closed,
      },
    );
  };
}
