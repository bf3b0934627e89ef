// Whether an agent's text may go out now: consent, block-level PII, length. Shared by the send job and the app API.
import { currentConsent, detectPii, type ConsentEvent } from '@smsbridge/compliance';

/** Twilio's Body limit (carriers.md §1.5): longer replies are refused, not cut. */
export const MAX_SMS_CHARACTERS = 1600;

/** What the outbound pipeline checks before a text of some origin goes out. */
export interface OriginRules {
  /** Never to a customer who opted out (DESIGN.md). Keyword confirmations skip it: STOP is answered. */
  readonly consent: boolean;
  /** Block-level PII (cards, SSNs...) is refused: an agent may paste it; the relay's own texts never do. */
  readonly pii: boolean;
  /**
   * Quiet hours (carriers.md §6): for an agent's text only when it is proactive (the customer has
   * not texted lately); always for the satisfaction survey, which the customer never asked for.
   */
  readonly quietHours: 'never' | 'when_proactive' | 'always';
  /** A refused or held text gets an internal note on the ticket (agents wrote it and must know). */
  readonly notes: boolean;
  /** An agent wrote it: the bot stays silent in the conversation until the ticket is closed. */
  readonly byAgent: boolean;
  /**
   * A text the carrier could not deliver gets an internal note. Not for the bot's and the survey's
   * texts: nobody on the ticket wrote them, and a bot conversation may never get a ticket.
   */
  readonly failureNote: boolean;
}

const AGENT_RULES: OriginRules = {
  consent: true,
  pii: true,
  quietHours: 'when_proactive',
  notes: true,
  byAgent: true,
  failureNote: true,
};
const RELAY_ORIGIN_RULES: Readonly<Record<string, OriginRules>> = {
  agent_reply: AGENT_RULES,
  sidebar_send: AGENT_RULES,
  bot_reply: {
    consent: true,
    pii: false,
    quietHours: 'never',
    notes: false,
    byAgent: false,
    failureNote: false,
  },
  csat_survey: {
    consent: true,
    pii: false,
    quietHours: 'always',
    notes: false,
    byAgent: false,
    failureNote: false,
  },
  csat_thanks: {
    consent: true,
    pii: false,
    quietHours: 'never',
    notes: false,
    byAgent: false,
    failureNote: false,
  },
};
/** STOP/START/HELP confirmations (carriers.md §6: a STOP is confirmed even though it opts out). */
const KEYWORD_RULES: OriginRules = {
  consent: false,
  pii: false,
  quietHours: 'never',
  notes: false,
  byAgent: false,
  failureNote: true,
};

export function rulesForOrigin(origin: string | null): OriginRules {
  return (origin === null ? undefined : RELAY_ORIGIN_RULES[origin]) ?? KEYWORD_RULES;
}

export type OutboundRefusal =
  | { readonly status: 'blocked_opted_out'; readonly optedOutSince: string | undefined }
  | { readonly status: 'blocked_pii'; readonly labels: readonly string[] }
  | { readonly status: 'blocked_too_long'; readonly characters: number };

/** Why this text must not be sent to a customer with this consent ledger, or undefined when it may. */
export function outboundRefusal(
  body: string,
  ledger: readonly ConsentEvent[],
  policy: { readonly blockPii: boolean },
  rules: Pick<OriginRules, 'pii'> = AGENT_RULES,
): OutboundRefusal | undefined {
  const consent = currentConsent(ledger, 'support');
  if (!consent.canSend) {
    return {
      status: 'blocked_opted_out',
      optedOutSince: consent.status === 'opted_out' ? consent.since?.toISOString() : undefined,
    };
  }
  if (policy.blockPii && rules.pii) {
    const blocking = detectPii(body).filter((finding) => finding.severity === 'block');
    if (blocking.length > 0) {
      return {
        status: 'blocked_pii',
        labels: [...new Set(blocking.map((finding) => finding.label.toLowerCase()))],
      };
    }
  }
  if (body.length > MAX_SMS_CHARACTERS) {
    return { status: 'blocked_too_long', characters: body.length };
  }
  return undefined;
}
