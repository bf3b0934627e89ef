// The outbound pipeline's guards: PII, length, quiet hours for proactive texts, carrier keyword replies.
import { afterEach, describe, expect, it } from 'vitest';
import { internalNotes, onlyTicket, phoneInbox, settled, textIn, ticketsOf } from './helpers.ts';
import { deskOf } from './desk.ts';
import { HELPDESKS, startStack, type Stack, type StackOptions } from './stack.ts';

const CUSTOMER = '+14155550161';
// Hawaii has no daylight-saving time, so its local hour is simply UTC-10 (nanp area code 808).
const HAWAII_CUSTOMER = '+18085550162';

// The same guards on every helpdesk (issue 5: "the shared end-to-end scenarios").
describe.each(HELPDESKS)('outbound policy with %s', (helpdesk) => {
  let stack: Stack | undefined;
  const start = (options: StackOptions = {}) => startStack({ helpdesk, ...options });
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  async function agentReply(current: Stack, customer: string, body: string) {
    const ticket = ticketsOf(current, customer)[0]!;
    const desk = deskOf(current);
    desk.agentReply(ticket.id, body);
    await desk.flushWebhooks();
    await settled(current);
  }

  it('does not text a reply containing a card number, and says why on the ticket', async () => {
    stack = await start();
    await textIn(stack, CUSTOMER, 'can you confirm my card?');
    await onlyTicket(stack, CUSTOMER, 1);
    await agentReply(stack, CUSTOMER, 'We have your card 4111 1111 1111 1111 on file');
    expect(phoneInbox(stack, CUSTOMER)).toEqual([]);
    expect(internalNotes(ticketsOf(stack, CUSTOMER)[0]!).join('\n')).toMatch(
      /SMS not sent: the reply contains card number, which must not be sent by text/,
    );
    // Order numbers are fine.
    await agentReply(stack, CUSTOMER, 'Your order 4839201 ships today');
    expect(phoneInbox(stack, CUSTOMER).map((message) => message.body)).toEqual([
      'Your order 4839201 ships today',
    ]);
  });

  it('refuses a reply longer than a text can carry (1,600 characters)', async () => {
    stack = await start();
    await textIn(stack, CUSTOMER, 'tell me everything');
    await onlyTicket(stack, CUSTOMER, 1);
    await agentReply(stack, CUSTOMER, 'x'.repeat(1601));
    expect(phoneInbox(stack, CUSTOMER)).toEqual([]);
    expect(internalNotes(ticketsOf(stack, CUSTOMER)[0]!).join('\n')).toMatch(
      /the reply is 1601 characters long; a text can carry at most 1600/,
    );
  });

  it('holds a proactive reply outside the customer’s local quiet hours and schedules it for the next window', async () => {
    const hawaiiHour = (new Date().getUTCHours() + 24 - 10) % 24;
    // A window inside 08:00–21:00 that does not contain the current Hawaii hour.
    const window =
      hawaiiHour >= 8 && hawaiiHour < 14
        ? { start: '15:00', end: '16:00' }
        : { start: '09:00', end: '10:00' };
    stack = await start({
      workspace: { outbound: { proactiveAfterHours: 0.0001, quietHours: window } },
    });
    await textIn(stack, HAWAII_CUSTOMER, 'call me whenever');
    await onlyTicket(stack, HAWAII_CUSTOMER, 1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await agentReply(stack, HAWAII_CUSTOMER, 'Following up on your request');
    expect(phoneInbox(stack, HAWAII_CUSTOMER)).toEqual([]);
    const notes = internalNotes(ticketsOf(stack, HAWAII_CUSTOMER)[0]!).join('\n');
    expect(notes).toMatch(
      /SMS held: it is \d\d:\d\d where the customer is, outside the hours we may text\. It will be sent at/,
    );
    const held = await stack
      .relay!.context.store.db.selectFrom('jobs')
      .select(['run_at', 'state'])
      .where('kind', '=', 'send_sms')
      .where('state', '=', 'pending')
      .executeTakeFirstOrThrow();
    // Scheduled at the window's start, Hawaii time (UTC-10).
    const runAt = new Date(held.run_at);
    expect((runAt.getUTCHours() + 24 - 10) % 24).toBe(Number(window.start.slice(0, 2)));
    expect(runAt.getUTCMinutes()).toBe(0);
    expect(runAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('stays silent on exact keywords when the carrier already answers them, but answers plain language', async () => {
    stack = await start({ carrier: { carrierRepliesToKeywords: true } });
    await textIn(stack, CUSTOMER, 'STOP');
    await settled(stack);
    // Twilio Advanced Opt-Out sends its own confirmation (carriers.md §1.7): ours would be a second one.
    expect(phoneInbox(stack, CUSTOMER)).toEqual([]);
    const ledger = await stack
      .relay!.context.store.db.selectFrom('consent_events')
      .select(['kind', 'keyword'])
      .where('phone', '=', CUSTOMER)
      .where('kind', '=', 'opt_out')
      .execute();
    expect(ledger).toEqual([{ kind: 'opt_out', keyword: 'STOP' }]);
    // Carriers only match whole-message keywords; a plain-language request is ours to confirm.
    await textIn(stack, '+14155550163', 'please stop texting me');
    await settled(stack);
    expect(phoneInbox(stack, '+14155550163').map((message) => message.body)).toEqual([
      expect.stringMatching(/unsubscribed/),
    ]);
  });
});
