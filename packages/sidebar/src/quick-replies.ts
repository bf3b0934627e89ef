// Fills a quick reply's {{first_name}}, {{order_id}} and {{agent_name}} and recounts its segments.
import { analyzeSms } from '@smsbridge/sms';
import type { SmsEncoding } from '@smsbridge/sms';
import { describeValue } from './describe-value.ts';
import type { QuickReply, QuickReplyCategory, QuickReplyVariable } from './relay-api-types.ts';

export type QuickReplyValues = Partial<Record<QuickReplyVariable, string | null | undefined>>;

export interface FilledQuickReply {
  readonly text: string;
  /** Variables with no value; their placeholders stay in the text for the agent to fill. */
  readonly missing: readonly QuickReplyVariable[];
}

export interface QuickReplyItem extends QuickReply {
  readonly filled: string;
  readonly missing: readonly QuickReplyVariable[];
  /** Encoding and segments of the filled text, what the customer is billed for. */
  readonly filledEncoding: SmsEncoding;
  readonly filledSegments: number;
}

// The relay allows exactly these placeholders (server/src/config/quick-replies.ts); spaces inside braces are tolerated.
const PLACEHOLDER = /\{\{\s*(first_name|order_id|agent_name)\s*\}\}/g;

/**
 * Fills the placeholders of a script from the ticket's values; blank values count as missing.
 *
 * @example fillQuickReply('Hi {{first_name}}!', { first_name: 'Ana' }).text // 'Hi Ana!'
 */
export function fillQuickReply(body: string, values: QuickReplyValues): FilledQuickReply {
  if (typeof body !== 'string') {
    throw new TypeError(
      `fillQuickReply: expected the script as a string, received ${describeValue(body)}`,
    );
  }
  if (typeof values !== 'object' || values === null) {
    throw new TypeError(
      `fillQuickReply: expected values as an object, received ${describeValue(values)}`,
    );
  }
  const missing: QuickReplyVariable[] = [];
  const text = body.replace(PLACEHOLDER, (placeholder, name: QuickReplyVariable) => {
    const value = values[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (!missing.includes(name)) missing.push(name);
    return placeholder;
  });
  return { text, missing };
}

/** Quick replies filled and recounted, in the relay's order. */
export function prepareQuickReplies(
  replies: readonly QuickReply[],
  values: QuickReplyValues,
): QuickReplyItem[] {
  const received: unknown = replies;
  if (!Array.isArray(received)) {
    throw new TypeError(
      `prepareQuickReplies: expected a list of quick replies, received ${describeValue(replies)}`,
    );
  }
  return replies.map((reply) => {
    const { text, missing } = fillQuickReply(reply.body, values);
    const analysis = analyzeSms(text);
    return {
      ...reply,
      filled: text,
      missing,
      filledEncoding: analysis.encoding,
      filledSegments: analysis.segmentCount,
    };
  });
}

/**
 * Quick replies matching a search (title, filled text or category, case- and accent-insensitive)
 * and, when given, one category.
 */
export function filterQuickReplies(
  items: readonly QuickReplyItem[],
  query: string,
  category?: QuickReplyCategory | null,
): QuickReplyItem[] {
  if (typeof query !== 'string') {
    throw new TypeError(
      `filterQuickReplies: expected the search as a string, received ${describeValue(query)}`,
    );
  }
  const fold = (text: string): string =>
    text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');
  const words = fold(query)
    .split(/\s+/)
    .filter((word) => word !== '');
  return items.filter((item) => {
    if (category !== undefined && category !== null && item.category !== category) return false;
    const haystack = fold(`${item.title} ${item.filled} ${item.category.replace(/_/g, ' ')}`);
    return words.every((word) => haystack.includes(word));
  });
}
