// Weekly business hours with holidays in an IANA time zone: validation, "are we open?", next opening and closing.
import { describeValue, isPlainObject, joinPath } from './describe-value.ts';
import { isOpenAt, nextClosingAt, nextOpeningAt } from './opening-periods.ts';
import type { DailyInterval, Timetable } from './opening-periods.ts';
import {
  formatCalendarDate,
  formatClockTime,
  isKnownTimeZone,
  MINUTES_PER_DAY,
  parseCalendarDate,
  parseClockTime,
} from './time-zone.ts';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/**
 * One opening on a day, in local wall-clock time 'HH:mm'.
 * - `close` may be '24:00' (until midnight).
 * - `close` earlier than `open` runs past midnight: { open: '22:00', close: '02:00' } opens at
 *   22:00 and closes at 02:00 the next day. The interval belongs to the day it opens on, so a
 *   holiday on that day cancels it and a holiday on the next day does not cut it short.
 */
export interface OpeningHours {
  readonly open: string;
  readonly close: string;
}

/**
 * A local date 'YYYY-MM-DD' closed all day, or a date with its own hours (both `open` and
 * `close`, same rules as {@link OpeningHours}) replacing that weekday's hours.
 */
export type BusinessHoliday =
  | string
  | {
      readonly date: string;
      readonly name?: string;
      readonly open?: string;
      readonly close?: string;
    };

export interface BusinessHoursSchedule {
  /** IANA time-zone name, e.g. 'America/New_York'. */
  readonly timeZone: string;
  /** Hours per weekday; a missing or empty day is closed. */
  readonly weekly: { readonly [day in Weekday]?: readonly OpeningHours[] };
  readonly holidays?: readonly BusinessHoliday[];
}

export interface BusinessHoursIssue {
  /** Where the problem is, e.g. 'weekly.mon[0].open'; '' for the schedule itself. */
  readonly path: string;
  /** One line naming the path, what was expected and what was received. */
  readonly message: string;
}

export interface BusinessHoursOptions {
  /** How far ahead nextOpening/nextClosing look before answering null. Default 366. */
  readonly withinDays?: number;
}

/** The keys of `weekly`, Monday first (index = `LocalDateTime.weekdayIndex`). */
export const WEEKDAYS: readonly Weekday[] = Object.freeze([
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
]);
const DEFAULT_WITHIN_DAYS = 366;
const MAX_WITHIN_DAYS = 3660;

interface ParsedInterval extends DailyInterval {
  readonly path: string;
}

/** Reads one { open, close } object, pushing issues; null when it cannot be used. */
function parseOpeningHours(
  value: unknown,
  path: string,
  issues: BusinessHoursIssue[],
  allowedKeys: readonly string[] = ['open', 'close'],
): ParsedInterval | null {
  if (!isPlainObject(value)) {
    issues.push({
      path,
      message: `${path}: expected { open: 'HH:mm', close: 'HH:mm' }, got ${describeValue(value)}`,
    });
    return null;
  }
  for (const key of Object.keys(value)) {
    if (!allowedKeys.includes(key)) {
      issues.push({
        path: joinPath(path, key),
        message: `${joinPath(path, key)}: unknown field, expected ${allowedKeys.join(', ')}`,
      });
    }
  }
  const open = readClockTime(value.open, `${path}.open`, false, issues);
  const close = readClockTime(value.close, `${path}.close`, true, issues);
  if (open === null || close === null) return null;
  if (open === close) {
    issues.push({
      path,
      message: `${path}: open and close are both ${formatClockTime(open)}; use open '00:00' and close '24:00' for a whole day`,
    });
    return null;
  }
  // A close earlier than the open runs past midnight into the next day.
  return { open, close: close > open ? close : close + MINUTES_PER_DAY, path };
}

function readClockTime(
  value: unknown,
  path: string,
  isClose: boolean,
  issues: BusinessHoursIssue[],
): number | null {
  if (typeof value === 'string') {
    const minutes = parseClockTime(value, isClose);
    if (minutes !== null) return minutes;
    if (!isClose && value === '24:00') {
      issues.push({ path, message: `${path}: 24:00 is only allowed as a close time, use '00:00'` });
      return null;
    }
  }
  issues.push({
    path,
    message: `${path}: expected HH:mm${isClose ? ' (or 24:00)' : ''}, got ${describeValue(value)}`,
  });
  return null;
}

function describeInterval(interval: DailyInterval): string {
  return `${formatClockTime(interval.open)}–${formatClockTime(interval.close % MINUTES_PER_DAY || MINUTES_PER_DAY)}`;
}

/** Flags intervals of one day that overlap each other. */
function checkOverlaps(intervals: readonly ParsedInterval[], issues: BusinessHoursIssue[]): void {
  const sorted = [...intervals].sort((a, b) => a.open - b.open);
  for (let index = 1; index < sorted.length; index += 1) {
    const previous = sorted[index - 1];
    const current = sorted[index];
    if (previous && current && current.open < previous.close) {
      issues.push({
        path: current.path,
        message: `${current.path}: ${describeInterval(current)} overlaps ${previous.path} (${describeInterval(previous)})`,
      });
    }
  }
}

interface CompiledSchedule {
  readonly timetable: Timetable | null;
  readonly issues: BusinessHoursIssue[];
}

function compileSchedule(schedule: unknown): CompiledSchedule {
  const issues: BusinessHoursIssue[] = [];
  if (!isPlainObject(schedule)) {
    issues.push({
      path: '',
      message: `schedule: expected an object with timeZone and weekly, got ${describeValue(schedule)}`,
    });
    return { timetable: null, issues };
  }
  for (const key of Object.keys(schedule)) {
    if (!['timeZone', 'weekly', 'holidays'].includes(key)) {
      issues.push({
        path: joinPath('', key),
        message: `${joinPath('', key)}: unknown field, expected timeZone, weekly or holidays`,
      });
    }
  }

  const { timeZone } = schedule;
  if (typeof timeZone !== 'string') {
    issues.push({
      path: 'timeZone',
      message: `timeZone: expected an IANA time zone such as 'America/New_York', got ${describeValue(timeZone)}`,
    });
  } else if (!isKnownTimeZone(timeZone)) {
    issues.push({
      path: 'timeZone',
      message: `timeZone: unknown IANA time zone ${describeValue(timeZone)}`,
    });
  }

  const weekly: ParsedInterval[][] = WEEKDAYS.map(() => []);
  if (!isPlainObject(schedule.weekly)) {
    issues.push({
      path: 'weekly',
      message: `weekly: expected an object of days (mon…sun) to lists of { open, close }, got ${describeValue(schedule.weekly)}`,
    });
  } else {
    for (const [day, value] of Object.entries(schedule.weekly)) {
      const dayIndex = WEEKDAYS.indexOf(day as Weekday);
      const path = joinPath('weekly', day);
      if (dayIndex < 0) {
        issues.push({
          path,
          message: `${path}: unknown day, expected one of ${WEEKDAYS.join(', ')}`,
        });
        continue;
      }
      if (!Array.isArray(value)) {
        issues.push({
          path,
          message: `${path}: expected a list of { open, close }, got ${describeValue(value)}`,
        });
        continue;
      }
      const parsed = value
        .map((item, index) => parseOpeningHours(item, `${path}[${index}]`, issues))
        .filter((item): item is ParsedInterval => item !== null);
      checkOverlaps(parsed, issues);
      weekly[dayIndex] = parsed;
    }
    // An interval running past midnight must not overlap the next day's first hours.
    weekly.forEach((intervals, dayIndex) => {
      const nextDay = weekly[(dayIndex + 1) % 7] ?? [];
      for (const late of intervals.filter((interval) => interval.close > MINUTES_PER_DAY)) {
        for (const early of nextDay.filter(
          (interval) => interval.open < late.close - MINUTES_PER_DAY,
        )) {
          issues.push({
            path: late.path,
            message: `${late.path}: ${describeInterval(late)} runs past midnight into ${early.path} (${describeInterval(early)})`,
          });
        }
      }
    });
  }

  const dateOverrides = new Map<string, DailyInterval[]>();
  const holidayPaths = new Map<string, string>();
  if (schedule.holidays !== undefined) {
    if (!Array.isArray(schedule.holidays)) {
      issues.push({
        path: 'holidays',
        message: `holidays: expected a list of 'YYYY-MM-DD' or { date, name?, open?, close? }, got ${describeValue(schedule.holidays)}`,
      });
    } else {
      schedule.holidays.forEach((holiday: unknown, index) => {
        const path = `holidays[${index}]`;
        const parsed = parseHoliday(holiday, path, issues);
        if (!parsed) return;
        const earlier = holidayPaths.get(parsed.date);
        if (earlier !== undefined) {
          issues.push({ path, message: `${path}: ${parsed.date} is already listed at ${earlier}` });
          return;
        }
        holidayPaths.set(parsed.date, path);
        dateOverrides.set(parsed.date, parsed.intervals);
      });
    }
  }

  if (issues.length > 0 || typeof timeZone !== 'string') return { timetable: null, issues };
  return { timetable: { timeZone, weekly, dateOverrides }, issues };
}

function parseHoliday(
  holiday: unknown,
  path: string,
  issues: BusinessHoursIssue[],
): { date: string; intervals: DailyInterval[] } | null {
  const readDate = (value: unknown, datePath: string): string | null => {
    if (typeof value === 'string') {
      const date = parseCalendarDate(value);
      if (date) return formatCalendarDate(date);
    }
    issues.push({
      path: datePath,
      message: `${datePath}: expected a date YYYY-MM-DD, got ${describeValue(value)}`,
    });
    return null;
  };
  if (typeof holiday === 'string') {
    const date = readDate(holiday, path);
    return date === null ? null : { date, intervals: [] };
  }
  if (!isPlainObject(holiday)) {
    issues.push({
      path,
      message: `${path}: expected 'YYYY-MM-DD' or { date, name?, open?, close? }, got ${describeValue(holiday)}`,
    });
    return null;
  }
  const date = readDate(holiday.date, `${path}.date`);
  if (holiday.name !== undefined && typeof holiday.name !== 'string') {
    issues.push({
      path: `${path}.name`,
      message: `${path}.name: expected text, got ${describeValue(holiday.name)}`,
    });
  }
  const allowedKeys = ['date', 'name', 'open', 'close'];
  if (holiday.open === undefined && holiday.close === undefined) {
    for (const key of Object.keys(holiday).filter((key) => !allowedKeys.includes(key))) {
      issues.push({
        path: joinPath(path, key),
        message: `${joinPath(path, key)}: unknown field, expected ${allowedKeys.join(', ')}`,
      });
    }
    return date === null ? null : { date, intervals: [] };
  }
  if (holiday.open === undefined || holiday.close === undefined) {
    const missing = holiday.open === undefined ? 'open' : 'close';
    issues.push({
      path: `${path}.${missing}`,
      message: `${path}.${missing}: give both open and close for special hours, or neither to close all day`,
    });
    return null;
  }
  const interval = parseOpeningHours(holiday, path, issues, allowedKeys);
  return date === null || interval === null ? null : { date, intervals: [interval] };
}

/**
 * Every problem with a schedule, each with its path, e.g.
 * "weekly.mon[0].open: expected HH:mm, got '9am'". Empty when the schedule is usable.
 * Accepts any value, so it can check configuration straight from JSON.
 */
export function validateBusinessHours(schedule: unknown): BusinessHoursIssue[] {
  return compileSchedule(schedule).issues;
}

function requireTimetable(functionName: string, schedule: unknown): Timetable {
  const { timetable, issues } = compileSchedule(schedule);
  if (timetable) return timetable;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new TypeError(
    `${functionName}: invalid schedule: ${issues[0]?.message ?? 'unusable'}${more}`,
  );
}

function requireInstant(functionName: string, at: unknown): number {
  if (at instanceof Date && !Number.isNaN(at.getTime())) return at.getTime();
  throw new TypeError(
    `${functionName}: expected \`at\` to be a valid Date, got ${describeValue(at)}`,
  );
}

function requireWithinDays(
  functionName: string,
  options: BusinessHoursOptions | undefined,
): number {
  const withinDays: unknown = options?.withinDays ?? DEFAULT_WITHIN_DAYS;
  if (
    typeof withinDays === 'number' &&
    Number.isInteger(withinDays) &&
    withinDays >= 1 &&
    withinDays <= MAX_WITHIN_DAYS
  ) {
    return withinDays;
  }
  throw new TypeError(
    `${functionName}: expected withinDays to be a whole number from 1 to ${MAX_WITHIN_DAYS}, got ${describeValue(withinDays)}`,
  );
}

/** Whether the business is open at the instant `at` (open times inclusive, close times exclusive). */
export function isOpen(schedule: BusinessHoursSchedule, at: Date): boolean {
  const instant = requireInstant('isOpen', at);
  return isOpenAt(requireTimetable('isOpen', schedule), instant);
}

/**
 * When the business is next open, for "we're closed, we'll reply from …":
 * - `at` itself when open at `at`;
 * - otherwise the start of the next opening;
 * - null when it does not open within `withinDays` (default 366).
 *
 * Openings at a local time skipped by a DST change move forward by the gap (02:30 on
 * America/New_York's spring-forward day opens at 03:30 EDT); a local time that happens twice
 * means its first occurrence.
 */
export function nextOpening(
  schedule: BusinessHoursSchedule,
  at: Date,
  options?: BusinessHoursOptions,
): Date | null {
  const instant = requireInstant('nextOpening', at);
  const withinDays = requireWithinDays('nextOpening', options);
  const opening = nextOpeningAt(requireTimetable('nextOpening', schedule), instant, withinDays);
  return opening === null ? null : new Date(opening);
}

/**
 * When the business next closes, for "we're open until …":
 * - `at` itself when closed at `at`;
 * - otherwise the end of the current opening, following back-to-back openings (Mon 22:00–24:00
 *   then Tue 00:00–06:00 closes Tue 06:00);
 * - null when it stays open for more than `withinDays` (default 366), e.g. open 24/7.
 */
export function nextClosing(
  schedule: BusinessHoursSchedule,
  at: Date,
  options?: BusinessHoursOptions,
): Date | null {
  const instant = requireInstant('nextClosing', at);
  const withinDays = requireWithinDays('nextClosing', options);
  const closing = nextClosingAt(requireTimetable('nextClosing', schedule), instant, withinDays);
  return closing === null ? null : new Date(closing);
}
