// Who and where, and the recent texts with their statuses (kept current by useDeliveries) and plain reasons.
import type { Conversation, Delivery } from '@smsbridge/sidebar';
import { FwPill, pillProps } from '../crayons.ts';
import type { PillTone } from '../crayons.ts';
import type { MessageKey, Translate } from '../i18n.ts';
import { Section } from './Section.tsx';

const TONES: Readonly<Record<string, PillTone>> = {
  delivered: 'success',
  sent: 'info',
  accepted: 'info',
  queued: 'info',
  sending: 'info',
  pending: 'neutral',
  held: 'warning',
  failed: 'danger',
  undelivered: 'danger',
  blocked_opted_out: 'danger',
  blocked_pii: 'danger',
  blocked_too_long: 'danger',
};

function statusLabel(status: string, t: Translate): string {
  if (status in TONES) return t(`status_${status}` as MessageKey);
  return t('status_other', { status: status.replace(/_/g, ' ') });
}

export interface DeliveriesProps {
  readonly conversation: Conversation;
  readonly deliveries: readonly Delivery[];
  /** Set when the last refresh failed: the statuses shown may be old. */
  readonly staleReason: string | null;
  readonly t: Translate;
  readonly formatDate: (iso: string) => string;
}

export function Deliveries({
  conversation,
  deliveries,
  staleReason,
  t,
  formatDate,
}: DeliveriesProps) {
  return (
    <Section title={t('context_title')}>
      <dl className="facts fw-type-sm">
        <dt>{t('context_customer')}</dt>
        <dd>{conversation.customerPhoneMasked}</dd>
        <dt>{t('context_business')}</dt>
        <dd>{conversation.businessNumber}</dd>
      </dl>
      <h3 className="fw-type-h7">{t('context_deliveries')}</h3>
      {deliveries.length === 0 ? (
        <p className="fw-type-sm">{t('context_no_deliveries')}</p>
      ) : (
        <ul
          className="plain-list deliveries fw-type-sm"
          data-testid="deliveries"
          aria-live="polite"
        >
          {deliveries.map((delivery) => (
            <li key={delivery.id} data-testid="delivery" data-status={delivery.status}>
              <FwPill {...pillProps(TONES[delivery.status] ?? 'neutral')}>
                {statusLabel(delivery.status, t)}
              </FwPill>{' '}
              {formatDate(delivery.createdAt)}
              {delivery.segments !== null &&
                ` · ${t('context_segments', { count: delivery.segments })}`}
              {delivery.authorName !== null &&
                ` · ${t('context_by', { name: delivery.authorName })}`}
              {delivery.plainReason !== null && (
                <span className="block">{delivery.plainReason}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {staleReason !== null && (
        <p className="fw-type-xs muted">
          {t('context_deliveries_stale', { message: staleReason })}
        </p>
      )}
    </Section>
  );
}
