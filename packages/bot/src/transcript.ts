// Transcript of a bot conversation: turns as data, and the compact one-line-per-turn internal note.
import { localDateTime } from '@smsbridge/compliance';
import type { IntentLabel } from './intents.ts';

export interface TranscriptTurn {
  /** ISO 8601 instant. */
  readonly at: string;
  readonly from: 'customer' | 'bot';
  /** Sensitive data already replaced ("[card number removed]"); one line. */
  readonly text: string;
  /** What the bot understood from a customer turn ('menu' choices carry the chosen intent). */
  readonly intent?: IntentLabel;
  readonly score?: number;
}

/** Longest text kept per turn; SMS bodies are at most 1600 characters (reference/carriers.md §5). */
export const MAX_TURN_TEXT = 500;

/** Newlines and runs of spaces become one " / " or " ", and the text is cut to {@link MAX_TURN_TEXT}. */
export function oneLine(text: string): string {
  const flat = text
    .replace(/\s*[\r\n]+\s*/g, ' / ')
    .replace(/[\t ]+/g, ' ')
    .trim();
  return flat.length > MAX_TURN_TEXT ? `${flat.slice(0, MAX_TURN_TEXT - 3)}...` : flat;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * One line per turn, for the ticket's internal note:
 *   2026-03-09 10:02 Customer: where is my order [order_status 0.98]
 *   10:02 Bot: Sure. What's your order number? It looks like 12345678.
 * The date is written on the first line and whenever it changes, in the workspace's time zone.
 */
export function formatTranscript(turns: readonly TranscriptTurn[], timeZone = 'UTC'): string {
  let previousDate = '';
  return turns
    .map((turn) => {
      const instant = new Date(turn.at);
      let stamp = '??:??';
      if (!Number.isNaN(instant.getTime())) {
        const local = localDateTime(instant, timeZone);
        const date = `${local.year}-${pad(local.month)}-${pad(local.day)}`;
        const clock = `${pad(Math.floor(local.minutes / 60))}:${pad(local.minutes % 60)}`;
        stamp = date === previousDate ? clock : `${date} ${clock}`;
        previousDate = date;
      }
      const who = turn.from === 'customer' ? 'Customer' : 'Bot';
      const understood =
        turn.intent === undefined
          ? ''
          : ` [${turn.intent}${turn.score === undefined ? '' : ` ${turn.score.toFixed(2)}`}]`;
      return `${stamp} ${who}: ${oneLine(turn.text)}${understood}`;
    })
    .join('\n');
}
