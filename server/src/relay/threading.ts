// Which ticket a customer's new text belongs on (DESIGN.md, "Threading"); pure, so it is tested alone.
import type { TicketSnapshot } from '@smsbridge/helpdesks';

export type ThreadDecision =
  | { readonly action: 'create' }
  | { readonly action: 'append'; readonly ticketId: string; readonly reopen: boolean }
  | { readonly action: 'follow_up'; readonly closedTicketId: string };

export interface ThreadInput {
  /** The conversation's current ticket as last known, or null when it has none (or it was deleted). */
  readonly ticket: TicketSnapshot | null;
  /** A ticket the customer named with "#1234", already checked to exist. */
  readonly namedTicket: TicketSnapshot | null;
  /** The helpdesk user of this customer. */
  readonly requesterId: string;
  readonly now: Date;
  readonly reopenWindowHours: number;
}

function placeOn(ticket: TicketSnapshot, now: Date, reopenWindowHours: number): ThreadDecision {
  switch (ticket.status) {
    case 'new':
    case 'open':
    case 'pending':
    case 'hold':
      return { action: 'append', ticketId: ticket.ticketId, reopen: false };
    case 'solved': {
      // A solved ticket's last update is when it was solved; only a recent one is reopened.
      const solvedForMs = now.getTime() - ticket.updatedAt.getTime();
      return solvedForMs < reopenWindowHours * 3_600_000
        ? { action: 'append', ticketId: ticket.ticketId, reopen: true }
        : { action: 'follow_up', closedTicketId: ticket.ticketId };
    }
    case 'closed':
      return { action: 'follow_up', closedTicketId: ticket.ticketId };
  }
}

export function decideThread(input: ThreadInput): ThreadDecision {
  // "#1234" naming a ticket of the same requester wins (DESIGN.md, "Threading").
  const named = input.namedTicket;
  if (named !== null && named.requesterId === input.requesterId && named.status !== 'closed') {
    return placeOn(named, input.now, Number.POSITIVE_INFINITY);
  }
  if (input.ticket === null) return { action: 'create' };
  return placeOn(input.ticket, input.now, input.reopenWindowHours);
}

/** The ticket numbers a text names ("#1234"), first first; at most three are considered. */
export function namedTicketIds(body: string): string[] {
  const ids: string[] = [];
  for (const match of body.matchAll(/(?:^|[^\w&])#(\d{1,12})\b/g)) {
    const id = match[1];
    if (id !== undefined && !ids.includes(id)) ids.push(id);
    if (ids.length === 3) break;
  }
  return ids;
}
