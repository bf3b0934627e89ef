// An agent who answers a new ticket before the relay has recorded it: the reply still reaches the phone, once.
import { afterEach, describe, expect, it } from 'vitest';
import { deskOf } from './desk.ts';
import { phoneInbox, settled, textIn, ticketsOf } from './helpers.ts';
import { HELPDESKS, eventually, startStack, type Stack } from './stack.ts';

/**
 * The relay's HTTP client, with the answer to its first ticket creation held back until released:
 * the ticket exists in the helpdesk, and the relay does not know its id yet.
 */
function holdFirstTicketCreation() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = false;
  const fetchWithHold: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!held && init?.method === 'POST' && /\/api\/v2\/tickets(\.json)?$/.test(url.pathname)) {
      held = true;
      await released;
    }
    return response;
  };
  return { fetch: fetchWithHold, release: () => release() };
}

for (const helpdesk of HELPDESKS) {
  describe(`an early agent reply on ${helpdesk}`, () => {
    let stack: Stack | undefined;
    afterEach(async () => {
      await stack?.close();
      stack = undefined;
    });

    it('is kept until the relay records the ticket, then texted once', async () => {
      const hold = holdFirstTicketCreation();
      const current = await startStack({ helpdesk, fetch: hold.fetch });
      stack = current;
      const customer = '+14155550801';
      await textIn(current, customer, 'my order never came');
      const ticket = await eventually(
        'the ticket in the helpdesk',
        () => ticketsOf(current, customer)[0],
      );

      // The agent is quicker than the relay; the webhook names a ticket the relay has not recorded.
      const desk = deskOf(current);
      desk.duplicateNextWebhook();
      desk.agentReply(ticket.id, 'So sorry! A replacement ships today.');
      await desk.flushWebhooks();
      expect(phoneInbox(current, customer)).toHaveLength(0);

      hold.release();
      await settled(current);
      const inbox = await eventually('the reply on the phone', () => {
        const texts = phoneInbox(current, customer).map((m) => m.body);
        return texts.length > 0 ? texts : undefined;
      });
      await settled(current);
      expect(inbox).toEqual(['So sorry! A replacement ships today.']);
      expect(phoneInbox(current, customer)).toHaveLength(1);
      const kept = await current
        .relay!.context.store.db.selectFrom('early_agent_replies')
        .selectAll()
        .execute();
      expect(kept).toEqual([]);
    });
  });
}
