// Open periods of a weekly timetable in one time zone: whether an instant falls in one, when the next starts, when the current run ends.
import {
  addDays,
  formatCalendarDate,
  localWallTime,
  MINUTES_PER_DAY,
  MS_PER_DAY,
  wallTimeToEpochMs,
  weekdayIndex,
} from './time-zone.ts';
import type { CalendarDate } from './time-zone.ts';

/**
 * Minutes past local midnight of the day the interval starts. `close` is greater than `open`;
 * above 1440 it runs into the next day (22:00–02:00 is { open: 1320, close: 1560 }).
 */
export interface DailyInterval {
  readonly open: number;
  readonly close: number;
}

export interface Timetable {
  readonly timeZone: string;
  /** Seven entries, Monday first. */
  readonly weekly: readonly (readonly DailyInterval[])[];
  /** Replacement intervals for particular local dates ('YYYY-MM-DD'), e.g. holidays. */
  readonly dateOverrides: ReadonlyMap<string, readonly DailyInterval[]>;
}

interface Period {
  readonly start: number;
  readonly end: number;
}

function intervalsOn(timetable: Timetable, date: CalendarDate): readonly DailyInterval[] {
  return (
    timetable.dateOverrides.get(formatCalendarDate(date)) ??
    timetable.weekly[weekdayIndex(date)] ??
    []
  );
}

/** The instants a date's intervals cover; empty periods (an hour skipped by DST) are dropped. */
function periodsStartingOn(timetable: Timetable, date: CalendarDate): Period[] {
  const periods: Period[] = [];
  for (const interval of intervalsOn(timetable, date)) {
    const start = wallTimeToEpochMs(timetable.timeZone, date, interval.open);
    const end =
      interval.close <= MINUTES_PER_DAY
        ? wallTimeToEpochMs(timetable.timeZone, date, interval.close)
        : wallTimeToEpochMs(timetable.timeZone, addDays(date, 1), interval.close - MINUTES_PER_DAY);
    if (end > start) periods.push({ start, end });
  }
  return periods;
}

/**
 * Periods that contain `epochMs`: those starting on its local date, and those of the day before
 * that run past midnight (only those can reach into the date).
 */
function periodsContaining(timetable: Timetable, epochMs: number): Period[] {
  const { date } = localWallTime(timetable.timeZone, epochMs);
  const previousDate = addDays(date, -1);
  const runsPastMidnight = intervalsOn(timetable, previousDate).some(
    (interval) => interval.close > MINUTES_PER_DAY,
  );
  return [
    ...(runsPastMidnight ? periodsStartingOn(timetable, previousDate) : []),
    ...periodsStartingOn(timetable, date),
  ].filter((period) => period.start <= epochMs && epochMs < period.end);
}

export function isOpenAt(timetable: Timetable, epochMs: number): boolean {
  return periodsContaining(timetable, epochMs).length > 0;
}

/** `epochMs` when open; otherwise the start of the next period, or null if none starts within `withinDays`. */
export function nextOpeningAt(
  timetable: Timetable,
  epochMs: number,
  withinDays: number,
): number | null {
  if (isOpenAt(timetable, epochMs)) return epochMs;
  const limit = epochMs + withinDays * MS_PER_DAY;
  const { date } = localWallTime(timetable.timeZone, epochMs);
  let best: number | null = null;
  for (let offset = -1; offset <= withinDays + 1; offset += 1) {
    for (const period of periodsStartingOn(timetable, addDays(date, offset))) {
      if (
        period.start > epochMs &&
        period.start <= limit &&
        (best === null || period.start < best)
      ) {
        best = period.start;
      }
    }
    // A date's periods start no earlier than the previous date's, except when a DST gap pushes
    // a late-evening opening past midnight; looking one date further settles that.
    if (
      best !== null &&
      offset >= 0 &&
      best < wallTimeToEpochMs(timetable.timeZone, addDays(date, offset + 1), 0)
    ) {
      return best;
    }
  }
  return best;
}

/**
 * `epochMs` when closed; otherwise the end of the current run of open periods (back-to-back
 * periods such as Mon 09:00–24:00 and Tue 00:00–17:00 count as one run), or null if it does not
 * close within `withinDays`.
 */
export function nextClosingAt(
  timetable: Timetable,
  epochMs: number,
  withinDays: number,
): number | null {
  const limit = epochMs + withinDays * MS_PER_DAY;
  let closing = epochMs;
  for (;;) {
    const containing = periodsContaining(timetable, closing);
    if (containing.length === 0) return closing;
    closing = Math.max(...containing.map((period) => period.end));
    if (closing > limit) return null;
  }
}
