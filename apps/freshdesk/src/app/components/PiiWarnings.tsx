// PII found in the text: what, where, and whether it blocks sending.
import type { PiiWarning } from '@smsbridge/sidebar';
import { FwInlineMessage } from '../crayons.ts';
import type { Translate } from '../i18n.ts';

export function PiiWarnings({
  warnings,
  t,
}: {
  readonly warnings: readonly PiiWarning[];
  readonly t: Translate;
}) {
  if (warnings.length === 0) return null;
  return (
    <div className="pii" aria-label={t('pii_title')} role="group">
      {warnings.map((warning) => (
        <FwInlineMessage
          key={`${warning.start}-${warning.type}`}
          type={warning.severity === 'block' ? 'error' : 'warning'}
          closable={false}
        >
          {t(warning.severity === 'block' ? 'pii_block' : 'pii_warn', {
            label: warning.label,
            line: warning.line,
          })}
        </FwInlineMessage>
      ))}
    </div>
  );
}
