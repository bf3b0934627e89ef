// The SMS composer: text, live meter, PII warnings, and Send, disabled with the reason when the text may not go.
import type { PiiWarning, SegmentMeterReading } from '@smsbridge/sidebar';
import { FwButton, FwInlineMessage, FwTextarea } from '../crayons.ts';
import type { Translate } from '../i18n.ts';
import type { SendState } from '../hooks/useSmsSend.ts';
import { blockedReason, refusalMessage } from '../send-decision.ts';
import type { SendDecision } from '../send-decision.ts';
import { PiiWarnings } from './PiiWarnings.tsx';
import { Section } from './Section.tsx';
import { SegmentMeter } from './SegmentMeter.tsx';

export interface SmsComposerProps {
  readonly text: string;
  readonly onChange: (text: string) => void;
  /** The customer's masked number, for the hint. */
  readonly phone: string;
  readonly reading: SegmentMeterReading;
  readonly warnings: readonly PiiWarning[];
  readonly decision: SendDecision;
  readonly sendState: SendState;
  readonly onSend: () => void;
  readonly onReplace: (suggestion: NonNullable<SegmentMeterReading['suggestion']>) => void;
  readonly t: Translate;
}

function outcomeMessage(state: SendState, t: Translate) {
  switch (state.status) {
    case 'sent':
      return (
        <FwInlineMessage type="success" closable={false} data-testid="send-outcome">
          {t(state.repeated ? 'send_repeated' : 'send_sent')}
        </FwInlineMessage>
      );
    case 'refused':
      return (
        <FwInlineMessage type="error" closable={false} data-testid="send-outcome">
          {refusalMessage(state.code, t)}
        </FwInlineMessage>
      );
    case 'failed':
      return (
        <FwInlineMessage type="error" closable={false} data-testid="send-outcome">
          {t('send_failed', { message: state.message })}
        </FwInlineMessage>
      );
    default:
      return null;
  }
}

export function SmsComposer(props: SmsComposerProps) {
  const { text, decision, sendState, t } = props;
  const sending = sendState.status === 'sending';
  // An empty composer needs no reason: the meter already asks for a message.
  const reason = decision.allow || decision.code === 'empty' ? null : blockedReason(decision, t);
  return (
    <Section title={t('composer_title')} testId="composer">
      <FwTextarea
        label={t('composer_label')}
        name="sms-text"
        value={text}
        rows={4}
        maxRows={10}
        resize="vertical"
        hintText={t('composer_hint', { phone: props.phone })}
        onFwInput={(event) => props.onChange(event.detail.value)}
      />
      <SegmentMeter text={text} reading={props.reading} onReplace={props.onReplace} t={t} />
      <PiiWarnings warnings={props.warnings} t={t} />
      <div className="send-row">
        <FwButton
          color="primary"
          disabled={!decision.allow || sending}
          loading={sending}
          data-testid="send"
          onFwClick={props.onSend}
        >
          {t('send')}
        </FwButton>
      </div>
      {/* Always in the page, so the reason is announced as it changes. */}
      <p
        className={`fw-type-xs send-reason${reason === null ? '' : ' blocked'}`}
        data-testid="send-reason"
        role="status"
      >
        {reason ?? ''}
      </p>
      {outcomeMessage(sendState, t)}
    </Section>
  );
}
