// Structured logs with pino: phone numbers masked and message bodies omitted unless configured.
import pino, { type Logger } from 'pino';

// E.164 numbers, and North American numbers written the usual ways ("(415) 555-0123", "415.555.0123").
// Narrow on purpose: dates, IP addresses and ids must stay readable.
const PHONE_PATTERN = /\+[1-9]\d{6,14}\b|(?<!\d)\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)/g;

/** "+14155550123" → "+1415***0123": enough to tell numbers apart, not enough to text them. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '***';
  return `${phone.startsWith('+') ? '+' : ''}${digits.slice(0, 4)}***${digits.slice(-4)}`;
}

/** Masks anything that looks like a phone number inside free text (error messages, URLs). */
export function maskPhonesIn(text: string): string {
  return text.replace(PHONE_PATTERN, (match) => maskPhone(match));
}

const PHONE_KEYS = new Set(['from', 'to', 'phone', 'customerPhone', 'businessNumber']);
const BODY_KEYS = new Set(['body', 'text', 'message']);

export interface LoggerOptions {
  readonly level: string;
  readonly includeBodies: boolean;
  /** Where to write; standard output by default. */
  readonly destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'smsbridge' },
      formatters: {
        log(object) {
          const safe: Record<string, unknown> = {};
          for (const [key, value] of Object.entries(object)) {
            if (PHONE_KEYS.has(key) && typeof value === 'string') safe[key] = maskPhone(value);
            else if (BODY_KEYS.has(key) && !options.includeBodies) safe[key] = '[omitted]';
            else if (typeof value === 'string') safe[key] = maskPhonesIn(value);
            else safe[key] = value;
          }
          return safe;
        },
      },
    },
    options.destination,
  );
}
