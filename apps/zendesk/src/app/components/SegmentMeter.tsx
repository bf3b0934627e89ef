// The live segment meter: encoding, segments, room left, the characters forcing UCS-2 and the GSM rewrite.
import { segmentMeterView } from '@smsbridge/sidebar';
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
  const view = segmentMeterView(text, reading);
  const { suggestion } = view;
  return (
    <Section title={t('meter_title')}>
      {view.empty ? (
        <SM>{t('meter_empty')}</SM>
      ) : (
        <>
          <MD data-testid="meter-summary" role="status">
            {t('meter_summary', view.summary)}
          </MD>
          {view.warn && (
            <Alert type="warning">
              <Alert.Paragraph>
                {t('meter_warning', { segments: view.summary.segments })}
              </Alert.Paragraph>
            </Alert>
          )}
          {view.highlighted !== null && (
            <>
              <SM>{t('meter_ucs2')}</SM>
              <Preview data-testid="meter-preview">
                {view.highlighted.map((run, index) =>
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
              {view.segmentsSaved > 0 && (
                <SM tag="span">{t('replace_gsm_saves', { count: view.segmentsSaved })}</SM>
              )}
              {view.unreplaceable !== '' && (
                <SM>{t('unreplaceable', { chars: view.unreplaceable })}</SM>
              )}
            </>
          )}
        </>
      )}
    </Section>
  );
}
