// The stack's helpdesk stand-in (Zendesk or Freshdesk) in neutral words, so one scenario runs on both.
import {
  FRESHDESK_STATUS_NUMBERS,
  freshdeskContactHasPhone,
  neutralFreshdeskTicket,
  type FreshdeskStandIn,
  type ZendeskStandIn,
} from '@smsbridge/sandbox';
import {
  FRESHDESK_SMS_TICKET_FIELDS,
  ZENDESK_SMS_TICKET_FIELDS,
  type SmsTicketFields,
} from '@smsbridge/helpdesks';
import type { HelpdeskKind, Stack } from './stack.ts';

export interface DeskComment {
  readonly authorId: number;
  /** Plain text; Freshdesk's HTML converted (its own `body_text`, freshdesk.md §1.9). */
  readonly body: string;
  readonly public: boolean;
  readonly attachments: readonly { readonly filename: string; readonly contentType: string }[];
}

export interface DeskTicket {
  readonly id: number;
  readonly requesterId: number;
  readonly status: 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
  /** low, normal, high, urgent; `none` for a Zendesk ticket without a priority. */
  readonly priority: string;
  readonly tags: readonly string[];
  /** Freshdesk: the ticket description first, then conversations (notes and replies). */
  readonly comments: readonly DeskComment[];
}

export interface Desk {
  readonly kind: HelpdeskKind;
  tickets(): DeskTicket[];
  /** ids of end users / contacts whose phone (or mobile) is this E.164 number */
  requesterIdsWithPhone(phone: string): number[];
  requesterName(id: number): string | undefined;
  /** tags on the end user / contact, as an admin sets them in the helpdesk */
  setRequesterTags(id: number, tags: readonly string[]): void;
  /** the agent answers publicly in the helpdesk's own UI (Zendesk public comment; Freshdesk reply) */
  agentReply(ticketId: number, body: string): void;
  /** private */
  agentNote(ticketId: number, body: string): void;
  setStatus(ticketId: number, status: 'open' | 'pending' | 'solved' | 'closed'): void;
  duplicateNextWebhook(): void;
  flushWebhooks(): Promise<void>;
  injectFaults(fault: {
    status: 429 | 503;
    count?: number;
    forMs?: number;
    retryAfterSeconds?: number;
  }): void;
  clearFaults(): void;
  apiCalls(): readonly { method: string; path: string; status: number }[];
  /** The provisioned SMS ticket fields that have a value (DESIGN.md, "Native reporting"). */
  smsFields(ticketId: number): Partial<Record<keyof SmsTicketFields, unknown>>;
}

function zendeskDesk(zendesk: ZendeskStandIn): Desk {
  return {
    kind: 'zendesk',
    tickets: () =>
      zendesk.tickets().map((ticket) => ({
        id: ticket.id,
        requesterId: ticket.requester_id,
        status: ticket.status,
        priority: ticket.priority ?? 'none',
        tags: ticket.tags,
        comments: ticket.comments.map((comment) => ({
          authorId: comment.author_id,
          body: comment.body,
          public: comment.public,
          attachments: comment.attachments.map((a) => ({
            filename: a.file_name,
            contentType: a.content_type,
          })),
        })),
      })),
    requesterIdsWithPhone: (phone) =>
      zendesk
        .users()
        .filter(
          (user) =>
            user.phone === phone ||
            user.identities.some((i) => i.type === 'phone_number' && i.value === phone),
        )
        .map((user) => user.id),
    requesterName: (id) => zendesk.users().find((user) => user.id === id)?.name,
    setRequesterTags: (id, tags) => void zendesk.setUserTags(id, tags),
    agentReply: (ticketId, body) => void zendesk.addAgentComment(ticketId, { body }),
    agentNote: (ticketId, body) => void zendesk.addAgentComment(ticketId, { body, public: false }),
    setStatus: (ticketId, status) => void zendesk.setTicketStatus(ticketId, status),
    duplicateNextWebhook: () => zendesk.duplicateNextWebhook(),
    flushWebhooks: () => zendesk.flushWebhooks(),
    injectFaults: (fault) => zendesk.injectFaults(fault),
    clearFaults: () => zendesk.clearFaults(),
    apiCalls: () => zendesk.apiCalls(),
    smsFields: (ticketId) => {
      const titles = new Map(zendesk.ticketFields().map((f) => [f.id, f.title] as const));
      const values = zendesk.ticket(ticketId)?.custom_fields ?? [];
      const fields: Partial<Record<keyof SmsTicketFields, unknown>> = {};
      for (const [key, spec] of Object.entries(ZENDESK_SMS_TICKET_FIELDS)) {
        const value = values.find((f) => titles.get(f.id) === spec.title)?.value;
        if (value != null) fields[key as keyof SmsTicketFields] = value;
      }
      return fields;
    },
  };
}

function freshdeskDesk(freshdesk: FreshdeskStandIn): Desk {
  return {
    kind: 'freshdesk',
    tickets: () =>
      freshdesk.tickets().map((view) => {
        const ticket = neutralFreshdeskTicket(view);
        return {
          ...ticket,
          // The neutral view also carries sizes; DeskComment names filename and type only.
          comments: ticket.comments.map((comment) => ({
            ...comment,
            attachments: comment.attachments.map(({ filename, contentType }) => ({
              filename,
              contentType,
            })),
          })),
        };
      }),
    requesterIdsWithPhone: (phone) =>
      freshdesk
        .contacts()
        .filter((contact) => freshdeskContactHasPhone(contact, phone))
        .map((contact) => contact.id),
    requesterName: (id) => freshdesk.contacts().find((contact) => contact.id === id)?.name,
    setRequesterTags: (id, tags) => void freshdesk.setContactTags(id, tags),
    // An agent's reply in Freshdesk is an e-mail reply (§1.9); the relay hears of it through the
    // "Reply is sent" automation rule's webhook it provisioned (§2).
    agentReply: (ticketId, body) => void freshdesk.addAgentReply(ticketId, { body }),
    agentNote: (ticketId, body) => void freshdesk.addAgentNote(ticketId, { body, private: true }),
    setStatus: (ticketId, status) =>
      void freshdesk.setTicketStatus(ticketId, FRESHDESK_STATUS_NUMBERS[status]),
    duplicateNextWebhook: () => freshdesk.duplicateNextWebhook(),
    flushWebhooks: () => freshdesk.flushWebhooks(),
    injectFaults: (fault) => freshdesk.injectFaults(fault),
    clearFaults: () => freshdesk.clearFaults(),
    apiCalls: () => freshdesk.apiCalls(),
    smsFields: (ticketId) => {
      const names = new Map(freshdesk.ticketFields().map((f) => [f.label, f.name] as const));
      const values = freshdesk.ticket(ticketId)?.custom_fields ?? {};
      const fields: Partial<Record<keyof SmsTicketFields, unknown>> = {};
      for (const [key, spec] of Object.entries(FRESHDESK_SMS_TICKET_FIELDS)) {
        const name = names.get(spec.label);
        const value = name === undefined ? undefined : values[name];
        if (value != null) fields[key as keyof SmsTicketFields] = value;
      }
      return fields;
    },
  };
}

/** The helpdesk the stack's (first) workspace is configured with. */
export function deskOf(stack: Stack): Desk {
  const kind = stack.config.workspaces[0]?.helpdesk.kind ?? 'zendesk';
  if (kind === 'zendesk') return zendeskDesk(stack.sandbox.zendesk);
  const freshdesk = stack.sandbox.freshdesk;
  if (freshdesk === undefined) {
    throw new Error(
      'deskOf: the workspace uses Freshdesk but the sandbox has no Freshdesk stand-in',
    );
  }
  return freshdeskDesk(freshdesk);
}
