// Assertions over what the sandbox shows: tickets, the customer's texts on them, the customer's phone.
import { JOB_KINDS } from '@smsbridge/server';
import { deskOf, type DeskTicket } from './desk.ts';
import type { Stack } from './stack.ts';
import { BUSINESS_NUMBER, eventually } from './stack.ts';

/** A ticket of the stack's helpdesk, in neutral words (desk.ts). */
export type Ticket = DeskTicket;

export function ticketsOf(stack: Stack, customerPhone: string): Ticket[] {
  const desk = deskOf(stack);
  const ids = new Set(desk.requesterIdsWithPhone(customerPhone));
  return desk.tickets().filter((ticket) => ids.has(ticket.requesterId));
}

/** The customer's texts on a ticket, in order: public requester comments, split where coalesced. */
export function customerTexts(ticket: Ticket): string[] {
  return ticket.comments
    .filter((comment) => comment.public && comment.authorId === ticket.requesterId)
    .flatMap((comment) => comment.body.split('\n\n'));
}

export function internalNotes(ticket: Ticket): string[] {
  return ticket.comments.filter((comment) => !comment.public).map((comment) => comment.body);
}

export function phoneInbox(stack: Stack, customerPhone: string) {
  return stack.sandbox.twilio.outbox().filter((message) => message.to === customerPhone);
}

export async function textIn(
  stack: Stack,
  from: string,
  body: string,
  media?: { contentType: string; data: Buffer }[],
) {
  const answer = await stack.sandbox.twilio.sendInbound({
    from,
    to: BUSINESS_NUMBER,
    body,
    ...(media === undefined ? {} : { media }),
  });
  if (answer.status !== 200) throw new Error(`relay answered ${answer.status}: ${answer.body}`);
  return answer;
}

export async function onlyTicket(
  stack: Stack,
  customerPhone: string,
  expectedTexts: number,
): Promise<Ticket> {
  const found = await eventually(`${expectedTexts} texts on one ticket`, () => {
    const tickets = ticketsOf(stack, customerPhone);
    const [ticket] = tickets;
    return tickets.length === 1 &&
      ticket !== undefined &&
      customerTexts(ticket).length >= expectedTexts
      ? ticket
      : undefined;
  });
  // The ticket can show in the helpdesk a few milliseconds before the relay has recorded it; an agent
  // is never that fast, a test is. Wait until the relay knows it, so replies on it are routed.
  if (stack.relay !== undefined) await settled(stack);
  return ticketsOf(stack, customerPhone)[0] ?? found;
}

export async function countRows(
  stack: Stack,
  table: 'messages' | 'jobs' | 'consent_events',
): Promise<number> {
  const row = await stack
    .relay!.context.store.db.selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Waits until the relay's outbox has nothing due: no running job, no due job, no job being retried. */
export async function settled(stack: Stack): Promise<void> {
  await eventually(
    'the job queue to drain',
    async () => {
      const open = await stack
        .relay!.context.store.db.selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where((eb) =>
          eb.or([
            eb('state', '=', 'running'),
            // Due now, retrying after a failure, or texts paced for their ticket (a deliberately
            // scheduled job, such as a text held for quiet hours, has no failed attempt yet).
            eb.and([
              eb('state', '=', 'pending'),
              eb.or([
                eb('run_at', '<=', new Date().toISOString()),
                eb('attempts', '>', 0),
                eb('kind', '=', JOB_KINDS.deliverInbound),
              ]),
            ]),
          ]),
        )
        .executeTakeFirstOrThrow();
      return Number(open.count) === 0;
    },
    20_000,
  );
  await stack.sandbox.twilio.settle();
  await deskOf(stack).flushWebhooks();
}
