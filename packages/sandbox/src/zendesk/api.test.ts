// The stand-in's Support API over real HTTP: auth, users, tickets, comments, tags, uploads, fields.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- assertions read the stand-in's untyped JSON answers */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZendeskStandIn, type RunningZendeskStandIn } from './server.ts';
import { apiClient } from './test-support.ts';

const EMAIL = 'relay@example.com';
const TOKEN = 'tok-123';
let clock = new Date('2025-03-01T12:00:00Z');
let zd: RunningZendeskStandIn;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  zd = await startZendeskStandIn({
    subdomain: 'acme',
    email: EMAIL,
    apiToken: TOKEN,
    now: () => clock,
  });
  api = apiClient(zd.apiBaseUrl, EMAIL, TOKEN);
});
afterAll(() => zd.close());
beforeEach(() => {
  clock = new Date('2025-03-01T12:00:00Z');
  zd.standIn.reset();
});

async function newRequester(phone = '+15551230001') {
  const res = await api('POST', '/api/v2/users', { user: { name: 'Caller', phone } });
  expect(res.status).toBe(201);
  return res.body.user as { id: number; phone: string };
}

async function newTicket(requesterId: number, extra: Record<string, unknown> = {}) {
  const res = await api('POST', '/api/v2/tickets', {
    ticket: {
      subject: 'Help',
      requester_id: requesterId,
      comment: { body: 'first message', author_id: requesterId },
      ...extra,
    },
  });
  expect(res.status).toBe(201);
  return res.body.ticket as { id: number; status: string; tags: string[] };
}

describe('authentication', () => {
  it('accepts {email}/token:{apiToken} Basic auth and refuses anything else with 401', async () => {
    expect((await api('GET', '/api/v2/users/me')).status).toBe(200);
    const wrong = apiClient(zd.apiBaseUrl, EMAIL, 'not-the-token');
    const res = await wrong('GET', '/api/v2/users/me');
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/authenticate/);
    const noToken = await fetch(`${zd.apiBaseUrl}/api/v2/users/me`);
    expect(noToken.status).toBe(401);
    // email:password style (no "/token") is not the API-token scheme
    const password = await fetch(`${zd.apiBaseUrl}/api/v2/users/me`, {
      headers: { authorization: `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}` },
    });
    expect(password.status).toBe(401);
  });

  it('answers GET /users/me with the admin the token belongs to, with or without .json', async () => {
    const plain = await api('GET', '/api/v2/users/me');
    const suffixed = await api('GET', '/api/v2/users/me.json');
    expect(plain.body.user.email).toBe(EMAIL);
    expect(plain.body.user.role).toBe('admin');
    expect(suffixed.body.user.id).toBe(plain.body.user.id);
  });

  it('answers unknown API paths with 404 InvalidEndpoint', async () => {
    const res = await api('GET', '/api/v2/nothing-here');
    expect(res.status).toBe(404);
  });
});

describe('users and phone identities', () => {
  it('creates a user with a phone as a direct-line phone_number identity', async () => {
    const user = await newRequester('+15551230001');
    const ids = await api('GET', `/api/v2/users/${user.id}/identities`);
    expect(ids.status).toBe(200);
    expect(ids.body.identities).toEqual([
      expect.objectContaining({ type: 'phone_number', value: '+15551230001', primary: true }),
    ]);
    const shown = await api('GET', `/api/v2/users/${user.id}.json`);
    expect(shown.body.user).toMatchObject({ id: user.id, phone: '+15551230001', role: 'end-user' });
  });

  it('stores a number someone else already has as a shared number, without an identity', async () => {
    await newRequester('+15551230001');
    const second = await newRequester('+1 (555) 123-0001');
    const ids = await api('GET', `/api/v2/users/${second.id}/identities`);
    expect(ids.body.identities).toEqual([]);
    const shown = await api('GET', `/api/v2/users/${second.id}`);
    expect(shown.body.user.shared_phone_number).toBe(true);
  });

  it('finds users by phone: query, bare number in any format, and *suffix', async () => {
    const user = await newRequester('+15551230001');
    await newRequester('+15559990000');
    for (const query of [
      'phone:15551230001',
      'phone:+15551230001',
      '+1-555-123-0001',
      'phone:*1230001',
    ]) {
      const res = await api('GET', `/api/v2/users/search?query=${encodeURIComponent(query)}`);
      expect(res.status, query).toBe(200);
      expect(
        res.body.users.map((u: { id: number }) => u.id),
        query,
      ).toEqual([user.id]);
      expect(res.body.count).toBe(1);
    }
    const none = await api(
      'GET',
      `/api/v2/users/search?query=${encodeURIComponent('phone:15550000000')}`,
    );
    expect(none.body.users).toEqual([]);
  });

  it('finds users by email and refuses a second user with the same email', async () => {
    const res = await api('POST', '/api/v2/users', {
      user: { name: 'Ann', email: 'ann@example.com' },
    });
    expect(res.status).toBe(201);
    const found = await api('GET', '/api/v2/users/search?query=email:ann@example.com');
    expect(found.body.users[0].id).toBe(res.body.user.id);
    const dup = await api('POST', '/api/v2/users', {
      user: { name: 'Ann 2', email: 'ANN@example.com' },
    });
    expect(dup.status).toBe(422);
    expect(dup.body.error).toBe('RecordInvalid');
  });

  it('requires a name and a {"user": ...} body', async () => {
    expect((await api('POST', '/api/v2/users', { user: { phone: '+15551230001' } })).status).toBe(
      422,
    );
    expect((await api('POST', '/api/v2/users', { name: 'flat' })).status).toBe(400);
    const malformed = await api('POST', '/api/v2/users', undefined, {
      raw: Buffer.from('{"user": '),
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
  });

  it('rejects badly formatted phones only when phone validation is on', async () => {
    const strict = await startZendeskStandIn({
      subdomain: 'strict',
      email: EMAIL,
      apiToken: TOKEN,
      validatePhoneNumbers: true,
    });
    try {
      const call = apiClient(strict.apiBaseUrl, EMAIL, TOKEN);
      const bad = await call('POST', '/api/v2/users', { user: { name: 'x', phone: '5551234567' } });
      expect(bad.status).toBe(422);
      expect(bad.body.details.phone[0].error).toBe('InvalidFormat');
      const good = await call('POST', '/api/v2/users', {
        user: { name: 'x', phone: '+15551234567' },
      });
      expect(good.status).toBe(201);
    } finally {
      await strict.close();
    }
    const lax = await api('POST', '/api/v2/users', { user: { name: 'x', phone: '5551234567' } });
    expect(lax.status).toBe(201);
  });

  it('adds phone identities and refuses a number that belongs to another user', async () => {
    const a = await newRequester('+15551230001');
    const res = await api('POST', `/api/v2/users/${a.id}/identities`, {
      identity: { type: 'phone_number', value: '+15551230002' },
    });
    expect(res.status).toBe(201);
    expect(res.body.identity).toMatchObject({
      type: 'phone_number',
      primary: false,
      user_id: a.id,
    });
    const b = await api('POST', '/api/v2/users', { user: { name: 'B' } });
    const taken = await api('POST', `/api/v2/users/${b.body.user.id}/identities`, {
      identity: { type: 'phone_number', value: '+1 555 123 0002' },
    });
    expect(taken.status).toBe(422);
    const badType = await api('POST', `/api/v2/users/${a.id}/identities`, {
      identity: { type: 'pager', value: '1' },
    });
    expect(badType.status).toBe(422);
    expect((await api('GET', '/api/v2/users/999999/identities')).status).toBe(404);
  });

  it('hides new users from search until the index catches up, when told to lag', async () => {
    const lagging = await startZendeskStandIn({
      subdomain: 'lag',
      email: EMAIL,
      apiToken: TOKEN,
      searchIndexLagMs: 60_000,
    });
    try {
      const call = apiClient(lagging.apiBaseUrl, EMAIL, TOKEN);
      await call('POST', '/api/v2/users', { user: { name: 'x', phone: '+15551234567' } });
      const res = await call('GET', '/api/v2/users/search?query=phone:15551234567');
      expect(res.body.users).toEqual([]);
    } finally {
      await lagging.close();
    }
  });
});

describe('tickets', () => {
  it('creates a ticket: 201, Location, requester comment, tags, priority, external_id', async () => {
    const user = await newRequester();
    const res = await api('POST', '/api/v2/tickets', {
      ticket: {
        subject: 'SMS from +15551230001',
        requester_id: user.id,
        submitter_id: user.id,
        comment: { body: 'my order is late', author_id: user.id, public: true },
        tags: ['sms', 'business_15550001111'],
        priority: 'high',
        external_id: 'conv-1:1',
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(
      `${zd.apiBaseUrl}/api/v2/tickets/${res.body.ticket.id}.json`,
    );
    expect(res.body.ticket).toMatchObject({
      requester_id: user.id,
      priority: 'high',
      status: 'new',
      tags: ['sms', 'business_15550001111'],
      external_id: 'conv-1:1',
      description: 'my order is late',
    });
    const [ticket] = zd.standIn.tickets();
    expect(ticket?.comments).toEqual([
      expect.objectContaining({ author_id: user.id, body: 'my order is late', public: true }),
    ]);
  });

  it('makes the submitter the author of the first comment, else comment.author_id, else the API user', async () => {
    const user = await newRequester();
    const bySubmitter = await newTicket(user.id, { submitter_id: user.id, comment: { body: 'a' } });
    const byAuthor = await newTicket(user.id, { comment: { body: 'b', author_id: user.id } });
    const byApiUser = await newTicket(user.id, { comment: { body: 'c' } });
    const authorOf = (id: number) => zd.standIn.ticket(id)?.comments[0]?.author_id;
    expect(authorOf(bySubmitter.id)).toBe(user.id);
    expect(authorOf(byAuthor.id)).toBe(user.id);
    expect(authorOf(byApiUser.id)).toBe(zd.standIn.apiUserId);
  });

  it('requires a comment, a known requester and valid enums', async () => {
    const user = await newRequester();
    const noComment = await api('POST', '/api/v2/tickets', { ticket: { requester_id: user.id } });
    expect(noComment.status).toBe(422);
    const blank = await api('POST', '/api/v2/tickets', {
      ticket: { requester_id: user.id, comment: { body: '   ' } },
    });
    expect(blank.status).toBe(422);
    const unknown = await api('POST', '/api/v2/tickets', {
      ticket: { requester_id: 424242, comment: { body: 'x' } },
    });
    expect(unknown.status).toBe(422);
    const badPriority = await api('POST', '/api/v2/tickets', {
      ticket: { requester_id: user.id, comment: { body: 'x' }, priority: 'p1' },
    });
    expect(badPriority.status).toBe(422);
    expect(zd.standIn.tickets()).toHaveLength(0);
  });

  it('lists tickets by external_id, oldest first', async () => {
    const user = await newRequester();
    const a = await newTicket(user.id, { external_id: 'k1' });
    await newTicket(user.id, { external_id: 'k2' });
    const c = await newTicket(user.id, { external_id: 'k1' });
    const res = await api('GET', '/api/v2/tickets.json?external_id=k1');
    expect(res.body.tickets.map((t: { id: number }) => t.id)).toEqual([a.id, c.id]);
    const none = await api('GET', '/api/v2/tickets?external_id=nope');
    expect(none.body).toMatchObject({ tickets: [], count: 0 });
  });

  it('appends comments with PUT, replaces tags, merges custom fields, and 404s unknown tickets', async () => {
    const user = await newRequester();
    const ticket = await newTicket(user.id, { tags: ['sms'] });
    const field = await api('POST', '/api/v2/ticket_fields', {
      ticket_field: { type: 'integer', title: 'Segments' },
    });
    const res = await api('PUT', `/api/v2/tickets/${ticket.id}`, {
      ticket: {
        comment: { body: 'second', author_id: user.id },
        tags: ['replaced'],
        custom_fields: [{ id: field.body.ticket_field.id, value: 3 }],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.ticket.tags).toEqual(['replaced']);
    expect(res.body.ticket.custom_fields).toEqual([{ id: field.body.ticket_field.id, value: 3 }]);
    expect(zd.standIn.ticket(ticket.id)?.comments.map((c) => c.body)).toEqual([
      'first message',
      'second',
    ]);
    expect((await api('PUT', '/api/v2/tickets/999', { ticket: { status: 'open' } })).status).toBe(
      404,
    );
    expect((await api('GET', '/api/v2/tickets/abc')).status).toBe(404);
  });

  it('adds tags with additional_tags and the tags endpoint without dropping existing ones', async () => {
    const user = await newRequester();
    const ticket = await newTicket(user.id, { tags: ['sms', 'vip'] });
    await api('PUT', `/api/v2/tickets/${ticket.id}`, {
      ticket: { additional_tags: ['sms_opted_out'], comment: { body: 'note', public: false } },
    });
    const added = await api('PUT', `/api/v2/tickets/${ticket.id}/tags`, { tags: ['sms_csat_5'] });
    expect(added.body.tags).toEqual(['sms', 'vip', 'sms_opted_out', 'sms_csat_5']);
    const set = await api('POST', `/api/v2/tickets/${ticket.id}/tags`, { tags: ['only'] });
    expect(set.body.tags).toEqual(['only']);
    const removed = await api('DELETE', `/api/v2/tickets/${ticket.id}/tags`, { tags: ['only'] });
    expect(removed.body.tags).toEqual([]);
  });

  it('reopens a solved ticket when the requester comments, but not for internal notes', async () => {
    const user = await newRequester();
    const ticket = await newTicket(user.id);
    zd.standIn.setTicketStatus(ticket.id, 'solved');
    await api('PUT', `/api/v2/tickets/${ticket.id}`, {
      ticket: { comment: { body: 'relay note', public: false } },
    });
    expect(zd.standIn.ticket(ticket.id)?.status).toBe('solved');
    await api('PUT', `/api/v2/tickets/${ticket.id}`, {
      ticket: { comment: { body: 'still broken', author_id: user.id, public: true } },
    });
    expect(zd.standIn.ticket(ticket.id)?.status).toBe('open');
  });

  it('refuses updates to a closed ticket with the 422 Zendesk sends, but allows tags', async () => {
    const user = await newRequester();
    const ticket = await newTicket(user.id);
    zd.standIn.setTicketStatus(ticket.id, 'solved');
    expect(zd.standIn.closeSolvedTickets()).toBe(1);
    const res = await api('PUT', `/api/v2/tickets/${ticket.id}`, {
      ticket: { comment: { body: 'hello?', author_id: user.id } },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: {
        status: [{ description: 'Status: closed prevents ticket update', error: 'ClosedTicket' }],
      },
    });
    expect(zd.standIn.ticket(ticket.id)?.comments).toHaveLength(1);
    const tags = await api('PUT', `/api/v2/tickets/${ticket.id}`, {
      ticket: { additional_tags: ['x'] },
    });
    expect(tags.status).toBe(200);
  });

  it('creates follow-ups of closed tickets only', async () => {
    const user = await newRequester();
    const first = await newTicket(user.id);
    const early = await api('POST', '/api/v2/tickets', {
      ticket: { requester_id: user.id, comment: { body: 'x' }, via_followup_source_id: first.id },
    });
    expect(early.status).toBe(422);
    zd.standIn.setTicketStatus(first.id, 'closed');
    const follow = await newTicket(user.id, { via_followup_source_id: first.id });
    expect(zd.standIn.ticket(follow.id)?.via_followup_source_id).toBe(first.id);
  });

  it('never sets a ticket back to new', async () => {
    const user = await newRequester();
    const ticket = await newTicket(user.id);
    zd.standIn.setTicketStatus(ticket.id, 'open');
    const res = await api('PUT', `/api/v2/tickets/${ticket.id}`, { ticket: { status: 'new' } });
    expect(res.status).toBe(422);
  });

  it('lists comments oldest first, or newest first with sort_order=desc, paginated', async () => {
    const user = await newRequester();
    const ticket = await newTicket(user.id);
    for (const body of ['two', 'three']) {
      await api('PUT', `/api/v2/tickets/${ticket.id}`, {
        ticket: { comment: { body, author_id: user.id } },
      });
    }
    const asc = await api('GET', `/api/v2/tickets/${ticket.id}/comments`);
    expect(asc.body.comments.map((c: { body: string }) => c.body)).toEqual([
      'first message',
      'two',
      'three',
    ]);
    const desc = await api(
      'GET',
      `/api/v2/tickets/${ticket.id}/comments?sort_order=desc&per_page=2`,
    );
    expect(desc.body.comments.map((c: { body: string }) => c.body)).toEqual(['three', 'two']);
    expect(desc.body.next_page).toContain('page=2');
    const next = await fetch(desc.body.next_page as string, {
      headers: {
        authorization: `Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')}`,
      },
    });
    const nextBody = (await next.json()) as { comments: { body: string }[] };
    expect(nextBody.comments.map((c) => c.body)).toEqual(['first message']);
  });

  it('keeps 10,000-character bodies, emoji and lone surrogates intact enough to read back', async () => {
    const user = await newRequester();
    const long = 'é'.repeat(10_000);
    const ticket = await newTicket(user.id, { comment: { body: long, author_id: user.id } });
    await api('PUT', `/api/v2/tickets/${ticket.id}`, {
      ticket: { comment: { body: 'emoji 👍🏽 and \ud800 lone', author_id: user.id } },
    });
    const comments = zd.standIn.ticket(ticket.id)?.comments ?? [];
    expect(comments[0]?.body).toHaveLength(10_000);
    expect(comments[1]?.body).toContain('👍🏽');
  });
});

describe('assignees and solving (native system ticket rules)', () => {
  const noAssignee = {
    error: 'RecordInvalid',
    description: 'Record validation errors',
    details: {
      assignee: [
        { description: 'Assignee: is required when solving a ticket', error: 'BlankValue' },
      ],
    },
  };

  it('refuses to create a ticket Solved without an assignee, creating nothing', async () => {
    const user = await newRequester();
    const res = await api('POST', '/api/v2/tickets', {
      ticket: {
        requester_id: user.id,
        comment: { body: 'hours?', author_id: user.id },
        status: 'solved',
      },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(noAssignee);
    expect(zd.standIn.tickets()).toEqual([]);
  });

  it('creates a ticket Solved when assigned to an agent, and GET shows it solved', async () => {
    const user = await newRequester();
    const me = await api('GET', '/api/v2/users/me');
    const ticket = await newTicket(user.id, {
      status: 'solved',
      assignee_id: me.body.user.id,
      tags: ['sms', 'sms_bot_resolved'],
    });
    expect(ticket).toMatchObject({ status: 'solved', assignee_id: zd.standIn.apiUserId });
    const shown = await api('GET', `/api/v2/tickets/${ticket.id}`);
    expect(shown.body.ticket).toMatchObject({
      status: 'solved',
      assignee_id: zd.standIn.apiUserId,
      tags: ['sms', 'sms_bot_resolved'],
      requester_id: user.id,
      submitter_id: user.id,
    });
  });

  it('refuses an end user or an unknown user as assignee', async () => {
    const user = await newRequester();
    for (const assignee of [user.id, 999_999]) {
      const res = await api('POST', '/api/v2/tickets', {
        ticket: {
          requester_id: user.id,
          comment: { body: 'x' },
          status: 'solved',
          assignee_id: assignee,
        },
      });
      expect(res.status, String(assignee)).toBe(422);
      expect(res.body.details.assignee[0].description).toBe('Assignee: is invalid');
    }
    expect(zd.standIn.tickets()).toEqual([]);
  });

  it('opens a new ticket that is assigned, on create and on update', async () => {
    const user = await newRequester();
    const assigned = await newTicket(user.id, { assignee_id: zd.standIn.agentId });
    expect(assigned.status).toBe('open');
    const plain = await newTicket(user.id);
    expect(plain.status).toBe('new');
    const res = await api('PUT', `/api/v2/tickets/${plain.id}`, {
      ticket: { assignee_id: zd.standIn.agentId },
    });
    expect(res.body.ticket).toMatchObject({ status: 'open', assignee_id: zd.standIn.agentId });
  });

  it('refuses to solve an unassigned ticket through the API, changing nothing', async () => {
    const user = await newRequester();
    const ticket = await newTicket(user.id);
    const res = await api('PUT', `/api/v2/tickets/${ticket.id}`, {
      ticket: { status: 'solved', comment: { body: 'done', public: false } },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(noAssignee);
    expect(zd.standIn.ticket(ticket.id)).toMatchObject({ status: 'new', assignee_id: null });
    expect(zd.standIn.ticket(ticket.id)?.comments).toHaveLength(1);
    const solved = await api('PUT', `/api/v2/tickets/${ticket.id}`, {
      ticket: { status: 'solved', assignee_id: zd.standIn.apiUserId },
    });
    expect(solved.status).toBe(200);
    expect(solved.body.ticket).toMatchObject({
      status: 'solved',
      assignee_id: zd.standIn.apiUserId,
    });
  });

  it('assigns the agent who solves an unassigned ticket in the agent UI (auto assign upon solve)', async () => {
    const user = await newRequester();
    const ticket = await newTicket(user.id);
    expect(zd.standIn.setTicketStatus(ticket.id, 'solved')).toMatchObject({
      status: 'solved',
      assignee_id: zd.standIn.agentId,
    });
  });
});

describe('user tags', () => {
  it('creates users without tags, or with the tags given, and shows them on GET /users/{id}', async () => {
    const user = await newRequester();
    expect((await api('GET', `/api/v2/users/${user.id}`)).body.user.tags).toEqual([]);
    const tagged = await api('POST', '/api/v2/users', {
      user: { name: 'VIP', email: 'vip@example.com', tags: ['VIP', 'tier_24_7'] },
    });
    expect(tagged.body.user.tags).toEqual(['vip', 'tier_24_7']);
    expect(zd.standIn.createEndUser({ name: 'Seeded', phone: '+15551230009' }).tags).toEqual([]);
  });

  it("lets an agent replace a user's tags, normalised like ticket tags", async () => {
    const user = await newRequester();
    const updated = zd.standIn.setUserTags(user.id, ['Tier_24_7', 'gold member', 'vip', 'VIP']);
    expect(updated.tags).toEqual(['tier_24_7', 'gold', 'member', 'vip']);
    expect((await api('GET', `/api/v2/users/${user.id}`)).body.user.tags).toEqual(updated.tags);
    expect(zd.standIn.setUserTags(user.id, []).tags).toEqual([]);
    expect(() => zd.standIn.setUserTags(999_999, ['x'])).toThrow();
  });

  it('answers 404 for a user that does not exist', async () => {
    const res = await api('GET', '/api/v2/users/999999');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('RecordNotFound');
  });
});

describe('uploads', () => {
  it('returns a token whose attachments land on the comment that uses it, once', async () => {
    const user = await newRequester();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const up = await api('POST', '/api/v2/uploads?filename=photo.png', undefined, {
      raw: png,
      headers: { 'content-type': 'image/png' },
    });
    expect(up.status).toBe(201);
    expect(up.body.upload.attachment).toMatchObject({
      file_name: 'photo.png',
      content_type: 'image/png',
      size: 7,
    });
    expect(up.body.upload.attachments).toHaveLength(1);
    const second = await api(
      'POST',
      `/api/v2/uploads?filename=b.jpg&token=${up.body.upload.token}`,
      undefined,
      {
        raw: Buffer.from('jpeg'),
        headers: { 'content-type': 'image/jpeg' },
      },
    );
    expect(second.body.upload.token).toBe(up.body.upload.token);
    expect(second.body.upload.attachments).toHaveLength(2);
    const ticket = await newTicket(user.id, {
      comment: { body: 'pics', author_id: user.id, uploads: [up.body.upload.token] },
    });
    expect(zd.standIn.ticket(ticket.id)?.comments[0]?.attachments).toEqual([
      { file_name: 'photo.png', content_type: 'image/png', size: 7 },
      { file_name: 'b.jpg', content_type: 'image/jpeg', size: 4 },
    ]);
    // a used token attaches nothing again
    await api('PUT', `/api/v2/tickets/${ticket.id}`, {
      ticket: { comment: { body: 'again', author_id: user.id, uploads: [up.body.upload.token] } },
    });
    expect(zd.standIn.ticket(ticket.id)?.comments[1]?.attachments).toEqual([]);
    const download = await fetch(up.body.upload.attachment.content_url as string);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(png);
  });

  it('expires tokens after 60 minutes and requires a filename', async () => {
    const user = await newRequester();
    const up = await api('POST', '/api/v2/uploads?filename=a.txt', undefined, {
      raw: Buffer.from('hi'),
    });
    clock = new Date(clock.getTime() + 61 * 60_000);
    const ticket = await newTicket(user.id, {
      comment: { body: 'late', author_id: user.id, uploads: [up.body.upload.token] },
    });
    expect(zd.standIn.ticket(ticket.id)?.comments[0]?.attachments).toEqual([]);
    const missing = await api('POST', '/api/v2/uploads', undefined, { raw: Buffer.from('x') });
    expect(missing.status).toBe(400);
  });
});

describe('ticket fields, webhooks and triggers', () => {
  it('lists system fields and creates custom fields of the documented types', async () => {
    const list = await api('GET', '/api/v2/ticket_fields');
    expect(list.body.ticket_fields.map((f: { type: string }) => f.type)).toContain('subject');
    const created = await api('POST', '/api/v2/ticket_fields', {
      ticket_field: { type: 'text', title: 'SMS consent status' },
    });
    expect(created.status).toBe(201);
    const bad = await api('POST', '/api/v2/ticket_fields', {
      ticket_field: { type: 'blob', title: 'x' },
    });
    expect(bad.status).toBe(422);
    const after = await api('GET', '/api/v2/ticket_fields');
    expect(after.body.ticket_fields.map((f: { title: string }) => f.title)).toContain(
      'SMS consent status',
    );
  });

  it('creates event-subscription webhooks and reveals their signing secret', async () => {
    const res = await api('POST', '/api/v2/webhooks', {
      webhook: {
        name: 'SMS Bridge',
        endpoint: 'https://relay.example.com/webhooks/zendesk',
        http_method: 'POST',
        request_format: 'json',
        status: 'active',
        subscriptions: ['zen:event-type:ticket.comment_added'],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.webhook.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const secret = await api('GET', `/api/v2/webhooks/${res.body.webhook.id}/signing_secret`);
    expect(secret.body.signing_secret.algorithm).toBe('SHA256');
    expect(secret.body.signing_secret.secret.length).toBeGreaterThan(20);
    const list = await api('GET', '/api/v2/webhooks?filter[name_contains]=SMS');
    expect(list.body.webhooks).toHaveLength(1);
    const none = await api('GET', '/api/v2/webhooks?filter[name_contains]=Other');
    expect(none.body.webhooks).toHaveLength(0);
  });

  it('enforces POST + json for event subscriptions and exclusive connection methods', async () => {
    const base = { name: 'x', endpoint: 'https://relay.example.com/h', request_format: 'json' };
    const get = await api('POST', '/api/v2/webhooks', {
      webhook: { ...base, http_method: 'GET', subscriptions: ['zen:event-type:ticket.created'] },
    });
    expect(get.status).toBe(422);
    const mixed = await api('POST', '/api/v2/webhooks', {
      webhook: {
        ...base,
        http_method: 'POST',
        subscriptions: ['zen:event-type:ticket.created', 'conditional_ticket_events'],
      },
    });
    expect(mixed.status).toBe(422);
    const badUrl = await api('POST', '/api/v2/webhooks', {
      webhook: { ...base, endpoint: 'not a url', http_method: 'POST', subscriptions: [] },
    });
    expect(badUrl.status).toBe(422);
  });

  it('stores triggers and refuses one without actions', async () => {
    const none = await api('POST', '/api/v2/triggers', { trigger: { title: 't', actions: [] } });
    expect(none.status).toBe(422);
    const ok = await api('POST', '/api/v2/triggers', {
      trigger: {
        title: 'Notify relay',
        conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Change' }] },
        actions: [{ field: 'notification_webhook', value: ['01EJ', '{}'] }],
      },
    });
    expect(ok.status).toBe(201);
    const list = await api('GET', '/api/v2/triggers');
    expect(list.body.triggers).toHaveLength(1);
  });
});
