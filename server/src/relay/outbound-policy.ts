// Whether an agent's text may go out now: consent, block-level PII, length. Shared by the send job and the app API.
import { currentConsent, detectPii, type ConsentEvent } from '@smsbridge/compliance';

/** Twilio's Body limit (carriers.md §1.5): longer replies are refused, not cut. */
export const MAX_SMS_CHARACTERS = 1600;

/** Origins written by an agent, to which consent and PII rules apply (not keyword answers). */
export const AGENT_ORIGINS: ReadonlySet<string> = new Set(['agent_reply', 'sidebar_send']);

export type OutboundRefusal =
  | { readonly status: 'blocked_opted_out'; readonly optedOutSince: string | undefined }
  | { readonly status: 'blocked_pii'; readonly labels: readonly string[] }
  | { readonly status: 'blocked_too_long'; readonly characters: number };

/** Why this text must not be sent to a customer with this consent ledger, or undefined when it may. */
export function outboundRefusal(
  body: string,
  ledger: readonly ConsentEvent[],
  policy: { readonly blockPii: boolean },
): OutboundRefusal | undefined {
  const consent = currentConsent(ledger, 'support');
  if (!consent.canSend) {
    return {
      status: 'blocked_opted_out',
      optedOutSince: consent.status === 'opted_out' ? consent.since?.toISOString() : undefined,
    };
  }
  if (policy.blockPii) {
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
