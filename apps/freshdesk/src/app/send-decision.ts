// Whether the SMS composer may send its text now, and why not in the agent's words (saveGuard's rule, plus length).
import { saveGuard, SEND_SMS_MAX_TEXT_LENGTH } from '@smsbridge/sidebar';
import type { Consent, SaveGuardDecision, SendSmsOutcome } from '@smsbridge/sidebar';
import type { PiiType } from '@smsbridge/compliance';
import type { MessageKey, Translate } from './i18n.ts';

export type SendDecision =
  | { readonly allow: true }
  | { readonly allow: false; readonly code: 'empty' }
  | { readonly allow: false; readonly code: 'too_long'; readonly length: number }
  | Extract<SaveGuardDecision, { allow: false }>;

/**
 * The composer's rule: the same one the Zendesk save hook applies to a public reply (saveGuard:
 * opted out, block-level PII, unfilled quick-reply variables), then the send route's length
 * limit. The relay checks consent, PII and length again before anything is sent.
 */
export function sendDecision(
  text: string,
  consent: Pick<Consent, 'status' | 'canSend'> | null,
): SendDecision {
  if (text.trim() === '') return { allow: false, code: 'empty' };
  const guard = saveGuard({ commentType: 'publicReply', text, consent });
  if (!guard.allow) return guard;
  if (text.length > SEND_SMS_MAX_TEXT_LENGTH) {
    return { allow: false, code: 'too_long', length: text.length };
  }
  return { allow: true };
}

const PII_NAME_KEYS: Readonly<Partial<Record<PiiType, MessageKey>>> = {
  payment_card: 'pii_name_payment_card',
  us_ssn: 'pii_name_us_ssn',
  iban: 'pii_name_iban',
  password: 'pii_name_password',
};

/** Why Send is disabled, in the agent's language. */
export function blockedReason(
  decision: Exclude<SendDecision, { allow: true }>,
  t: Translate,
): string {
  const and = t('list_and');
  switch (decision.code) {
    case 'empty':
      return t('send_empty');
    case 'too_long':
      return t('send_blocked_too_long', {
        length: decision.length,
        max: SEND_SMS_MAX_TEXT_LENGTH,
      });
    case 'opted_out':
      return t('send_blocked_opted_out');
    case 'placeholder':
      return t('send_blocked_placeholder', { items: (decision.placeholders ?? []).join(and) });
    case 'pii': {
      const names = decision.findings.map((finding) => {
        const key = PII_NAME_KEYS[finding.type];
        return key === undefined ? finding.label : t(key);
      });
      return t('send_blocked_pii', { items: [...new Set(names)].join(and) });
    }
  }
}

/** Why the relay did not send, in the agent's language. */
export function refusalMessage(
  code: Extract<SendSmsOutcome, { kind: 'refused' }>['code'],
  t: Translate,
): string {
  switch (code) {
    case 'opted_out':
      return t('send_refused_opted_out');
    case 'pii_blocked':
      return t('send_refused_pii');
    case 'too_long':
      return t('send_refused_too_long');
    case 'not_sms':
      return t('not_sms');
  }
}
