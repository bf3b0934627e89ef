// The live segment meter: encoding, segments, room left, the characters forcing UCS-2 and the GSM rewrite.
import { highlightNonGsm } from '@smsbridge/sidebar';
import type { SegmentMeterReading } from '@smsbridge/sidebar';
import { Button } from '@zendeskgarden/react-buttons';
import { Alert } from '@zendeskgarden/react-notifications';
import { MD, SM } from '@zendeskgarden/react-typography';
import styled from 'styled-components';
import type { Translate } from '../i18n.ts';
import { Section } from './Section.tsx';

const Highlight = styled.mark`
  background: ${(props) => props.theme.palette.yellow?.[300] ?? '#ffd424'};
  outline: 1px solid ${(props) => props.theme.palette.yellow?.[700] ?? '#ad5e18'};
  border-radius: 2px;
`;

const Preview = styled.p`
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  max-height: 6em;
  overflow: auto;
`;

export interface SegmentMeterProps {
  readonly text: string;
  readonly reading: SegmentMeterReading;
  readonly onReplace: (suggestion: NonNullable<SegmentMeterReading['suggestion']>) => void;
  readonly t: Translate;
}

export function SegmentMeter({ text, reading, onReplace, t }: SegmentMeterProps) {
  const { suggestion } = reading;
  return (
    <Section title={t('meter_title')}>
      {text.trim() === '' ? (
        <SM>{t('meter_empty')}</SM>
      ) : (
        <>
          <MD data-testid="meter-summary" role="status">
            {t('meter_summary', {
              encoding: reading.encoding,
              segments: reading.segments,
              remaining: reading.remainingInSegment,
            })}
          </MD>
          {reading.warn && (
            <Alert type="warning">
              <Alert.Paragraph>
                {t('meter_warning', { segments: reading.segments })}
              </Alert.Paragraph>
            </Alert>
          )}
          {reading.nonGsmCharacters.length > 0 && (
            <>
              <SM>{t('meter_ucs2')}</SM>
              <Preview data-testid="meter-preview">
                {highlightNonGsm(text, reading.nonGsmCharacters).map((run, index) =>
                  run.forcesUcs2 ? <Highlight key={index}>{run.text}</Highlight> : run.text,
                )}
              </Preview>
            </>
          )}
          {suggestion !== null && (
            <>
              <Button size="small" onClick={() => onReplace(suggestion)}>
                {t('replace_gsm')}
              </Button>{' '}
              {suggestion.segmentsAfter < suggestion.segmentsBefore && (
                <SM tag="span">
                  {t('replace_gsm_saves', {
                    count: suggestion.segmentsBefore - suggestion.segmentsAfter,
                  })}
                </SM>
              )}
              {suggestion.unreplaceable.length > 0 && (
                <SM>
                  {t('unreplaceable', {
                    chars: suggestion.unreplaceable.map((u) => u.char).join(' '),
                  })}
                </SM>
              )}
            </>
          )}
        </>
      )}
    </Section>
  );
}
