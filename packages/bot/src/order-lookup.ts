// Order numbers in customer text, the order-lookup request the relay makes, and its validated answer.
import { z } from 'zod';
import type { BotConfig, OrderLookupSettings } from './config.ts';
import type { SensitiveSpan } from './sensitive.ts';
import { PLACEHOLDER_MAX_LENGTH } from './texts.ts';

/**
 * What an injected order lookup returns. The relay turns HTTP into this (see
 * {@link parseOrderLookupResponse}); a timeout is its own kind so the transcript says so.
 */
export type OrderLookupResult =
  | {
      readonly kind: 'found';
      /** Shown to the customer as is (cut to 40 characters), e.g. "Shipped". */
      readonly status: string;
      /** 'YYYY-MM-DD', an ISO date-time, or free text such as "2-3 days". */
      readonly eta?: string;
      readonly trackingNumber?: string;
      readonly trackingUrl?: string;
    }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'error'; readonly detail?: string };

const optionalText = z
  .string()
  .trim()
  .max(2000)
  .optional()
  .transform((value) => (value === '' ? undefined : value));

export const orderLookupResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('found'),
    status: z.string().trim().min(1).max(2000),
    eta: optionalText,
    trackingNumber: optionalText,
    trackingUrl: optionalText,
  }),
  z.object({ kind: z.literal('not_found') }),
  z.object({ kind: z.literal('timeout') }),
  z.object({ kind: z.literal('error'), detail: z.string().max(2000).optional() }),
]);

export interface OrderLookupRequest {
  readonly url: string;
  readonly timeoutMs: number;
  /** The relay reads `process.env[env]` and sends `name: prefix + value`. */
  readonly authHeader?: { readonly name: string; readonly env: string; readonly prefix: string };
}

/** The GET the relay makes for an order number (URL-encoded into the template). */
export function buildOrderLookupRequest(
  settings: OrderLookupSettings,
  orderNumber: string,
): OrderLookupRequest {
  const url = settings.urlTemplate.replaceAll('{orderNumber}', encodeURIComponent(orderNumber));
  return {
    url,
    timeoutMs: settings.timeoutMs,
    ...(settings.authHeader ? { authHeader: { ...settings.authHeader } } : {}),
  };
}

const endpointBodySchema = z.object({
  status: z.string().trim().min(1),
  eta: z.string().nullish(),
  trackingNumber: z.string().nullish(),
  trackingUrl: z.string().nullish(),
});

/**
 * Reads the shop's answer. Expected contract [unverified: each shop's endpoint differs; this is
 * the shape the workspace's endpoint is asked to return]: 200 with JSON
 * `{ status, eta?, trackingNumber?, trackingUrl? }`; 404 means no such order. Anything else, or a
 * body that is not that JSON, is an error, never a guess.
 */
export function parseOrderLookupResponse(httpStatus: number, body: string): OrderLookupResult {
  if (httpStatus === 404) return { kind: 'not_found' };
  if (httpStatus < 200 || httpStatus > 299) return { kind: 'error', detail: `HTTP ${httpStatus}` };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'error', detail: 'body is not JSON' };
  }
  const parsed = endpointBodySchema.safeParse(json);
  if (!parsed.success) return { kind: 'error', detail: 'body has no status' };
  const { status, eta, trackingNumber, trackingUrl } = parsed.data;
  return {
    kind: 'found',
    status,
    ...(eta ? { eta } : {}),
    ...(trackingNumber ? { trackingNumber } : {}),
    ...(trackingUrl ? { trackingUrl } : {}),
  };
}

/**
 * The first order number in the text, by the workspace pattern (case-insensitive; capture group 1
 * if the pattern has one), skipping any match that touches sensitive data (a card number is never
 * an order number). Leading '#' is dropped; matches longer than 20 characters are ignored.
 */
export function extractOrderNumber(
  text: string,
  pattern: BotConfig['orderNumber']['pattern'],
  sensitive: readonly SensitiveSpan[] = [],
): string | null {
  const expression = new RegExp(pattern, 'gi');
  for (const match of text.matchAll(expression)) {
    if (match[0] === '') {
      continue;
    }
    const start = match.index;
    const end = start + match[0].length;
    if (sensitive.some((span) => span.start < end && start < span.end)) continue;
    const value = (match[1] ?? match[0]).replace(/^#/, '').trim();
    if (value !== '' && value.length <= PLACEHOLDER_MAX_LENGTH.orderNumber) return value;
  }
  return null;
}

/**
 * The short tracking link: the workspace template filled with the tracking number and order
 * number; without a template (or without the tracking number it needs), the shop's own URL when
 * it is short enough for one SMS; otherwise none.
 */
export function trackingLinkFor(
  template: string | undefined,
  orderNumber: string,
  found: Extract<OrderLookupResult, { kind: 'found' }>,
): string | null {
  if (template !== undefined) {
    const needsTracking = template.includes('{trackingNumber}');
    if (!needsTracking || found.trackingNumber) {
      return template
        .replaceAll('{trackingNumber}', encodeURIComponent(found.trackingNumber ?? ''))
        .replaceAll('{orderNumber}', encodeURIComponent(orderNumber));
    }
  }
  const url = found.trackingUrl;
  if (url && url.length <= PLACEHOLDER_MAX_LENGTH.trackingLink && /^https?:\/\/\S+$/i.test(url)) {
    return url;
  }
  return null;
}
