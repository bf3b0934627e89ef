// Freshdesk adapter details beyond the shared contract: config, contacts, fields, pacing, webhooks, provisioning.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type FreshdeskStandIn, type Sandbox } from '@smsbridge/sandbox';
import {
  HelpdeskApiError,
  webhookRejectionStatus,
  type CustomerMessage,
  type HelpdeskAdapter,
  type HelpdeskEvent,
  type RawHelpdeskWebhook,
} from '../helpdesk-adapter.ts';
import {
  createFreshdeskAdapter,
  samePhone,
  type FreshdeskAdapterConfig,
} from './freshdesk-adapter.ts';
import { REPLY_RULE_NAME } from './provision.ts';
import { parseFreshdeskWebhook } from './webhook.ts';

const CREDENTIALS = { domain: 'acme', apiKey: 'fd-api-key-1' };
const SECRET = 'a-long-shared-secret-0123456789';
let sandbox: Sandbox;
let fd: FreshdeskStandIn;
const received: RawHelpdeskWebhook[] = [];
let hookUrl = '';
let hookServer: ReturnType<typeof createServer>;

beforeAll(async () => {
  sandbox = await startSandbox({
    twilio: {
      accountSid: 'AC00000000000000000000000000000000',
      authToken: 'tw',
      numbers: [{ number: '+15550001111', smsUrl: 'http://127.0.0.1:9/unused' }],
    },
    zendesk: { subdomain: 'unused', email: 'unused@example.com', apiToken: 'unused' },
    freshdesk: { ...CREDENTIALS, rateLimits: { total: 400 }, webhookRetryDelaysMs: [10] },
  });
  fd = sandbox.freshdesk as FreshdeskStandIn;
  hookServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      received.push({
        method: req.method ?? 'POST',
        publicUrl: hookUrl,
        headers,
        rawBody: Buffer.concat(chunks),
      });
      res.end();
    });
  });
  hookServer.listen(0, '127.0.0.1');
  await once(hookServer, 'listening');
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/webhooks/ws_1/helpdesk`;
});
afterAll(async () => {
  hookServer.closeAllConnections();
  await new Promise((resolve) => hookServer.close(resolve));
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
  received.length = 0;
});

function adapter(
  extra: Partial<FreshdeskAdapterConfig> = {},
  deps: { sleep?: (ms: number) => Promise<void> } = {},
) {
  return createFreshdeskAdapter(
    { ...CREDENTIALS, webhookSecret: SECRET, apiBaseUrl: sandbox.freshdeskApiBaseUrl, ...extra },
    { fetch, ...deps },
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

async function smsTicket(a = adapter()) {
  const { requesterId } = await a.findOrCreateRequester({ phone: '+14155550123', name: '' });
  const { ticketId } = await a.createTicket({
    requesterId,
    subject: 'hello',
    messages: [message('hello')],
    tags: ['sms', 'sms_business_15550001111'],
    priority: 'urgent',
    externalId: `smsbridge:ws_1:${Math.random()}`,
    mayBeDuplicate: false,
  });
  return { requesterId, ticketId: Number(ticketId) };
}

describe('configuration', () => {
  it('throws TypeErrors naming createFreshdeskAdapter for bad settings', () => {
    expect(() =>
      createFreshdeskAdapter(
        { ...CREDENTIALS, apiKey: 1 as unknown as string, webhookSecret: SECRET },
        { fetch },
      ),
    ).toThrow(/createFreshdeskAdapter: config.apiKey must be a string/);
    expect(() => adapter({ source: 0 })).toThrow(/config.source/);
    expect(() => adapter({ ticketCustomFields: { channel: 'sms' } })).toThrow(/cf_/);
    expect(() => adapter({ webhookSecretHeader: 'X Secret' })).toThrow(/header name/);
    expect(createFreshdeskAdapter({ ...CREDENTIALS, webhookSecret: SECRET }, { fetch }).id).toBe(
      'freshdesk',
    );
  });

  it('fails with a non-retryable 401 for a wrong API key', async () => {
    const error = await rejection(adapter({ apiKey: 'wrong' }).getTicket('1'));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.message).toMatch(/invalid_credentials/);
  });
});

describe('contacts by phone', () => {
  it('compares numbers as E.164 whatever format Freshdesk stored', () => {
    expect(samePhone('+1 (415) 555-0123', '+14155550123', 'US')).toBe(true);
    expect(samePhone('(415) 555-0123', '+14155550123', 'US')).toBe(true);
    expect(samePhone('415-555-0124', '+14155550123', 'US')).toBe(false);
    expect(samePhone('+44 20 7946 0958', '+14155550123', 'US')).toBe(false);
    expect(samePhone(null, '+14155550123', 'US')).toBe(false);
  });

  it('creates a readable mobile contact in E.164, then finds it by mobile', async () => {
    const a = adapter();
    const created = await a.findOrCreateRequester({ phone: '+14155550123', name: '' });
    expect(created.created).toBe(true);
    expect(fd.contacts()).toEqual([
      expect.objectContaining({ name: 'SMS +14155550123', mobile: '+14155550123', phone: null }),
    ]);
    expect(await a.findOrCreateRequester({ phone: '+14155550123', name: 'x' })).toEqual({
      requesterId: created.requesterId,
      created: false,
    });
  });

  it('picks the oldest of several contacts (phone or mobile) and reports the others', async () => {
    // Typed by agents in three spellings; a fourth contact is another number in the same format.
    const older = fd.createContact({ name: 'Dana', phone: '(415) 555-0123' });
    const mobile = fd.createContact({ name: 'Dana mobile', mobile: '+14155550123' });
    const dashed = fd.createContact({ name: 'D.', phone: '415-555-0123' });
    fd.createContact({ name: 'Someone else', phone: '(415) 555-0124' });
    const found = await adapter().findOrCreateRequester({ phone: '+14155550123', name: 'x' });
    expect(found).toEqual({
      requesterId: String(older.id),
      created: false,
      otherMatches: [String(mobile.id), String(dashed.id)],
    });
    // Each common spelling on both fields, reads only: bounded, and never a contact created.
    const calls = fd.apiCalls().map((c) => `${c.method} ${c.path}`);
    expect(calls).toEqual(Array(12).fill('GET /api/v2/contacts'));
  });
});

describe('tickets', () => {
  it('creates the ticket with Phone source, priority, tags and the configured type and custom fields', async () => {
    fd.createTicketField({
      label: 'Channel',
      type: 'custom_dropdown',
      requiredForAgents: true,
      choices: ['SMS', 'Email'],
    });
    const plain = adapter();
    const { requesterId } = await plain.findOrCreateRequester({
      phone: '+14155550123',
      name: 'Caller',
    });
    const input = {
      requesterId,
      subject: 'hi',
      messages: [message('hi')],
      tags: ['sms'],
      priority: 'high' as const,
      externalId: 'smsbridge:ws_1:1:1',
      mayBeDuplicate: false,
    };
    // A field "required for agents" fails creation until configured (freshdesk.md §1.2).
    const error = await rejection(plain.createTicket(input));
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect(error.message).toMatch(/cf_channel/);
    const configured = adapter({
      ticketType: 'Question',
      source: 7,
      ticketCustomFields: { cf_channel: 'SMS' },
    });
    const snapshot = await configured.createTicket(input);
    expect(fd.ticket(Number(snapshot.ticketId))).toMatchObject({
      source: 7,
      priority: 3,
      status: 2,
      type: 'Question',
      tags: ['sms', 'sms_ref:smsbridge:ws_1:1:1'],
      custom_fields: { cf_channel: 'SMS' },
      requester_id: Number(requesterId),
    });
  });

  it('writes customer messages as incoming public notes by the contact, MMS as multipart attachments', async () => {
    const { requesterId, ticketId } = await smsTicket();
    await adapter().appendMessages({
      ticketId: String(ticketId),
      requesterId,
      messages: [
        message('a <b> & "c"'),
        message('', [{ data: Buffer.from('gif'), contentType: 'image/gif', filename: 'x.gif' }]),
      ],
      reopen: false,
      mayBeDuplicate: false,
    });
    expect(fd.notes(ticketId)).toEqual([
      expect.objectContaining({
        user_id: Number(requesterId),
        incoming: true,
        private: false,
        body_text: 'a <b> & "c"',
        attachments: [{ name: 'x.gif', content_type: 'image/gif', size: 3 }],
      }),
    ]);
  });

  it('adds tags without dropping the agent’s, and writes fields with one call once names are known', async () => {
    const a = adapter();
    await a.provision({ webhookUrl: hookUrl });
    const { ticketId } = await smsTicket(a);
    fd.addTicketTags(ticketId, ['vip']);
    await a.annotateTicket({
      ticketId: String(ticketId),
      addTags: ['sms_opted_out'],
      internalNote: 'Opted out.',
    });
    expect(fd.ticket(ticketId)?.tags).toEqual(
      expect.arrayContaining(['sms', 'vip', 'sms_opted_out']),
    );
    expect(fd.notes(ticketId).at(-1)).toMatchObject({
      private: true,
      body_text: 'Opted out.',
      user_id: fd.apiAgentId,
    });
    const mark = fd.apiCalls().length;
    await a.annotateTicket({
      ticketId: String(ticketId),
      fields: { lastDeliveryStatus: 'delivered', segmentsSent: 2 },
    });
    expect(
      fd
        .apiCalls()
        .slice(mark)
        .map((c) => c.method),
    ).toEqual(['PUT']);
    expect(fd.ticket(ticketId)?.custom_fields).toMatchObject({
      cf_sms_last_delivery_status: 'delivered',
      cf_sms_segments_sent: 2,
    });
  });
});

describe('tickets created solved and requester details', () => {
  it('creates a solved ticket as Resolved (4) in one POST, with its tags and reference', async () => {
    const a = adapter();
    await a.provision({ webhookUrl: hookUrl });
    const { requesterId } = await a.findOrCreateRequester({ phone: '+14155550123', name: 'x' });
    const mark = fd.apiCalls().length;
    const solved = await a.createTicket({
      requesterId,
      subject: 'hours?',
      messages: [message('hours?')],
      tags: ['sms', 'sms_bot_resolved'],
      priority: 'low',
      externalId: 'smsbridge:ws_1:bot:1',
      mayBeDuplicate: false,
      status: 'solved',
    });
    expect(
      fd
        .apiCalls()
        .slice(mark)
        .map((c) => `${c.method} ${c.path}`),
    ).toEqual(['POST /api/v2/tickets']);
    expect(solved.status).toBe('solved');
    expect(fd.ticket(Number(solved.ticketId))).toMatchObject({
      status: 4,
      priority: 1,
      tags: ['sms', 'sms_bot_resolved', 'sms_ref:smsbridge:ws_1:bot:1'],
    });
    // Created resolved: no "ticket updates" rule runs, so no status webhook comes back.
    await fd.flushWebhooks();
    expect(fd.ruleExecutions()).toEqual([]);
    expect(received).toEqual([]);
  });

  it('reads contact tags with one GET /contacts/{id}; a deleted contact is gone', async () => {
    const a = adapter();
    const { requesterId } = await a.findOrCreateRequester({ phone: '+14155550123', name: 'x' });
    fd.setContactTags(Number(requesterId), ['Tier 24/7', 'vip']);
    const mark = fd.apiCalls().length;
    expect(await a.getRequester(requesterId)).toEqual({
      requesterId,
      tags: ['Tier 24/7', 'vip'],
    });
    expect(
      fd
        .apiCalls()
        .slice(mark)
        .map((c) => `${c.method} ${c.path}`),
    ).toEqual([`GET /api/v2/contacts/${requesterId}`]);
    const answer =
      (contact: Record<string, unknown>): typeof fetch =>
      () =>
        Promise.resolve(
          new Response(JSON.stringify(contact), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
        );
    const over = (contact: Record<string, unknown>) =>
      createFreshdeskAdapter(
        { ...CREDENTIALS, webhookSecret: SECRET, apiBaseUrl: sandbox.freshdeskApiBaseUrl },
        { fetch: answer(contact) },
      );
    expect(await over({ id: 9, deleted: true, tags: ['vip'] }).getRequester('9')).toBeNull();
    expect(await over({ id: 9, tags: null }).getRequester('9')).toEqual({
      requesterId: '9',
      tags: [],
    });
    const broken = await rejection(over({ name: 'no id' }).getRequester('9'));
    expect(broken).toMatchObject({ status: 502, retryable: true });
  });
});

describe('rate limits', () => {
  it('reads X-Ratelimit-Remaining and paces before zero, then refuses locally until the minute is over', async () => {
    const sleeps: number[] = [];
    const a = adapter(
      { rateLimitReserve: 399, maxPaceDelayMs: 50 },
      { sleep: (ms) => (sleeps.push(ms), Promise.resolve()) },
    );
    await a.getTicket('1'); // 399 left: the reserve starts here
    expect(sleeps).toEqual([]);
    await a.getTicket('1');
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(0);
    expect(sleeps[0]).toBeLessThanOrEqual(50);

    // Everyone else on the account uses the rest of the minute (the limit is account-wide, §1.3).
    const auth = `Basic ${Buffer.from(`${CREDENTIALS.apiKey}:X`).toString('base64')}`;
    while (fd.apiCalls().length < 400) {
      await fetch(`${sandbox.freshdeskApiBaseUrl}/api/v2/ticket_fields`, {
        headers: { authorization: auth },
      });
    }
    const strict = adapter({ rateLimitReserve: 0 });
    const limited = await rejection(strict.getTicket('1'));
    expect(limited).toMatchObject({ status: 429, retryable: true });
    expect(limited.message).toMatch(/answered 429/);
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    expect(limited.retryAfterMs).toBeLessThanOrEqual(60_000);
    // Known to be used up: the next call is refused without spending a request.
    const before = fd.apiCalls().length;
    const refused = await rejection(strict.getTicket('1'));
    expect(refused).toMatchObject({ status: 429, retryable: true });
    expect(refused.message).toMatch(/not sent/);
    expect(fd.apiCalls().length).toBe(before);
  });
});

describe('webhooks', () => {
  it('end to end: provision, a native agent reply on an sms ticket, verify, parse the reply', async () => {
    const a = adapter();
    await a.provision({ webhookUrl: hookUrl });
    const { ticketId } = await smsTicket(a);
    fd.addAgentReply(ticketId, { body: 'Hi "Dana",\nyour refund is on its way & fine.' });
    await fd.flushWebhooks();
    expect(received).toHaveLength(1);
    const hook = received[0] as RawHelpdeskWebhook;
    expect(a.verifyWebhook(hook, new Date())).toEqual({ ok: true });
    const parsed = a.parseWebhook(hook);
    expect(parsed).toEqual({
      ok: true,
      value: [
        {
          kind: 'agent_reply',
          eventId: expect.stringMatching(new RegExp(`^${ticketId}:`)) as unknown,
          ticketId: String(ticketId),
          authorId: expect.stringContaining('@') as unknown,
          authorName: 'Alex Agent',
          body: 'Hi "Dana",\nyour refund is on its way & fine.',
        },
      ],
    });
  });

  it('maps a missing or wrong secret to 401 and refuses everything with an empty configured secret', () => {
    const hook = {
      method: 'POST',
      publicUrl: hookUrl,
      headers: { 'x-smsbridge-secret': SECRET },
      rawBody: Buffer.from('{}'),
    };
    const missing = adapter().verifyWebhook({ ...hook, headers: {} }, new Date());
    const wrong = adapter().verifyWebhook(
      { ...hook, headers: { 'x-smsbridge-secret': 'nope' } },
      new Date(),
    );
    expect([missing, wrong]).toEqual([
      { ok: false, reason: 'missing_secret' },
      { ok: false, reason: 'bad_secret' },
    ]);
    if (!missing.ok && !wrong.ok) {
      expect(webhookRejectionStatus(missing.reason)).toBe(401);
      expect(webhookRejectionStatus(wrong.reason)).toBe(401);
      expect(webhookRejectionStatus('bad_signature')).toBe(403);
    }
    expect(adapter({ webhookSecret: '' }).verifyWebhook(hook, new Date())).toEqual({
      ok: false,
      reason: 'bad_secret',
    });
    const custom = adapter({ webhookSecretHeader: 'X-Relay-Key' });
    expect(
      custom.verifyWebhook({ ...hook, headers: { 'x-relay-key': SECRET } }, new Date()),
    ).toEqual({ ok: true });
  });

  it('parses status changes (custom statuses ignored) and drops empty replies', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    const raw = (body: string) => ({
      method: 'POST',
      publicUrl: hookUrl,
      headers: {},
      rawBody: Buffer.from(body),
    });
    expect(
      parseFreshdeskWebhook(
        raw('{"smsbridge_event":"ticket_status","ticket_id":"12","ticket_status":"Resolved"}'),
        at,
      ),
    ).toEqual({
      ok: true,
      value: [
        {
          kind: 'ticket_status',
          eventId: '12:solved:2026-03-01T10:00:00.000Z',
          ticketId: '12',
          status: 'solved',
          at,
        },
      ],
    });
    expect(
      parseFreshdeskWebhook(
        raw(
          '{"smsbridge_event":"ticket_status","ticket_id":"12","ticket_status":"Waiting on parts"}',
        ),
        at,
      ),
    ).toEqual({ ok: true, value: [] });
    expect(
      parseFreshdeskWebhook(
        raw(
          '{"smsbridge_event":"agent_reply","ticket_id":"12","ticket_status":"Open","agent_name":"","agent_email":"","body":"<div><br></div>"}',
        ),
        at,
      ),
    ).toEqual({ ok: true, value: [] });
    expect(
      parseFreshdeskWebhook(raw('{"smsbridge_event":"agent_reply","ticket_id":"x"}'), at).ok,
    ).toBe(false);
  });

  it('provisions fields and rules once, and puts a changed rule back', async () => {
    const a = adapter();
    const first = await a.provision({ webhookUrl: hookUrl });
    expect(first.map((s) => `${s.action} ${s.resource}`)).toEqual([
      ...Array<string>(4).fill('created ticket_field'),
      'created automation_rule',
      'created automation_rule',
    ]);
    expect(fd.rules().map((r) => r.name)).toContain(REPLY_RULE_NAME);
    const moved = await a.provision({ webhookUrl: `${hookUrl}?v=2` });
    expect(moved.filter((s) => s.action === 'updated').map((s) => s.resource)).toEqual([
      'automation_rule',
      'automation_rule',
    ]);
    expect(JSON.stringify(moved)).not.toContain(SECRET);
    expect(fd.rules()).toHaveLength(2);
  });
});

describe('naming agent replies (resolveAgentReply; freshdesk.md §1.9, §2)', () => {
  type Reply = Extract<HelpdeskEvent, { kind: 'agent_reply' }>;

  async function deliveredReplies(a: HelpdeskAdapter): Promise<Reply[]> {
    await fd.flushWebhooks();
    return received.flatMap((hook) => {
      const parsed = a.parseWebhook(hook);
      return parsed.ok ? parsed.value.filter((e): e is Reply => e.kind === 'agent_reply') : [];
    });
  }
  const conversationReads = (ticketId: number) =>
    fd
      .apiCalls()
      .filter((c) => c.method === 'GET' && c.path === `/api/v2/tickets/${ticketId}/conversations`);

  it('names each of two identical replies by its conversation id, oldest first, in one API call', async () => {
    const a = adapter();
    await a.provision({ webhookUrl: hookUrl });
    const { requesterId, ticketId } = await smsTicket(a);
    // The same words elsewhere on the ticket are not agent replies: the customer's text, a text
    // sent from the sidebar, a private and a public note.
    await a.appendMessages({
      ticketId: String(ticketId),
      requesterId,
      messages: [message('Are you still there?')],
      reopen: false,
      mayBeDuplicate: false,
    });
    await a.recordSentText({
      ticketId: String(ticketId),
      body: 'Are you still there?',
      authorName: 'Dana',
    });
    fd.addAgentNote(ticketId, { body: 'Are you still there?', private: true });
    fd.addAgentNote(ticketId, { body: 'Are you still there?', private: false });
    const first = fd.addAgentReply(ticketId, { body: 'Are you still there?' });
    const second = fd.addAgentReply(ticketId, { body: 'Are you still there?' });
    const events = await deliveredReplies(a);
    expect(events).toHaveLength(2);
    // The webhooks alone cannot tell the two apart (no reply id placeholder, §2)...
    expect(events[1]?.eventId).toBe(events[0]?.eventId);
    // ...the ticket's conversations can.
    const before = conversationReads(ticketId).length;
    for (const event of events) {
      expect(await a.resolveAgentReply!(event)).toEqual({
        found: true,
        eventIds: [`reply:${first.id}`, `reply:${second.id}`],
        body: 'Are you still there?',
      });
    }
    expect(conversationReads(ticketId).length - before).toBe(2);
  });

  it("texts the stored reply when the webhook's rendering of the comment is mangled", async () => {
    const a = adapter();
    const { ticketId } = await smsTicket(a);
    const reply = fd.addAgentReply(ticketId, { body: 'Line one\nSay "hi" to <Bob> & co.' });
    const event: Reply = {
      kind: 'agent_reply',
      eventId: `${ticketId}:digest`,
      ticketId: String(ticketId),
      authorId: 'agent',
      authorName: '',
      // Escapes left as text and spacing changed by the rendering (§2: undocumented).
      body: 'Line one\\nSay \\"hi\\"  to <Bob> & co.',
    };
    expect(await a.resolveAgentReply!(event)).toEqual({
      found: true,
      eventIds: [`reply:${reply.id}`],
      body: 'Line one\nSay "hi" to <Bob> & co.',
    });
  });

  it('answers found: false, at once and without throwing, when Freshdesk cannot tell', async () => {
    const a = adapter();
    const { ticketId } = await smsTicket(a);
    fd.addAgentReply(ticketId, { body: 'On its way' });
    const event: Reply = {
      kind: 'agent_reply',
      eventId: `${ticketId}:digest`,
      ticketId: String(ticketId),
      authorId: 'agent',
      authorName: '',
      body: 'On its way',
    };
    for (const status of [429, 503] as const) {
      fd.injectFaults({ status, count: 1, retryAfterSeconds: 60 });
      const started = Date.now();
      expect(await a.resolveAgentReply!(event)).toEqual({ found: false, reason: 'unavailable' });
      expect(Date.now() - started).toBeLessThan(1_000);
    }
    // Deleted, or not listed yet.
    expect(await a.resolveAgentReply!({ ...event, body: 'Something else' })).toEqual({
      found: false,
      reason: 'not_listed',
    });
    expect(await a.resolveAgentReply!({ ...event, ticketId: '999999' })).toEqual({
      found: false,
      reason: 'not_listed',
    });
    expect(await a.resolveAgentReply!(event)).toMatchObject({ found: true });
  });

  it("reads a long ticket's pages to its newest reply, and gives up past 300 conversations", async () => {
    const a = adapter();
    const { ticketId } = await smsTicket(a);
    const older = fd.addAgentReply(ticketId, { body: 'Thanks!' });
    for (let i = 0; i < 120; i += 1) fd.addAgentNote(ticketId, { body: `note ${i}` });
    const newer = fd.addAgentReply(ticketId, { body: 'Thanks!' });
    const event: Reply = {
      kind: 'agent_reply',
      eventId: `${ticketId}:digest`,
      ticketId: String(ticketId),
      authorId: 'agent',
      authorName: '',
      body: 'Thanks!',
    };
    const before = conversationReads(ticketId).length;
    expect(await a.resolveAgentReply!(event)).toEqual({
      found: true,
      eventIds: [`reply:${older.id}`, `reply:${newer.id}`],
      body: 'Thanks!',
    });
    expect(conversationReads(ticketId).length - before).toBe(2);
    for (let i = 0; i < 200; i += 1) fd.addAgentNote(ticketId, { body: `more ${i}` });
    fd.addAgentReply(ticketId, { body: 'Thanks!' });
    expect(await a.resolveAgentReply!(event)).toEqual({ found: false, reason: 'unavailable' });
  });
});
