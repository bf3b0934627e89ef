// The bot front door's session behind this ticket in Garden: how it ended, its intent and SLA tier, and the transcript, collapsed when long.
import type { BotSlaTone, BotSummary } from '@smsbridge/sidebar';
import { Button } from '@zendeskgarden/react-buttons';
import { Tag } from '@zendeskgarden/react-tags';
import { MD, SM, Span } from '@zendeskgarden/react-typography';
import { useId, useState } from 'react';
import styled from 'styled-components';
import type { Translate } from '../i18n.ts';
import { Section } from './Section.tsx';

/** Garden's hue for each SLA tone; P3 keeps the plain grey tag. */
const HUES: Readonly<Record<BotSlaTone, string | undefined>> = {
  danger: 'dangerHue',
  warning: 'warningHue',
  neutral: undefined,
};

const Facts = styled.dl`
  display: grid;
  grid-template-columns: max-content 1fr;
  gap: ${(props) => props.theme.space.xxs} ${(props) => props.theme.space.sm};
  align-items: center;
  margin: ${(props) => props.theme.space.xs} 0;

  dd {
    margin: 0;
  }
`;

const TranscriptHeader = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${(props) => props.theme.space.xs};
  align-items: center;
  justify-content: space-between;
  margin-top: ${(props) => props.theme.space.xs};
`;

const Turns = styled.ol`
  list-style: none;
  margin: ${(props) => props.theme.space.xxs} 0 0;
  padding: 0;

  > li {
    padding: 2px 0;
    overflow-wrap: anywhere;
  }
`;

export interface BotSectionProps {
  /** `botSummaryOf(view, language)`; null when the bot never talked in this conversation. */
  readonly summary: BotSummary | null;
  readonly t: Translate;
  readonly formatDate: (iso: string) => string;
}

export function BotSection({ summary, t, formatDate }: BotSectionProps) {
  if (summary === null) {
    return (
      <Section title={t('bot_title')} testId="bot-section">
        <SM data-testid="bot-none">{t('bot_none')}</SM>
      </Section>
    );
  }
  return (
    <Section title={t('bot_title')} testId="bot-section">
      <SM isBold data-testid="bot-outcome" data-status={summary.status}>
        {summary.outcome}
      </SM>
      {(summary.intentLabel !== null || summary.slaLabel !== null) && (
        <Facts>
          {summary.intentLabel !== null && (
            <>
              <SM tag="dt">{t('bot_intent')}</SM>
              <SM tag="dd" data-testid="bot-intent">
                {summary.intentLabel}
              </SM>
            </>
          )}
          {summary.slaLabel !== null && summary.slaTone !== null && (
            <>
              <SM tag="dt">{t('bot_sla')}</SM>
              <dd>
                <Tag hue={HUES[summary.slaTone]} data-testid="bot-sla">
                  {summary.slaLabel}
                </Tag>
              </dd>
            </>
          )}
        </Facts>
      )}
      <BotTranscriptList summary={summary} t={t} formatDate={formatDate} />
      {summary.omittedNote !== null && <SM data-testid="bot-omitted">{summary.omittedNote}</SM>}
    </Section>
  );
}

/** The turns, one line each; a long transcript starts collapsed behind a disclosure button. */
function BotTranscriptList({
  summary,
  t,
  formatDate,
}: BotSectionProps & { readonly summary: BotSummary }) {
  const headingId = useId();
  const listId = useId();
  const [expanded, setExpanded] = useState(!summary.collapsedByDefault);
  const lines = summary.transcript;
  return (
    <>
      <TranscriptHeader>
        <MD tag="h3" isBold id={headingId}>
          {t('bot_transcript')}
        </MD>
        {summary.collapsedByDefault && (
          <Button
            isBasic
            size="small"
            aria-expanded={expanded}
            aria-controls={listId}
            onClick={() => setExpanded((value) => !value)}
            data-testid="bot-transcript-toggle"
          >
            {expanded
              ? t('bot_transcript_hide')
              : t('bot_transcript_show', { count: lines.length })}
          </Button>
        )}
      </TranscriptHeader>
      {lines.length === 0 ? (
        <SM>{t('bot_transcript_empty')}</SM>
      ) : (
        <Turns
          id={listId}
          hidden={!expanded}
          aria-labelledby={headingId}
          data-testid="bot-transcript"
        >
          {lines.map((line, index) => (
            <li key={index} data-testid="bot-turn" data-from={line.from}>
              <SM>
                <time dateTime={line.at} title={formatDate(line.at)}>
                  {line.time}
                </time>
                {' · '}
                <Span isBold>{line.speaker}:</Span> {line.text}
              </SM>
            </li>
          ))}
        </Turns>
      )}
    </>
  );
}
