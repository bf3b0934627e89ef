// The live segment meter: encoding, segments, room left, the characters forcing UCS-2 and the GSM rewrite.
import { highlightNonGsm } from '@smsbridge/sidebar';
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
  const { suggestion } = reading;
  if (text.trim() === '') return <p className="fw-type-xs muted">{t('meter_empty')}</p>;
  return (
    <div className="meter">
      <p className="fw-type-sm" data-testid="meter-summary" role="status">
        {t('meter_summary', {
          encoding: reading.encoding,
          segments: reading.segments,
          remaining: reading.remainingInSegment,
        })}
      </p>
      {reading.warn && (
        <FwInlineMessage type="warning" closable={false}>
          {t('meter_warning', { segments: reading.segments })}
        </FwInlineMessage>
      )}
      {reading.nonGsmCharacters.length > 0 && (
        <>
          <p className="fw-type-xs">{t('meter_ucs2')}</p>
          <p className="meter-preview fw-type-sm" data-testid="meter-preview">
            {highlightNonGsm(text, reading.nonGsmCharacters).map((run, index) =>
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
          {suggestion.segmentsAfter < suggestion.segmentsBefore &&
            t('replace_gsm_saves', {
              count: suggestion.segmentsBefore - suggestion.segmentsAfter,
            })}
          {suggestion.unreplaceable.length > 0 && (
            <span className="block">
              {t('unreplaceable', {
                chars: suggestion.unreplaceable.map((u) => u.char).join(' '),
              })}
            </span>
          )}
        </p>
      )}
    </div>
  );
}
