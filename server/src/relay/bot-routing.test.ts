// Who answers a conversation's new text: the bot (new conversations) or the ticket's agent.
import { describe, expect, it } from 'vitest';
import type { TicketSnapshot } from '@smsbridge/helpdesks';
import { botOwnsConversation, type BotRoutingInput } from './bot-routing.ts';

const now = new Date('2026-12-08T12:00:00Z');
const ticket = (status: TicketSnapshot['status'], updatedHoursAgo = 1): TicketSnapshot => ({
  ticketId: '7',
  requesterId: 'u1',
  status,
  updatedAt: new Date(now.getTime() - updatedHoursAgo * 3_600_000),
});
const owns = (input: Partial<BotRoutingInput>) =>
  botOwnsConversation({
    sessionActive: false,
    ticket: null,
    ticketResolvedByBot: false,
    agentReplied: false,
    now,
    reopenWindowHours: 72,
    ...input,
  });

describe('botOwnsConversation', () => {
  it('takes a conversation that has no ticket yet', () => {
    expect(owns({})).toBe(true);
  });

  it.each(['new', 'open', 'pending', 'hold'] as const)(
    'leaves a %s ticket to its agent',
    (status) => {
      expect(owns({ ticket: ticket(status) })).toBe(false);
    },
  );

  it('leaves a ticket solved inside the reopen window to its agent, and takes one solved before', () => {
    expect(owns({ ticket: ticket('solved', 71) })).toBe(false);
    expect(owns({ ticket: ticket('solved', 73) })).toBe(true);
  });

  it('takes a conversation whose ticket is closed, even after an agent replied on it', () => {
    expect(owns({ ticket: ticket('closed'), agentReplied: true })).toBe(true);
  });

  it('stays silent after an agent replied until the ticket is closed', () => {
    expect(owns({ ticket: ticket('solved', 100), agentReplied: true })).toBe(false);
    expect(owns({ ticket: ticket('open'), agentReplied: true })).toBe(false);
  });

  it('answers again on a ticket it resolved itself, without reopening it for an agent', () => {
    expect(owns({ ticket: ticket('solved', 0.1), ticketResolvedByBot: true })).toBe(true);
    // Unless an agent has since replied on it.
    expect(
      owns({ ticket: ticket('solved', 0.1), ticketResolvedByBot: true, agentReplied: true }),
    ).toBe(false);
  });

  it('keeps a session in progress whatever the ticket', () => {
    expect(owns({ sessionActive: true, ticket: ticket('open'), agentReplied: true })).toBe(true);
  });
});
