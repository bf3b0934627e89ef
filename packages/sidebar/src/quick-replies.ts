// Fills a quick reply's {{first_name}}, {{order_id}} and {{agent_name}} and recounts its segments.
import { analyzeSms } from '@smsbridge/sms';
import type { SmsEncoding } from '@smsbridge/sms';
import { describeValue } from './describe-value.ts';
import type { Translator } from './i18n.ts';
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
 * A bare phone number as people and systems write it: `+14155550123`, `(415) 555-0123`,
 * `+1 415.555.0123` — digits with spaces, dots, dashes, parentheses and a leading `+`, 7 to 15
 * digits (E.164 allows at most 15).
 */
function isPhoneNumber(text: string): boolean {
  if (!/^\+?[\d\s().-]+$/.test(text)) return false;
  const digits = text.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

/**
 * True for a requester name that is no name: a bare phone number, or the placeholder the relay
 * gives the requesters it creates, `SMS +14155550123` (server/src/relay/deliver-inbound.ts).
 */
export function isPlaceholderName(name: string): boolean {
  if (typeof name !== 'string') {
    throw new TypeError(
      `isPlaceholderName: expected the name as a string, received ${describeValue(name)}`,
    );
  }
  const trimmed = name.trim();
  const afterPrefix = /^SMS\s+(.+)$/i.exec(trimmed)?.[1];
  return isPhoneNumber(trimmed) || (afterPrefix !== undefined && isPhoneNumber(afterPrefix));
}

/**
 * The `{{first_name}}` value for a requester's full name: its first word, or undefined (the
 * variable stays missing) when the name is blank or only a placeholder (`isPlaceholderName`), so a
 * reply never greets "Hi SMS" or "Hi +14155550123".
 *
 * @example firstNameOf('Ana Lima') // 'Ana'
 * @example firstNameOf('SMS +14155550123') // undefined
 */
export function firstNameOf(requesterName: unknown): string | undefined {
  if (typeof requesterName !== 'string' || isPlaceholderName(requesterName)) return undefined;
  const word = requesterName.trim().split(/\s+/)[0];
  return word === undefined || word === '' ? undefined : word;
}

/**
 * Fills the placeholders of a script from the ticket's values; blank values count as missing, and
 * so does a `first_name` that is only a phone number or the relay's `SMS <phone>` placeholder.
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
    const usable =
      typeof value === 'string' &&
      value.trim() !== '' &&
      !(name === 'first_name' && isPlaceholderName(value));
    if (usable) return value.trim();
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
 * The line under a quick reply in the app's words: its encoding and segments once filled, then
 * the variables the agent still has to fill (`GSM-7 · 1 segment(s) · Fill in: first_name`).
 */
export function quickReplySummary(
  item: QuickReplyItem,
  t: Translator<'quick_replies_segments' | 'quick_replies_missing'>,
): string {
  const segments = t('quick_replies_segments', {
    encoding: item.filledEncoding,
    segments: item.filledSegments,
  });
  if (item.missing.length === 0) return segments;
  return `${segments} · ${t('quick_replies_missing', { names: item.missing.join(', ') })}`;
}

/** The categories, in the order the category filter offers them (server/src/config/quick-replies.ts). */
export const QUICK_REPLY_CATEGORIES: readonly QuickReplyCategory[] = [
  'general_inquiry',
  'order_status',
  'technical',
  'billing',
  'outage',
];

/**
 * The category filter's choices in the app's words: all categories first (value `''`), then each
 * category in QUICK_REPLY_CATEGORIES order.
 */
export function quickReplyCategoryChoices(
  t: Translator<'quick_replies_all' | `category_${QuickReplyCategory}`>,
): { readonly value: string; readonly label: string }[] {
  return [
    { value: '', label: t('quick_replies_all') },
    ...QUICK_REPLY_CATEGORIES.map((category) => ({
      value: category,
      label: t(`category_${category}`),
    })),
  ];
}

/** The category a filter's value names; anything else (the "all categories" choice) is none. */
export function quickReplyCategoryOf(value: string): QuickReplyCategory | null {
  return QUICK_REPLY_CATEGORIES.find((category) => category === value) ?? null;
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
