// End to end over real HTTP, on each helpdesk: customer texts become tickets; agent replies become texts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FRESHDESK_FOLLOW_UP_TAG_PREFIX } from '@smsbridge/helpdesks';
import {
  createPostgresSchema,
  postgresAvailable,
  type PostgresSchema,
} from '@smsbridge/server/test-support';
import { deskOf, type Desk } from './desk.ts';
import { BUSINESS_NUMBER, HELPDESKS, eventually, startStack, type Stack } from './stack.ts';
import {
  customerTexts,
  internalNotes,
  onlyTicket,
  phoneInbox,
  settled,
  textIn,
  ticketsOf,
} from './helpers.ts';

const CUSTOMER = '+14155550123';

const STORES = [
  { store: 'SQLite', available: true },
  { store: 'PostgreSQL', available: postgresAvailable },
] as const;

/** What the desk's neutral ticket leaves out, read from the helpdesk's own record. */
function rawTicket(stack: Stack, desk: Desk, ticketId: number) {
  if (desk.kind === 'zendesk') {
    const ticket = stack.sandbox.zendesk.ticket(ticketId)!;
    return {
      subject: ticket.subject,
      attachmentSizes: ticket.comments.flatMap((c) => c.attachments.map((a) => a.size)),
      // Zendesk links a follow-up to the closed ticket natively (zendesk.md §2.1).
      followUpOf: ticket.via_followup_source_id,
    };
  }
  const ticket = stack.sandbox.freshdesk!.ticket(ticketId)!;
  const followUpTag = ticket.tags.find((tag) => tag.startsWith(FRESHDESK_FOLLOW_UP_TAG_PREFIX));
  return {
    subject: ticket.subject,
    attachmentSizes: [ticket, ...ticket.conversations].flatMap((c) =>
      c.attachments.map((a) => a.size),
    ),
    // Freshdesk has no follow-up link: the adapter tags the new ticket with the old one's id.
    followUpOf:
      followUpTag === undefined
        ? null
        : Number(followUpTag.slice(FRESHDESK_FOLLOW_UP_TAG_PREFIX.length)),
  };
}

// The same scenarios on both helpdesks (issue 5: "the shared end-to-end scenarios") and on both
// stores (DESIGN.md: "the same test suite runs against both").
describe.each(HELPDESKS.flatMap((helpdesk) => STORES.map((store) => ({ helpdesk, ...store }))))(
  'relay end to end with $helpdesk on $store (Twilio and helpdesk stand-ins)',
  ({ helpdesk, store, available }) => {
    let stack: Stack;
    let desk: Desk;
    let schema: PostgresSchema | undefined;
    beforeEach(async ({ skip }) => {
      if (!available) skip();
      schema = store === 'PostgreSQL' ? await createPostgresSchema() : undefined;
      stack = await startStack({
        helpdesk,
        ...(schema === undefined ? {} : { postgres: schema }),
      });
      desk = deskOf(stack);
    });
    afterEach(async () => {
      if (!available) return;
      await stack.close();
      await schema?.drop();
    });

    it('turns a first text into a ticket whose requester is the customer', async () => {
      const answer = await textIn(stack, CUSTOMER, 'Hi, my order #A-1001 has not arrived');
      expect(answer.contentType).toMatch(/^text\/xml/);
      expect(answer.body).toContain('<Response></Response>');
      const ticket = await onlyTicket(stack, CUSTOMER, 1);
      expect(desk.requesterIdsWithPhone(CUSTOMER)).toEqual([ticket.requesterId]);
      expect(rawTicket(stack, desk, ticket.id).subject).toBe(
        'Hi, my order #A-1001 has not arrived',
      );
      expect(ticket.tags).toEqual(expect.arrayContaining(['sms', 'sms_to_14155550100']));
      expect(customerTexts(ticket)).toEqual(['Hi, my order #A-1001 has not arrived']);
      // A second text from the same customer lands on the same ticket, with the same requester.
      await textIn(stack, CUSTOMER, 'Any news?');
      const same = await onlyTicket(stack, CUSTOMER, 2);
      expect(same.id).toBe(ticket.id);
      expect(desk.requesterIdsWithPhone(CUSTOMER)).toEqual([ticket.requesterId]);
    });

    it('keeps a burst of 20 texts in one second on one ticket, in order, each once', async () => {
      const bodies = Array.from({ length: 20 }, (_, index) => `burst message ${index + 1}`);
      await Promise.all(
        bodies.map(
          (body, index) =>
            new Promise<void>((resolve, reject) => {
              setTimeout(() => {
                textIn(stack, CUSTOMER, body).then(() => resolve(), reject);
              }, index * 45);
            }),
        ),
      );
      await settled(stack);
      const tickets = ticketsOf(stack, CUSTOMER);
      expect(tickets).toHaveLength(1);
      // Texts the relay acknowledged in this order reach the ticket in the same order.
      const stored = await stack
        .relay!.context.store.db.selectFrom('messages')
        .select('body')
        .where('direction', '=', 'inbound')
        .orderBy('id')
        .execute();
      expect(customerTexts(tickets[0]!)).toEqual(stored.map((row) => row.body));
      expect([...customerTexts(tickets[0]!)].sort()).toEqual([...bodies].sort());
    });

    it('adds one comment when Twilio delivers the same webhook twice', async () => {
      const first = await textIn(stack, CUSTOMER, 'only once please');
      const replay = await stack.sandbox.twilio.replayInbound(first.messageSid);
      expect(replay.status).toBe(200);
      await settled(stack);
      const ticket = await onlyTicket(stack, CUSTOMER, 1);
      expect(customerTexts(ticket)).toEqual(['only once please']);
    });

    it('texts the agent’s public reply to the customer, and keeps internal notes private', async () => {
      await textIn(stack, CUSTOMER, 'Where is my parcel?');
      const ticket = await onlyTicket(stack, CUSTOMER, 1);
      desk.agentNote(ticket.id, 'Internal: check the warehouse');
      desk.agentReply(ticket.id, 'It ships today, tracking follows.');
      const received = await eventually('the reply on the customer phone', () => {
        const inbox = phoneInbox(stack, CUSTOMER);
        return inbox.length > 0 ? inbox : undefined;
      });
      await settled(stack);
      expect(phoneInbox(stack, CUSTOMER).map((message) => [message.from, message.body])).toEqual([
        [BUSINESS_NUMBER, 'It ships today, tracking follows.'],
      ]);
      await eventually('delivery reported', async () => {
        const row = await stack
          .relay!.context.store.db.selectFrom('messages')
          .select('status')
          .where('carrier_message_id', '=', received[0]!.sid)
          .executeTakeFirst();
        return row?.status === 'delivered';
      });
    });

    it('sends the agent reply once when the helpdesk delivers its webhook twice', async () => {
      await textIn(stack, CUSTOMER, 'hello');
      const ticket = await onlyTicket(stack, CUSTOMER, 1);
      desk.duplicateNextWebhook();
      desk.agentReply(ticket.id, 'Hello from support');
      await desk.flushWebhooks();
      await settled(stack);
      expect(phoneInbox(stack, CUSTOMER).map((message) => message.body)).toEqual([
        'Hello from support',
      ]);
    });

    it('honours STOP: confirmation once, agent replies not sent, an internal note and tag; START re-subscribes', async () => {
      await textIn(stack, CUSTOMER, 'Question about billing');
      const ticket = await onlyTicket(stack, CUSTOMER, 1);
      await textIn(stack, CUSTOMER, 'STOP');
      await settled(stack);
      expect(phoneInbox(stack, CUSTOMER).map((message) => message.body)).toEqual([
        expect.stringMatching(/unsubscribed/i),
      ]);
      let current = await eventually('the opt-out on the ticket', () => {
        const ticket = ticketsOf(stack, CUSTOMER)[0];
        return ticket?.tags.includes('sms_opted_out') === true ? ticket : undefined;
      });
      expect(internalNotes(current).join('\n')).toMatch(/opted out of texts by texting STOP/);

      desk.agentReply(ticket.id, 'Your refund is on its way');
      await desk.flushWebhooks();
      await settled(stack);
      expect(phoneInbox(stack, CUSTOMER).map((message) => message.body)).not.toContain(
        'Your refund is on its way',
      );
      current = ticketsOf(stack, CUSTOMER)[0]!;
      expect(internalNotes(current).join('\n')).toMatch(
        /SMS not sent: the customer has opted out of texts since \d{4}-\d\d-\d\d/,
      );

      await textIn(stack, CUSTOMER, 'start');
      await settled(stack);
      expect(phoneInbox(stack, CUSTOMER).at(-1)?.body).toMatch(/resubscribed/i);
      desk.agentReply(ticket.id, 'Welcome back');
      await desk.flushWebhooks();
      await settled(stack);
      expect(phoneInbox(stack, CUSTOMER).at(-1)?.body).toBe('Welcome back');
    });

    it('honours a plain-language opt-out like "please stop texting me"', async () => {
      await textIn(stack, CUSTOMER, 'please stop texting me');
      await settled(stack);
      const ticket = await onlyTicket(stack, CUSTOMER, 1);
      expect(internalNotes(ticketsOf(stack, CUSTOMER)[0]!).join('\n')).toMatch(
        /asking in their own words/,
      );
      desk.agentReply(ticket.id, 'Sorry to see you go');
      await desk.flushWebhooks();
      await settled(stack);
      expect(phoneInbox(stack, CUSTOMER).map((message) => message.body)).toEqual([
        expect.stringMatching(/unsubscribed/i),
      ]);
      // The reply did reach the relay, which held it back and said so to the agent.
      expect(internalNotes(ticketsOf(stack, CUSTOMER)[0]!).join('\n')).toMatch(
        /SMS not sent: the customer has opted out of texts/,
      );
    });

    it('answers HELP with the configured help text', async () => {
      await textIn(stack, CUSTOMER, 'HELP');
      await settled(stack);
      expect(phoneInbox(stack, CUSTOMER).map((message) => message.body)).toEqual([
        'Support by text. Msg&data rates may apply. Reply STOP to opt out.',
      ]);
    });

    it('attaches all three images of an MMS to the ticket', async () => {
      const png = (seed: number) =>
        Buffer.from(`\x89PNG\r\n\x1a\nimage-${seed}`.padEnd(64, '.'), 'latin1');
      await textIn(stack, CUSTOMER, 'photos of the damage', [
        { contentType: 'image/png', data: png(1) },
        { contentType: 'image/jpeg', data: png(2) },
        { contentType: 'image/gif', data: png(3) },
      ]);
      const ticket = await onlyTicket(stack, CUSTOMER, 1);
      const attachments = ticket.comments.flatMap((comment) => comment.attachments);
      expect(attachments.map((attachment) => attachment.contentType)).toEqual([
        'image/png',
        'image/jpeg',
        'image/gif',
      ]);
      expect(rawTicket(stack, desk, ticket.id).attachmentSizes).toEqual([64, 64, 64]);
    });

    it('delivers everything, in order and once, after the helpdesk answered 429 and 503 for a while', async () => {
      desk.injectFaults({ status: 429, count: 4, retryAfterSeconds: 1 });
      await textIn(stack, CUSTOMER, 'first while rate limited');
      await textIn(stack, CUSTOMER, 'second while rate limited');
      await new Promise((resolve) => setTimeout(resolve, 300));
      desk.injectFaults({ status: 503, forMs: 1500 });
      await textIn(stack, CUSTOMER, 'third during the outage');
      await settled(stack);
      const ticket = await onlyTicket(stack, CUSTOMER, 3);
      expect(customerTexts(ticket)).toEqual([
        'first while rate limited',
        'second while rate limited',
        'third during the outage',
      ]);
      expect(desk.apiCalls().some((call) => call.status === 429)).toBe(true);
      expect(desk.apiCalls().some((call) => call.status === 503)).toBe(true);
    }, 60_000);

    it('puts a delivery failure on the ticket in plain words, whatever order the callbacks arrive in', async () => {
      await textIn(stack, CUSTOMER, 'can you text me back?');
      const ticket = await onlyTicket(stack, CUSTOMER, 1);
      stack.sandbox.twilio.setCallbackMode('manual');
      desk.agentReply(ticket.id, 'Sure, here it is');
      const sent = await eventually(
        'the reply at the carrier',
        () => phoneInbox(stack, CUSTOMER)[0],
      );
      // Twilio may report out of order: undelivered, then a late "sent" (carriers.md §1.6, §7.3).
      await stack.sandbox.twilio.emitStatus(sent.sid, 'undelivered', 30003);
      await stack.sandbox.twilio.emitStatus(sent.sid, 'sent');
      await stack.sandbox.twilio.emitStatus(sent.sid, 'undelivered', 30003);
      await settled(stack);
      const row = await stack
        .relay!.context.store.db.selectFrom('messages')
        .select(['status', 'error_code'])
        .where('carrier_message_id', '=', sent.sid)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'undelivered', error_code: '30003' });
      const events = await stack
        .relay!.context.store.db.selectFrom('status_events')
        .select('status')
        .where('carrier_message_id', '=', sent.sid)
        .orderBy('id')
        .execute();
      expect(events.map((event) => event.status)).toEqual(['undelivered', 'sent']);
      const notes = internalNotes(ticketsOf(stack, CUSTOMER)[0]!);
      expect(notes.filter((note) => note.startsWith('SMS not delivered'))).toHaveLength(1);
      expect(notes.join('\n')).toMatch(/SMS not delivered: .*\(carrier error 30003\)/);
    });

    it('records a carrier opt-out (21610) in the ledger and tells the agent', async () => {
      await textIn(stack, CUSTOMER, 'hi');
      const ticket = await onlyTicket(stack, CUSTOMER, 1);
      stack.sandbox.twilio.failNumber(CUSTOMER, 21610);
      desk.agentReply(ticket.id, 'Hello?');
      await desk.flushWebhooks();
      await settled(stack);
      const notes = internalNotes(ticketsOf(stack, CUSTOMER)[0]!).join('\n');
      expect(notes).toMatch(/SMS not delivered: .*opted out.*\(carrier error 21610\)/i);
      const ledger = await stack
        .relay!.context.store.db.selectFrom('consent_events')
        .select(['kind', 'source'])
        .where('phone', '=', CUSTOMER)
        .orderBy('id')
        .execute();
      expect(ledger).toEqual([
        { kind: 'customer_initiated', source: 'inbound_message' },
        { kind: 'opt_out', source: 'carrier_error' },
      ]);
    });

    it('asks the helpdesk once whether "#48012" is a ticket, not on every text that repeats it', async () => {
      // A ticket lookup is GET /api/v2/tickets/{id} on both helpdesks (freshdesk.md §1.7).
      const lookups = () =>
        desk
          .apiCalls()
          .filter((call) => call.method === 'GET' && call.path === '/api/v2/tickets/48012');
      await textIn(stack, CUSTOMER, 'Where is my order #48012?');
      const ticket = await onlyTicket(stack, CUSTOMER, 1);
      expect(lookups()).toEqual([expect.objectContaining({ status: 404 })]);
      await settled(stack);
      await textIn(stack, CUSTOMER, 'Still nothing for #48012');
      await settled(stack);
      await textIn(stack, CUSTOMER, 'Hello? #48012');
      const same = await onlyTicket(stack, CUSTOMER, 3);
      expect(same.id).toBe(ticket.id);
      expect(customerTexts(same)).toEqual([
        'Where is my order #48012?',
        'Still nothing for #48012',
        'Hello? #48012',
      ]);
      expect(lookups()).toHaveLength(1);
    });

    it('starts a follow-up ticket after the old one was closed, and reopens a recently solved one', async () => {
      await textIn(stack, CUSTOMER, 'first problem');
      const first = await onlyTicket(stack, CUSTOMER, 1);
      desk.setStatus(first.id, 'solved');
      await desk.flushWebhooks();
      await settled(stack);
      await textIn(stack, CUSTOMER, 'actually it is still broken');
      // The Freshdesk adapter adds the note, then reopens the ticket in a second call: wait for both.
      const reopened = await eventually('the solved ticket reopened', () => {
        const ticket = ticketsOf(stack, CUSTOMER)[0];
        return ticket !== undefined &&
          customerTexts(ticket).length === 2 &&
          ticket.status !== 'solved'
          ? ticket
          : undefined;
      });
      expect(reopened.status).toBe('open');
      desk.setStatus(first.id, 'closed');
      await desk.flushWebhooks();
      await settled(stack);
      await textIn(stack, CUSTOMER, 'new question');
      const followUp = await eventually('a follow-up ticket', () =>
        ticketsOf(stack, CUSTOMER).find((ticket) => ticket.id !== first.id),
      );
      expect(rawTicket(stack, desk, followUp.id).followUpOf).toBe(first.id);
      expect(customerTexts(followUp)).toEqual(['new question']);
    });
  },
);
