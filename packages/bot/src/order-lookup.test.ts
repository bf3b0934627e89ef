// Order numbers in text, the lookup request, the endpoint's answer and the tracking link.
import { describe, expect, it } from 'vitest';
import { BOT_CONFIG_DEFAULTS, parseBotConfig } from './config.ts';
import {
  buildOrderLookupRequest,
  extractOrderNumber,
  parseOrderLookupResponse,
  trackingLinkFor,
} from './order-lookup.ts';

const pattern = BOT_CONFIG_DEFAULTS.orderNumber.pattern;

describe('extractOrderNumber', () => {
  it.each([
    ['order #48213377 still not here', '48213377'],
    ['did it ship? #A-22910', 'A-22910'],
    ['mi pedido 55512890', '55512890'],
    ['ABC123456', 'ABC123456'],
    ['i ordered 2 weeks ago', null],
    ['call me at 4111 1111', null],
    ['', null],
  ])('%j → %j', (text, expected) => {
    expect(extractOrderNumber(text, pattern)).toBe(expected);
  });

  it('skips a match inside sensitive data and uses a workspace pattern', () => {
    const text = 'card 4111111111111111, order 48213377';
    expect(extractOrderNumber(text, pattern, [{ type: 'payment_card', start: 5, end: 21 }])).toBe(
      '48213377',
    );
    expect(extractOrderNumber('ref SO-000123 please', String.raw`\b(SO-\d{6})\b`)).toBe(
      'SO-000123',
    );
  });
});

describe('order lookup request and response', () => {
  const config = parseBotConfig({
    businessName: 'Acme',
    orderLookup: {
      urlTemplate: 'https://shop.example/api/orders/{orderNumber}?fields=status',
      authHeader: { name: 'X-Api-Key', env: 'ACME_KEY' },
      timeoutMs: 3000,
    },
  });

  it('URL-encodes the order number into the template and names the env variable', () => {
    const settings = config.orderLookup;
    if (!settings) throw new Error('orderLookup missing');
    expect(buildOrderLookupRequest(settings, 'A/1 2')).toEqual({
      url: 'https://shop.example/api/orders/A%2F1%202?fields=status',
      timeoutMs: 3000,
      authHeader: { name: 'X-Api-Key', env: 'ACME_KEY', prefix: '' },
    });
  });

  it.each([
    [
      200,
      '{"status":"Shipped","eta":"2026-03-12","trackingNumber":"1Z9"}',
      { kind: 'found', status: 'Shipped', eta: '2026-03-12', trackingNumber: '1Z9' },
    ],
    [200, '{"status":"Packed","eta":null}', { kind: 'found', status: 'Packed' }],
    [404, '', { kind: 'not_found' }],
    [500, 'oops', { kind: 'error', detail: 'HTTP 500' }],
    [200, '<html>', { kind: 'error', detail: 'body is not JSON' }],
    [200, '{"state":"shipped"}', { kind: 'error', detail: 'body has no status' }],
    [200, '{"status":""}', { kind: 'error', detail: 'body has no status' }],
  ])('HTTP %i %j → %j', (status, body, expected) => {
    expect(parseOrderLookupResponse(status, body)).toEqual(expected);
  });
});

describe('trackingLinkFor', () => {
  const found = { kind: 'found', status: 'Shipped', trackingNumber: '1Z 9' } as const;
  it('fills the workspace template, encoding values', () => {
    expect(trackingLinkFor('https://t.example/{trackingNumber}', '123', found)).toBe(
      'https://t.example/1Z%209',
    );
    expect(
      trackingLinkFor('https://t.example/o/{orderNumber}', '123', { kind: 'found', status: 's' }),
    ).toBe('https://t.example/o/123');
  });

  it('falls back to a short shop URL, and gives none for a long one', () => {
    const withUrl = { kind: 'found', status: 's', trackingUrl: 'https://ups.example/t/1' } as const;
    expect(trackingLinkFor('https://t.example/{trackingNumber}', '1', withUrl)).toBe(
      'https://ups.example/t/1',
    );
    expect(
      trackingLinkFor(undefined, '1', {
        kind: 'found',
        status: 's',
        trackingUrl: `https://ups.example/${'x'.repeat(60)}`,
      }),
    ).toBeNull();
    expect(
      trackingLinkFor(undefined, '1', {
        kind: 'found',
        status: 's',
        trackingUrl: 'javascript:alert(1)',
      }),
    ).toBeNull();
  });
});
