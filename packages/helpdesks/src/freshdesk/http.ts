// HTTP to the Freshdesk REST API v2: API-key auth, rate-limit pacing, failures as HelpdeskApiError.
import { HelpdeskApiError } from '../helpdesk-adapter.ts';
import { exchange, maskPii, parseRetryAfter } from '../http-exchange.ts';

export interface FreshdeskHttpConfig {
  /** e.g. https://acme.freshdesk.com, without trailing slash. */
  readonly apiBaseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  /** Calls kept free for everyone else on the account (agents, other apps, webhooks). */
  readonly reserve: number | undefined;
  /** The longest pause before one call while pacing. */
  readonly maxPaceDelayMs: number;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface FreshdeskResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

export interface FreshdeskRequest {
  readonly query?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  /** multipart/form-data (attachments, freshdesk.md §1.6, §1.9); fetch writes the boundary. */
  readonly form?: FormData;
  /** Statuses handed back to the caller instead of thrown (e.g. 404 for "not found"). */
  readonly accept?: readonly number[];
}

export type FreshdeskHttp = (
  method: string,
  path: string,
  request?: FreshdeskRequest,
) => Promise<FreshdeskResponse>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{"description": ..., "errors": [{field, message, code}]}` (freshdesk.md §1.2) as one line. */
export function freshdeskErrorText(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 200);
  if (!isRecord(body)) return '';
  const parts: string[] = [];
  for (const key of ['description', 'message', 'code']) {
    if (typeof body[key] === 'string') parts.push(body[key]);
  }
  if (Array.isArray(body.errors)) {
    for (const item of body.errors) {
      if (!isRecord(item)) continue;
      const where = typeof item.field === 'string' ? `${item.field}: ` : '';
      const what = [item.message, item.code].filter((v) => typeof v === 'string').join(' ');
      parts.push(`${where}${what}`);
    }
  }
  return parts.join('; ');
}

/** 429 and 5xx may succeed later; other 4xx (400 validation, 401, 403, 404, 409) never will. */
function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

const WINDOW_MS = 60_000;

/** Header names are case-insensitive; the doc spells both `X-Ratelimit-*` and `X-RateLimit-*` (§1.3). */
function intHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

export function createFreshdeskHttp(config: FreshdeskHttpConfig): FreshdeskHttp {
  // `Authorization: Basic base64(apikey:X)` (freshdesk.md §1.1).
  const authorization = `Basic ${Buffer.from(`${config.apiKey}:X`).toString('base64')}`;
  // The account's budget as the last answer told it (freshdesk.md §1.3: every response carries
  // X-Ratelimit-Total/-Remaining). The only state this module keeps, per adapter instance.
  let budget: { total: number; remaining: number; at: number } | undefined;

  async function pace(label: string) {
    if (budget === undefined) return;
    const age = config.now().getTime() - budget.at;
    if (age >= WINDOW_MS || age < 0) return;
    const reserve = config.reserve ?? Math.max(1, Math.ceil(budget.total * 0.1));
    const left = WINDOW_MS - age;
    if (budget.remaining <= 0) {
      // Spending a call now would only earn a 429 that counts against the limit too (§1.3).
      throw new HelpdeskApiError(
        `Freshdesk ${label} not sent: the account's API limit is used up`,
        {
          status: 429,
          retryable: true,
          retryAfterMs: left,
        },
      );
    }
    if (budget.remaining > reserve) return;
    // Near the end of the budget: spread what is left over the rest of the minute.
    await config.sleep(Math.min(config.maxPaceDelayMs, Math.ceil(left / budget.remaining)));
  }

  return async function request(method, path, options = {}) {
    // The label names the route only: query strings can carry phone numbers (contact filters).
    const label = `${method} ${path}`;
    await pace(label);
    const url = new URL(`${config.apiBaseUrl}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      url.searchParams.set(key, value); // URLSearchParams encodes `+` as %2B (§1.8)
    }
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    let body: string | FormData | undefined;
    if (options.form !== undefined) {
      body = options.form;
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }

    const { response, body: parsed } = await exchange(
      config.fetch,
      url,
      { method, headers, body },
      config.timeoutMs,
      `Freshdesk ${label}`,
    );
    const total = intHeader(response.headers, 'x-ratelimit-total');
    const remaining = intHeader(response.headers, 'x-ratelimit-remaining');
    if (total !== undefined && remaining !== undefined) {
      budget = { total, remaining, at: config.now().getTime() };
    }

    if (
      (response.status >= 200 && response.status < 300) ||
      options.accept?.includes(response.status)
    ) {
      return { status: response.status, body: parsed, headers: response.headers };
    }
    const detail = maskPii(freshdeskErrorText(parsed)).slice(0, 300);
    // 429 carries `Retry-After: <seconds>` (§1.3); a 503 may too.
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), config.now());
    if (budget !== undefined && budget.remaining === 0 && retryAfterMs !== undefined) {
      // Used up: hold further calls for exactly Retry-After, not a whole minute.
      budget = { ...budget, at: config.now().getTime() - Math.max(0, WINDOW_MS - retryAfterMs) };
    }
    throw new HelpdeskApiError(
      `Freshdesk ${label} answered ${response.status}${detail === '' ? '' : `: ${detail}`}`,
      {
        status: response.status,
        retryable: isRetryable(response.status),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    );
  };
}
