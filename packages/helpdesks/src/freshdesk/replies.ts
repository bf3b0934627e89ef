// Finds which Freshdesk conversations an agent-reply webhook stands for (freshdesk.md §1.9, §2). Pure.
import { htmlToText } from './webhook.ts';

/** Conversation `source` of a reply (freshdesk.md §1.5: Reply 0, Note 2...). */
export const REPLY_SOURCE = 0;

/** The event id of one reply: its conversation `id` (freshdesk.md §1.9), unique in the account. */
export function replyEventId(conversationId: number): string {
  return `reply:${conversationId}`;
}

/** One outgoing public reply of a ticket, as the relay compares it with a webhook. */
export interface OutgoingReply {
  readonly id: number;
  /** The text an SMS carries: the HTML `body` turned into text as the webhook parser does. */
  readonly text: string;
  /** `created_at` in ms; NaN when missing or unreadable. */
  readonly createdAt: number;
  /** Comparison keys of `body` and `body_text`. */
  readonly keys: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The comparison key of a reply's text: how `{{ticket.latest_public_comment}}` is rendered into the
 * webhook's JSON is undocumented (freshdesk.md §2), so escapes that survived as text (`\n`, `\"`)
 * and runs of white space do not count. The text itself has been through `htmlToText` already.
 */
export function replyKey(text: string): string {
  return text
    .replace(/\\r\\n|\\[nrt]/g, ' ')
    .replace(/\\(["\\/])/g, '$1')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A conversation of `GET /tickets/{id}/conversations` (freshdesk.md §1.9) if it is a public reply an
 * agent sent: `source` Reply (0), not `incoming`, not `private`. Notes (the customer's texts, the
 * relay's own "Sent by SMS" notes, private notes) are never replies.
 */
export function outgoingReply(conversation: unknown): OutgoingReply | undefined {
  if (!isRecord(conversation)) return undefined;
  const { id, incoming, source, body, body_text: bodyText, created_at: createdAt } = conversation;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return undefined;
  if (conversation.private !== false || incoming !== false || source !== REPLY_SOURCE) {
    return undefined;
  }
  const fromBody = typeof body === 'string' ? htmlToText(body) : undefined;
  // A webhook that rendered the comment as text went through htmlToText too: compare alike.
  const fromText = typeof bodyText === 'string' ? htmlToText(bodyText) : undefined;
  const text = fromBody ?? (typeof bodyText === 'string' ? bodyText.trim() : '');
  if (text === '') return undefined;
  const keys = [fromBody, fromText]
    .filter((t): t is string => t !== undefined)
    .map(replyKey)
    .filter((k) => k !== '');
  return {
    id,
    text,
    createdAt: typeof createdAt === 'string' ? Date.parse(createdAt) : Number.NaN,
    keys,
  };
}

/**
 * The replies whose text is `webhookText` (the parsed webhook body), oldest first: by `created_at`
 * (whole seconds, §1.1), then by id.
 */
export function matchingReplies(
  replies: readonly OutgoingReply[],
  webhookText: string,
): OutgoingReply[] {
  const wanted = replyKey(webhookText);
  if (wanted === '') return [];
  const time = (r: OutgoingReply) => (Number.isNaN(r.createdAt) ? 0 : r.createdAt);
  return replies
    .filter((r) => r.keys.includes(wanted))
    .sort((a, b) => time(a) - time(b) || a.id - b.id);
}
