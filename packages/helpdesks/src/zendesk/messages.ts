// Coalesces customer messages into one comment body and compares bodies as Zendesk returns them.
import type { CustomerMessage } from '../helpdesk-adapter.ts';

/**
 * The bodies in order, separated by a blank line, so a burst becomes one comment and one API call
 * (zendesk.md §6.6: the Update Ticket limits make one call per text too many). Zendesk refuses a
 * blank comment, so picture-only messages get a short placeholder.
 */
export function coalescedBody(messages: readonly CustomerMessage[]): string {
  const bodies = messages.map((m) => m.body).filter((body) => body.trim() !== '');
  if (bodies.length > 0) return bodies.join('\n\n');
  const attachments = messages.reduce((n, m) => n + m.attachments.length, 0);
  if (attachments === 0) return '(empty message)';
  return attachments === 1 ? '(1 attachment)' : `(${attachments} attachments)`;
}

/** Lone surrogates cannot be stored; Zendesk, like any UTF-8 store, returns U+FFFD instead. */
function wellFormed(text: string): string {
  return text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

/** Equality that survives what storage does to a body: line endings, outer whitespace. */
export function sameBody(a: string, b: string): boolean {
  const norm = (s: string) => wellFormed(s).replace(/\r\n?/g, '\n').trim();
  return norm(a) === norm(b);
}

/** A filename safe for `?filename=` (the extension must match the type, zendesk.md §2.4). */
export function uploadFilename(filename: string, index: number): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const clean = wellFormed(base)
    .replace(/\p{Cc}/gu, '')
    .trim();
  return clean === '' ? `attachment-${index + 1}` : clean.slice(0, 200);
}

/** How a text sent from the sidebar reads on the ticket: the text, then who sent it. */
export function sentTextBody(body: string, authorName: string): string {
  return `${body}\n\n— Sent by SMS by ${authorName}`;
}
