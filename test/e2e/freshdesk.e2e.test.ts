// What only Freshdesk needs, end to end: shared phone numbers, and native replies arriving with a shared secret.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FRESHDESK_AGENT_REPLY_TEMPLATE } from '@smsbridge/helpdesks';
import { webhookUrls } from '@smsbridge/server';
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
