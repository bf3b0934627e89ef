// The bot front door's session behind this ticket: how it ended, its intent and SLA tier, and the transcript.
import type { BotSummary } from '@smsbridge/sidebar';
import { useId } from 'react';
import { FwPill, pillProps } from '../crayons.ts';
import type { Translate } from '../i18n.ts';
import { Section } from './Section.tsx';

export interface BotTranscriptProps {
  /** `botSummaryOf(view, language)`; null when the bot never talked in this conversation. */
  readonly summary: BotSummary | null;
  readonly t: Translate;
  readonly formatDate: (iso: string) => string;
}

export function BotTranscript({ summary, t, formatDate }: BotTranscriptProps) {
  const transcriptHeading = useId();
  if (summary === null) {
    return (
      <Section title={t('bot_title')} testId="bot-section">
        <p className="fw-type-sm" data-testid="bot-none">
          {t('bot_none')}
        </p>
      </Section>
    );
  }
  return (
    <Section title={t('bot_title')} testId="bot-section">
      <p className="fw-type-sm" data-testid="bot-outcome" data-status={summary.status}>
        <strong>{summary.outcome}</strong>
      </p>
      {(summary.intentLabel !== null || summary.slaLabel !== null) && (
        <dl className="facts fw-type-sm">
          {summary.intentLabel !== null && (
            <>
              <dt>{t('bot_intent')}</dt>
              <dd data-testid="bot-intent">{summary.intentLabel}</dd>
            </>
          )}
          {summary.slaLabel !== null && summary.slaTone !== null && (
            <>
              <dt>{t('bot_sla')}</dt>
              <dd>
                <FwPill {...pillProps(summary.slaTone)} data-testid="bot-sla">
                  {summary.slaLabel}
                </FwPill>
              </dd>
            </>
          )}
        </dl>
      )}
      <h3 id={transcriptHeading} className="fw-type-h7">
        {t('bot_transcript')}
      </h3>
      {summary.transcript.length === 0 ? (
        <p className="fw-type-sm">{t('bot_transcript_empty')}</p>
      ) : (
        <ol
          className="plain-list bot-transcript fw-type-sm"
          aria-labelledby={transcriptHeading}
          data-testid="bot-transcript"
        >
          {summary.transcript.map((line, index) => (
            <li key={index} data-testid="bot-turn" data-from={line.from}>
              <time className="muted" dateTime={line.at} title={formatDate(line.at)}>
                {line.time}
              </time>{' '}
              <strong>{line.speaker}:</strong> {line.text}
            </li>
          ))}
        </ol>
      )}
      {summary.omittedNote !== null && (
        <p className="fw-type-xs muted" data-testid="bot-omitted">
          {summary.omittedNote}
        </p>
      )}
    </Section>
  );
}
