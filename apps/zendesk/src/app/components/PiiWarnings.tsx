// PII found in the reply: what, where, and whether it blocks a public reply.
import type { PiiWarning } from '@smsbridge/sidebar';
import { Alert } from '@zendeskgarden/react-notifications';
import { SM } from '@zendeskgarden/react-typography';
import type { Translate } from '../i18n.ts';
import { Section } from './Section.tsx';

export function PiiWarnings({
  warnings,
  t,
}: {
  readonly warnings: readonly PiiWarning[];
  readonly t: Translate;
}) {
  return (
    <Section title={t('pii_title')}>
      {warnings.length === 0 ? (
        <SM>{t('pii_none')}</SM>
      ) : (
        warnings.map((warning) => (
          <Alert
            key={`${warning.start}-${warning.type}`}
            type={warning.severity === 'block' ? 'error' : 'warning'}
          >
            <Alert.Paragraph>
              {t(warning.severity === 'block' ? 'pii_block' : 'pii_warn', {
                label: warning.label,
                line: warning.line,
              })}
            </Alert.Paragraph>
          </Alert>
        ))
      )}
    </Section>
  );
}
