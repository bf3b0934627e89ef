// The Freshdesk stand-in over real HTTP: auth, rate limits, validation, contacts, tickets, notes, rules.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- assertions read the stand-in's untyped JSON answers */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonClient, startReceiver } from '../shared/test-support.ts';
import { startFreshdeskStandIn, type RunningFreshdeskStandIn } from './server.ts';

const API_KEY = 'fd-key-123';
const basic = (user: string, password = 'X') =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
let clock = new Date('2026-03-01T12:00:00Z');
let fd: RunningFreshdeskStandIn;
let api: ReturnType<typeof jsonClient>;

beforeAll(async () => {
  fd = await startFreshdeskStandIn({
    domain: 'acme',
    apiKey: API_KEY,
    rateLimits: { total: 50, contactsList: 3 },
    webhookRetryDelaysMs: [10, 10, 10],
    now: () => clock,
  });
  api = jsonClient(fd.apiBaseUrl, basic(API_KEY));
});
afterAll(() => fd.close());
beforeEach(() => {
  clock = new Date('2026-03-01T12:00:00Z');
  fd.standIn.reset();
});

async function contact(phone = '+15551230001', name = 'Caller') {
  const res = await api('POST', '/api/v2/contacts', { name, phone });
  expect(res.status).toBe(201);
  return res.body as { id: number };
}

async function ticket(requesterId: number, extra: Record<string, unknown> = {}) {
  const res = await api('POST', '/api/v2/tickets', {
    requester_id: requesterId,
    subject: 'Help',
    description: 'first message',
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body as { id: number; tags: string[]; status: number };
}

describe('authentication (freshdesk.md §1.1)', () => {
  it('accepts the API key with any dummy password and refuses anything else with invalid_credentials', async () => {
    expect((await api('GET', '/api/v2/agents/me')).status).toBe(200);
    const other = jsonClient(fd.apiBaseUrl, basic(API_KEY, 'anything'));
    expect((await other('GET', '/api/v2/agents/me')).status).toBe(200);
    for (const auth of [basic('wrong-key'), `Basic ${API_KEY}:X`, undefined]) {
      const res = await jsonClient(fd.apiBaseUrl, auth)('GET', '/api/v2/agents/me');
      expect(res.status, String(auth)).toBe(401);
      expect(res.body.errors[0].code).toBe('invalid_credentials');
    }
  });

  it('answers 406 for an unsupported Accept and 415 for a non-JSON body', async () => {
    const accept = await api('GET', '/api/v2/contacts', undefined, {
      headers: { accept: 'text/xml' },
    });
    expect(accept.status).toBe(406);
    const form = await api('POST', '/api/v2/contacts', undefined, {
      headers: { 'content-type': 'text/plain' },
      raw: Buffer.from('name=x'),
    });
    expect(form.status).toBe(415);
  });
});

describe('rate limits (freshdesk.md §1.3)', () => {
  it('sends X-Ratelimit-* headers on every answer and 429 with Retry-After once the minute is used', async () => {
    const first = await api('GET', '/api/v2/ticket_fields');
    expect(first.headers.get('x-ratelimit-total')).toBe('50');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('49');
    expect(first.headers.get('x-ratelimit-used-currentrequest')).toBe('1');
    expect(first.headers.get('x-freshdesk-api-version')).toBe('latest=v2; requested=v2');
    expect(first.headers.get('retry-after')).toBeNull();
    // Invalid requests count too.
    expect((await api('POST', '/api/v2/contacts', {})).status).toBe(400);
    for (let i = 0; i < 48; i += 1) await api('GET', '/api/v2/ticket_fields');
    clock = new Date(clock.getTime() + 15_000);
    const limited = await api('GET', '/api/v2/ticket_fields');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    clock = new Date(clock.getTime() + 45_000);
    expect((await api('GET', '/api/v2/ticket_fields')).status).toBe(200);
  });

  it('limits Contacts List on its own and charges embedded resources', async () => {
    for (let i = 0; i < 3; i += 1) expect((await api('GET', '/api/v2/contacts')).status).toBe(200);
    const limited = await api('GET', '/api/v2/contacts?phone=1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api('GET', '/api/v2/ticket_fields')).status).toBe(200);
    const c = await contact();
    const t = await ticket(c.id);
    const embedded = await api('GET', `/api/v2/tickets/${t.id}?include=conversations`);
    expect(embedded.headers.get('x-ratelimit-used-currentrequest')).toBe('3');
    expect(embedded.body.conversations).toEqual([]);
  });

  it('fails injected outages with 503/429 and Retry-After, changing nothing', async () => {
    fd.standIn.injectFaults({ status: 503, count: 1, retryAfterSeconds: 9 });
    const down = await api('POST', '/api/v2/contacts', { name: 'x', phone: '1' });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('9');
    expect(fd.standIn.contacts()).toHaveLength(0);
    expect((await api('POST', '/api/v2/contacts', { name: 'x', phone: '1' })).status).toBe(201);
  });
});

describe('validation errors (freshdesk.md §1.2)', () => {
  it('answers 400 Validation failed with field, message and code', async () => {
    const noName = await api('POST', '/api/v2/contacts', { phone: '+15551230001' });
    expect(noName.status).toBe(400);
    expect(noName.body).toEqual({
      description: 'Validation failed',
      errors: [{ field: 'name', message: 'Mandatory attribute missing', code: 'missing_field' }],
    });
    const c = await contact();
    const bad = await api('POST', '/api/v2/tickets', {
      requester_id: c.id,
      subject: 's',
      description: 'd',
      priority: 9,
    });
    expect(bad.body.errors[0]).toMatchObject({ field: 'priority', code: 'invalid_value' });
    const unknown = await api('POST', '/api/v2/tickets', {
      requester_id: c.id,
      subject: 's',
      description: 'd',
      comment: 'zendesk style',
    });
    expect(unknown.body.errors[0]).toMatchObject({ field: 'comment', code: 'invalid_field' });
    const page = await api('GET', '/api/v2/contacts?per_page=101');
    expect(page.status).toBe(400);
    expect(page.body.errors[0].field).toBe('per_page');
  });

  it('needs a name to create a ticket for an unknown phone (§1.6)', async () => {
    const res = await api('POST', '/api/v2/tickets', {
      phone: '+15559990000',
      subject: 'SMS',
      description: 'hi',
      source: 3,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'name', code: 'missing_field' });
    const ok = await api('POST', '/api/v2/tickets', {
      phone: '+15559990000',
      name: 'SMS +1 555 999 0000',
      subject: 'SMS',
      description: 'hi',
      source: 3,
    });
    expect(ok.status).toBe(201);
    expect(fd.standIn.contacts().map((x) => x.phone)).toEqual(['+15559990000']);
  });

  it('enforces custom fields required for agents and refuses unknown ones (§1.2 dynamic form validation)', async () => {
    const { name } = fd.standIn.createTicketField({
      label: 'Order number',
      type: 'custom_text',
      requiredForAgents: true,
    });
    expect(name).toBe('cf_order_number');
    const c = await contact();
    const missing = await api('POST', '/api/v2/tickets', {
      requester_id: c.id,
      subject: 's',
      description: 'd',
    });
    expect(missing.body.errors[0]).toMatchObject({
      field: 'cf_order_number',
      code: 'missing_field',
    });
    const unknown = await api('POST', '/api/v2/tickets', {
      requester_id: c.id,
      subject: 's',
      description: 'd',
      custom_fields: { cf_order_number: '1', cf_nope: 'x' },
    });
    expect(unknown.body.errors[0]).toMatchObject({ field: 'cf_nope', code: 'invalid_field' });
    const created = await ticket(c.id, { custom_fields: { cf_order_number: 'A-1' } });
    expect((created as unknown as { custom_fields: unknown }).custom_fields).toEqual({
      cf_order_number: 'A-1',
    });
  });
});

describe('contacts by phone (freshdesk.md §1.8)', () => {
  it('stores numbers as given, neither unique nor normalised, and filters on the exact value', async () => {
    fd.standIn.createContact({ name: 'Typed', phone: '(555) 123-0001' });
    const a = await contact('+15551230001', 'A');
    const b = await api('POST', '/api/v2/contacts', { name: 'B', mobile: '+15551230001' });
    const dup = await contact('+15551230001', 'A again');
    const byPhone = await api(
      'GET',
      `/api/v2/contacts?phone=${encodeURIComponent('+15551230001')}`,
    );
    expect(byPhone.body.map((x: { id: number }) => x.id)).toEqual([a.id, dup.id]);
    const byMobile = await api(
      'GET',
      `/api/v2/contacts?mobile=${encodeURIComponent('+15551230001')}`,
    );
    expect(byMobile.body.map((x: { id: number }) => x.id)).toEqual([b.body.id]);
    // An unencoded + is a space in a query string: no match (the doc says to encode it).
    expect((await api('GET', '/api/v2/contacts?phone=+15551230001')).body).toEqual([]);
    const search = await api(
      'GET',
      `/api/v2/search/contacts?query=${encodeURIComponent(`"mobile:'+15551230001' OR phone:'(555) 123-0001'"`)}`,
    );
    expect(search.body.total).toBe(2);
  });

  it('keeps contact tags: none by default, as given on create, as an agent sets them', async () => {
    const plain = await contact();
    expect((await api('GET', `/api/v2/contacts/${plain.id}`)).body.tags).toEqual([]);
    const tagged = await api('POST', '/api/v2/contacts', {
      name: 'VIP',
      mobile: '+15551230002',
      tags: ['Tier 24/7', ' vip ', 'vip'],
    });
    expect(tagged.body.tags).toEqual(['Tier 24/7', 'vip']);
    expect(
      (await api('POST', '/api/v2/contacts', { name: 'x', phone: '1', tags: 'vip' })).status,
    ).toBe(400);
    expect(fd.standIn.setContactTags(plain.id, ['gold', 'tier_24_7']).tags).toEqual([
      'gold',
      'tier_24_7',
    ]);
    expect((await api('GET', `/api/v2/contacts/${plain.id}`)).body.tags).toEqual([
      'gold',
      'tier_24_7',
    ]);
    expect((await api('GET', '/api/v2/contacts/999999')).status).toBe(404);
  });
});

describe('tickets, notes and attachments (freshdesk.md §1.6, §1.9)', () => {
  it('creates a multipart ticket with attachments, tags and numbers as form fields', async () => {
    const c = await contact();
    const form = new FormData();
    form.append('requester_id', String(c.id));
    form.append('subject', 'pics');
    form.append('description', 'see photos');
    form.append('source', '3');
    form.append('priority', '3');
    form.append('tags[]', 'sms');
    form.append('tags[]', 'sms_business_15550001111');
    form.append(
      'attachments[]',
      new Blob([Buffer.from('jpeg!')], { type: 'image/jpeg' }),
      'IMG_1.jpg',
    );
    form.append('attachments[]', new Blob([Buffer.from('png')], { type: 'image/png' }), 'b.png');
    const res = await api('POST', '/api/v2/tickets', undefined, { raw: form });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${fd.apiBaseUrl}/api/v2/tickets/${res.body.id}`);
    expect(res.body).toMatchObject({
      source: 3,
      priority: 3,
      status: 2,
      tags: ['sms', 'sms_business_15550001111'],
    });
    expect(
      res.body.attachments.map((a: { name: string; size: number }) => [a.name, a.size]),
    ).toEqual([
      ['IMG_1.jpg', 5],
      ['b.png', 3],
    ]);
    const download = await fetch(res.body.attachments[0].attachment_url);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('jpeg!');
  });

  it('adds incoming public notes authored by the contact, private notes by default, and lists conversations', async () => {
    const c = await contact();
    const t = await ticket(c.id);
    const incoming = await api('POST', `/api/v2/tickets/${t.id}/notes`, {
      body: 'second text',
      private: false,
      incoming: true,
      user_id: c.id,
    });
    expect(incoming.status).toBe(201);
    expect(incoming.body).toMatchObject({
      private: false,
      incoming: true,
      user_id: c.id,
      source: 2,
    });
    const internal = await api('POST', `/api/v2/tickets/${t.id}/notes`, { body: 'landline' });
    expect(internal.body).toMatchObject({
      private: true,
      incoming: false,
      user_id: fd.standIn.apiAgentId,
    });
    expect(
      (await api('POST', `/api/v2/tickets/${t.id}/notes`, { private: true })).body.errors[0].code,
    ).toBe('missing_field');
    expect((await api('POST', '/api/v2/tickets/999/notes', { body: 'x' })).status).toBe(404);
    const list = await api('GET', `/api/v2/tickets/${t.id}/conversations?per_page=1`);
    expect(list.body).toHaveLength(1);
    expect(list.headers.get('link')).toMatch(/page=2.*rel="next"/);
  });

  it('creates a ticket already Resolved (status 4) that reads back Resolved', async () => {
    const c = await contact();
    const t = await ticket(c.id, { status: 4, tags: ['sms', 'sms_bot_resolved'] });
    expect(t).toMatchObject({ status: 4, tags: ['sms', 'sms_bot_resolved'] });
    expect((await api('GET', `/api/v2/tickets/${t.id}`)).body).toMatchObject({
      status: 4,
      requester_id: c.id,
    });
    const listed = await api('GET', `/api/v2/tickets?requester_id=${c.id}`);
    expect(listed.body.map((x: { id: number }) => x.id)).toEqual([t.id]);
    expect(
      (
        await api('POST', '/api/v2/tickets', {
          requester_id: c.id,
          subject: 'x',
          description: 'x',
          status: 6,
        })
      ).status,
    ).toBe(400);
  });

  it('replaces tags on update and changes the status', async () => {
    const c = await contact();
    const t = await ticket(c.id, { tags: ['sms', 'vip'] });
    const updated = await api('PUT', `/api/v2/tickets/${t.id}`, { tags: ['sms'], status: 4 });
    expect(updated.body).toMatchObject({ tags: ['sms'], status: 4 });
    expect((await api('PUT', `/api/v2/tickets/${t.id}`, { status: 7 })).status).toBe(400);
  });
});

describe('automation-rule webhooks (freshdesk.md §1.11, §2)', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    receiver = await startReceiver('/hooks/freshdesk');
  });
  afterEach(() => receiver.close());

  async function rule() {
    const res = await api('POST', '/api/v2/automations/4/rules', {
      name: 'SMS replies',
      active: true,
      performer: { type: 1 },
      events: [{ field_name: 'reply_sent' }],
      conditions: [
        {
          name: 'condition_set_1',
          match_type: 'all',
          properties: [
            { resource_type: 'ticket', field_name: 'tags', operator: 'in', value: ['sms'] },
          ],
        },
      ],
      actions: [
        {
          field_name: 'trigger_webhook',
          request_type: 'POST',
          url: receiver.url,
          custom_headers: { 'X-Shared-Secret': 's3cret' },
          content: {
            content_type: 'json',
            content_layout: 'advanced',
            body: '{"ticket_id":"{{ticket.id}}","status":"{{ticket.status}}","body":"{{ticket.latest_public_comment}}"}',
          },
        },
      ],
    });
    expect(res.status).toBe(201);
    return res.body as { id: number };
  }

  it('posts the rendered body with the custom header when an agent replies on an sms ticket only', async () => {
    await rule();
    const c = await contact();
    const sms = await ticket(c.id, { tags: ['sms'] });
    const other = await ticket(c.id, { tags: ['email'] });
    fd.standIn.addAgentReply(other.id, { body: 'not sms' });
    fd.standIn.addAgentNote(sms.id, { body: 'internal' });
    fd.standIn.addAgentReply(sms.id, { body: 'On its way "today"' });
    await fd.standIn.flushWebhooks();
    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    expect(hook?.headers['x-shared-secret']).toBe('s3cret');
    expect(hook?.headers['content-type']).toBe('application/json');
    // Placeholders go in unescaped: the quotes break the JSON, as receivers must tolerate (§2).
    expect(hook?.rawBody.toString()).toBe(
      `{"ticket_id":"${sms.id}","status":"Open","body":"<div>On its way "today"</div>"}`,
    );
    expect(fd.standIn.ruleExecutions()).toEqual([
      { ruleId: expect.any(Number), ticketId: sms.id, event: 'reply_sent' },
    ]);
  });

  it('retries a failed delivery, and lists, updates and deletes rules', async () => {
    const created = await rule();
    receiver.answerWith(500);
    const c = await contact();
    const t = await ticket(c.id, { tags: ['sms'] });
    fd.standIn.addAgentReply(t.id, { body: 'hello' });
    await fd.standIn.flushWebhooks();
    expect(fd.standIn.webhookDeliveries()[0]?.attempts.map((a) => a.status)).toEqual([500, 200]);
    const list = await api('GET', '/api/v2/automations/4/rules');
    expect(list.body.rules.map((r: { name: string }) => r.name)).toEqual(['SMS replies']);
    expect(
      (await api('PUT', `/api/v2/automations/4/rules/${created.id}`, { active: false })).body
        .active,
    ).toBe(false);
    fd.standIn.addAgentReply(t.id, { body: 'again' });
    await fd.standIn.flushWebhooks();
    expect(receiver.received).toHaveLength(2);
    expect((await api('DELETE', `/api/v2/automations/4/rules/${created.id}`)).status).toBe(204);
    expect((await api('GET', `/api/v2/automations/4/rules/${created.id}`)).status).toBe(404);
    expect(
      (await api('POST', '/api/v2/automations/4/rules', { name: 'x' })).body.errors[0].field,
    ).toBe('conditions');
  });
});

describe('control routes', () => {
  it('lets an agent reply and inspect notes over HTTP, with one-line 400s', async () => {
    const c = await contact();
    const t = await ticket(c.id);
    const post = (path: string, body: unknown) =>
      fetch(`${fd.controlUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post(`/tickets/${t.id}/agent-replies`, { body: 'hi', status: 4 })).status).toBe(
      201,
    );
    const notes: any = await (await fetch(`${fd.controlUrl}/tickets/${t.id}/notes`)).json(); // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
    expect(notes.notes[0]).toMatchObject({ body_text: 'hi', private: false, source: 0 });
    expect(fd.standIn.ticket(t.id)?.status).toBe(4);
    const bad = await post(`/tickets/${t.id}/status`, { status: 'solved' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/status must be one of/);
    expect((await post('/faults', { status: 500 })).status).toBe(400);
  });

  it("sets a contact's tags over HTTP", async () => {
    const c = await contact();
    const post = (path: string, body: unknown) =>
      fetch(`${fd.controlUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const set = await post(`/contacts/${c.id}/tags`, { tags: ['tier_24_7'] });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { contact: { tags: string[] } }).contact.tags).toEqual([
      'tier_24_7',
    ]);
    expect((await api('GET', `/api/v2/contacts/${c.id}`)).body.tags).toEqual(['tier_24_7']);
    const bad = await post(`/contacts/${c.id}/tags`, { tags: [1] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('tags must be a list of strings');
    const missing = await post('/contacts/999999/tags', { tags: [] });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no such contact' });
  });

  it("lists the agents, naming the API key's agent and the agent-UI agent who wrote each reply", async () => {
    const c = await contact();
    const t = await ticket(c.id);
    fd.standIn.addAgentReply(t.id, { body: 'from the agent UI' });
    expect(
      (await api('POST', `/api/v2/tickets/${t.id}/notes`, { body: 'by the relay' })).status,
    ).toBe(201);
    const response = await fetch(`${fd.controlUrl}/agents`);
    expect(response.status).toBe(200);
    const listed: any = await response.json(); // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
    const me = (await api('GET', '/api/v2/agents/me')).body;
    expect(listed.apiAgentId).toBe(me.id);
    expect(listed.agentId).not.toBe(me.id);
    const names = new Map(listed.agents.map((a: { id: number; name: string }) => [a.id, a.name]));
    expect(names.get(me.id)).toBe(me.contact.name);
    // Every author of the ticket's conversations is a listed agent: the page can name each one.
    const [reply, note] = fd.standIn.notes(t.id);
    expect([reply?.user_id, note?.user_id]).toEqual([listed.agentId, listed.apiAgentId]);
    expect(names.get(reply!.user_id)).toBe('Alex Agent');
    // Contacts are not agents.
    expect(names.has(c.id)).toBe(false);
  });
});
