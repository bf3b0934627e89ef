// The bot front door's transcript for this conversation, when the relay sends one.
import type { BotTranscriptLine } from '../bot-transcript.ts';
import type { Translate } from '../i18n.ts';
import { Section } from './Section.tsx';

export function BotTranscript({
  lines,
  t,
  formatDate,
}: {
  readonly lines: readonly BotTranscriptLine[];
  readonly t: Translate;
  readonly formatDate: (iso: string) => string;
}) {
  return (
    <Section title={t('bot_title')} testId="bot-transcript">
      {lines.length === 0 ? (
        <p className="fw-type-sm">{t('bot_none')}</p>
      ) : (
        <ol className="plain-list fw-type-sm">
          {lines.map((line, index) => (
            <li key={index}>
              {line.at !== null && <span className="muted">{formatDate(line.at)} </span>}
              {line.from !== '' && <strong>{line.from}: </strong>}
              {line.text}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
