// The bot front door end to end, on each helpdesk: resolved in two texts, hand-offs with the whole story, hours, take-over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresSchema,
  postgresAvailable,
  type PostgresSchema,
} from '@smsbridge/server/test-support';
import { deskOf, type Desk } from './desk.ts';
import {
  customerTexts,
  internalNotes,
  onlyTicket,
  phoneInbox,
  settled,
  textIn,
  ticketsOf,
  type Ticket,
} from './helpers.ts';
import { WORKSPACE, eventually, startStack, type HelpdeskKind, type Stack } from './stack.ts';

const APP_TOKEN = 'bot-e2e-app-api-token-0123456789abcdef';
/** Closed all day today (a holiday in UTC), open 09:00-17:00 on weekdays otherwise. */
const TODAY = new Date().toISOString().slice(0, 10);
const ORDER = '12345678';
const VIP = '+14155550190';

const BOT = {
  businessName: 'Acme Outdoor',
  orderLookup: { urlTemplate: '{shop}/orders/{orderNumber}', timeoutMs: 500 },
  passwordReset: { mode: 'link', url: 'https://acme.example/reset' },
  businessHours: {
    timeZone: 'UTC',
    weekly: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ open: '09:00', close: '17:00' }]]),
    ),
    holidays: [TODAY],
  },
  alwaysOpen: { numbers: [VIP], tags: ['vip'] },
};

const TARGETS: readonly { helpdesk: HelpdeskKind; store: 'SQLite' | 'PostgreSQL' }[] = [
  { helpdesk: 'zendesk', store: 'SQLite' },
  { helpdesk: 'freshdesk', store: 'SQLite' },
  { helpdesk: 'zendesk', store: 'PostgreSQL' },
];

let nextCustomer = 0;
/** A customer no other test of the file has used. */
function newCustomer(): string {
  nextCustomer += 1;
  return `+1415555${String(3000 + nextCustomer).padStart(4, '0')}`;
}

describe.each(TARGETS)('the bot front door on $helpdesk ($store)', ({ helpdesk, store }) => {
  let stack: Stack;
  let desk: Desk;
  let schema: PostgresSchema | undefined;

  beforeAll(async () => {
    if (store === 'PostgreSQL') schema = await createPostgresSchema();
    stack = await startStack({
      helpdesk,
      bot: BOT,
      shop: { orders: { [ORDER]: { status: 'Shipped', eta: 'Friday' } } },
      workspace: { appApiToken: { env: 'ACME_APP_API_TOKEN' } },
      env: { ACME_APP_API_TOKEN: APP_TOKEN },
      ...(schema === undefined ? {} : { postgres: { url: schema.url, schema: schema.schema } }),
    });
    desk = deskOf(stack);
  });
  afterAll(async () => {
    await stack?.close();
    await schema?.drop();
  });

  /** Texts in and returns what the customer's phone got back. */
  const say = async (customer: string, body: string) => {
    const before = phoneInbox(stack, customer).length;
    await textIn(stack, customer, body);
    await settled(stack);
    await eventually('an answer on the phone', () => phoneInbox(stack, customer).length > before);
    await settled(stack);
    return phoneInbox(stack, customer)
      .slice(before)
      .map((message) => message.body);
  };
  /** Texts in when nothing should answer; returns what came anyway. */
  const sayToSilence = async (customer: string, body: string) => {
    const before = phoneInbox(stack, customer).length;
    await textIn(stack, customer, body);
    await settled(stack);
    // A bot answer is queued by the job that took the text, which settled waits for; a moment
    // more lets a wrong answer reach the phone.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await settled(stack);
    return phoneInbox(stack, customer)
      .slice(before)
      .map((message) => message.body);
  };
  const tickets = (customer: string) => ticketsOf(stack, customer);
  const botView = async (ticket: Ticket) => {
    const answer = await fetch(
      `${stack.relayUrl}/api/v1/workspaces/${WORKSPACE}/conversations/by-ticket/${ticket.id}`,
      { headers: { authorization: `Bearer ${APP_TOKEN}` } },
    );
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { bot: Record<string, unknown> | null }).bot;
  };

  it.skipIf(store === 'PostgreSQL' && !postgresAvailable)(
    'resolves an order status question in two texts: a solved ticket, tagged, with the transcript',
    async () => {
      const customer = newCustomer();
      const first = await say(customer, 'hi, where is my order?');
      expect(first.join(' ')).toMatch(/Acme Outdoor/);
      expect(first.join(' ')).toMatch(/order number/i);
      // Nothing reaches the helpdesk while the bot is talking.
      expect(tickets(customer)).toEqual([]);

      const second = await say(customer, ORDER);
      expect(second.join(' ')).toContain(`Order ${ORDER}: Shipped`);
      const ticket = await onlyTicket(stack, customer, 2);
      expect(ticket.status).toBe('solved');
      expect(ticket.tags).toEqual(
        expect.arrayContaining(['sms', 'sms_bot_resolved', 'sms_intent_order_status']),
      );
      expect(ticket.tags).not.toContain('sms_escalated');
      expect(customerTexts(ticket)).toEqual(['hi, where is my order?', ORDER]);
      const note = await eventually('the transcript note', () =>
        internalNotes(tickets(customer)[0]!).find((body) => body.includes('Transcript')),
      );
      expect(note).toMatch(/resolved the conversation itself \(intent order_status\)/);
      expect(note).toContain(`Bot: Order ${ORDER}: Shipped`);

      // The sidebar shows the same story.
      const view = await botView(ticket);
      expect(view).toMatchObject({
        status: 'resolved',
        intent: 'order_status',
        handoffReason: null,
      });
      expect((view?.transcript as { from: string }[]).map((turn) => turn.from)).toEqual([
        'customer',
        'bot',
        'bot',
        'customer',
        'bot',
      ]);

      // "thanks!" afterwards: the bot answers without a second greeting, and neither reopens the
      // solved ticket nor files a ticket for a thank-you.
      const thanks = await say(customer, 'thanks!');
      expect(thanks).toHaveLength(1);
      expect(thanks[0]).not.toMatch(/Acme Outdoor's automated assistant/);
      expect(tickets(customer)).toHaveLength(1);
      expect(tickets(customer)[0]!.status).toBe('solved');
    },
  );

  it.skipIf(store === 'PostgreSQL' && !postgresAvailable)(
    'hands an unknown order to an agent with the transcript, the intent tag and the hand-off reason',
    async () => {
      const customer = newCustomer();
      const answer = await say(customer, 'my order 99999999 never came');
      expect(answer.join(' ')).toMatch(/couldn't find order 99999999/);
      expect(answer.join(' ')).toMatch(/Connecting you to an agent/);
      const ticket = await onlyTicket(stack, customer, 1);
      expect(['new', 'open']).toContain(ticket.status);
      expect(ticket.tags).toEqual(
        expect.arrayContaining(['sms_escalated', 'sms_intent_order_status']),
      );
      expect(ticket.priority).toBe('normal');
      const note = await eventually('the transcript note', () =>
        internalNotes(tickets(customer)[0]!).find((body) => body.includes('Transcript')),
      );
      expect(note).toMatch(/handed it to an agent: the order was not found/);
      expect(note).toContain('Customer: my order 99999999 never came');
      expect(await botView(ticket)).toMatchObject({
        status: 'handed_off',
        intent: 'order_status',
        handoffReason: 'order_not_found',
        slaTier: 'P3',
      });
    },
  );

  it.skipIf(store === 'PostgreSQL' && !postgresAvailable)(
    'sends the reset link and asks if it worked: YES resolves, NO goes to an agent',
    async () => {
      const yes = newCustomer();
      expect((await say(yes, 'I forgot my password')).join(' ')).toMatch(
        /https:\/\/acme\.example\/reset.*Reply YES or NO/,
      );
      await say(yes, 'yes it worked');
      expect((await onlyTicket(stack, yes, 2)).tags).toContain('sms_bot_resolved');

      const no = newCustomer();
      await say(no, 'cant log in, forgot my password');
      expect((await say(no, 'NO')).join(' ')).toMatch(/Connecting you to an agent/);
      const ticket = await onlyTicket(stack, no, 2);
      expect(ticket.tags).toEqual(
        expect.arrayContaining(['sms_escalated', 'sms_intent_password_reset']),
      );
      expect(await botView(ticket)).toMatchObject({ handoffReason: 'reset_not_working' });
    },
  );

  it.skipIf(store === 'PostgreSQL' && !postgresAvailable)(
    "tells the customer once per closed period that we're closed, never a 24/7 customer",
    async () => {
      const customer = newCustomer();
      const first = await say(customer, 'I want to talk to a person');
      expect(first.join(' ')).toMatch(/We're closed now and will reply from/);
      const ticket = await onlyTicket(stack, customer, 1);
      // The agent closes it; the customer comes back, still in the same closed period.
      desk.setStatus(ticket.id, 'closed');
      await settled(stack);
      const again = await say(customer, 'agent please');
      expect(again.join(' ')).toMatch(/Connecting you to an agent/);
      expect(again.join(' ')).not.toMatch(/closed/);
      await eventually('a second ticket', () => tickets(customer).length === 2);

      // 24/7 tier by number...
      const vip = await say(VIP, 'agent please');
      expect(vip.join(' ')).toMatch(/Connecting you to an agent/);
      expect(vip.join(' ')).not.toMatch(/closed/);
      // ...and by a tag on the customer's helpdesk user.
      const tagged = newCustomer();
      await say(tagged, 'agent please');
      const taggedTicket = await onlyTicket(stack, tagged, 1);
      desk.setRequesterTags(taggedTicket.requesterId, ['vip']);
      desk.setStatus(taggedTicket.id, 'closed');
      await settled(stack);
      const taggedAgain = await say(tagged, 'a person please');
      expect(taggedAgain.join(' ')).toMatch(/Connecting you to an agent/);
      expect(taggedAgain.join(' ')).not.toMatch(/closed/);
    },
  );

  it.skipIf(store === 'PostgreSQL' && !postgresAvailable)(
    'stays silent once an agent has replied, until the ticket is closed',
    async () => {
      const customer = newCustomer();
      await say(customer, 'agent please');
      const ticket = await onlyTicket(stack, customer, 1);
      desk.agentReply(ticket.id, 'Hi, this is Sam. How can I help?');
      await eventually('the agent reply on the phone', () =>
        phoneInbox(stack, customer).some((message) => message.body.startsWith('Hi, this is Sam')),
      );
      const replies = await sayToSilence(customer, 'where is my order?');
      expect(replies).toEqual([]);
      expect(customerTexts(await onlyTicket(stack, customer, 2))).toEqual([
        'agent please',
        'where is my order?',
      ]);
      // Solved: still the agent's conversation (inside the reopen window).
      desk.setStatus(ticket.id, 'solved');
      await settled(stack);
      expect(await sayToSilence(customer, 'one more thing')).toEqual([]);
      expect(customerTexts(tickets(customer)[0]!)).toHaveLength(3);
      // Closed: the bot greets the customer's next text again.
      desk.setStatus(ticket.id, 'closed');
      await settled(stack);
      expect((await say(customer, 'hello again')).join(' ')).toMatch(/automated assistant|help/i);
    },
  );

  it.skipIf(store === 'PostgreSQL' && !postgresAvailable)(
    'tells the customer and hands off when the order lookup times out',
    async () => {
      const customer = newCustomer();
      stack.sandbox.shop!.injectFault({ kind: 'delay', ms: 2000, count: 1 });
      const answer = await say(customer, `where is order ${ORDER}`);
      expect(answer.join(' ')).toMatch(/Connecting you to an agent/);
      const ticket = await onlyTicket(stack, customer, 1);
      expect(await botView(ticket)).toMatchObject({ handoffReason: 'order_lookup_timeout' });
    },
  );

  it.skipIf(store === 'PostgreSQL' && !postgresAvailable)(
    'stops at STOP: the confirmation only, and the agent gets the texts and the transcript',
    async () => {
      const customer = newCustomer();
      await say(customer, 'where is my order?');
      const stop = await say(customer, 'STOP');
      expect(stop).toHaveLength(1);
      expect(stop[0]).toMatch(/unsubscribed/);
      const ticket = await onlyTicket(stack, customer, 2);
      expect(customerTexts(ticket)).toEqual(['where is my order?', 'STOP']);
      await eventually('the transcript and opt-out notes', () => {
        const notes = internalNotes(tickets(customer)[0]!);
        return (
          notes.some((body) => body.includes('stopped: the customer opted out')) &&
          notes.some((body) => body.includes('opted out of texts'))
        );
      });
      // Opted out: the bot says nothing more.
      expect(await sayToSilence(customer, 'hello?')).toEqual([]);
    },
  );
});

describe('the bot with an OpenAI-compatible model for free text', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      bot: {
        ...BOT,
        model: {
          baseUrl: '{chatModel}',
          apiKey: { env: 'BOT_MODEL_KEY' },
          model: 'test-model',
          timeoutMs: 300,
        },
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const answerTo = async (customer: string, body: string) => {
    const before = phoneInbox(stack, customer).length;
    await textIn(stack, customer, body);
    await eventually('an answer', () => phoneInbox(stack, customer).length > before);
    await settled(stack);
    return phoneInbox(stack, customer)
      .slice(before)
      .map((message) => message.body)
      .join(' ');
  };

  it("acts on the model's answer, with the customer's card number removed before it is sent", async () => {
    const model = stack.sandbox.chatModel!;
    // Words the local classifier reads as hours; the model says billing, and the bot follows it.
    model.answerNext({ intent: 'billing', confidence: 0.97 });
    const customer = newCustomer();
    const answer = await answerTo(customer, 'are u open tmrw? card 4111 1111 1111 1111');
    expect(answer).toMatch(/Connecting you to an agent/);
    const ticket = await onlyTicket(stack, customer, 1);
    expect(ticket.tags).toContain('sms_intent_billing');
    expect(ticket.priority).toBe('high');
    const [request] = model.requests();
    expect(request?.authorized).toBe(true);
    expect(request?.userText).not.toContain('4111');
    expect(request?.systemText).toMatch(/billing/);
  });

  it('answers with its own classifier when the model is too slow', async () => {
    const model = stack.sandbox.chatModel!;
    const asked = model.requests().length;
    model.injectFault({ kind: 'delay', ms: 2000, count: 1 });
    model.answerNext({ intent: 'billing', confidence: 0.99 });
    const customer = newCustomer();
    const answer = await answerTo(customer, 'what time do you open tomorrow?');
    // The model was asked, did not answer in time, and the local classifier's "hours" was used,
    // not the model's late "billing".
    expect(model.requests().length).toBe(asked + 1);
    expect(answer).toMatch(/open|closed/i);
    expect(answer).not.toMatch(/billing|charge|few words/i);
  });
});
