// What only Freshdesk needs, end to end: shared phone numbers, and native replies arriving with a shared secret.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FRESHDESK_AGENT_REPLY_TEMPLATE } from '@smsbridge/helpdesks';
import { webhookUrls } from '@smsbridge/server';
import {
  createPostgresSchema,
  postgresAvailable,
  type PostgresSchema,
} from '@smsbridge/server/test-support';
import { deskOf } from './desk.ts';
import { countRows, internalNotes, onlyTicket, phoneInbox, settled, textIn } from './helpers.ts';
import { SECRETS, WORKSPACE, eventually, startStack, type Stack } from './stack.ts';

describe('Freshdesk specifics', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ helpdesk: 'freshdesk' });
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => {
    stack.sandbox.freshdesk!.clearFaults();
  });

  it('files texts under the oldest of several contacts sharing the number, and says so on the ticket', async () => {
    const freshdesk = stack.sandbox.freshdesk!;
    // The same person typed in twice by agents, in two formats (freshdesk.md §1.8: not unique, not normalised).
    const older = freshdesk.createContact({ name: 'Maria Lopez', phone: '(415) 555-0701' });
    const newer = freshdesk.createContact({ name: 'M. Lopez', mobile: '+1 415 555 0701' });
    await textIn(stack, '+14155550701', 'Is my order shipped?');
    await settled(stack);
    const ticketsOfContacts = () =>
      deskOf(stack)
        .tickets()
        .filter((t) => t.requesterId === older.id || t.requesterId === newer.id);
    const [ticket, ...others] = ticketsOfContacts();
    expect(others).toEqual([]);
    expect(ticket?.requesterId).toBe(older.id);
    if (ticket === undefined) return;
    // No third contact was created for the number.
    expect(stack.sandbox.freshdesk!.contacts()).toHaveLength(2);
    const note = await eventually('the shared-number note', () =>
      internalNotes(
        deskOf(stack)
          .tickets()
          .find((t) => t.id === ticket.id)!,
      ).find((body) => body.includes('contacts have this phone number')),
    );
    expect(note).toContain(`#${older.id}`);
    expect(note).toContain(`#${newer.id}`);
    // A second text does not repeat the note.
    await textIn(stack, '+14155550701', 'Order 1234');
    await settled(stack);
    const after = deskOf(stack)
      .tickets()
      .find((t) => t.id === ticket.id)!;
    expect(internalNotes(after).filter((b) => b.includes('contacts have this phone'))).toHaveLength(
      1,
    );
  });

  describe('native replies through the automation webhook', () => {
    const url = () => webhookUrls(stack.relayUrl, WORKSPACE).helpdesk;
    const replyBody = (ticketId: number, text: string) =>
      FRESHDESK_AGENT_REPLY_TEMPLATE.replace('{{ticket.id}}', String(ticketId))
        .replace('{{ticket.status}}', 'Open')
        .replace('{{ticket.agent.name}}', 'Sam Agent')
        .replace('{{ticket.agent.email}}', 'sam@acme.test')
        .replace('{{ticket.latest_public_comment}}', text);
    const post = (body: string, headers: Record<string, string>) =>
      fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });

    it('refuses a missing or wrong secret with 401 and sends nothing', async () => {
      const customer = '+14155550702';
      await textIn(stack, customer, 'hello');
      const ticket = await onlyTicket(stack, customer, 1);
      const before = await countRows(stack, 'messages');
      const body = replyBody(ticket.id, 'Forged reply');
      for (const headers of <Record<string, string>[]>[
        {},
        { 'X-SMSBridge-Secret': 'wrong-secret' },
        { 'X-SMSBridge-Secret': `${SECRETS.ACME_FRESHDESK_WEBHOOK_SECRET}x` },
        { 'X-Other-Header': SECRETS.ACME_FRESHDESK_WEBHOOK_SECRET },
      ]) {
        const response = await post(body, headers);
        expect(response.status, JSON.stringify(headers)).toBe(401);
      }
      await settled(stack);
      expect(await countRows(stack, 'messages')).toBe(before);
      expect(phoneInbox(stack, customer)).toHaveLength(0);
    });

    it('texts a native reply once, even when the rule delivers it twice, as the text the agent typed', async () => {
      const customer = '+14155550703';
      await textIn(stack, customer, 'can I change my address?');
      const ticket = await onlyTicket(stack, customer, 1);
      const desk = deskOf(stack);
      desk.duplicateNextWebhook();
      // The agent types two lines; Freshdesk stores and renders the reply as HTML (§1.9).
      stack.sandbox.freshdesk!.addAgentReply(ticket.id, {
        body: 'Yes & done: <12 Main St>.\nAnything else?',
      });
      await settled(stack);
      const texts = await eventually('the reply on the phone', () => {
        const inbox = phoneInbox(stack, customer);
        return inbox.length > 0 ? inbox.map((m) => m.body) : undefined;
      });
      await settled(stack);
      expect(texts, JSON.stringify(texts)).toEqual(['Yes & done: <12 Main St>.\nAnything else?']);
      expect(phoneInbox(stack, customer)).toHaveLength(1);
      // Both copies reached the relay; it texted one.
      const replies = stack.sandbox
        .freshdesk!.webhookDeliveries()
        .filter((d) => d.delivered && d.eventType.includes('reply'));
      expect(replies.length).toBeGreaterThanOrEqual(2);
    });
  });
});

// The "Reply is sent" webhook names no reply (freshdesk.md §2): the relay reads the ticket's
// conversations (§1.9) to tell an agent's identical replies apart from a redelivered webhook.
for (const store of ['SQLite', 'PostgreSQL'] as const) {
  describe.skipIf(store === 'PostgreSQL' && !postgresAvailable)(
    `identical native replies on Freshdesk (${store})`,
    () => {
      let stack: Stack;
      let schema: PostgresSchema | undefined;

      beforeAll(async () => {
        schema = store === 'PostgreSQL' ? await createPostgresSchema() : undefined;
        stack = await startStack({
          helpdesk: 'freshdesk',
          ...(schema === undefined ? {} : { postgres: schema }),
        });
      });
      afterAll(async () => {
        await stack.close();
        await schema?.drop();
      });
      beforeEach(() => {
        stack.sandbox.freshdesk!.clearFaults();
      });

      /** Lets the webhooks land and the texts go out, then reads the customer's phone. */
      async function textsOnPhone(customer: string, expected: number): Promise<string[]> {
        await stack.sandbox.freshdesk!.flushWebhooks();
        await settled(stack);
        await eventually(`${expected} texts on the phone`, () =>
          phoneInbox(stack, customer).length >= expected ? true : undefined,
        );
        await settled(stack);
        return phoneInbox(stack, customer).map((m) => m.body);
      }

      const replyDeliveries = () =>
        stack.sandbox
          .freshdesk!.webhookDeliveries()
          .filter((d) => d.delivered && d.eventType.includes('reply'));

      it('texts a reply as often as the agent sends it, and a redelivered webhook once', async () => {
        const customer = '+14155550711';
        await textIn(stack, customer, 'is anyone there?');
        const ticket = await onlyTicket(stack, customer, 1);
        const desk = deskOf(stack);
        const deliveredBefore = replyDeliveries().length;

        // A quick reply, delivered twice by the rule, then the same quick reply again later.
        desk.duplicateNextWebhook();
        desk.agentReply(ticket.id, 'Are you still there?');
        expect(await textsOnPhone(customer, 1)).toEqual(['Are you still there?']);
        desk.agentReply(ticket.id, 'Are you still there?');
        expect(await textsOnPhone(customer, 2)).toEqual([
          'Are you still there?',
          'Are you still there?',
        ]);

        // Twice in a row: every webhook (and the copy of the first) already sees both replies.
        desk.duplicateNextWebhook();
        desk.agentReply(ticket.id, 'Hello?');
        desk.agentReply(ticket.id, 'Hello?');
        expect(await textsOnPhone(customer, 4)).toEqual([
          'Are you still there?',
          'Are you still there?',
          'Hello?',
          'Hello?',
        ]);
        // Six deliveries reached the relay for four replies; the customer got four texts.
        expect(replyDeliveries().length - deliveredBefore).toBe(6);
      });

      it('still texts at once when Freshdesk cannot be read, and its redelivery does not text again', async () => {
        const customer = '+14155550712';
        await textIn(stack, customer, 'hello');
        const ticket = await onlyTicket(stack, customer, 1);
        const desk = deskOf(stack);
        const freshdesk = stack.sandbox.freshdesk!;
        const reads = () =>
          freshdesk
            .apiCalls()
            .filter(
              (c) => c.method === 'GET' && c.path === `/api/v2/tickets/${ticket.id}/conversations`,
            );
        // The relay's one read of the conversations fails (an outage, §1.2); the copy's succeeds.
        freshdesk.injectFaults({
          status: 503,
          count: 1,
          method: 'GET',
          pathPrefix: `/api/v2/tickets/${ticket.id}/conversations`,
        });
        desk.duplicateNextWebhook();
        desk.agentReply(ticket.id, 'Back in 5 minutes');
        expect(await textsOnPhone(customer, 1)).toEqual(['Back in 5 minutes']);
        expect(reads().map((c) => c.status)).toEqual([503, 200]);
        // The same words later are a new reply, texted again.
        desk.agentReply(ticket.id, 'Back in 5 minutes');
        expect(await textsOnPhone(customer, 2)).toEqual(['Back in 5 minutes', 'Back in 5 minutes']);
      });
    },
  );
}
