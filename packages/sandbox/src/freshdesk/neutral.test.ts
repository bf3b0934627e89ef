// The neutral view of Freshdesk stand-in records: statuses, priorities, comments and phone matching.
import { describe, expect, it } from 'vitest';
import { startFreshdeskStandIn } from './server.ts';
import {
  FRESHDESK_STATUS_NUMBERS,
  freshdeskContactHasPhone,
  neutralFreshdeskTicket,
} from './neutral.ts';

describe('neutralFreshdeskTicket', () => {
  it('puts the description first as the requester’s public message, then notes and replies as text', async () => {
    const running = await startFreshdeskStandIn({ domain: 'acme', apiKey: 'key' });
    try {
      const fd = running.standIn;
      const contact = fd.createContact({ name: 'Caller', mobile: '+14155550101' });
      // Created over the API, as the relay does (description is HTML, freshdesk.md §1.6).
      const res = await fetch(`${running.apiBaseUrl}/api/v2/tickets`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from('key:X').toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          requester_id: contact.id,
          subject: 'Help',
          description: '<div>first message</div>',
          priority: 2,
        }),
      });
      expect(res.status).toBe(201);
      const id = ((await res.json()) as { id: number }).id;
      fd.addAgentNote(id, { body: 'check <stock> & call' });
      fd.addAgentReply(id, { body: 'It ships\ntoday' });
      fd.setTicketStatus(id, FRESHDESK_STATUS_NUMBERS.solved);

      const ticket = neutralFreshdeskTicket(fd.ticket(id)!);
      expect(ticket).toMatchObject({
        id,
        requesterId: contact.id,
        status: 'solved',
        priority: 'normal',
      });
      expect(ticket.comments.map((c) => [c.authorId, c.public, c.body])).toEqual([
        [contact.id, true, 'first message'],
        [fd.agentId, false, 'check <stock> & call'],
        [fd.agentId, true, 'It ships\ntoday'],
      ]);
    } finally {
      await running.close();
    }
  });
});

describe('freshdeskContactHasPhone', () => {
  const contact = (phone: string | null, mobile: string | null = null) => ({
    id: 1,
    name: 'x',
    email: null,
    phone,
    mobile,
    tags: [],
    created_at: '',
  });

  it('matches the number in phone or mobile, however it was typed', () => {
    expect(freshdeskContactHasPhone(contact('+14155550101'), '+14155550101')).toBe(true);
    expect(freshdeskContactHasPhone(contact(null, '+1 415 555 0101'), '+14155550101')).toBe(true);
    expect(freshdeskContactHasPhone(contact('(415) 555-0101'), '+14155550101')).toBe(true);
  });

  it('does not match another number, a longer one, or an empty field', () => {
    expect(freshdeskContactHasPhone(contact('+14155550102'), '+14155550101')).toBe(false);
    // With a country code typed, the digits must be the whole number.
    expect(freshdeskContactHasPhone(contact('+44 415 555 0101'), '+14155550101')).toBe(false);
    expect(freshdeskContactHasPhone(contact('5550101'), '+14155550101')).toBe(false);
    expect(freshdeskContactHasPhone(contact(''), '+14155550101')).toBe(false);
    expect(freshdeskContactHasPhone(contact(null, null), '+14155550101')).toBe(false);
  });
});
