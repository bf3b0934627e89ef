// The Freshdesk stand-in's records in helpdesk-neutral words, for tests that run one scenario on every helpdesk.
import type { ContactView, TicketPriority, TicketStatus, TicketView } from './model.ts';

/** Status numbers (freshdesk.md §1.5: Open 2, Pending 3, Resolved 4, Closed 5); Resolved is "solved". */
export const FRESHDESK_STATUS_NAMES = {
  2: 'open',
  3: 'pending',
  4: 'solved',
  5: 'closed',
} as const satisfies Record<TicketStatus, string>;
export type NeutralFreshdeskStatus = (typeof FRESHDESK_STATUS_NAMES)[TicketStatus];

export const FRESHDESK_STATUS_NUMBERS = {
  open: 2,
  pending: 3,
  solved: 4,
  closed: 5,
} as const satisfies Record<NeutralFreshdeskStatus, TicketStatus>;

/** Priority numbers (freshdesk.md §1.5: Low 1, Medium 2, High 3, Urgent 4); Medium is "normal". */
export const FRESHDESK_PRIORITY_NAMES = {
  1: 'low',
  2: 'normal',
  3: 'high',
  4: 'urgent',
} as const satisfies Record<TicketPriority, string>;

export interface NeutralFreshdeskComment {
  readonly authorId: number;
  /** Plain text: Freshdesk's own `body_text` / `description_text` of the HTML body (§1.9). */
  readonly body: string;
  readonly public: boolean;
  readonly attachments: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly size: number;
  }[];
}

export interface NeutralFreshdeskTicket {
  readonly id: number;
  readonly requesterId: number;
  readonly status: NeutralFreshdeskStatus;
  readonly priority: (typeof FRESHDESK_PRIORITY_NAMES)[TicketPriority];
  readonly tags: readonly string[];
  /** The description (the requester's first message, §1.6) first, then notes and replies (§1.9). */
  readonly comments: readonly NeutralFreshdeskComment[];
}

function attachments(list: TicketView['attachments']): NeutralFreshdeskComment['attachments'] {
  return list.map((a) => ({ filename: a.name, contentType: a.content_type, size: a.size }));
}

export function neutralFreshdeskTicket(ticket: TicketView): NeutralFreshdeskTicket {
  return {
    id: ticket.id,
    requesterId: ticket.requester_id,
    status: FRESHDESK_STATUS_NAMES[ticket.status],
    priority: FRESHDESK_PRIORITY_NAMES[ticket.priority],
    tags: ticket.tags,
    comments: [
      {
        authorId: ticket.requester_id,
        body: ticket.description_text ?? '',
        public: true,
        attachments: attachments(ticket.attachments),
      },
      ...ticket.conversations.map((c) => ({
        authorId: c.user_id,
        body: c.body_text,
        public: !c.private,
        attachments: attachments(c.attachments),
      })),
    ],
  };
}

const digits = (value: string) => value.replace(/\D/g, '');

/** Whether `stored`, as an agent may have typed it, is the E.164 number `e164`. */
function isNumber(stored: string | null, e164: string): boolean {
  if (stored === null) return false;
  const have = digits(stored);
  const want = digits(e164);
  if (have === '' || want === '') return false;
  if (have === want) return true;
  // Typed without a country code, e.g. "(415) 555-0701" for +14155550701 (country codes: 1–3 digits).
  return (
    !/^\s*(\+|00)/.test(stored) &&
    have.length >= 6 &&
    want.endsWith(have) &&
    want.length - have.length <= 3
  );
}

/**
 * Whether the contact's `phone` or `mobile` is this E.164 number. Both are free text, neither unique
 * nor normalised (freshdesk.md §1.8), so they are compared by digits, a missing country code allowed.
 */
export function freshdeskContactHasPhone(contact: ContactView, e164: string): boolean {
  return isNumber(contact.phone, e164) || isNumber(contact.mobile, e164);
}
