// What both apps show of a customer's consent, whatever their design system draws it with: the badge's tone and the ledger's words.
import type { ConsentDecidingEvent, ConsentEvent, ConsentStatus } from './relay-api-types.ts';

/** The badge's tone: each app maps it to its own colours (Garden hues, Crayons pill colours). */
export type ConsentTone = 'success' | 'danger' | 'warning';

const TONES: Readonly<Record<ConsentStatus, ConsentTone>> = {
  opted_in: 'success',
  implied: 'success',
  opted_out: 'danger',
  unknown: 'warning',
};

/** Green while texts may go (opted in, implied), red after an opt-out, amber when unknown. */
export function consentTone(status: ConsentStatus): ConsentTone {
  return TONES[status] ?? 'warning';
}

/** A ledger code in words: `customer_initiated` → `customer initiated`. */
function words(code: string): string {
  return code.replace(/_/g, ' ');
}

/** How the consent was decided: the keyword the customer texted (`STOP`), else the event's kind in words. */
export function consentDecidedBy(event: ConsentDecidingEvent): string {
  return event.keyword ?? words(event.kind);
}

/** One entry of the consent ledger: `<date> · opted out (STOP) · sms`. */
export function consentEventLine(event: ConsentEvent, formatDate: (iso: string) => string): string {
  const keyword = event.keyword === null ? '' : ` (${event.keyword})`;
  return `${formatDate(event.at)} · ${words(event.kind)}${keyword} · ${words(event.source)}`;
}
