// Whether the bot or the helpdesk answers a conversation's new texts (issue 6); pure, so it is tested alone.
import type { TicketSnapshot } from '@smsbridge/helpdesks';

export interface BotRoutingInput {
  /** A bot session is in progress: it keeps the conversation until it resolves or hands off. */
  readonly sessionActive: boolean;
  /** The conversation's ticket as last known, or null when it has none. */
  readonly ticket: TicketSnapshot | null;
  /** The ticket is one the bot recorded as resolved itself (created solved). */
  readonly ticketResolvedByBot: boolean;
  /** An agent replied on the ticket; the bot stays silent until it is closed. */
  readonly agentReplied: boolean;
  readonly now: Date;
  readonly reopenWindowHours: number;
}

/**
 * The bot owns a *new* conversation: one with no ticket an agent is working on. A text to an open,
 * pending or on-hold ticket, or to one solved inside the reopen window, belongs to that ticket's
 * agent (DESIGN.md, "Threading"); so does every text after an agent's reply until the ticket is
 * closed. A ticket the bot itself resolved is not reopened: the bot answers again.
 */
export function botOwnsConversation(input: BotRoutingInput): boolean {
  if (input.sessionActive) return true;
  const ticket = input.ticket;
  if (ticket === null || ticket.status === 'closed') return true;
  if (input.agentReplied) return false;
  if (ticket.status !== 'solved') return false;
  if (input.ticketResolvedByBot) return true;
  const solvedForMs = input.now.getTime() - ticket.updatedAt.getTime();
  return solvedForMs >= input.reopenWindowHours * 3_600_000;
}
