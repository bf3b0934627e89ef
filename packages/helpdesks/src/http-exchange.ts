// What every helpdesk's HTTP client shares: one request with a time-out, the body read as JSON or text, Retry-After, masked errors.
import { HelpdeskApiError } from './helpdesk-adapter.ts';

/** `Retry-After` is whole seconds (zendesk.md §2.9, freshdesk.md §1.3) or, per HTTP, a date. */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** Phone numbers and e-mail addresses never reach error messages (DESIGN.md, "No PII in logs"). */
export function maskPii(text: string): string {
  return text
    .replace(/[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+/g, '[email]')
    .replace(/\+?\d[\d\s().-]{5,}\d/g, '[number]');
}

export interface Exchanged {
  readonly response: Response;
  /** JSON when the body parses as JSON, the text otherwise, undefined when empty. */
  readonly body: unknown;
}

/**
 * Sends one request (no redirects, `timeoutMs` time-out) and reads its body. A time-out or a
 * network failure becomes a retryable HelpdeskApiError named after `what` ("Zendesk GET /x").
 */
export async function exchange(
  fetchImpl: typeof fetch,
  url: URL | string,
  init: {
    method: string;
    headers: Record<string, string>;
    body: string | Buffer | FormData | undefined;
  },
  timeoutMs: number,
  what: string,
): Promise<Exchanged> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, {
      ...init,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const reason =
      name === 'TimeoutError' || name === 'AbortError'
        ? `timed out after ${timeoutMs} ms`
        : `network error (${name})`;
    throw new HelpdeskApiError(`${what} failed: ${reason}`, { status: 0, retryable: true });
  }
  let body: unknown = undefined;
  if (text !== '') {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
  }
  return { response, body };
}
