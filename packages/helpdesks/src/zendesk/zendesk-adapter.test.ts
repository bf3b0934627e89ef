// Zendesk adapter details beyond the shared contract: auth, errors, PII, time-outs, call counts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@smsbridge/sandbox';
import { HelpdeskApiError, type CustomerMessage } from '../helpdesk-adapter.ts';
import { createHelpdeskAdapter } from '../registry.ts';
import { createZendeskAdapter, type ZendeskAdapterConfig } from './zendesk-adapter.ts';

const CREDENTIALS = { subdomain: 'acme', email: 'relay@acme.example', apiToken: 'zd-token-1' };
const SECRET = 'configured-secret';
let sandbox: Sandbox;
/** The Zendesk half of the sandbox, named as the tests use it. */
let zd: { readonly apiBaseUrl: string; readonly standIn: Sandbox['zendesk'] };

beforeAll(async () => {
  sandbox = await startSandbox({
    twilio: {
      accountSid: 'AC00000000000000000000000000000000',
      authToken: 'tw',
      numbers: [{ number: '+15550001111', smsUrl: 'http://127.0.0.1:9/unused' }],
    },
    zendesk: { ...CREDENTIALS, webhookSigningSecret: SECRET, validatePhoneNumbers: true },
  });
  zd = { apiBaseUrl: sandbox.zendeskApiBaseUrl, standIn: sandbox.zendesk };
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function adapter(extra: Partial<ZendeskAdapterConfig> = {}, fetchImpl: typeof fetch = fetch) {
  return createZendeskAdapter(
    { ...CREDENTIALS, webhookSigningSecret: SECRET, apiBaseUrl: zd.apiBaseUrl, ...extra },
    { fetch: fetchImpl },
  );
}

function message(body: string, attachments: CustomerMessage['attachments'] = []): CustomerMessage {
  return { body, receivedAt: new Date(), attachments };
}

async function rejection(promise: Promise<unknown>): Promise<HelpdeskApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HelpdeskApiError) return error;
    throw error;
  }
  throw new Error('expected a HelpdeskApiError');
}

function callsDuring() {
  const start = zd.standIn.apiCalls().length;
  return () =>
    zd.standIn
      .apiCalls()
      .slice(start)
      .map((c) => `${c.method} ${c.path}`);
}

async function ticketFor(a = adapter()) {
  const { requesterId } = await a.findOrCreateRequester({
    phone: '+15551234567',
    name: 'SMS caller',
  });
  const ticket = await a.createTicket({
    requesterId,
    subject: 'hello',
    messages: [message('hello')],
    tags: ['sms'],
    priority: 'normal',
    externalId: `ext-${Math.random()}`,
    mayBeDuplicate: false,
  });
  return { requesterId, ticketId: ticket.ticketId };
}

describe('configuration', () => {
  it('throws a TypeError naming createZendeskAdapter for non-string settings or a missing fetch', () => {
    const good = { ...CREDENTIALS, webhookSigningSecret: SECRET };
    expect(() =>
      createZendeskAdapter({ ...good, subdomain: 5 as unknown as string }, { fetch }),
    ).toThrow(/createZendeskAdapter: config.subdomain must be a string, received number/);
    expect(() =>
      createZendeskAdapter(
        { ...good, webhookSigningSecret: undefined as unknown as string },
        { fetch },
      ),
    ).toThrow(TypeError);
    expect(() => createZendeskAdapter(good, {} as { fetch: typeof fetch })).toThrow(/deps.fetch/);
    expect(() => createZendeskAdapter(null as unknown as ZendeskAdapterConfig, { fetch })).toThrow(
      TypeError,
    );
  });

  it('calls https://{subdomain}.zendesk.com with {email}/token:{apiToken} Basic auth by default', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const fake: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      seen.push({ url, auth: new Headers(init?.headers).get('authorization') });
      return Promise.resolve(
        new Response(JSON.stringify({ error: 'RecordNotFound' }), { status: 404 }),
      );
    };
    const a = createZendeskAdapter(
      { ...CREDENTIALS, webhookSigningSecret: SECRET },
      { fetch: fake },
    );
    expect(await a.getTicket('12')).toBeNull();
    expect(seen).toEqual([
      {
        url: 'https://acme.zendesk.com/api/v2/tickets/12',
        auth: `Basic ${Buffer.from('relay@acme.example/token:zd-token-1').toString('base64')}`,
      },
    ]);
  });

  it('is built by the registry for kind "zendesk", and unknown kinds are refused', () => {
    const a = createHelpdeskAdapter(
      'zendesk',
      { ...CREDENTIALS, webhookSigningSecret: SECRET },
      { fetch },
    );
    expect(a.id).toBe('zendesk');
    expect(() =>
      createHelpdeskAdapter(
        'helpscout' as 'zendesk',
        { ...CREDENTIALS, webhookSigningSecret: SECRET },
        { fetch },
      ),
    ).toThrow(/createHelpdeskAdapter: kind must be one of zendesk, freshdesk/);
  });
});

describe('errors', () => {
  it('reports a wrong token as a non-retryable 401 with Zendesk’s text', async () => {
    const error = await rejection(adapter({ apiToken: 'wrong' }).getTicket('1'));
    expect(error).toMatchObject({ status: 401, retryable: false, ticketClosed: false });
    expect(error.message).toMatch(/Couldn't authenticate you/);
  });

  it('keeps phone numbers out of error messages, even when Zendesk quotes them', async () => {
    const error = await rejection(
      adapter().findOrCreateRequester({ phone: '555 123 4567', name: 'caller 555-123-4567' }),
    );
    expect(error.status).toBe(422);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/not properly formatted/);
    expect(error.message).not.toMatch(/555/);
    expect(error.message).not.toMatch(/query=/);
  });

  it('times out slow answers as a retryable error', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
      });
    const started = Date.now();
    const error = await rejection(adapter({ requestTimeoutMs: 50 }, hanging).getTicket('1'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toMatchObject({ status: 0, retryable: true });
    expect(error.message).toMatch(/timed out after 50 ms/);
  });

  it('treats a refused connection and 5xx as retryable, and reads an HTTP-date Retry-After', async () => {
    const refused = await rejection(adapter({ apiBaseUrl: 'http://127.0.0.1:9' }).getTicket('1'));
    expect(refused).toMatchObject({ status: 0, retryable: true });
    const now = new Date('2025-03-01T12:00:00Z');
    const busy: typeof fetch = () =>
      Promise.resolve(
        new Response('{"error":"Busy"}', {
          status: 503,
          headers: { 'retry-after': new Date(now.getTime() + 30_000).toUTCString() },
        }),
      );
    const a = createZendeskAdapter(
      { ...CREDENTIALS, webhookSigningSecret: SECRET },
      { fetch: busy, now: () => now },
    );
    expect(await rejection(a.getTicket('1'))).toMatchObject({
      status: 503,
      retryable: true,
      retryAfterMs: 30_000,
    });
    const broken: typeof fetch = () => Promise.resolve(new Response('oops', { status: 500 }));
    const b = createZendeskAdapter(
      { ...CREDENTIALS, webhookSigningSecret: SECRET },
      { fetch: broken },
    );
    expect(await rejection(b.getTicket('1'))).toMatchObject({
      status: 500,
      retryable: true,
      retryAfterMs: undefined,
    });
  });

  it('reports a 2xx answer of the wrong shape as retryable, not as success', async () => {
    const odd: typeof fetch = () =>
      Promise.resolve(new Response('{"ticket": {"id": "x"}}', { status: 200 }));
    const a = createZendeskAdapter(
      { ...CREDENTIALS, webhookSigningSecret: SECRET },
      { fetch: odd },
    );
    expect(await rejection(a.getTicket('1'))).toMatchObject({ retryable: true });
  });

  it('answers appends to tickets that do not exist with a non-retryable 404', async () => {
    const error = await rejection(
      adapter().appendMessages({
        ticketId: '424242',
        requesterId: '1',
        messages: [message('x')],
        reopen: false,
        mayBeDuplicate: false,
      }),
    );
    expect(error).toMatchObject({ status: 404, retryable: false });
    const notAnId = await rejection(
      adapter().appendMessages({
        ticketId: 'abc',
        requesterId: '1',
        messages: [message('x')],
        reopen: false,
        mayBeDuplicate: false,
      }),
    );
    expect(notAnId.retryable).toBe(false);
  });
});

describe('requesters', () => {
  it('finds a customer by a secondary phone identity instead of creating a duplicate', async () => {
    const a = adapter();
    const seeded = zd.standIn.createEndUser({ name: 'Dana', phone: '+15550000001' });
    const res = await fetch(`${zd.apiBaseUrl}/api/v2/users/${seeded.id}/identities`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${CREDENTIALS.email}/token:${CREDENTIALS.apiToken}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ identity: { type: 'phone_number', value: '+15550000002' } }),
    });
    expect(res.status).toBe(201);
    expect(await a.findOrCreateRequester({ phone: '+15550000002', name: 'x' })).toEqual({
      requesterId: String(seeded.id),
      created: false,
    });
  });

  it('prefers an end user over an agent with the same number', async () => {
    const agent = await fetch(`${zd.apiBaseUrl}/api/v2/users`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${CREDENTIALS.email}/token:${CREDENTIALS.apiToken}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        user: { name: 'Agent with a test phone', role: 'agent', phone: '+15550000003' },
      }),
    });
    expect(agent.status).toBe(201);
    const customer = zd.standIn.createEndUser({ name: 'Customer', phone: '+15550000003' });
    const found = await adapter().findOrCreateRequester({ phone: '+1 (555) 000-0003', name: 'x' });
    expect(found.requesterId).toBe(String(customer.id));
  });

  it('names a nameless customer after the number, as Zendesk requires a name', async () => {
    const { requesterId } = await adapter().findOrCreateRequester({
      phone: '+15550000004',
      name: '  ',
    });
    const user = zd.standIn.users().find((u) => String(u.id) === requesterId);
    expect(user?.name).toBe('+15550000004');
    expect(user?.identities).toEqual([{ type: 'phone_number', value: '+15550000004' }]);
  });

  it('refuses a phone without digits without calling Zendesk', async () => {
    const calls = callsDuring();
    const error = await rejection(adapter().findOrCreateRequester({ phone: 'unknown', name: 'x' }));
    expect(error.retryable).toBe(false);
    expect(calls()).toEqual([]);
  });
});

describe('API calls per operation', () => {
  it('uses one call to find a known requester and two to create one', async () => {
    const a = adapter();
    let calls = callsDuring();
    await a.findOrCreateRequester({ phone: '+15551234567', name: 'x' });
    expect(calls()).toEqual(['GET /api/v2/users/search', 'POST /api/v2/users']);
    calls = callsDuring();
    await a.findOrCreateRequester({ phone: '+15551234567', name: 'x' });
    expect(calls()).toEqual(['GET /api/v2/users/search']);
  });

  it('creates a ticket in one call plus one per attachment, and appends in one call', async () => {
    const a = adapter();
    const { requesterId } = await a.findOrCreateRequester({ phone: '+15551234567', name: 'x' });
    let calls = callsDuring();
    const pictures = [1, 2, 3].map((n) => ({
      data: Buffer.from(`img${n}`),
      contentType: 'image/jpeg',
      filename: `IMG_${n}.jpg`,
    }));
    const ticket = await a.createTicket({
      requesterId,
      subject: 'pics',
      messages: [message('three pictures', pictures)],
      tags: ['sms'],
      priority: 'normal',
      externalId: 'e-1',
      mayBeDuplicate: false,
    });
    expect(calls()).toEqual([
      'POST /api/v2/uploads',
      'POST /api/v2/uploads',
      'POST /api/v2/uploads',
      'POST /api/v2/tickets',
    ]);
    calls = callsDuring();
    await a.appendMessages({
      ticketId: ticket.ticketId,
      requesterId,
      messages: [message('a'), message('b'), message('c')],
      reopen: false,
      mayBeDuplicate: false,
    });
    expect(calls()).toEqual([`PUT /api/v2/tickets/${ticket.ticketId}`]);
    calls = callsDuring();
    await a.appendMessages({
      ticketId: ticket.ticketId,
      requesterId,
      messages: [message('a'), message('b'), message('c')],
      reopen: false,
      mayBeDuplicate: true,
    });
    expect(calls()).toEqual([
      `GET /api/v2/tickets/${ticket.ticketId}/comments`,
      `GET /api/v2/tickets/${ticket.ticketId}`,
    ]);
  });
});

describe('tickets created solved', () => {
  it('assigns them to the API user, read once per adapter with GET /users/me', async () => {
    const a = adapter();
    const { requesterId } = await a.findOrCreateRequester({ phone: '+15551234567', name: 'x' });
    const solved = (externalId: string, mayBeDuplicate = false) =>
      a.createTicket({
        requesterId,
        subject: 'hours?',
        messages: [message('hours?')],
        tags: ['sms', 'sms_bot_resolved'],
        priority: 'low',
        externalId,
        mayBeDuplicate,
        status: 'solved',
      });
    let calls = callsDuring();
    const first = await solved('bot-1');
    expect(calls()).toEqual(['GET /api/v2/users/me', 'POST /api/v2/tickets']);
    expect(zd.standIn.ticket(Number(first.ticketId))).toMatchObject({
      status: 'solved',
      assignee_id: zd.standIn.apiUserId,
      submitter_id: Number(requesterId),
      tags: ['sms', 'sms_bot_resolved'],
    });
    calls = callsDuring();
    await solved('bot-2');
    expect(calls()).toEqual(['POST /api/v2/tickets']);
    calls = callsDuring();
    const retried = await solved('bot-2', true);
    expect(calls()).toEqual(['GET /api/v2/tickets']);
    expect(retried.status).toBe('solved');
    expect(zd.standIn.tickets()).toHaveLength(2);
  });

  it('leaves ordinary tickets unassigned and never asks who the API user is', async () => {
    const a = adapter();
    const calls = callsDuring();
    const { ticketId } = await ticketFor(a);
    expect(calls()).not.toContain('GET /api/v2/users/me');
    expect(zd.standIn.ticket(Number(ticketId))).toMatchObject({ status: 'new', assignee_id: null });
  });

  it('forgets a failed GET /users/me, writes nothing, and reads it again next time', async () => {
    const a = adapter();
    const { requesterId } = await a.findOrCreateRequester({ phone: '+15551234567', name: 'x' });
    const input = {
      requesterId,
      subject: 'hours?',
      messages: [message('hours?')],
      tags: ['sms'],
      priority: 'low' as const,
      externalId: 'bot-3',
      mayBeDuplicate: true,
      status: 'solved' as const,
    };
    zd.standIn.injectFaults({ status: 503, count: 1, retryAfterSeconds: 4, method: 'GET' });
    // The duplicate lookup is the first GET and takes the fault.
    const error = await rejection(a.createTicket(input));
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 4000 });
    zd.standIn.injectFaults({
      status: 503,
      count: 1,
      retryAfterSeconds: 2,
      pathPrefix: '/api/v2/users/me',
    });
    const again = await rejection(a.createTicket(input));
    expect(again).toMatchObject({ retryable: true, retryAfterMs: 2000 });
    expect(zd.standIn.tickets()).toHaveLength(0);
    const calls = callsDuring();
    const created = await a.createTicket(input);
    expect(created.status).toBe('solved');
    expect(calls()).toEqual([
      'GET /api/v2/tickets',
      'GET /api/v2/users/me',
      'POST /api/v2/tickets',
    ]);
  });

  it('refuses an anonymous answer to GET /users/me as a non-retryable 401', async () => {
    const anonymous: typeof fetch = (url, init) => {
      const href = typeof url === 'string' ? url : url instanceof URL ? url.href : url.url;
      if (href.includes('/api/v2/users/me')) {
        return Promise.resolve(
          new Response(JSON.stringify({ user: { id: null, name: 'Anonymous user' } }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
        );
      }
      return fetch(url, init);
    };
    const a = adapter({}, anonymous);
    const { requesterId } = await a.findOrCreateRequester({ phone: '+15551234567', name: 'x' });
    const error = await rejection(
      a.createTicket({
        requesterId,
        subject: 'x',
        messages: [message('x')],
        tags: [],
        priority: 'low',
        externalId: 'bot-4',
        mayBeDuplicate: false,
        status: 'solved',
      }),
    );
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.message).toMatch(/anonymous/);
    expect(zd.standIn.tickets()).toHaveLength(0);
  });
});

describe('requester details', () => {
  it('reads user.tags with one GET /users/{id}', async () => {
    const a = adapter();
    const { requesterId } = await a.findOrCreateRequester({ phone: '+15551234567', name: 'x' });
    zd.standIn.setUserTags(Number(requesterId), ['Tier_24_7', 'vip']);
    const calls = callsDuring();
    expect(await a.getRequester(requesterId)).toEqual({
      requesterId,
      tags: ['tier_24_7', 'vip'],
    });
    expect(calls()).toEqual([`GET /api/v2/users/${requesterId}`]);
  });

  it('treats a deleted user (active: false) as gone, and a user without tags as untagged', async () => {
    const answer =
      (user: Record<string, unknown>): typeof fetch =>
      () =>
        Promise.resolve(
          new Response(JSON.stringify({ user }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
        );
    expect(
      await adapter({}, answer({ id: 7, active: false, tags: ['vip'] })).getRequester('7'),
    ).toBeNull();
    // `tags` is only present when user tagging is enabled on the account.
    expect(await adapter({}, answer({ id: 7, active: true })).getRequester('7')).toEqual({
      requesterId: '7',
      tags: [],
    });
    const broken = await rejection(adapter({}, answer({ name: 'no id' })).getRequester('7'));
    expect(broken).toMatchObject({ status: 502, retryable: true });
  });
});

describe('tickets', () => {
  it('creates a plain ticket when the follow-up source is solved but not yet closed', async () => {
    const a = adapter();
    const { requesterId, ticketId } = await ticketFor(a);
    zd.standIn.setTicketStatus(Number(ticketId), 'solved');
    const follow = await a.createTicket({
      requesterId,
      subject: 'again',
      messages: [message('again')],
      tags: ['sms'],
      priority: 'normal',
      followUpOf: ticketId,
      externalId: 'e-2',
      mayBeDuplicate: false,
    });
    expect(follow.ticketId).not.toBe(ticketId);
    expect(zd.standIn.ticket(Number(follow.ticketId))?.via_followup_source_id).toBeNull();
    expect(zd.standIn.tickets()).toHaveLength(2);
  });

  it('uploads under a safe filename and gives picture-only messages a visible body', async () => {
    const a = adapter();
    const { requesterId } = await a.findOrCreateRequester({ phone: '+15551234567', name: 'x' });
    const ticket = await a.createTicket({
      requesterId,
      subject: '',
      messages: [
        message('', [
          { data: Buffer.from('a'), contentType: 'image/png', filename: '../../etc/passwd.png' },
          { data: Buffer.from('b'), contentType: '', filename: '' },
        ]),
      ],
      tags: ['sms', 'sms'],
      priority: 'urgent',
      externalId: 'e-3',
      mayBeDuplicate: false,
    });
    const stored = zd.standIn.ticket(Number(ticket.ticketId));
    expect(stored?.subject).toBe('SMS conversation');
    expect(stored?.tags).toEqual(['sms']);
    expect(stored?.comments[0]?.body).toBe('(2 attachments)');
    expect(stored?.comments[0]?.attachments.map((f) => f.file_name)).toEqual([
      'passwd.png',
      'attachment-2',
    ]);
    expect(stored?.comments[0]?.attachments[1]?.content_type).toBe('application/binary');
  });
});

describe('annotations and fields', () => {
  it('looks the field ids up once per adapter, by title', async () => {
    const a = adapter();
    await a.provision({ webhookUrl: 'https://relay.example.com/webhooks/zendesk/ws_1' });
    const b = adapter(); // a new instance knows nothing yet
    const { ticketId } = await ticketFor(b);
    const calls = callsDuring();
    await b.annotateTicket({ ticketId, fields: { lastDeliveryStatus: 'delivered' } });
    await b.annotateTicket({ ticketId, fields: { segmentsSent: 2, csatScore: 5 } });
    expect(calls().filter((c) => c.includes('ticket_fields'))).toEqual([
      'GET /api/v2/ticket_fields',
    ]);
    const byTitle = new Map(zd.standIn.ticketFields().map((f) => [f.id, f.title] as const));
    const values = zd.standIn
      .ticket(Number(ticketId))
      ?.custom_fields.map((f) => [byTitle.get(f.id), f.value]);
    expect(values).toEqual([
      ['SMS last delivery status', 'delivered'],
      ['SMS segments sent', 2],
      ['SMS CSAT score', 5],
    ]);
  });

  it('uses configured field ids without looking them up', async () => {
    const a = adapter({ ticketFieldIds: { consentStatus: 99_999 } });
    const { ticketId } = await ticketFor(a);
    const calls = callsDuring();
    await a.annotateTicket({
      ticketId,
      fields: { consentStatus: 'opted_in' },
      internalNote: 'START',
    });
    expect(calls()).toEqual([`PUT /api/v2/tickets/${ticketId}`]);
  });

  it('still writes the note and tags when the fields were never provisioned', async () => {
    const a = adapter();
    const { ticketId } = await ticketFor(a);
    await a.annotateTicket({
      ticketId,
      internalNote: 'Delivery failed: the number is a landline.',
      addTags: ['sms_delivery_failed'],
      fields: { lastDeliveryStatus: 'undelivered' },
    });
    const stored = zd.standIn.ticket(Number(ticketId));
    expect(stored?.comments.at(-1)).toMatchObject({
      public: false,
      author_id: zd.standIn.apiUserId,
    });
    expect(stored?.tags).toContain('sms_delivery_failed');
    expect(stored?.custom_fields).toEqual([]);
  });

  it('reports a note on a closed ticket as ticketClosed', async () => {
    const a = adapter();
    const { ticketId } = await ticketFor(a);
    zd.standIn.setTicketStatus(Number(ticketId), 'closed');
    const error = await rejection(a.annotateTicket({ ticketId, internalNote: 'late note' }));
    expect(error.ticketClosed).toBe(true);
  });
});

describe('provisioning', () => {
  const url = 'https://relay.example.com/webhooks/zendesk/ws_1';

  it('subscribes to comment_added and status_changed and says where the signing secret is', async () => {
    const steps = await adapter().provision({ webhookUrl: url });
    const webhook = steps.find((s) => s.resource === 'webhook');
    expect(webhook).toMatchObject({ action: 'created', name: 'SMS Bridge relay' });
    expect(webhook?.note).toMatch(/matches/);
    expect(steps.filter((s) => s.resource === 'ticket_field').map((s) => s.name)).toEqual([
      'SMS consent status',
      'SMS last delivery status',
      'SMS segments sent',
      'SMS CSAT score',
    ]);
    const other = await adapter({ webhookSigningSecret: 'not-the-webhook-secret' }).provision({
      webhookUrl: url,
    });
    const note = other.find((s) => s.resource === 'webhook')?.note ?? '';
    expect(note).toContain(`/api/v2/webhooks/${webhook?.id}/signing_secret`);
    expect(note).not.toContain(SECRET);
    expect(note).not.toContain('not-the-webhook-secret');
  });

  it('completes a webhook that lacks a subscription instead of creating a second one', async () => {
    const created = await fetch(`${zd.apiBaseUrl}/api/v2/webhooks`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${CREDENTIALS.email}/token:${CREDENTIALS.apiToken}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        webhook: {
          name: 'renamed by an admin',
          endpoint: url,
          http_method: 'POST',
          request_format: 'json',
          subscriptions: ['zen:event-type:ticket.comment_added'],
        },
      }),
    });
    const { webhook } = (await created.json()) as { webhook: { id: string } };
    const steps = await adapter().provision({ webhookUrl: url });
    expect(steps[0]).toMatchObject({ resource: 'webhook', action: 'updated', id: webhook.id });
    const again = await adapter().provision({ webhookUrl: url });
    expect(again[0]).toMatchObject({ action: 'unchanged', id: webhook.id });
  });
});
