// The internal notes and tags the relay writes on tickets, in plain words for agents.
import type { SmsTicketFields } from '@smsbridge/helpdesks';
import type { Transaction } from 'kysely';
import type { ConsentEventsTable, Database } from '../store/schema.ts';
import { JOB_KINDS, type RelayContext } from './context.ts';
import { enqueueHelpdeskJob } from './helpdesk-jobs.ts';

export interface TicketNote {
  /** The ticket it belongs on; default: the conversation's ticket when the note is written. */
  readonly ticketId?: string;
  /** Absent when only tags or fields change. */
  readonly internalNote?: string;
  readonly addTags?: readonly string[];
  readonly fields?: SmsTicketFields;
}

function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Queues a note for the conversation's ticket in the caller's transaction. Notes share the
 * conversation's helpdesk ordering key, so they land after the texts that caused them.
 */
export async function enqueueTicketNote(
  trx: Transaction<Database>,
  context: RelayContext,
  workspaceId: string,
  conversationId: number,
  note: TicketNote,
): Promise<void> {
  await enqueueHelpdeskJob(trx, context, {
    workspaceId,
    conversationId,
    kind: JOB_KINDS.ticketNote,
    payload: { ...note },
  });
}

export function consentNote(
  event: Pick<ConsentEventsTable, 'kind' | 'source' | 'keyword' | 'occurred_at'>,
): TicketNote {
  const how =
    event.source === 'keyword'
      ? `by texting ${event.keyword ?? 'a keyword'}`
      : event.source === 'plain_language'
        ? 'by asking in their own words'
        : event.source === 'carrier_error'
          ? 'according to the carrier (the number is unsubscribed from our texts)'
          : `(${event.source})`;
  if (event.kind === 'opt_out') {
    return {
      internalNote: `SMS: the customer opted out of texts ${how} on ${when(event.occurred_at)}. Replies on this ticket will not be sent by SMS until they text START.`,
      addTags: ['sms_opted_out'],
      fields: { consentStatus: 'opted_out' },
    };
  }
  return {
    internalNote: `SMS: the customer opted back in to texts ${how} on ${when(event.occurred_at)}. Replies are sent by SMS again.`,
    fields: { consentStatus: 'opted_in' },
  };
}

export function notSentOptedOutNote(optedOutAt: string | undefined): TicketNote {
  const since = optedOutAt === undefined ? '' : ` since ${when(optedOutAt)}`;
  return {
    internalNote: `SMS not sent: the customer has opted out of texts${since}. They can text START to receive texts again; reach them another way meanwhile.`,
    addTags: ['sms_opted_out'],
  };
}

export function notSentPiiNote(labels: readonly string[]): TicketNote {
  return {
    internalNote: `SMS not sent: the reply contains ${labels.join(', ')}, which must not be sent by text. Remove it and reply again.`,
  };
}

export function notSentTooLongNote(characters: number, limit: number): TicketNote {
  return {
    internalNote: `SMS not sent: the reply is ${characters} characters long; a text can carry at most ${limit}. Shorten it and reply again.`,
  };
}

export function heldForQuietHoursNote(localTime: string, sendAt: Date): TicketNote {
  return {
    internalNote: `SMS held: it is ${localTime.slice(11, 16)} where the customer is, outside the hours we may text. It will be sent at ${when(sendAt.toISOString())}.`,
  };
}

export function deliveryFailureNote(agentMessage: string, errorCode: string | null): TicketNote {
  const code = errorCode === null ? '' : ` (carrier error ${errorCode})`;
  return {
    internalNote: `SMS not delivered: ${agentMessage}${code}`,
    fields: { lastDeliveryStatus: 'failed' },
  };
}

export function sharedNumberNote(requesterId: string, otherMatches: readonly string[]): TicketNote {
  const others = otherMatches.map((id) => `#${id}`).join(', ');
  return {
    internalNote: `SMS: ${otherMatches.length + 1} contacts have this phone number. The texts are filed under contact #${requesterId} (the oldest); the others are ${others}. Merge them if they are the same person.`,
  };
}
