// Spots passwords, card numbers and SSNs in a customer's text (via @smsbridge/compliance) so the bot never echoes or stores them.
import { detectPii } from '@smsbridge/compliance';

export interface SensitiveSpan {
  readonly type: string;
  /** UTF-16 indices: text.slice(start, end) is the sensitive value. */
  readonly start: number;
  readonly end: number;
}

/**
 * A detector the relay may inject instead of {@link detectSensitiveData}, e.g. one with
 * workspace-specific patterns. Spans that overlap or fall outside the text are ignored.
 */
export type SensitiveDataDetector = (text: string) => readonly SensitiveSpan[];

/**
 * What the bot must never echo or store: `@smsbridge/compliance`'s `detectPii` findings of
 * severity 'block' (card numbers, SSNs, IBANs, passwords given as "my password is ..."). 'warn'
 * findings (dates of birth, account numbers) are kept: the customer may need them understood.
 * Spans are sorted and do not overlap; throws a TypeError when `text` is not a string.
 */
export function detectSensitiveData(text: string): SensitiveSpan[] {
  return detectPii(text)
    .filter((finding) => finding.severity === 'block')
    .map(({ type, start, end }) => ({ type, start, end }));
}

const REDACTION_LABELS: Readonly<Record<string, string>> = {
  payment_card: '[card number removed]',
  us_ssn: '[SSN removed]',
  iban: '[bank account removed]',
  password: '[password removed]',
};

/** The text with every span replaced by a label such as "[card number removed]". */
export function redactSensitiveData(text: string, spans: readonly SensitiveSpan[]): string {
  let result = '';
  let cursor = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < cursor || span.end <= span.start || span.end > text.length) continue;
    result += text.slice(cursor, span.start) + (REDACTION_LABELS[span.type] ?? '[removed]');
    cursor = span.end;
  }
  return result + text.slice(cursor);
}

/** The text with every span replaced by spaces of the same length (for understanding, not display). */
export function blankSensitiveData(text: string, spans: readonly SensitiveSpan[]): string {
  let result = text;
  for (const span of spans) {
    if (span.start < 0 || span.end > text.length || span.end <= span.start) continue;
    result =
      result.slice(0, span.start) + ' '.repeat(span.end - span.start) + result.slice(span.end);
  }
  return result;
}
