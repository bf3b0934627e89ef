// Calendar and wall-clock helpers for showing business hours: an instant's local date and time, and 'YYYY-MM-DD' / 'HH:mm' parsing.
import { describeValue, isPlainObject } from './describe-value.ts';
import {
  formatCalendarDate,
  isKnownTimeZone as isKnownZoneName,
  localWallTime,
  parseCalendarDate as parseDate,
  parseClockTime as parseClock,
  weekdayIndex as weekdayIndexOf,
} from './time-zone.ts';
import type { CalendarDate } from './time-zone.ts';

export type { CalendarDate } from './time-zone.ts';

/** What the clocks and calendars of a time zone show at an instant. */
export interface LocalDateTime extends CalendarDate {
  /** Whole minutes past local midnight, 0–1439 (seconds dropped). */
  readonly minutes: number;
  /** 0 for Monday through 6 for Sunday, the order of `WEEKDAYS`. */
  readonly weekdayIndex: number;
}

function requireText(functionName: string, name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw new TypeError(
    `${functionName}: expected ${name} to be a string, got ${describeValue(value)}`,
  );
}

/** True when the runtime's time-zone database knows `name` ('America/New_York', 'UTC'...). */
export function isKnownTimeZone(name: string): boolean {
  return isKnownZoneName(requireText('isKnownTimeZone', 'the time zone', name));
}

/** A real calendar date from 'YYYY-MM-DD', or null ('2026-02-30', '2026-1-5' and '' are null). */
export function parseCalendarDate(text: string): CalendarDate | null {
  return parseDate(requireText('parseCalendarDate', 'the date', text));
}

/**
 * Minutes past midnight from 'HH:mm' (00:00–23:59), or null. '24:00' (1440) only with
 * `allowEndOfDay`, as schedules allow it for a closing time only.
 */
export function parseClockTime(text: string, allowEndOfDay = false): number | null {
  return parseClock(requireText('parseClockTime', 'the time', text), allowEndOfDay);
}

/** 0 for Monday through 6 for Sunday. Throws a TypeError for a date that does not exist. */
export function weekdayIndex(date: CalendarDate): number {
  const real =
    isPlainObject(date) &&
    [date.year, date.month, date.day].every(Number.isInteger) &&
    parseDate(formatCalendarDate(date)) !== null;
  if (!real) {
    throw new TypeError(
      `weekdayIndex: expected a calendar date { year, month, day }, got ${describeValue(date)}`,
    );
  }
  return weekdayIndexOf(date);
}

/**
 * The local date and time of `at` in `timeZone`, e.g. for "we open Mon at 9am" or a transcript
 * stamp. Throws a TypeError for an invalid Date or a time zone the runtime does not know.
 */
export function localDateTime(at: Date, timeZone: string): LocalDateTime {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new TypeError(
      `localDateTime: expected \`at\` to be a valid Date, got ${describeValue(at)}`,
    );
  }
  if (typeof timeZone !== 'string' || !isKnownZoneName(timeZone)) {
    throw new TypeError(
      `localDateTime: expected an IANA time zone such as 'America/New_York', got ${describeValue(timeZone)}`,
    );
  }
  const { date, msOfDay } = localWallTime(timeZone, at.getTime());
  return { ...date, minutes: Math.floor(msOfDay / 60_000), weekdayIndex: weekdayIndexOf(date) };
}
