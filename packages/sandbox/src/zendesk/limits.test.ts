// Rate limits, injected outages, call accounting and the control routes of the stand-in.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- assertions read the stand-in's untyped JSON answers */
import { afterEach, describe, expect, it } from 'vitest';
import { startZendeskStandIn, type RunningZendeskStandIn } from './server.ts';
import { apiClient } from './test-support.ts';

const EMAIL = 'relay@example.com';
const TOKEN = 'tok-123';
let running: RunningZendeskStandIn[] = [];
let clock = new Date('2025-03-01T12:00:00Z');

afterEach(async () => {
  await Promise.all(running.map((r) => r.close()));
  running = [];
  clock = new Date('2025-03-01T12:00:00Z');
});

async function start(extra: Partial<Parameters<typeof startZendeskStandIn>[0]> = {}) {
  const zd = await startZendeskStandIn({
    subdomain: 'acme',
    email: EMAIL,
    apiToken: TOKEN,
    now: () => clock,
    ...extra,
  });
  running.push(zd);
  return { zd, api: apiClient(zd.apiBaseUrl, EMAIL, TOKEN) };
}

async function control(zd: RunningZendeskStandIn, method: string, path: string, body?: unknown) {
  const response = await fetch(`${zd.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON under test
  const json: any = text === '' ? undefined : JSON.parse(text);
  return { status: response.status, body: json };
}

describe('rate limits', () => {
  it('sends X-Rate-Limit headers and answers 429 with Retry-After once the minute is used', async () => {
    const { api } = await start({ rateLimitPerMinute: 3 });
    const first = await api('GET', '/api/v2/users/me');
    expect(first.headers.get('x-rate-limit')).toBe('3');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('2');
    await api('GET', '/api/v2/users/me');
    await api('GET', '/api/v2/users/me');
    clock = new Date(clock.getTime() + 20_000);
    const limited = await api('GET', '/api/v2/users/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    clock = new Date(clock.getTime() + 40_000);
    expect((await api('GET', '/api/v2/users/me')).status).toBe(200);
  });

  it('limits ticket updates per account separately, and counts agent updates against it', async () => {
    const { zd, api } = await start({ updateTicketLimitPerMinute: 2 });
    const user = await api('POST', '/api/v2/users', { user: { name: 'c', phone: '+15550000001' } });
    const ticket = await api('POST', '/api/v2/tickets', {
      ticket: { requester_id: user.body.user.id, comment: { body: 'x' } },
    });
    const id = ticket.body.ticket.id as number;
    zd.standIn.addAgentComment(id, { body: 'agent in the UI' });
    expect(
      (await api('PUT', `/api/v2/tickets/${id}`, { ticket: { comment: { body: 'a' } } })).status,
    ).toBe(200);
    const limited = await api('PUT', `/api/v2/tickets/${id}`, {
      ticket: { comment: { body: 'b' } },
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // reads and creates are not Update Ticket calls
    expect((await api('GET', `/api/v2/tickets/${id}`)).status).toBe(200);
    expect(zd.standIn.ticket(id)?.comments.map((c) => c.body)).toEqual([
      'x',
      'agent in the UI',
      'a',
    ]);
  });
});

describe('updates per ticket', () => {
  it('allows 30 updates of one ticket per 10 minutes by default, then 429 until the oldest ages out', async () => {
    const { api } = await start({});
    const user = await api('POST', '/api/v2/users', { user: { name: 'c', phone: '+15550000002' } });
    const create = () =>
      api('POST', '/api/v2/tickets', {
        ticket: { requester_id: user.body.user.id, comment: { body: 'x' } },
      });
    const busy = (await create()).body.ticket.id as number;
    const other = (await create()).body.ticket.id as number;
    const update = (id: number, body: string) =>
      api('PUT', `/api/v2/tickets/${id}`, { ticket: { comment: { body } } });
    for (let i = 0; i < 30; i += 1) {
      expect((await update(busy, `u${i}`)).status).toBe(200);
      clock = new Date(clock.getTime() + 10_000);
    }
    const limited = await update(busy, 'one too many');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ description: expect.stringMatching(/this ticket/) });
    // The first update was 300 s ago: it leaves the 600 s window in 300 s.
    expect(limited.headers.get('retry-after')).toBe('300');
    // Another ticket is not affected.
    expect((await update(other, 'fine')).status).toBe(200);
    clock = new Date(clock.getTime() + 300_000);
    expect((await update(busy, 'again')).status).toBe(200);
  });
});

describe('injected faults', () => {
  it('fails the next N requests with 429/503 and Retry-After, changing nothing', async () => {
    const { zd, api } = await start();
    zd.standIn.injectFaults({ status: 503, count: 2, retryAfterSeconds: 7 });
    const a = await api('POST', '/api/v2/users', { user: { name: 'c' } });
    const b = await api('POST', '/api/v2/users', { user: { name: 'c' } });
    expect([a.status, b.status]).toEqual([503, 503]);
    expect(a.headers.get('retry-after')).toBe('7');
    expect(zd.standIn.users().filter((u) => u.role === 'end-user')).toHaveLength(0);
    expect((await api('POST', '/api/v2/users', { user: { name: 'c' } })).status).toBe(201);
  });

  it('fails for a while with forMs, and only matching requests with method/pathPrefix', async () => {
    const { zd, api } = await start();
    zd.standIn.injectFaults({
      status: 429,
      forMs: 30_000,
      method: 'PUT',
      pathPrefix: '/api/v2/tickets',
    });
    expect((await api('GET', '/api/v2/users/me')).status).toBe(200);
    expect((await api('PUT', '/api/v2/tickets/1', { ticket: {} })).status).toBe(429);
    expect((await api('PUT', '/api/v2/tickets/1', { ticket: {} })).status).toBe(429);
    clock = new Date(clock.getTime() + 30_000);
    expect((await api('PUT', '/api/v2/tickets/1', { ticket: {} })).status).toBe(404);
  });

  it('clearFaults ends an open-ended outage', async () => {
    const { zd, api } = await start();
    zd.standIn.injectFaults({ status: 503 });
    expect((await api('GET', '/api/v2/users/me')).status).toBe(503);
    expect((await api('GET', '/api/v2/users/me')).headers.get('retry-after')).toBeNull();
    zd.standIn.clearFaults();
    expect((await api('GET', '/api/v2/users/me')).status).toBe(200);
  });
});

describe('call accounting', () => {
  it('records every API call with its normalised path and status', async () => {
    const { zd, api } = await start();
    await api('GET', '/api/v2/users/me.json');
    await api('GET', '/api/v2/users/search?query=phone:1555');
    await api('GET', '/api/v2/tickets/77');
    expect(zd.standIn.apiCalls()).toEqual([
      { method: 'GET', path: '/api/v2/users/me', status: 200 },
      { method: 'GET', path: '/api/v2/users/search', status: 200 },
      { method: 'GET', path: '/api/v2/tickets/77', status: 404 },
    ]);
    zd.standIn.reset();
    expect(zd.standIn.apiCalls()).toEqual([]);
  });
});

describe('control routes', () => {
  it('lets a test play the agent and inspect tickets over HTTP', async () => {
    const { zd, api } = await start();
    const user = await api('POST', '/api/v2/users', { user: { name: 'c', phone: '+15550000001' } });
    const created = await api('POST', '/api/v2/tickets', {
      ticket: { requester_id: user.body.user.id, comment: { body: 'x' } },
    });
    const id = created.body.ticket.id as number;
    const reply = await control(zd, 'POST', `/tickets/${id}/agent-comments`, {
      body: 'hello',
      public: true,
    });
    expect(reply.status).toBe(201);
    expect(reply.body.comment).toMatchObject({
      body: 'hello',
      public: true,
      author_id: zd.standIn.agentId,
    });
    const solved = await control(zd, 'POST', `/tickets/${id}/status`, { status: 'solved' });
    expect(solved.body.ticket.status).toBe('solved');
    expect((await control(zd, 'POST', '/close-solved')).body).toEqual({ closed: 1 });
    const shown = await control(zd, 'GET', `/tickets/${id}`);
    expect(shown.body.ticket.status).toBe('closed');
    expect((await control(zd, 'GET', '/api-calls')).body.calls.length).toBe(2);
    const closedReply = await control(zd, 'POST', `/tickets/${id}/agent-comments`, {
      body: 'late',
    });
    expect(closedReply.status).toBe(400);
    expect(closedReply.body.error).toBe('Status: closed prevents ticket update');
  });

  it("sets a user's tags over HTTP", async () => {
    const { zd, api } = await start();
    const user = await api('POST', '/api/v2/users', { user: { name: 'c', phone: '+15550000001' } });
    const id = user.body.user.id as number;
    const set = await control(zd, 'POST', `/users/${id}/tags`, { tags: ['tier_24_7', 'VIP'] });
    expect(set.status).toBe(200);
    expect(set.body.user).toMatchObject({ id, tags: ['tier_24_7', 'vip'] });
    expect((await api('GET', `/api/v2/users/${id}`)).body.user.tags).toEqual(['tier_24_7', 'vip']);
    expect((await control(zd, 'POST', `/users/${id}/tags`, { tags: 'vip' })).status).toBe(400);
    expect((await control(zd, 'POST', `/users/${id}/tags`, { tags: [1] })).body.error).toMatch(
      /tags must be a list of strings/,
    );
    const missing = await control(zd, 'POST', '/users/999999/tags', { tags: [] });
    expect(missing).toEqual({ status: 404, body: { error: 'no such user' } });
  });

  it('answers bad control requests with 400 and a one-line reason', async () => {
    const { zd } = await start();
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/tickets/1/agent-comments', { body: '' }, /body/],
      ['POST', '/tickets/abc/status', { status: 'solved' }, /ticket id/],
      ['POST', '/tickets/1/status', { status: 'done' }, /status must be one of/],
      ['POST', '/faults', { status: 500 }, /429 or 503/],
      ['POST', '/faults', { status: 429, count: -1 }, /count/],
      ['POST', '/faults', '{not json', /JSON/],
      ['POST', '/users', { name: 'x', phone: 5 }, /phone/],
    ];
    for (const [method, path, body, reason] of cases) {
      const res = await control(zd, method, path, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error, path).toMatch(reason);
      expect(res.body.error, path).not.toContain('\n');
    }
    expect((await control(zd, 'POST', '/tickets/99/status', { status: 'solved' })).status).toBe(
      404,
    );
  });

  it('injects and clears faults, seeds users and resets over HTTP', async () => {
    const { zd, api } = await start();
    expect(
      (await control(zd, 'POST', '/faults', { status: 429, count: 1, retryAfterSeconds: 3 }))
        .status,
    ).toBe(204);
    const limited = await api('GET', '/api/v2/users/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    const seeded = await control(zd, 'POST', '/users', {
      name: 'Old customer',
      phone: '+15550000009',
    });
    expect(seeded.body.user).toMatchObject({ role: 'end-user', phone: '+15550000009' });
    const found = await api('GET', '/api/v2/users/search?query=phone:15550000009');
    expect(found.body.users[0].id).toBe(seeded.body.user.id);
    expect((await control(zd, 'POST', '/reset')).status).toBe(204);
    expect(
      (await control(zd, 'GET', '/users')).body.users.map((u: { role: string }) => u.role),
    ).toEqual(['admin', 'agent']);
  });
});
