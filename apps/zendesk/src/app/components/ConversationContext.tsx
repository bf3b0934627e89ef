// Who and where: masked customer number, business number, recent delivery statuses with plain reasons.
import type { Conversation, Delivery } from '@smsbridge/sidebar';
import { SM } from '@zendeskgarden/react-typography';
import type { MessageKey, Translate } from '../i18n.ts';
import { Section } from './Section.tsx';

const KNOWN_STATUSES = new Set(['delivered', 'failed', 'undelivered', 'pending', 'held', 'sent']);

function statusLabel(status: string, t: Translate): string {
  if (KNOWN_STATUSES.has(status)) return t(`status_${status}` as MessageKey);
  return t('status_other', { status: status.replace(/_/g, ' ') });
}

export interface ConversationContextProps {
  readonly conversation: Conversation;
  readonly deliveries: readonly Delivery[];
  readonly t: Translate;
  readonly formatDate: (iso: string) => string;
}

export function ConversationContext({
  conversation,
  deliveries,
  t,
  formatDate,
}: ConversationContextProps) {
  return (
    <Section title={t('context_title')}>
      <SM>
        {t('context_customer')}: {conversation.customerPhoneMasked}
      </SM>
      <SM>
        {t('context_business')}: {conversation.businessNumber}
      </SM>
      <SM isBold>{t('context_deliveries')}</SM>
      {deliveries.length === 0 ? (
        <SM>{t('context_no_deliveries')}</SM>
      ) : (
        <ul data-testid="deliveries">
          {deliveries.map((delivery) => (
            <li key={delivery.id}>
              <SM>
                {formatDate(delivery.createdAt)} · {statusLabel(delivery.status, t)}
                {delivery.plainReason !== null && ` — ${delivery.plainReason}`}
              </SM>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
