// The customer's consent as a badge, with the consent ledger on expand.
import {
  consentDecidedBy,
  consentEventLine,
  consentTone,
  useConsentHistory,
} from '@smsbridge/sidebar';
import type { Consent, ConsentTone, RelayClient } from '@smsbridge/sidebar';
import { Button } from '@zendeskgarden/react-buttons';
import { Tag } from '@zendeskgarden/react-tags';
import { SM } from '@zendeskgarden/react-typography';
import { useState } from 'react';
import type { MessageKey, Translate } from '../i18n.ts';
import { Section } from './Section.tsx';

/** Garden's hue for each tone (the theme's successHue, dangerHue, warningHue). */
const HUES: Readonly<Record<ConsentTone, string>> = {
  success: 'successHue',
  danger: 'dangerHue',
  warning: 'warningHue',
};

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
      <Tag hue={HUES[consentTone(consent.status)]} data-testid="consent-badge">
        {t(`consent_${consent.status}` as MessageKey)}
      </Tag>{' '}
      {consent.since !== null && (
        <SM tag="span">{t('consent_since', { date: formatDate(consent.since) })}</SM>
      )}
      {event !== null && <SM>{t('consent_by', { how: consentDecidedBy(event) })}</SM>}
      <Button
        isBasic
        size="small"
        aria-expanded={expanded}
        onClick={() => setExpanded((value) => !value)}
      >
        {t('consent_history')}
      </Button>
      {expanded && history.status === 'loading' && <SM>{t('loading')}</SM>}
      {expanded && history.status === 'error' && (
        <SM>{t('relay_error', { message: history.message })}</SM>
      )}
      {expanded && history.status === 'ready' && (
        <ul>
          {history.events.length === 0 && <li>{t('consent_history_empty')}</li>}
          {history.events.map((item, index) => (
            <li key={`${item.at}-${index}`}>
              <SM>{consentEventLine(item, formatDate)}</SM>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
