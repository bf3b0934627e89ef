// The customer's consent as a badge, with the consent ledger on demand.
import {
  consentDecidedBy,
  consentEventLine,
  consentTone,
  useConsentHistory,
} from '@smsbridge/sidebar';
import type { Consent, RelayClient } from '@smsbridge/sidebar';
import { useState } from 'react';
import { FwButton, FwPill, pillProps } from '../crayons.ts';
import type { MessageKey, Translate } from '../i18n.ts';
import { Section } from './Section.tsx';

export interface ConsentBadgeProps {
  readonly consent: Consent;
  readonly relay: RelayClient;
  readonly ticketId: number;
  readonly t: Translate;
  readonly formatDate: (iso: string) => string;
}

export function ConsentBadge({ consent, relay, ticketId, t, formatDate }: ConsentBadgeProps) {
  const [expanded, setExpanded] = useState(false);
  const history = useConsentHistory(relay, ticketId, expanded);
  const event = consent.decidingEvent;
  return (
    <Section title={t('consent_title')}>
      <p className="fw-type-sm">
        <FwPill {...pillProps(consentTone(consent.status))} data-testid="consent-badge">
          {t(`consent_${consent.status}` as MessageKey)}
        </FwPill>{' '}
        {consent.since !== null && t('consent_since', { date: formatDate(consent.since) })}{' '}
        {event !== null && t('consent_by', { how: consentDecidedBy(event) })}
      </p>
      {/* The name says the state: aria-expanded on the host would not reach the button inside its shadow root. */}
      <FwButton color="link" size="small" onFwClick={() => setExpanded((value) => !value)}>
        {t(expanded ? 'consent_history_hide' : 'consent_history_show')}
      </FwButton>
      {expanded && history.status === 'loading' && <p className="fw-type-sm">{t('loading')}</p>}
      {expanded && history.status === 'error' && (
        <p className="fw-type-sm" role="alert">
          {t('relay_error', { message: history.message })}
        </p>
      )}
      {expanded && history.status === 'ready' && (
        <ul className="plain-list fw-type-sm" data-testid="consent-history">
          {history.events.length === 0 && <li>{t('consent_history_empty')}</li>}
          {history.events.map((item, index) => (
            <li key={`${item.at}-${index}`}>{consentEventLine(item, formatDate)}</li>
          ))}
        </ul>
      )}
    </Section>
  );
}
