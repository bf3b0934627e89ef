// SLA tier of a hand-off: P1 urgent (outage words or many similar reports), P2 billing or dispute, P3 general.
import type { IntentLabel } from './intents.ts';

export type SlaTier = 'P1' | 'P2' | 'P3';

export type SlaReason = 'outage_words' | 'many_reports' | 'billing' | 'dispute_words' | 'general';

export interface SlaAssessment {
  readonly tier: SlaTier;
  readonly reason: SlaReason;
  /** Zendesk ticket `priority` (reference/zendesk.md: urgent|high|normal|low). */
  readonly zendeskPriority: 'urgent' | 'high' | 'normal';
  /** Freshdesk `priority` (reference/freshdesk.md: Low 1, Medium 2, High 3, Urgent 4). */
  readonly freshdeskPriority: 4 | 3 | 2;
}

export interface SlaInput {
  readonly intent: IntentLabel | undefined;
  /** The customer's words (already redacted); several messages may be joined. */
  readonly text: string;
  /**
   * How many other customers reported something similar recently. Only the relay can count this
   * (same intent and outage words across conversations); 0 when unknown.
   */
  readonly similarRecentReports?: number;
  /** From this many similar reports the hand-off is P1. Default 5. */
  readonly similarReportsForUrgent?: number;
}

/** Matched on lower-case text without accents. */
const OUTAGE_PATTERNS: readonly RegExp[] = [
  /\boutages?\b/,
  /\b(?:site|website|web|app|service|system|servers?|platform|everything|checkout|it)\s+(?:is|are|was|went|seems|looks|keeps going)\s+(?:completely\s+|totally\s+)?(?:down|offline)\b/,
  /\b(?:down|offline)\s+(?:again|for everyone|for everybody|everywhere|for all)\b/,
  /\bnot working for (?:anyone|anybody|everyone|everybody)\b/,
  /\b(?:nobody|no one|noone) can\b/,
  /\bnothing (?:works|is working|loads)\b/,
  /\bservice (?:is )?unavailable\b/,
  /\b(?:esta|estan|se cayo|sigue)\s+caid[oa]s?\b/,
  /\bcaida del (?:servicio|sistema|sitio)\b/,
  /\bno funciona nada\b/,
  /\b(?:sin|fuera de) servicio\b/,
];

const DISPUTE_PATTERNS: readonly RegExp[] = [
  /\b(?:dispute|disputing|chargeback|fraud|fraudulent|unauthori[sz]ed|overcharged|refund)\b/,
  /\b(?:charged|billed) (?:me )?(?:twice|two times|double|2x|three times)\b/,
  /\bdouble (?:charged|charge|billed)\b/,
  /\b(?:reclamo|reclamacion|disputa|fraude|reembolso|contracargo)\b/,
  /\bcobr(?:o|aron|ado)\s+(?:\w+\s+)?(?:dos veces|doble|no autorizado|indebido|de mas)\b/,
  /\bcargo (?:duplicado|no autorizado|indebido)\b/,
];

function plain(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

const TIERS: Readonly<Record<SlaTier, Omit<SlaAssessment, 'reason'>>> = {
  P1: { tier: 'P1', zendeskPriority: 'urgent', freshdeskPriority: 4 },
  P2: { tier: 'P2', zendeskPriority: 'high', freshdeskPriority: 3 },
  P3: { tier: 'P3', zendeskPriority: 'normal', freshdeskPriority: 2 },
};

/** The SLA tier the relay sets as ticket priority on hand-off (issue 6, DESIGN.md "Native reporting"). */
export function slaTier(input: SlaInput): SlaAssessment {
  if (typeof input.text !== 'string') {
    throw new TypeError(`slaTier: expected text to be a string, got ${typeof input.text}`);
  }
  const text = plain(input.text);
  if (OUTAGE_PATTERNS.some((pattern) => pattern.test(text))) {
    return { ...TIERS.P1, reason: 'outage_words' };
  }
  const threshold = input.similarReportsForUrgent ?? 5;
  if ((input.similarRecentReports ?? 0) >= threshold)
    return { ...TIERS.P1, reason: 'many_reports' };
  if (input.intent === 'billing') return { ...TIERS.P2, reason: 'billing' };
  if (DISPUTE_PATTERNS.some((pattern) => pattern.test(text))) {
    return { ...TIERS.P2, reason: 'dispute_words' };
  }
  return { ...TIERS.P3, reason: 'general' };
}
