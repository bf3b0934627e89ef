// Turns what a helpdesk composer holds (plain text or the rich editor's HTML) into the SMS text the customer gets.
import { describeValue } from './describe-value.ts';

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/i;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const hex = name[1] === 'x' || name[1] === 'X';
      const codePoint = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
      // Out of Unicode's range or a lone surrogate: keep it as typed rather than invent a character.
      if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return whole;
      return String.fromCodePoint(codePoint);
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Whether the composer content is the rich editor's HTML rather than plain text. */
export function isComposerHtml(content: string): boolean {
  return LOOKS_LIKE_HTML.test(content);
}

/**
 * The text an SMS would carry for this composer content: tags removed, paragraphs and `<br>` as
 * line breaks, entities decoded. Plain text is returned unchanged. Zendesk's agent workspace
 * gives `comment.text` as HTML such as `<p>Hi</p>` (zendesk.md §4.4).
 *
 * @example composerTextToSms('<p>Hi &amp; bye</p><p>Ana</p>') // 'Hi & bye\nAna'
 */
export function composerTextToSms(content: string): string {
  if (typeof content !== 'string') {
    throw new TypeError(
      `composerTextToSms: expected the composer content as a string, received ${describeValue(content)}`,
    );
  }
  if (!isComposerHtml(content)) return content;
  const withBreaks = content
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote)>\s*/gi, '\n');
  return decodeEntities(withBreaks.replace(/<[^<>]*>/g, '')).replace(/\n+$/, '');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Applies character replacements (from `suggestGsm`) to composer content, leaving HTML tags
 * alone: each `original` is replaced in the text between tags, and a non-breaking space written
 * as `&nbsp;` counts as the character it stands for.
 */
export function replaceInComposer(
  content: string,
  replacements: readonly { readonly original: string; readonly replacement: string }[],
): string {
  if (typeof content !== 'string') {
    throw new TypeError(
      `replaceInComposer: expected the composer content as a string, received ${describeValue(content)}`,
    );
  }
  const html = isComposerHtml(content);
  const table = new Map<string, string>();
  for (const { original, replacement } of replacements) {
    if (original !== '') table.set(original, html ? escapeHtml(replacement) : replacement);
  }
  if (table.size === 0) return content;
  // Longest first, so a whole grapheme (e + accent) wins over a part of it.
  const keys = [...table.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(
    keys.map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'gu',
  );
  const replaceText = (text: string): string =>
    text.replace(pattern, (match) => table.get(match) ?? match);
  if (!html) return replaceText(content);
  const nbsp = table.get('\u00a0');
  return content
    .split(/(<[^<>]*>)/)
    .map((part, index) => {
      if (index % 2 === 1) return part; // A tag.
      const text = nbsp === undefined ? part : part.replace(/&nbsp;/gi, nbsp);
      return replaceText(text);
    })
    .join('');
}
