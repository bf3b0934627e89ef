// Threading decisions: one open ticket per conversation, reopen window, follow-ups, "#1234".
import { describe, expect, it } from 'vitest';
import type { TicketSnapshot } from '@smsbridge/helpdesks';
import { decideThread, namedTicketIds } from './threading.ts';

const now = new Date('2026-11-23T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const ticket = (
  status: TicketSnapshot['status'],
  updatedHoursAgo = 1,
  requesterId = 'u1',
): TicketSnapshot => ({
  ticketId: '100',
  requesterId,
  status,
  updatedAt: hoursAgo(updatedHoursAgo),
});
const decide = (current: TicketSnapshot | null, named: TicketSnapshot | null = null) =>
  decideThread({
    ticket: current,
    namedTicket: named,
    requesterId: 'u1',
    now,
    reopenWindowHours: 72,
  });

describe('decideThread', () => {
  it('creates a ticket for a conversation without one', () => {
    expect(decide(null)).toEqual({ action: 'create' });
  });

  it.each(['new', 'open', 'pending', 'hold'] as const)('appends to a %s ticket', (status) => {
    expect(decide(ticket(status))).toEqual({ action: 'append', ticketId: '100', reopen: false });
  });

  it('reopens a ticket solved inside the window, and follows up one solved before it', () => {
    expect(decide(ticket('solved', 71.9))).toEqual({
      action: 'append',
      ticketId: '100',
      reopen: true,
    });
    expect(decide(ticket('solved', 72))).toEqual({ action: 'follow_up', closedTicketId: '100' });
  });

  it('never reopens a closed ticket', () => {
    expect(decide(ticket('closed', 1))).toEqual({ action: 'follow_up', closedTicketId: '100' });
  });

  it('lets "#1234" of the same requester win, even over an open ticket', () => {
    const named: TicketSnapshot = { ...ticket('solved', 500), ticketId: '1234' };
    expect(decide(ticket('open'), named)).toEqual({
      action: 'append',
      ticketId: '1234',
      reopen: true,
    });
  });

  it('ignores "#1234" naming another requester’s or a closed ticket', () => {
    const foreign: TicketSnapshot = { ...ticket('open', 1, 'someone-else'), ticketId: '1234' };
    expect(decide(ticket('open'), foreign)).toEqual({
      action: 'append',
      ticketId: '100',
      reopen: false,
    });
    const closed: TicketSnapshot = { ...ticket('closed'), ticketId: '1234' };
    expect(decide(null, closed)).toEqual({ action: 'create' });
  });
});

describe('namedTicketIds', () => {
  it('finds ticket numbers written with #', () => {
    expect(namedTicketIds('about #1234, not 5678')).toEqual(['1234']);
    expect(namedTicketIds('#12 and #12 and #99')).toEqual(['12', '99']);
  });

  it('ignores HTML entities, hashtags and words', () => {
    expect(namedTicketIds('&#8217; #hello #1a abc#123')).toEqual([]);
  });
});
