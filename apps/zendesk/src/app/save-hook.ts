// The ticket.save handler: reads the composer, applies saveGuard and rejects with the agent's message to block.
import { composerTextToSms, saveGuard } from '@smsbridge/sidebar';
import type { Consent, SaveGuardDecision } from '@smsbridge/sidebar';
import type { PiiType } from '@smsbridge/compliance';
import type { Translate } from './i18n.ts';
import type { ZafClient } from './zaf/zaf-client.ts';

const PII_NAMES: Readonly<Record<'en' | 'es', Partial<Record<PiiType, string>>>> = {
  en: {
    payment_card: 'a card number',
    us_ssn: 'a US Social Security number',
    iban: 'an IBAN (bank account number)',
    password: 'a password',
  },
  es: {
    payment_card: 'un número de tarjeta',
    us_ssn: 'un número de la Seguridad Social de EE. UU.',
    iban: 'un IBAN (cuenta bancaria)',
    password: 'una contraseña',
  },
};

/** The agent-facing message for a blocked save, in the agent's language. */
export function blockedMessage(
  decision: Extract<SaveGuardDecision, { allow: false }>,
  t: Translate,
  language: 'en' | 'es',
): string {
  if (decision.code === 'opted_out') return t('save_blocked_opted_out');
  if (decision.code === 'placeholder') {
    return t('save_blocked_placeholder', {
      items: (decision.placeholders ?? []).join(language === 'es' ? ' y ' : ' and '),
    });
  }
  const names = [...new Set(decision.findings.map((f) => PII_NAMES[language][f.type] ?? f.label))];
  return t('save_blocked_pii', { items: names.join(language === 'es' ? ' y ' : ' and ') });
}

/**
 * A `ticket.save` handler. The SDK blocks the save when the handler's promise rejects, and shows
 * the rejection's Error message to the agent (zendesk.md §4.4; SDK lib/utils.js `when`,
 * lib/client.js `postReplyWith`); a resolved promise lets the save go on.
 */
export function createSaveHook(
  client: Pick<ZafClient, 'get'>,
  /** The customer's consent; may ask the relay again, so a STOP that came while the ticket was open counts. */
  consent: () =>
    | Pick<Consent, 'status' | 'canSend'>
    | null
    | Promise<Pick<Consent, 'status' | 'canSend'> | null>,
  t: Translate,
  language: 'en' | 'es',
): () => Promise<true> {
  return async () => {
    const data = await client.get(['comment.text', 'comment.type']);
    const raw = data['comment.text'];
    const type = data['comment.type'];
    const decision = saveGuard({
      commentType: typeof type === 'string' ? type : undefined,
      text: composerTextToSms(typeof raw === 'string' ? raw : ''),
      consent: await consent(),
    });
    if (!decision.allow) throw new Error(blockedMessage(decision, t, language));
    return true;
  };
}
