// The live segment meter: encoding, segments, room left, the characters forcing UCS-2 and the GSM rewrite.
import { segmentMeterView } from '@smsbridge/sidebar';
import type { SegmentMeterReading } from '@smsbridge/sidebar';
import { FwButton, FwInlineMessage } from '../crayons.ts';
import type { Translate } from '../i18n.ts';

export interface SegmentMeterProps {
  readonly text: string;
  readonly reading: SegmentMeterReading;
  readonly onReplace: (suggestion: NonNullable<SegmentMeterReading['suggestion']>) => void;
  readonly t: Translate;
}

export function SegmentMeter({ text, reading, onReplace, t }: SegmentMeterProps) {
  const view = segmentMeterView(text, reading);
  const { suggestion } = view;
  if (view.empty) return <p className="fw-type-xs muted">{t('meter_empty')}</p>;
  return (
    <div className="meter">
      <p className="fw-type-sm" data-testid="meter-summary" role="status">
        {t('meter_summary', view.summary)}
      </p>
      {view.warn && (
        <FwInlineMessage type="warning" closable={false}>
          {t('meter_warning', { segments: view.summary.segments })}
        </FwInlineMessage>
      )}
      {view.highlighted !== null && (
        <>
          <p className="fw-type-xs">{t('meter_ucs2')}</p>
          <p className="meter-preview fw-type-sm" data-testid="meter-preview">
            {view.highlighted.map((run, index) =>
              run.forcesUcs2 ? <mark key={index}>{run.text}</mark> : run.text,
            )}
          </p>
        </>
      )}
      {suggestion !== null && (
        <p className="fw-type-xs">
          <FwButton color="secondary" size="small" onFwClick={() => onReplace(suggestion)}>
            {t('replace_gsm')}
          </FwButton>{' '}
          {view.segmentsSaved > 0 && t('replace_gsm_saves', { count: view.segmentsSaved })}
          {view.unreplaceable !== '' && (
            <span className="block">{t('unreplaceable', { chars: view.unreplaceable })}</span>
          )}
        </p>
      )}
    </div>
  );
}
