// SMS CSAT end to end, on each helpdesk: asked once per solved ticket, the rating recorded, held in quiet hours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskOf, type Desk } from './desk.ts';
import {
  customerTexts,
  internalNotes,
  onlyTicket,
  phoneInbox,
  settled,
  textIn,
  ticketsOf,
} from './helpers.ts';
import { HELPDESKS, eventually, startStack, type Stack } from './stack.ts';

const QUESTION = 'How did we do? Reply 1-5 (5 = great). Reply STOP to opt out.';
const THANKS = 'Thank you for your feedback!';

/**
 * Surveys wait for the customer's quiet-hours window (08:00-21:00 their time, carriers.md §6), so
 * the customers of these tests live where it is day now, whenever the suite runs: California
 * (UTC-8/-7), Japan (UTC+9) or the UK (UTC+0/+1), by number (the relay places a number by its
 * area code or country).
 */
const DAYTIME_PLACES = [
  { prefix: '+1415555', timeZone: 'America/Los_Angeles' },
  { prefix: '+81901234', timeZone: 'Asia/Tokyo' },
  { prefix: '+44740012', timeZone: 'Europe/London' },
] as const;

function localHour(timeZone: string): number {
  return Number(
    new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(
      new Date(),
    ),
  );
}

const DAYTIME =
  DAYTIME_PLACES.find((place) => {
    const hour = localHour(place.timeZone);
    // Two hours' margin on either side of the window, for a slow run.
    return hour >= 10 && hour < 19;
  }) ?? DAYTIME_PLACES[0];

let nextCustomer = 0;
function newCustomer(): string {
  nextCustomer += 1;
  return `${DAYTIME.prefix}${String(4000 + nextCustomer).padStart(4, '0')}`;
}

/** An hour of quiet-hours window (inside 08:00-21:00) that does not hold the customer's time now. */
function windowExcludingNow(timeZone: string): { start: string; end: string } {
  const hour = localHour(timeZone);
  const start = hour >= 8 && hour < 14 ? 16 : 9;
  return { start: `${start}:00`.padStart(5, '0'), end: `${start + 1}:00`.padStart(5, '0') };
}

const smsOf = (stack: Stack, customer: string) =>
  phoneInbox(stack, customer).map((message) => message.body);

describe.each(HELPDESKS)('SMS CSAT on %s', (helpdesk) => {
  let stack: Stack;
  let desk: Desk;

  beforeAll(async () => {
    stack = await startStack({ helpdesk, workspace: { csat: { delayMinutes: 0 } } });
    desk = deskOf(stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const ticketAfterFirstText = async (customer: string) => {
    await textIn(stack, customer, 'my tent pole snapped');
    const ticket = await onlyTicket(stack, customer, 1);
    desk.agentReply(ticket.id, 'Sorry! A new pole is on its way.');
    await eventually('the reply on the phone', () => smsOf(stack, customer).length === 1);
    return ticket;
  };

  it('asks once when the ticket is solved, records the rating and thanks the customer', async () => {
    const customer = newCustomer();
    const ticket = await ticketAfterFirstText(customer);
    desk.setStatus(ticket.id, 'solved');
    await eventually('the survey on the phone', () => smsOf(stack, customer).includes(QUESTION));

    await textIn(stack, customer, '5 - great');
    await eventually('the thank-you', () => smsOf(stack, customer).includes(THANKS));
    await settled(stack);
    const rated = ticketsOf(stack, customer)[0]!;
    // Recorded on the ticket, not added to it as a comment (which would reopen it).
    expect(rated.status).toBe('solved');
    expect(customerTexts(rated)).toEqual(['my tent pole snapped']);
    expect(rated.tags).toContain('sms_csat_5');
    expect(desk.smsFields(rated.id)).toMatchObject({ csatScore: 5 });
    expect(internalNotes(rated).some((note) => note.includes('rated this ticket 5/5'))).toBe(true);

    // Reopened and solved again: no second survey for the same ticket.
    desk.setStatus(ticket.id, 'open');
    desk.setStatus(ticket.id, 'solved');
    await settled(stack);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smsOf(stack, customer).filter((body) => body === QUESTION)).toHaveLength(1);
  });

  it('puts anything that is not a rating on the ticket as usual', async () => {
    const customer = newCustomer();
    const ticket = await ticketAfterFirstText(customer);
    desk.setStatus(ticket.id, 'solved');
    await eventually('the survey', () => smsOf(stack, customer).includes(QUESTION));
    await textIn(stack, customer, 'the new pole is the wrong size');
    const reopened = await onlyTicket(stack, customer, 2);
    expect(customerTexts(reopened)).toEqual([
      'my tent pole snapped',
      'the new pole is the wrong size',
    ]);
    expect(reopened.tags.some((tag) => tag.startsWith('sms_csat_'))).toBe(false);
    expect(smsOf(stack, customer)).not.toContain(THANKS);
  });

  it('does not ask when the ticket was reopened before the survey went out', async () => {
    const customer = newCustomer();
    const ticket = await ticketAfterFirstText(customer);
    // The relay asks the helpdesk again when the survey is due; by then the agent has reopened it.
    desk.setStatus(ticket.id, 'solved');
    desk.setStatus(ticket.id, 'open');
    await settled(stack);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smsOf(stack, customer)).not.toContain(QUESTION);
    // It was scheduled on "solved", and called off when due.
    const survey = await stack
      .relay!.context.store.db.selectFrom('csat_surveys')
      .select(['state', 'detail'])
      .where('ticket_id', '=', String(ticket.id))
      .executeTakeFirst();
    expect(survey).toEqual({ state: 'cancelled', detail: 'reopened' });
  });
});

describe.each(HELPDESKS)('SMS CSAT outside the quiet-hours window on %s', (helpdesk) => {
  let stack: Stack;
  beforeAll(async () => {
    const window = windowExcludingNow(DAYTIME.timeZone);
    stack = await startStack({
      helpdesk,
      workspace: {
        csat: { delayMinutes: 0 },
        outbound: { quietHours: { ...window, usStateRules: true } },
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('holds the survey until the window opens, and records nothing meanwhile', async () => {
    const customer = newCustomer();
    await textIn(stack, customer, 'my stove leaks');
    const ticket = await onlyTicket(stack, customer, 1);
    deskOf(stack).setStatus(ticket.id, 'solved');
    await settled(stack);
    const survey = await eventually('the survey through the send job', async () => {
      const row = await stack
        .relay!.context.store.db.selectFrom('messages')
        .select(['status'])
        .where('origin', '=', 'csat_survey')
        .executeTakeFirst();
      return row?.status === 'pending' ? undefined : row;
    });
    expect(survey.status).toBe('held');
    expect(smsOf(stack, customer)).not.toContain(QUESTION);
    // Held texts of the survey leave no note: the agent did not write it.
    expect(internalNotes(ticketsOf(stack, customer)[0]!).join('\n')).not.toMatch(/SMS held/);
  });
});
