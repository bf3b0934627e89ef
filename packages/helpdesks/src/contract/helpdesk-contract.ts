// The behaviour every HelpdeskAdapter must show against its helpdesk's stand-in, as Vitest blocks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  HelpdeskApiError,
  type CustomerMessage,
  type HelpdeskAdapter,
  type HelpdeskEvent,
  type RawHelpdeskWebhook,
  type SmsTicketFields,
  type TicketStatus,
} from '../helpdesk-adapter.ts';

/** A ticket as the helpdesk stores it, in helpdesk-neutral words. */
export interface ContractTicket {
  readonly ticketId: string;
  readonly requesterId: string;
  readonly status: TicketStatus;
  readonly priority: string | null;
  readonly tags: readonly string[];
  readonly externalId: string | null;
  readonly followUpOf: string | null;
  readonly fields: Readonly<Partial<Record<keyof SmsTicketFields, unknown>>>;
  readonly comments: readonly {
    readonly authorId: string;
    readonly body: string;
    readonly public: boolean;
    readonly attachments: readonly {
      readonly filename: string;
      readonly contentType: string;
      readonly size: number;
    }[];
  }[];
}

/** What a helpdesk's stand-in lets the suite see and do, besides the adapter itself. */
export interface HelpdeskContractHarness {
  readonly adapter: HelpdeskAdapter;
  /** The URL provision() should point the helpdesk's webhook at; the harness records what arrives. */
  readonly webhookUrl: string;
  /** Webhooks delivered to `webhookUrl` since the last reset, oldest first, once in-flight ones land. */
  deliveredWebhooks(): Promise<readonly RawHelpdeskWebhook[]>;
  /** The helpdesk delivers its next webhook twice. */
  duplicateNextWebhook(): void;
  ticket(ticketId: string): Promise<ContractTicket | undefined>;
  ticketCount(): Promise<number>;
  /** Ids of the end users whose phone is this number. */
  usersWithPhone(phone: string): Promise<readonly string[]>;
  /** A customer who already exists in the helpdesk; returns the id. */
  seedEndUser(input: { name: string; phone: string }): Promise<string>;
  /**
   * An agent replaces the end user's tags in the helpdesk's UI (e.g. a "24/7 tier" tag). The suite
   * uses lower-case single words, which every helpdesk stores as given.
   */
  setRequesterTags(requesterId: string, tags: readonly string[]): Promise<void>;
  /** Tags added to the ticket by someone else (an agent or a trigger). */
  addTagsAsAgent(ticketId: string, tags: readonly string[]): Promise<void>;
  /** The agent answers in the helpdesk's own UI. */
  agentComment(ticketId: string, body: string, options: { public: boolean }): Promise<void>;
  /** The agent changes the status ('closed' as the helpdesk's own automation would). */
  setStatus(ticketId: string, status: 'open' | 'pending' | 'solved' | 'closed'): Promise<void>;
  /** API requests the adapter made, in order. */
  apiCalls(): readonly {
    readonly method: string;
    readonly path: string;
    readonly status: number;
  }[];
  /** The next `count` API requests fail with `status` and this Retry-After. */
  injectFaults(fault: { status: 429 | 503; count: number; retryAfterSeconds: number }): void;
  clearFaults(): void;
  /** Forget every ticket, user, webhook and fault. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const PHONE = '+15551234567';

function message(body: string, at = new Date(), attachments: CustomerMessage['attachments'] = []) {
  return { body, receivedAt: at, attachments };
}

function writes(calls: HelpdeskContractHarness['apiCalls'] extends () => infer R ? R : never) {
  return calls.filter((c) => c.method !== 'GET');
}

async function rejection(promise: Promise<unknown>): Promise<HelpdeskApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HelpdeskApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/**
 * How the helpdesk authenticates webhooks: an HMAC signature over body and timestamp (the
 * default), or a shared secret in a header, for helpdesks without signatures (Freshdesk,
 * freshdesk.md §2), where a tampered body or an old delivery cannot be detected.
 */
export type WebhookAuthentication =
  { readonly kind: 'signature' } | { readonly kind: 'shared_secret'; readonly header: string };

/** Registers the contract for one helpdesk: `setup` starts its stand-in and adapter once. */
export function describeHelpdeskContract(
  name: string,
  setup: () => Promise<HelpdeskContractHarness>,
  options: { readonly webhookAuthentication?: WebhookAuthentication } = {},
): void {
  const auth: WebhookAuthentication = options.webhookAuthentication ?? { kind: 'signature' };
  describe(`HelpdeskAdapter contract: ${name}`, () => {
    let h: HelpdeskContractHarness;

    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => {
      await h?.close();
    });
    beforeEach(async () => {
      await h.reset();
    });

    async function requester(phone = PHONE) {
      return (await h.adapter.findOrCreateRequester({ phone, name: `SMS ${phone}` })).requesterId;
    }

    async function openTicket(requesterId: string, body = 'my order never arrived') {
      return h.adapter.createTicket({
        requesterId,
        subject: body,
        messages: [message(body)],
        tags: ['sms', 'sms_business_15550001111'],
        priority: 'normal',
        externalId: `conv-${requesterId}-${Math.random().toString(36).slice(2)}`,
        mayBeDuplicate: false,
      });
    }

    async function signedEvents(): Promise<HelpdeskEvent[]> {
      const events: HelpdeskEvent[] = [];
      for (const hook of await h.deliveredWebhooks()) {
        expect(h.adapter.verifyWebhook(hook, new Date())).toEqual({ ok: true });
        const parsed = h.adapter.parseWebhook(hook);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) events.push(...parsed.value);
      }
      return events;
    }

    describe('requesters', () => {
      it('creates the requester once per phone and finds it afterwards', async () => {
        const first = await h.adapter.findOrCreateRequester({ phone: PHONE, name: 'SMS +1 555' });
        const second = await h.adapter.findOrCreateRequester({ phone: PHONE, name: 'SMS +1 555' });
        expect(first.created).toBe(true);
        expect(second).toEqual({ requesterId: first.requesterId, created: false });
        expect(await h.usersWithPhone(PHONE)).toEqual([first.requesterId]);
      });

      it('uses a customer who already exists, the oldest when several share the number', async () => {
        const older = await h.seedEndUser({ name: 'Dana', phone: PHONE });
        await h.seedEndUser({ name: 'Dana (dup)', phone: PHONE });
        const newer = (await h.usersWithPhone(PHONE)).filter((id) => id !== older);
        for (let i = 0; i < 3; i += 1) {
          const found = await h.adapter.findOrCreateRequester({ phone: PHONE, name: 'x' });
          expect(found).toMatchObject({ requesterId: older, created: false });
          // Helpdesks that report duplicates name exactly the others.
          if (found.otherMatches !== undefined) expect(found.otherMatches).toEqual(newer);
        }
      });

      it('keeps different numbers apart', async () => {
        const a = await requester('+15551230001');
        const b = await requester('+15551230002');
        expect(a).not.toBe(b);
      });

      it("reads a requester's tags: none at first, then what an agent set", async () => {
        const created = await requester();
        const seeded = await h.seedEndUser({ name: 'Dana', phone: '+15551230003' });
        expect(await h.adapter.getRequester(created)).toEqual({ requesterId: created, tags: [] });
        expect(await h.adapter.getRequester(seeded)).toEqual({ requesterId: seeded, tags: [] });
        await h.setRequesterTags(seeded, ['tier_24_7', 'vip']);
        const read = await h.adapter.getRequester(seeded);
        expect(read?.requesterId).toBe(seeded);
        expect([...(read?.tags ?? [])].sort()).toEqual(['tier_24_7', 'vip']);
        expect(await h.adapter.getRequester(created)).toEqual({ requesterId: created, tags: [] });
        await h.setRequesterTags(seeded, []);
        expect((await h.adapter.getRequester(seeded))?.tags).toEqual([]);
      });

      it('answers null for a requester that does not exist, and refuses malformed ids', async () => {
        expect(await h.adapter.getRequester('987654321')).toBeNull();
        const before = h.apiCalls().length;
        await expect(h.adapter.getRequester(42 as unknown as string)).rejects.toThrow(TypeError);
        await expect(h.adapter.getRequester(42 as unknown as string)).rejects.toThrow(
          /getRequester/,
        );
        for (const bad of ['not-an-id', '', '-3', '0', '12abc', '1.5']) {
          const error = await rejection(h.adapter.getRequester(bad));
          expect(error.message, bad).toMatch(/getRequester/);
          expect(error.retryable, bad).toBe(false);
        }
        expect(h.apiCalls().length).toBe(before);
      });
    });

    describe('tickets', () => {
      it('creates a ticket with the customer as requester and author of a public comment', async () => {
        const requesterId = await requester();
        const snapshot = await h.adapter.createTicket({
          requesterId,
          subject: 'Where is my order?',
          messages: [message('Where is my order? #A1234')],
          tags: ['sms', 'sms_business_15550001111'],
          priority: 'high',
          externalId: 'conv-1:first',
          mayBeDuplicate: false,
        });
        expect(snapshot.requesterId).toBe(requesterId);
        const ticket = await h.ticket(snapshot.ticketId);
        expect(ticket).toMatchObject({
          requesterId,
          priority: 'high',
          externalId: 'conv-1:first',
          comments: [{ authorId: requesterId, body: 'Where is my order? #A1234', public: true }],
        });
        expect(ticket?.tags).toEqual(expect.arrayContaining(['sms', 'sms_business_15550001111']));
      });

      it('coalesces several messages into one comment, in order, in one write', async () => {
        const requesterId = await requester();
        const before = h.apiCalls().length;
        const t0 = Date.now();
        const snapshot = await h.adapter.createTicket({
          requesterId,
          subject: 'hi',
          messages: [
            message('hi', new Date(t0)),
            message('my router keeps blinking 🔴', new Date(t0 + 1)),
            message('¿pueden ayudarme?', new Date(t0 + 2)),
          ],
          tags: ['sms'],
          priority: 'normal',
          externalId: 'conv-2:first',
          mayBeDuplicate: false,
        });
        expect(writes(h.apiCalls().slice(before))).toHaveLength(1);
        const ticket = await h.ticket(snapshot.ticketId);
        expect(ticket?.comments).toHaveLength(1);
        expect(ticket?.comments[0]?.body).toBe(
          'hi\n\nmy router keeps blinking 🔴\n\n¿pueden ayudarme?',
        );

        const mark = h.apiCalls().length;
        await h.adapter.appendMessages({
          ticketId: snapshot.ticketId,
          requesterId,
          messages: Array.from({ length: 20 }, (_, i) =>
            message(`burst ${i + 1}`, new Date(t0 + 10 + i)),
          ),
          reopen: false,
          mayBeDuplicate: false,
        });
        expect(writes(h.apiCalls().slice(mark))).toHaveLength(1);
        const after = await h.ticket(snapshot.ticketId);
        expect(after?.comments).toHaveLength(2);
        expect(after?.comments[1]?.body.split('\n\n')).toEqual(
          Array.from({ length: 20 }, (_, i) => `burst ${i + 1}`),
        );
      });

      it('attaches every MMS file to the comment', async () => {
        const requesterId = await requester();
        const files = [
          { data: Buffer.from('first-jpeg'), contentType: 'image/jpeg', filename: 'IMG_0001.jpg' },
          { data: Buffer.from('second-png!'), contentType: 'image/png', filename: 'photo.png' },
          { data: Buffer.alloc(2048, 7), contentType: 'image/gif', filename: 'anim.gif' },
        ];
        const snapshot = await h.adapter.createTicket({
          requesterId,
          subject: 'pics',
          messages: [
            message('see photos', new Date(), files.slice(0, 2)),
            message('', new Date(), files.slice(2)),
          ],
          tags: ['sms'],
          priority: 'normal',
          externalId: 'conv-3:first',
          mayBeDuplicate: false,
        });
        const ticket = await h.ticket(snapshot.ticketId);
        expect(ticket?.comments[0]?.attachments).toEqual(
          files.map((f) => ({
            filename: f.filename,
            contentType: f.contentType,
            size: f.data.length,
          })),
        );
        const picturesOnly = await h.adapter.appendMessages({
          ticketId: snapshot.ticketId,
          requesterId,
          messages: [message('', new Date(), [files[0] as (typeof files)[number]])],
          reopen: false,
          mayBeDuplicate: false,
        });
        const after = await h.ticket(picturesOnly.ticketId);
        expect(after?.comments[1]?.attachments).toHaveLength(1);
        expect(after?.comments[1]?.body.trim()).not.toBe('');
      });

      it('appends as the requester, and reopens a solved ticket when asked', async () => {
        const requesterId = await requester();
        const created = await openTicket(requesterId);
        await h.setStatus(created.ticketId, 'solved');
        const appended = await h.adapter.appendMessages({
          ticketId: created.ticketId,
          requesterId,
          messages: [message('it broke again')],
          reopen: true,
          mayBeDuplicate: false,
        });
        expect(appended.status).toBe('open');
        const ticket = await h.ticket(created.ticketId);
        expect(ticket?.status).toBe('open');
        expect(ticket?.comments.at(-1)).toMatchObject({
          authorId: requesterId,
          body: 'it broke again',
          public: true,
        });
      });

      it('refuses to append to a closed ticket with ticketClosed, writing nothing', async () => {
        const requesterId = await requester();
        const created = await openTicket(requesterId);
        await h.setStatus(created.ticketId, 'solved');
        await h.setStatus(created.ticketId, 'closed');
        const error = await rejection(
          h.adapter.appendMessages({
            ticketId: created.ticketId,
            requesterId,
            messages: [message('hello?')],
            reopen: true,
            mayBeDuplicate: false,
          }),
        );
        expect(error.ticketClosed).toBe(true);
        expect(error.retryable).toBe(false);
        expect((await h.ticket(created.ticketId))?.comments).toHaveLength(1);
      });

      it('creates a follow-up of a closed ticket', async () => {
        const requesterId = await requester();
        const first = await openTicket(requesterId);
        await h.setStatus(first.ticketId, 'solved');
        await h.setStatus(first.ticketId, 'closed');
        const follow = await h.adapter.createTicket({
          requesterId,
          subject: 'new problem',
          messages: [message('new problem')],
          tags: ['sms'],
          priority: 'normal',
          followUpOf: first.ticketId,
          externalId: 'conv-4:second',
          mayBeDuplicate: false,
        });
        expect(follow.ticketId).not.toBe(first.ticketId);
        expect((await h.ticket(follow.ticketId))?.followUpOf).toBe(first.ticketId);
      });

      it('returns the existing ticket for a retried create (mayBeDuplicate)', async () => {
        const requesterId = await requester();
        const input = {
          requesterId,
          subject: 'hello',
          messages: [message('hello')],
          tags: ['sms'],
          priority: 'normal' as const,
          externalId: 'conv-5:first',
        };
        const fresh = await h.adapter.createTicket({ ...input, mayBeDuplicate: true });
        const retried = await h.adapter.createTicket({ ...input, mayBeDuplicate: true });
        expect(retried.ticketId).toBe(fresh.ticketId);
        expect(await h.ticketCount()).toBe(1);
        expect((await h.ticket(fresh.ticketId))?.comments).toHaveLength(1);
      });

      it('creates a ticket already solved, with the texts and tags, in one write', async () => {
        const requesterId = await requester();
        const before = h.apiCalls().length;
        const solved = await h.adapter.createTicket({
          requesterId,
          subject: 'What are your opening hours?',
          messages: [message('What are your opening hours?'), message('thanks!')],
          tags: ['sms', 'sms_bot_resolved', 'sms_intent_hours'],
          priority: 'low',
          externalId: 'conv-bot:first',
          mayBeDuplicate: false,
          status: 'solved',
        });
        expect(solved).toMatchObject({ requesterId, status: 'solved' });
        const calls = h.apiCalls().slice(before);
        expect(writes(calls)).toHaveLength(1);
        expect((await h.adapter.getTicket(solved.ticketId))?.status).toBe('solved');
        const ticket = await h.ticket(solved.ticketId);
        expect(ticket).toMatchObject({
          requesterId,
          status: 'solved',
          externalId: 'conv-bot:first',
          comments: [
            {
              authorId: requesterId,
              body: 'What are your opening hours?\n\nthanks!',
              public: true,
            },
          ],
        });
        expect(ticket?.tags).toEqual(
          expect.arrayContaining(['sms', 'sms_bot_resolved', 'sms_intent_hours']),
        );

        // A second one costs one write too: whatever the helpdesk needs to know is read once.
        const mark = h.apiCalls().length;
        const again = await h.adapter.createTicket({
          requesterId,
          subject: 'Do you ship to Canada?',
          messages: [message('Do you ship to Canada?')],
          tags: ['sms', 'sms_bot_resolved'],
          priority: 'low',
          externalId: 'conv-bot:second',
          mayBeDuplicate: false,
          status: 'solved',
        });
        expect(again.status).toBe('solved');
        expect(h.apiCalls().slice(mark)).toHaveLength(1);
        const reads = [...calls, ...h.apiCalls().slice(mark)].filter((c) => c.method === 'GET');
        expect(reads.length).toBeLessThanOrEqual(1);

        // Without a status, the helpdesk's normal new/open ticket, as before.
        const normal = await openTicket(requesterId);
        expect(['new', 'open']).toContain(normal.status);
        expect(['new', 'open']).toContain((await h.ticket(normal.ticketId))?.status);
      });

      it('returns the existing solved ticket for a retried solved create (mayBeDuplicate)', async () => {
        const requesterId = await requester();
        const input = {
          requesterId,
          subject: 'hours?',
          messages: [message('hours?')],
          tags: ['sms', 'sms_bot_resolved'],
          priority: 'low' as const,
          externalId: 'conv-bot:retry',
          status: 'solved' as const,
        };
        const fresh = await h.adapter.createTicket({ ...input, mayBeDuplicate: true });
        const retried = await h.adapter.createTicket({ ...input, mayBeDuplicate: true });
        expect(retried).toMatchObject({ ticketId: fresh.ticketId, status: 'solved' });
        expect(await h.ticketCount()).toBe(1);
        const ticket = await h.ticket(fresh.ticketId);
        expect(ticket?.status).toBe('solved');
        expect(ticket?.comments).toHaveLength(1);
      });

      it('refuses a status other than solved before any call', async () => {
        const requesterId = await requester();
        const before = h.apiCalls().length;
        await expect(
          h.adapter.createTicket({
            requesterId,
            subject: 'x',
            messages: [message('x')],
            tags: [],
            priority: 'normal',
            externalId: 'conv-bad-status',
            mayBeDuplicate: false,
            status: 'closed' as unknown as 'solved',
          }),
        ).rejects.toThrow(/createTicket.*status/);
        expect(h.apiCalls().length).toBe(before);
        expect(await h.ticketCount()).toBe(0);
      });

      it('does not append the same messages twice on a retry (mayBeDuplicate)', async () => {
        const requesterId = await requester();
        const created = await openTicket(requesterId);
        const input = {
          ticketId: created.ticketId,
          requesterId,
          messages: [message('second text'), message('third text')],
          reopen: false,
        };
        await h.adapter.appendMessages({ ...input, mayBeDuplicate: false });
        const again = await h.adapter.appendMessages({ ...input, mayBeDuplicate: true });
        expect(again.ticketId).toBe(created.ticketId);
        expect((await h.ticket(created.ticketId))?.comments).toHaveLength(2);
        // A retry whose first attempt never landed still writes.
        await h.adapter.appendMessages({
          ...input,
          messages: [message('fourth text')],
          mayBeDuplicate: true,
        });
        expect((await h.ticket(created.ticketId))?.comments.map((c) => c.body)).toEqual([
          'my order never arrived',
          'second text\n\nthird text',
          'fourth text',
        ]);
      });

      it('still writes a repeated text the customer sends later', async () => {
        const requesterId = await requester();
        const created = await openTicket(requesterId);
        const old = new Date(Date.now() - 60 * 60_000);
        const write = (at: Date, mayBeDuplicate: boolean) =>
          h.adapter.appendMessages({
            ticketId: created.ticketId,
            requesterId,
            messages: [message('ok', at)],
            reopen: false,
            mayBeDuplicate,
          });
        await write(old, false);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await write(new Date(Date.now() + 60_000), true);
        expect(
          (await h.ticket(created.ticketId))?.comments.filter((c) => c.body === 'ok'),
        ).toHaveLength(2);
      });

      it('reads a ticket back, and null for one that does not exist', async () => {
        const requesterId = await requester();
        const created = await openTicket(requesterId);
        const read = await h.adapter.getTicket(created.ticketId);
        expect(read).toMatchObject({ ticketId: created.ticketId, requesterId });
        expect(read?.updatedAt).toBeInstanceOf(Date);
        expect(await h.adapter.getTicket('987654321')).toBeNull();
        expect(await h.adapter.getTicket('not-an-id')).toBeNull();
      });
    });

    describe('annotations', () => {
      it('adds an internal note and tags without removing existing tags', async () => {
        const requesterId = await requester();
        const created = await openTicket(requesterId);
        await h.addTagsAsAgent(created.ticketId, ['vip']);
        await h.adapter.annotateTicket({
          ticketId: created.ticketId,
          internalNote: 'Customer opted out of SMS (STOP) at 10:02.',
          addTags: ['sms_opted_out'],
        });
        const ticket = await h.ticket(created.ticketId);
        expect(ticket?.tags).toEqual(
          expect.arrayContaining(['sms', 'sms_business_15550001111', 'vip', 'sms_opted_out']),
        );
        expect(ticket?.comments.at(-1)).toMatchObject({
          body: 'Customer opted out of SMS (STOP) at 10:02.',
          public: false,
        });
        expect(ticket?.comments.at(-1)?.authorId).not.toBe(requesterId);
      });

      it('fills the provisioned SMS fields', async () => {
        await h.adapter.provision({ webhookUrl: h.webhookUrl });
        const requesterId = await requester();
        const created = await openTicket(requesterId);
        await h.adapter.annotateTicket({
          ticketId: created.ticketId,
          fields: { consentStatus: 'opted_out', segmentsSent: 3 },
        });
        expect((await h.ticket(created.ticketId))?.fields).toMatchObject({
          consentStatus: 'opted_out',
          segmentsSent: 3,
        });
      });

      it('records a text sent from the sidebar where agents read the thread, naming the agent', async () => {
        const requesterId = await requester();
        const created = await openTicket(requesterId);
        await h.adapter.recordSentText({
          ticketId: created.ticketId,
          body: 'Your refund was issued today.',
          authorName: 'Dana Agent',
        });
        const last = (await h.ticket(created.ticketId))?.comments.at(-1);
        expect(last?.body).toContain('Your refund was issued today.');
        expect(last?.body).toContain('Sent by SMS by Dana Agent');
        expect(last?.authorId).not.toBe(requesterId);
        await expect(
          h.adapter.recordSentText({ ticketId: 'nope', body: 'x', authorName: 'y' }),
        ).rejects.toThrow(/recordSentText/);
      });

      it('does nothing when there is nothing to write', async () => {
        const requesterId = await requester();
        const created = await openTicket(requesterId);
        const before = h.apiCalls().length;
        await h.adapter.annotateTicket({ ticketId: created.ticketId, addTags: [] });
        expect(h.apiCalls().length).toBe(before);
      });
    });

    describe('rate limits and outages', () => {
      for (const status of [429, 503] as const) {
        it(`turns ${status} into a retryable error with retryAfterMs and writes nothing`, async () => {
          const requesterId = await requester();
          const input = {
            requesterId,
            subject: 'x',
            messages: [message('during an outage')],
            tags: ['sms'],
            priority: 'normal' as const,
            externalId: `conv-${status}:first`,
            mayBeDuplicate: false,
          };
          h.injectFaults({ status, count: 1, retryAfterSeconds: 7 });
          const error = await rejection(h.adapter.createTicket(input));
          expect(error).toMatchObject({
            status,
            retryable: true,
            retryAfterMs: 7000,
            ticketClosed: false,
          });
          expect(await h.ticketCount()).toBe(0);
          const created = await h.adapter.createTicket({ ...input, mayBeDuplicate: true });

          h.injectFaults({ status, count: 1, retryAfterSeconds: 2 });
          const appendInput = {
            ticketId: created.ticketId,
            requesterId,
            messages: [message('after the outage')],
            reopen: false,
          };
          const appendError = await rejection(
            h.adapter.appendMessages({ ...appendInput, mayBeDuplicate: false }),
          );
          expect(appendError).toMatchObject({ retryable: true, retryAfterMs: 2000 });
          h.injectFaults({ status, count: 1, retryAfterSeconds: 1 });
          await rejection(
            h.adapter.annotateTicket({ ticketId: created.ticketId, internalNote: 'n' }),
          );
          expect((await h.ticket(created.ticketId))?.comments).toHaveLength(1);

          await h.adapter.appendMessages({ ...appendInput, mayBeDuplicate: true });
          expect((await h.ticket(created.ticketId))?.comments.map((c) => c.body)).toEqual([
            'during an outage',
            'after the outage',
          ]);
          expect(await h.ticketCount()).toBe(1);
        });
      }

      it('fails attachments uploads retryably without creating the ticket', async () => {
        const requesterId = await requester();
        h.injectFaults({ status: 503, count: 1, retryAfterSeconds: 3 });
        const error = await rejection(
          h.adapter.createTicket({
            requesterId,
            subject: 'pic',
            messages: [
              message('pic', new Date(), [
                { data: Buffer.from('x'), contentType: 'image/png', filename: 'a.png' },
              ]),
            ],
            tags: ['sms'],
            priority: 'normal',
            externalId: 'conv-up:first',
            mayBeDuplicate: false,
          }),
        );
        expect(error.retryable).toBe(true);
        expect(await h.ticketCount()).toBe(0);
      });
    });

    describe('webhooks', () => {
      async function conversationWithAgentActivity() {
        await h.adapter.provision({ webhookUrl: h.webhookUrl });
        const requesterId = await requester();
        const created = await openTicket(requesterId, 'hi, my card was charged twice');
        await h.adapter.appendMessages({
          ticketId: created.ticketId,
          requesterId,
          messages: [message('hello??')],
          reopen: false,
          mayBeDuplicate: false,
        });
        // Another end user (say a CC'd colleague of the customer) commenting publicly is not an agent.
        const colleague = await requester('+15557654321');
        await h.adapter.appendMessages({
          ticketId: created.ticketId,
          requesterId: colleague,
          messages: [message('adding my colleague here')],
          reopen: false,
          mayBeDuplicate: false,
        });
        await h.adapter.annotateTicket({
          ticketId: created.ticketId,
          internalNote: 'Delivery failed: landline.',
        });
        // A text an agent sent from the sidebar is already on its way: never an agent reply.
        await h.adapter.recordSentText({
          ticketId: created.ticketId,
          body: 'Sent from the sidebar',
          authorName: 'Dana Agent',
        });
        await h.agentComment(created.ticketId, 'Checking with billing (internal)', {
          public: false,
        });
        await h.agentComment(created.ticketId, 'Sorry about that! Refund is on its way.', {
          public: true,
        });
        await h.setStatus(created.ticketId, 'solved');
        return created.ticketId;
      }

      it('yields agent replies only for public agent comments, and status changes', async () => {
        const ticketId = await conversationWithAgentActivity();
        const events = await signedEvents();
        const replies = events.filter((e) => e.kind === 'agent_reply');
        expect(replies).toEqual([
          expect.objectContaining({
            kind: 'agent_reply',
            ticketId,
            body: 'Sorry about that! Refund is on its way.',
          }),
        ]);
        expect(replies[0]?.eventId).toMatch(/\S/);
        expect(events.filter((e) => e.kind === 'ticket_status')).toEqual([
          expect.objectContaining({ kind: 'ticket_status', ticketId, status: 'solved' }),
        ]);
      });

      it('never reports a ticket created solved as an agent reply or a reopening', async () => {
        await h.adapter.provision({ webhookUrl: h.webhookUrl });
        const requesterId = await requester();
        const baseline = (await h.deliveredWebhooks()).length;
        const solved = await h.adapter.createTicket({
          requesterId,
          subject: 'hours?',
          messages: [message('hours?')],
          tags: ['sms', 'sms_bot_resolved'],
          priority: 'low',
          externalId: 'conv-bot:hook',
          mayBeDuplicate: false,
          status: 'solved',
        });
        const events: HelpdeskEvent[] = [];
        for (const hook of (await h.deliveredWebhooks()).slice(baseline)) {
          expect(h.adapter.verifyWebhook(hook, new Date())).toEqual({ ok: true });
          const parsed = h.adapter.parseWebhook(hook);
          expect(parsed.ok).toBe(true);
          if (parsed.ok) events.push(...parsed.value);
        }
        expect(events.filter((e) => e.kind === 'agent_reply')).toEqual([]);
        for (const event of events) {
          expect(event).toMatchObject({ ticketId: solved.ticketId, status: 'solved' });
        }
      });

      it('gives a duplicated delivery the same event id', async () => {
        await h.adapter.provision({ webhookUrl: h.webhookUrl });
        const requesterId = await requester();
        const created = await openTicket(requesterId);
        const baseline = (await h.deliveredWebhooks()).length;
        h.duplicateNextWebhook();
        await h.agentComment(created.ticketId, 'one reply', { public: true });
        const hooks = (await h.deliveredWebhooks()).slice(baseline);
        expect(hooks).toHaveLength(2);
        const ids = hooks.map((hook) => {
          const parsed = h.adapter.parseWebhook(hook);
          return parsed.ok ? parsed.value.map((e) => e.eventId) : [];
        });
        expect(ids[0]).toHaveLength(1);
        expect(ids[1]).toEqual(ids[0]);
      });

      it('tells two identical replies on one ticket apart, and a redelivery from both', async () => {
        await h.adapter.provision({ webhookUrl: h.webhookUrl });
        const requesterId = await requester();
        const created = await openTicket(requesterId);
        const baseline = (await h.deliveredWebhooks()).length;
        h.duplicateNextWebhook();
        await h.agentComment(created.ticketId, 'Are you still there?', { public: true });
        await h.agentComment(created.ticketId, 'Are you still there?', { public: true });
        const hooks = (await h.deliveredWebhooks()).slice(baseline);
        expect(hooks).toHaveLength(3);
        // The ids each delivery may stand for: its event id, or the replies the helpdesk names when
        // its webhook does not (resolveAgentReply).
        const named: string[][] = [];
        for (const hook of hooks) {
          const parsed = h.adapter.parseWebhook(hook);
          if (!parsed.ok) throw new Error(parsed.reason);
          const [event, ...more] = parsed.value;
          expect(more).toEqual([]);
          if (event?.kind !== 'agent_reply') throw new Error('expected an agent reply');
          expect(event.body).toBe('Are you still there?');
          const resolved = await h.adapter.resolveAgentReply?.(event);
          if (resolved !== undefined && !resolved.found) throw new Error(resolved.reason);
          if (resolved !== undefined) expect(resolved.body).toBe('Are you still there?');
          named.push(resolved === undefined ? [event.eventId] : [...resolved.eventIds]);
        }
        // Two replies, two ids between them: the relay can text both, and the copy no third time.
        expect(new Set(named.flat()).size).toBe(2);
        expect(named[1]).toEqual(named[0]);
      });

      it.skipIf(auth.kind !== 'shared_secret')(
        'rejects a wrong or missing shared secret',
        async () => {
          if (auth.kind !== 'shared_secret') return;
          await conversationWithAgentActivity();
          const hook = (await h.deliveredWebhooks()).at(-1);
          if (hook === undefined) throw new Error('no webhook delivered');
          const name = auth.header.toLowerCase();
          const secret = String(hook.headers[name]);
          expect(secret.length).toBeGreaterThan(0);
          const now = new Date();
          expect(h.adapter.verifyWebhook(hook, now)).toEqual({ ok: true });
          for (const wrong of ['AAAA' + secret.slice(4), secret.slice(0, -1), secret + 'x', '']) {
            const forged = { ...hook, headers: { ...hook.headers, [name]: wrong } };
            expect(h.adapter.verifyWebhook(forged, now).ok, wrong).toBe(false);
          }
          const rest: Record<string, string | undefined> = { ...hook.headers };
          delete rest[name];
          expect(h.adapter.verifyWebhook({ ...hook, headers: rest }, now)).toEqual({
            ok: false,
            reason: 'missing_secret',
          });
        },
      );

      it.skipIf(auth.kind !== 'signature')(
        'rejects forged, tampered, missing and stale signatures',
        async () => {
          await conversationWithAgentActivity();
          const hooks = await h.deliveredWebhooks();
          const hook = hooks.at(-1);
          if (hook === undefined) throw new Error('no webhook delivered');
          const now = new Date();
          expect(h.adapter.verifyWebhook(hook, now)).toEqual({ ok: true });

          const tampered = Buffer.from(hook.rawBody);
          tampered[tampered.length - 2] = tampered[tampered.length - 2] === 0x31 ? 0x32 : 0x31;
          expect(h.adapter.verifyWebhook({ ...hook, rawBody: tampered }, now)).toEqual({
            ok: false,
            reason: 'bad_signature',
          });
          const headerNames = Object.keys(hook.headers).filter((k) => /signature/i.test(k));
          expect(headerNames.length).toBeGreaterThan(0);
          for (const name of headerNames) {
            const forged = {
              ...hook,
              headers: { ...hook.headers, [name]: 'AAAA' + String(hook.headers[name]).slice(4) },
            };
            expect(h.adapter.verifyWebhook(forged, now).ok, name).toBe(false);
            const rest: Record<string, string | undefined> = { ...hook.headers };
            delete rest[name];
            expect(h.adapter.verifyWebhook({ ...hook, headers: rest }, now)).toEqual({
              ok: false,
              reason: 'missing_signature',
            });
          }
          const later = new Date(now.getTime() + 6 * 60_000);
          const earlier = new Date(now.getTime() - 6 * 60_000);
          expect(h.adapter.verifyWebhook(hook, later)).toEqual({
            ok: false,
            reason: 'stale_timestamp',
          });
          expect(h.adapter.verifyWebhook(hook, earlier)).toEqual({
            ok: false,
            reason: 'stale_timestamp',
          });
          const otherEvent = hooks[0];
          if (otherEvent !== undefined && otherEvent !== hook) {
            // A valid signature moved onto another body is a forgery too.
            expect(h.adapter.verifyWebhook({ ...otherEvent, headers: hook.headers }, now).ok).toBe(
              false,
            );
          }
        },
      );

      it('reports malformed, empty and oversized bodies as parse failures, never throwing', () => {
        const base: RawHelpdeskWebhook = {
          method: 'POST',
          publicUrl: h.webhookUrl,
          headers: { 'content-type': 'application/json' },
          rawBody: Buffer.alloc(0),
        };
        const bodies = [
          '',
          '{"type": ',
          'null',
          '[]',
          '"just a string"',
          JSON.stringify({ hello: 'world' }),
          '\ud800',
          JSON.stringify({
            type: 'zen:event-type:ticket.comment_added',
            detail: { id: '1' },
            event: {},
          }),
          JSON.stringify({ pad: 'x'.repeat(300 * 1024) }),
        ];
        for (const body of bodies) {
          const result = h.adapter.parseWebhook({ ...base, rawBody: Buffer.from(body, 'utf8') });
          expect(result.ok, body.slice(0, 40)).toBe(false);
          if (!result.ok) expect(result.reason).toMatch(/\S/);
        }
        expect(h.adapter.verifyWebhook(base, new Date())).toEqual({
          ok: false,
          reason: auth.kind === 'shared_secret' ? 'missing_secret' : 'missing_signature',
        });
      });
    });

    describe('provisioning', () => {
      it('creates the webhook and fields once; a second run changes nothing', async () => {
        const first = await h.adapter.provision({ webhookUrl: h.webhookUrl });
        expect(first.length).toBeGreaterThanOrEqual(2);
        expect(first.some((s) => s.action === 'created')).toBe(true);
        expect(first.every((s) => s.id !== undefined && s.id !== '')).toBe(true);
        const second = await h.adapter.provision({ webhookUrl: h.webhookUrl });
        expect(second.map((s) => s.action)).toEqual(second.map(() => 'unchanged'));
        expect(second.map((s) => [s.resource, s.name, s.id])).toEqual(
          first.map((s) => [s.resource, s.name, s.id]),
        );
      });

      it('refuses a webhook URL that is not absolute', async () => {
        await expect(h.adapter.provision({ webhookUrl: '/relative/path' })).rejects.toThrow(
          /webhookUrl/,
        );
      });
    });

    describe('input checks', () => {
      it('throws TypeError naming the method for non-string input', async () => {
        await expect(
          h.adapter.findOrCreateRequester({ phone: 15551234567 as unknown as string, name: 'x' }),
        ).rejects.toThrow(TypeError);
        await expect(
          h.adapter.createTicket({
            requesterId: '1',
            subject: null as unknown as string,
            messages: [message('x')],
            tags: [],
            priority: 'normal',
            externalId: 'e',
            mayBeDuplicate: false,
          }),
        ).rejects.toThrow(/createTicket.*subject/);
        await expect(h.adapter.getTicket(42 as unknown as string)).rejects.toThrow(/getTicket/);
      });

      it('carries 10,000-character bodies, emoji and lone surrogates without failing', async () => {
        const requesterId = await requester();
        const long = 'a'.repeat(10_000);
        const created = await h.adapter.createTicket({
          requesterId,
          subject: long,
          messages: [message(long), message('lone \ud83d surrogate 👋🏾')],
          tags: ['sms'],
          priority: 'low',
          externalId: 'conv-long:first',
          mayBeDuplicate: false,
        });
        const body = (await h.ticket(created.ticketId))?.comments[0]?.body ?? '';
        expect(body.startsWith(long)).toBe(true);
        expect(body).toContain('👋🏾');
      });
    });
  });
}
