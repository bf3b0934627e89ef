// Webhooks from the stand-in over real HTTP: envelope, signature, retries and duplicates.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- assertions read the stand-in's untyped JSON answers */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZendeskStandIn, type RunningZendeskStandIn } from './server.ts';
import { apiClient, startReceiver } from './test-support.ts';

const EMAIL = 'relay@example.com';
const TOKEN = 'tok-123';
const SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
let zd: RunningZendeskStandIn;
let api: ReturnType<typeof apiClient>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  zd = await startZendeskStandIn({
    subdomain: 'acme',
    email: EMAIL,
    apiToken: TOKEN,
    webhookSigningSecret: SECRET,
    webhookRetryDelayMs: 10,
  });
  api = apiClient(zd.apiBaseUrl, EMAIL, TOKEN);
});
afterAll(() => zd.close());
beforeEach(async () => {
  zd.standIn.reset();
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

async function subscribe(events: string[]) {
  const res = await api('POST', '/api/v2/webhooks', {
    webhook: {
      name: 'SMS Bridge',
      endpoint: receiver.url,
      http_method: 'POST',
      request_format: 'json',
      status: 'active',
      subscriptions: events,
    },
  });
  expect(res.status).toBe(201);
  return res.body.webhook as { id: string };
}

async function ticketFromCustomer() {
  const user = await api('POST', '/api/v2/users', {
    user: { name: 'Caller', phone: '+15551230001' },
  });
  const created = await api('POST', '/api/v2/tickets', {
    ticket: {
      subject: 'Help',
      requester_id: user.body.user.id,
      comment: { body: 'hi', author_id: user.body.user.id },
      tags: ['sms'],
    },
  });
  return { userId: user.body.user.id as number, ticketId: created.body.ticket.id as number };
}

function parse(index: number) {
  const hook = receiver.received[index];
  if (hook === undefined) throw new Error(`no webhook #${index}`);
  return JSON.parse(hook.rawBody.toString('utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Independent check of zendesk.md §3.2: base64(HMAC-SHA256(secret, timestamp + body)). */
function signatureIsValid(index: number, secret = SECRET): boolean {
  const hook = receiver.received[index];
  if (hook === undefined) return false;
  const timestamp = String(hook.headers['x-zendesk-webhook-signature-timestamp']);
  const expected = createHmac('sha256', secret)
    .update(timestamp + hook.rawBody.toString('utf8'))
    .digest('base64');
  return hook.headers['x-zendesk-webhook-signature'] === expected;
}

describe('event-subscription webhooks', () => {
  it('posts a signed comment_added event when the agent replies publicly', async () => {
    const { ticketId, userId } = await ticketFromCustomer();
    await subscribe(['zen:event-type:ticket.comment_added']);
    const comment = zd.standIn.addAgentComment(ticketId, { body: 'We are on it' });
    await zd.standIn.flushWebhooks();
    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0];
    expect(hook?.method).toBe('POST');
    expect(hook?.headers['content-type']).toMatch(/application\/json/);
    expect(String(hook?.headers['x-zendesk-webhook-signature-timestamp'])).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(signatureIsValid(0)).toBe(true);
    expect(signatureIsValid(0, 'another-secret')).toBe(false);
    const payload = parse(0);
    expect(payload).toMatchObject({
      type: 'zen:event-type:ticket.comment_added',
      subject: `zen:ticket:${ticketId}`,
      zendesk_event_version: expect.any(String),
      detail: {
        id: String(ticketId),
        requester_id: String(userId),
        status: 'NEW',
        tags: ['sms'],
      },
      event: {
        comment: {
          id: String(comment.id),
          body: 'We are on it',
          is_public: true,
          author: { id: String(zd.standIn.agentId), is_staff: true, name: 'Alex Agent' },
        },
      },
    });
    expect(typeof payload.id).toBe('string');
    expect(typeof payload.account_id).toBe('number');
  });

  it('reports requester comments as not staff and internal notes as not public', async () => {
    await subscribe(['zen:event-type:ticket.comment_added']);
    const { ticketId, userId } = await ticketFromCustomer();
    zd.standIn.addAgentComment(ticketId, { body: 'private', public: false });
    await zd.standIn.flushWebhooks();
    const [fromCustomer, note] = [parse(0), parse(1)];
    expect(fromCustomer.event.comment).toMatchObject({
      is_public: true,
      author: { id: String(userId), is_staff: false },
    });
    expect(note.event.comment).toMatchObject({ is_public: false, author: { is_staff: true } });
  });

  it('announces a ticket created Solved with ticket.created in status SOLVED, not status_changed', async () => {
    await subscribe([
      'zen:event-type:ticket.created',
      'zen:event-type:ticket.comment_added',
      'zen:event-type:ticket.status_changed',
    ]);
    const user = await api('POST', '/api/v2/users', {
      user: { name: 'Caller', phone: '+15551230001' },
    });
    const userId = user.body.user.id as number;
    const created = await api('POST', '/api/v2/tickets', {
      ticket: {
        requester_id: userId,
        submitter_id: userId,
        comment: { body: 'hours?', author_id: userId },
        status: 'solved',
        assignee_id: zd.standIn.apiUserId,
      },
    });
    expect(created.status).toBe(201);
    await zd.standIn.flushWebhooks();
    const payloads = receiver.received.map((_, i) => parse(i));
    expect(payloads.map((p) => p.type)).toEqual([
      'zen:event-type:ticket.created',
      'zen:event-type:ticket.comment_added',
    ]);
    for (const payload of payloads) {
      expect(payload.detail).toMatchObject({
        status: 'SOLVED',
        assignee_id: String(zd.standIn.apiUserId),
      });
    }
    expect(payloads[1]?.event.comment.author).toMatchObject({
      id: String(userId),
      is_staff: false,
    });
  });

  it('posts status_changed with previous and current when the agent solves, then closes', async () => {
    const { ticketId } = await ticketFromCustomer();
    await subscribe(['zen:event-type:ticket.status_changed']);
    zd.standIn.setTicketStatus(ticketId, 'solved');
    zd.standIn.closeSolvedTickets();
    await zd.standIn.flushWebhooks();
    expect(receiver.received.map((_, i) => parse(i).event)).toEqual([
      expect.objectContaining({ previous: 'NEW', current: 'SOLVED' }),
      expect.objectContaining({ previous: 'SOLVED', current: 'CLOSED' }),
    ]);
  });

  it('sends nothing for events the webhook is not subscribed to, or when inactive', async () => {
    const { ticketId } = await ticketFromCustomer();
    await subscribe(['zen:event-type:ticket.status_changed']);
    zd.standIn.addAgentComment(ticketId, { body: 'no status change' });
    const res = await api('POST', '/api/v2/webhooks', {
      webhook: {
        name: 'off',
        endpoint: receiver.url,
        http_method: 'POST',
        request_format: 'json',
        status: 'inactive',
        subscriptions: ['zen:event-type:ticket.comment_added'],
      },
    });
    expect(res.status).toBe(201);
    zd.standIn.addAgentComment(ticketId, { body: 'still nothing' });
    await zd.standIn.flushWebhooks();
    expect(receiver.received).toHaveLength(0);
  });

  it('retries failed deliveries with the same event id, and stops on a final 4xx', async () => {
    const { ticketId } = await ticketFromCustomer();
    await subscribe(['zen:event-type:ticket.comment_added']);
    receiver.answerWith(503, 500);
    zd.standIn.addAgentComment(ticketId, { body: 'retry me' });
    await zd.standIn.flushWebhooks();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((_, i) => parse(i).id)).size).toBe(1);
    expect(receiver.received.every((_, i) => signatureIsValid(i))).toBe(true);
    expect(zd.standIn.webhookDeliveries()[0]).toMatchObject({
      delivered: true,
      attempts: [{ status: 503 }, { status: 500 }, { status: 200 }],
    });

    receiver.answerWith(403);
    zd.standIn.addAgentComment(ticketId, { body: 'refused' });
    await zd.standIn.flushWebhooks();
    expect(receiver.received).toHaveLength(4);
    expect(zd.standIn.webhookDeliveries()[1]).toMatchObject({ delivered: false });
  });

  it('gives up after the configured retries when the endpoint keeps failing', async () => {
    const { ticketId } = await ticketFromCustomer();
    await subscribe(['zen:event-type:ticket.comment_added']);
    receiver.answerWith(500, 500, 500, 500, 500);
    zd.standIn.addAgentComment(ticketId, { body: 'lost cause' });
    await zd.standIn.flushWebhooks();
    expect(receiver.received).toHaveLength(4); // first attempt + 3 retries
  });

  it('delivers the next invocation twice when told to, with the same event id', async () => {
    const { ticketId } = await ticketFromCustomer();
    await subscribe(['zen:event-type:ticket.comment_added']);
    zd.standIn.duplicateNextWebhook();
    zd.standIn.addAgentComment(ticketId, { body: 'twice' });
    zd.standIn.addAgentComment(ticketId, { body: 'once' });
    await zd.standIn.flushWebhooks();
    const bodies = receiver.received.map((_, i) => parse(i).event.comment.body as string);
    expect(bodies).toEqual(['twice', 'twice', 'once']);
    expect(parse(0).id).toBe(parse(1).id);
    expect(parse(0).event.comment.id).toBe(parse(1).event.comment.id);
  });

  it('gives every webhook a random secret when none is configured', async () => {
    const other = await startZendeskStandIn({ subdomain: 'x', email: EMAIL, apiToken: TOKEN });
    try {
      const call = apiClient(other.apiBaseUrl, EMAIL, TOKEN);
      const make = () =>
        call('POST', '/api/v2/webhooks', {
          webhook: {
            name: 'w',
            endpoint: receiver.url,
            http_method: 'POST',
            request_format: 'json',
            subscriptions: ['zen:event-type:ticket.comment_added'],
          },
        });
      const [a, b] = [await make(), await make()];
      const secretOf = async (id: string) =>
        (await call('GET', `/api/v2/webhooks/${id}/signing_secret`)).body.signing_secret
          .secret as string;
      const [sa, sb] = [await secretOf(a.body.webhook.id), await secretOf(b.body.webhook.id)];
      expect(sa).not.toBe(sb);
      expect(sa).not.toBe(SECRET);
    } finally {
      await other.close();
    }
  });
});
