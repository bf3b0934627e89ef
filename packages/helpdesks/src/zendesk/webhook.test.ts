// Zendesk webhook signatures (zendesk.md §3.2) and event payloads (§3.6), checked without a network.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RawHelpdeskWebhook } from '../helpdesk-adapter.ts';
import { parseZendeskWebhook, verifyZendeskWebhook } from './webhook.ts';

const SECRET = 'HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=';
const SIGNED_AT = '2025-03-01T12:00:00Z';
const AT = new Date(SIGNED_AT);

/** The documented algorithm, written out independently: base64(HMAC-SHA256(secret, ts + body)). */
function sign(body: string, timestamp = SIGNED_AT, secret = SECRET): string {
  return createHmac('sha256', secret)
    .update(timestamp + body)
    .digest('base64');
}

function request(body: string, headers: Record<string, string | undefined>): RawHelpdeskWebhook {
  return {
    method: 'POST',
    publicUrl: 'https://relay.example.com/webhooks/zendesk/ws_1',
    headers,
    rawBody: Buffer.from(body, 'utf8'),
  };
}

function signed(body: string, timestamp = SIGNED_AT, signature = sign(body, timestamp)) {
  return request(body, {
    'x-zendesk-webhook-signature': signature,
    'x-zendesk-webhook-signature-timestamp': timestamp,
  });
}

const verify = (r: RawHelpdeskWebhook, now = AT, secret = SECRET, tolerance = 300) =>
  verifyZendeskWebhook(r, now, secret, tolerance);

describe('verifyZendeskWebhook', () => {
  const body = '{"type":"zen:event-type:ticket.comment_added","say":"héllo 👋"}';

  it('accepts base64(HMAC-SHA256(secret, timestamp + raw body))', () => {
    expect(verify(signed(body))).toEqual({ ok: true });
  });

  it('rejects the common wrong variants: body+timestamp, hex digest, a dot separator', () => {
    const variants = [
      createHmac('sha256', SECRET)
        .update(body + SIGNED_AT)
        .digest('base64'),
      createHmac('sha256', SECRET)
        .update(SIGNED_AT + body)
        .digest('hex'),
      createHmac('sha256', SECRET).update(`${SIGNED_AT}.${body}`).digest('base64'),
      sign(body, SIGNED_AT, 'another secret'),
      sign(body).slice(0, -2),
    ];
    for (const signature of variants) {
      expect(verify(signed(body, SIGNED_AT, signature)), signature).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    }
  });

  it('rejects a body changed by one byte, or a signature moved to another timestamp', () => {
    const good = signed(body);
    const tampered = { ...good, rawBody: Buffer.from(body.replace('héllo', 'hello'), 'utf8') };
    expect(verify(tampered)).toEqual({ ok: false, reason: 'bad_signature' });
    const moved = signed(body, '2025-03-01T12:00:01Z', sign(body));
    expect(verify(moved)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('reports missing or empty headers as missing_signature', () => {
    expect(verify(request(body, {}))).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verify(request(body, { 'x-zendesk-webhook-signature': sign(body) }))).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(
      verify(
        request(body, {
          'x-zendesk-webhook-signature': '',
          'x-zendesk-webhook-signature-timestamp': SIGNED_AT,
        }),
      ),
    ).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('allows five minutes either way and no more', () => {
    const at = (ms: number) => new Date(AT.getTime() + ms);
    expect(verify(signed(body), at(300_000))).toEqual({ ok: true });
    expect(verify(signed(body), at(-300_000))).toEqual({ ok: true });
    expect(verify(signed(body), at(300_001))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify(signed(body), at(-300_001))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify(signed(body), at(60_000), SECRET, 30)).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('treats a correctly signed but unreadable timestamp as stale', () => {
    for (const timestamp of ['1740830400', 'yesterday', '2025-03-01 12:00:00']) {
      expect(verify(signed(body, timestamp)), timestamp).toEqual({
        ok: false,
        reason: 'stale_timestamp',
      });
    }
  });

  it('verifies nothing with an empty secret, even a request signed with one', () => {
    const withEmpty = signed(body, SIGNED_AT, sign(body, SIGNED_AT, ''));
    expect(verify(withEmpty, AT, '')).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('never throws on odd requests: empty body, 300 KB body, non-Buffer body, bad dates', () => {
    expect(verify(signed(''))).toEqual({ ok: true });
    const big = 'x'.repeat(300 * 1024);
    expect(verify(signed(big))).toEqual({ ok: true });
    const notBuffer = { ...signed(body), rawBody: body as unknown as Buffer };
    expect(verify(notBuffer)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify(signed(body), new Date(Number.NaN))).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    const noHeaders = { ...signed(body), headers: null as unknown as Record<string, string> };
    expect(verify(noHeaders)).toEqual({ ok: false, reason: 'missing_signature' });
  });
});

/** A comment_added payload shaped like the ticket-events page example (ids as strings). */
function commentAdded(comment: Record<string, unknown>, detail: Record<string, unknown> = {}) {
  return JSON.stringify({
    account_id: 22129848,
    detail: {
      actor_id: '8447388090494',
      id: '5158',
      requester_id: '900',
      status: 'OPEN',
      tags: ['sms'],
      updated_at: '2025-01-08T10:12:07Z',
      via: { channel: 'web_service' },
      ...detail,
    },
    event: { comment, meta: { sequence: { id: 'abc', position: 1, total: 1 } } },
    id: 'cbe4028c-7239-495d-b020-f22348516046',
    subject: 'zen:ticket:5158',
    time: '2025-01-08T10:12:07.672717030Z',
    type: 'zen:event-type:ticket.comment_added',
    zendesk_event_version: '2022-11-06',
  });
}

const parse = (body: string) => parseZendeskWebhook(request(body, {}));

describe('parseZendeskWebhook', () => {
  it('turns a public comment by an agent into an agent reply keyed by the comment id', () => {
    const result = parse(
      commentAdded({
        id: '10001',
        body: 'Your refund is on its way 😊',
        is_public: true,
        author: { id: '777', is_staff: true, name: 'Alex Agent' },
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: [
        {
          kind: 'agent_reply',
          eventId: '10001',
          ticketId: '5158',
          authorId: '777',
          authorName: 'Alex Agent',
          body: 'Your refund is on its way 😊',
        },
      ],
    });
  });

  it('accepts numeric ids as some payloads send them', () => {
    const result = parse(
      commentAdded(
        { id: 10001, body: 'hi', is_public: true, author: { id: 777, is_staff: true } },
        { id: 5158, requester_id: 900 },
      ),
    );
    expect(result.ok && result.value[0]).toMatchObject({
      eventId: '10001',
      ticketId: '5158',
      authorName: '',
    });
  });

  it('drops internal notes, customer comments, other end users and staff who are the requester', () => {
    const cases = [
      { id: '1', body: 'note', is_public: false, author: { id: '777', is_staff: true } },
      {
        id: '2',
        body: 'from the customer',
        is_public: true,
        author: { id: '900', is_staff: false },
      },
      { id: '3', body: 'a cc', is_public: true, author: { id: '901', is_staff: false } },
      {
        id: '4',
        body: 'agent as requester',
        is_public: true,
        author: { id: '900', is_staff: true },
      },
    ];
    for (const comment of cases) {
      expect(parse(commentAdded(comment)), comment.body).toEqual({ ok: true, value: [] });
    }
  });

  it('turns status changes into ticket_status events with the event time', () => {
    const body = JSON.stringify({
      detail: { id: '5158', status: 'SOLVED', updated_at: '2025-01-08T10:12:07Z' },
      event: { current: 'SOLVED', previous: 'OPEN' },
      id: 'evt-1',
      time: '2025-01-08T10:12:08Z',
      type: 'zen:event-type:ticket.status_changed',
    });
    expect(parse(body)).toEqual({
      ok: true,
      value: [
        {
          kind: 'ticket_status',
          eventId: 'evt-1',
          ticketId: '5158',
          status: 'solved',
          at: new Date('2025-01-08T10:12:08Z'),
        },
      ],
    });
  });

  it('falls back to detail.updated_at without a time, and ignores DELETED/ARCHIVED statuses', () => {
    const base = {
      detail: { id: '1', updated_at: '2025-01-08T10:00:00Z' },
      type: 'zen:event-type:ticket.status_changed',
    };
    const noTime = parse(JSON.stringify({ ...base, event: { current: 'closed' } }));
    expect(noTime.ok && noTime.value[0]).toMatchObject({
      status: 'closed',
      at: new Date('2025-01-08T10:00:00Z'),
    });
    expect(parse(JSON.stringify({ ...base, event: { current: 'DELETED' } }))).toEqual({
      ok: true,
      value: [],
    });
  });

  it('ignores event types the relay does not use', () => {
    const body = JSON.stringify({
      type: 'zen:event-type:ticket.tags_changed',
      detail: { id: '1' },
      event: {},
    });
    expect(parse(body)).toEqual({ ok: true, value: [] });
  });

  it('reports malformed payloads with a reason instead of throwing', () => {
    const malformed = [
      '',
      'not json',
      '{"type":',
      '42',
      '[]',
      '{"detail":{"id":"1"}}',
      JSON.stringify({ type: 'zen:event-type:ticket.comment_added', event: {} }),
      JSON.stringify({
        type: 'zen:event-type:ticket.comment_added',
        detail: { id: 'abc' },
        event: {},
      }),
      commentAdded({ id: '1', body: 5, is_public: true, author: { id: '7', is_staff: true } }),
      commentAdded({ id: '1', body: 'x', is_public: 'yes', author: { id: '7', is_staff: true } }),
      commentAdded({ id: '1', body: 'x', is_public: true }),
      commentAdded({ id: 'x1', body: 'x', is_public: true, author: { id: '7', is_staff: true } }),
      JSON.stringify({
        type: 'zen:event-type:ticket.status_changed',
        detail: { id: '1' },
        event: {},
      }),
      JSON.stringify({
        type: 'zen:event-type:ticket.status_changed',
        detail: { id: '1' },
        event: { current: 'SOLVED' },
      }),
      JSON.stringify({ type: 'zen:event-type:ticket.comment_added', pad: 'x'.repeat(256 * 1024) }),
    ];
    for (const body of malformed) {
      const result = parse(body);
      expect(result.ok, body.slice(0, 60)).toBe(false);
      if (!result.ok) {
        expect(result.reason).toMatch(/\S/);
        expect(result.reason).not.toContain('\n');
      }
    }
    expect(parseZendeskWebhook({ ...request('', {}), rawBody: 'x' as unknown as Buffer }).ok).toBe(
      false,
    );
  });

  it('keeps 10,000-character bodies and lone surrogates from the JSON as they are', () => {
    const long = 'ñ'.repeat(10_000);
    const comment = {
      id: '9',
      body: `${long}\ud800`,
      is_public: true,
      author: { id: '7', is_staff: true },
    };
    const result = parse(commentAdded(comment));
    expect(result.ok && result.value[0]?.kind === 'agent_reply' && result.value[0].body).toBe(
      `${long}\ud800`,
    );
  });
});
