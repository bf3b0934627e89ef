// Zendesk's limit on updates to one ticket (zendesk.md §2.9): a chatty customer's texts wait, coalesce, and all arrive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerTexts, onlyTicket, settled, textIn } from './helpers.ts';
import { startStack, type Stack } from './stack.ts';

describe('a chatty conversation against the per-ticket update limit', () => {
  let stack: Stack;
  beforeAll(async () => {
    // 3 updates per 2 s instead of 30 per 10 minutes, so the test sees the limit in seconds; and
    // no pacing of the relay's own, so it does run into the limit.
    stack = await startStack({
      zendesk: { perTicketUpdateLimit: { count: 3, windowMs: 2_000 } },
      workspace: { threading: { ticketUpdateIntervalSeconds: 0 } },
    });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('delivers every text once, in order, waiting out the 429s instead of losing texts', async () => {
    const customer = '+14155551001';
    await textIn(stack, customer, 'text 0');
    await onlyTicket(stack, customer, 1);
    // One text at a time, each landing before the next: one ticket update each, until the limit.
    for (let i = 1; i <= 8; i += 1) {
      await textIn(stack, customer, `text ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const ticket = await onlyTicket(stack, customer, 9);
    await settled(stack);
    expect(customerTexts(ticket)).toEqual(Array.from({ length: 9 }, (_, i) => `text ${i}`));
    const updates = stack.sandbox.zendesk
      .apiCalls()
      .filter((call) => call.method === 'PUT' && call.path === `/api/v2/tickets/${ticket.id}`);
    expect(updates.some((call) => call.status === 429)).toBe(true);
    // Texts that piled up while waiting went in together: fewer successful updates than texts.
    expect(updates.filter((call) => call.status === 200).length).toBeLessThan(8);
    const dead = await stack
      .relay!.context.store.db.selectFrom('jobs')
      .select('id')
      .where('state', '=', 'dead')
      .execute();
    expect(dead).toEqual([]);
  });
});

describe('pacing ticket updates (threading.ticketUpdateIntervalSeconds)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workspace: { threading: { ticketUpdateIntervalSeconds: 1 } } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('puts texts that arrive within the interval on the ticket in one update', async () => {
    const customer = '+14155551002';
    await textIn(stack, customer, 'first');
    const created = await onlyTicket(stack, customer, 1);
    const startedAt = Date.now();
    for (let i = 1; i <= 5; i += 1) {
      await textIn(stack, customer, `then ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ticket = await onlyTicket(stack, customer, 6);
    // Not before the interval since the first update, and not much after it.
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(customerTexts(ticket)).toEqual([
      'first',
      'then 1',
      'then 2',
      'then 3',
      'then 4',
      'then 5',
    ]);
    const updates = stack.sandbox.zendesk
      .apiCalls()
      .filter((call) => call.method === 'PUT' && call.path === `/api/v2/tickets/${created.id}`);
    // Without pacing each text landed before the next was sent: five updates.
    expect(updates.filter((call) => call.status === 200)).toHaveLength(1);
  });
});
