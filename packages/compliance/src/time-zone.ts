// Wall-clock arithmetic in IANA time zones, with one documented rule for DST gaps and overlaps.
import { DateTime, IANAZone } from 'luxon';

/** A day on the local calendar of some time zone (month 1–12). */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export const MINUTES_PER_DAY = 1440;
const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

// Canonical names answer from this list; creating an Intl formatter per check costs ~0.5 ms.
const CANONICAL_TIME_ZONES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('timeZone'));

/** True when the runtime's time-zone database (ICU) knows `name`, aliases such as 'UTC' included. */
export function isKnownTimeZone(name: string): boolean {
  return CANONICAL_TIME_ZONES.has(name) || IANAZone.isValidZone(name);
}

/** UTC offset of `zone` at `epochMs`, in minutes (New York in winter: -300). */
function offsetMinutes(zone: string, epochMs: number): number {
  return IANAZone.create(zone).offset(epochMs);
}

/**
 * The instant at which the clocks in `zone` show `minutes` past midnight on `date`
 * (`minutes` may be 1440 for the following midnight).
 *
 * The rule, the same as Temporal's `disambiguation: 'compatible'` and RFC 5545:
 * - a wall time that happens twice (clocks set back) means its first occurrence;
 * - a wall time that never happens (clocks set forward) is moved forward by the length of the
 *   gap, so 02:30 on America/New_York's spring-forward day means 03:30 EDT.
 */
export function wallTimeToEpochMs(zone: string, date: CalendarDate, minutes: number): number {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day) + minutes * MS_PER_MINUTE;
  // Zones change offset at most once within a day either side of a wall time.
  const offsetBefore = offsetMinutes(zone, wallAsUtc - MS_PER_DAY);
  const offsetAfter = offsetMinutes(zone, wallAsUtc + MS_PER_DAY);
  // No change of offset near this wall time: the usual case, and the only one needing no check.
  if (offsetBefore === offsetAfter) return wallAsUtc - offsetBefore * MS_PER_MINUTE;
  const matches = [offsetBefore, offsetAfter]
    .map((offset) => ({ offset, epochMs: wallAsUtc - offset * MS_PER_MINUTE }))
    .filter(({ offset, epochMs }) => offsetMinutes(zone, epochMs) === offset)
    .map(({ epochMs }) => epochMs);
  if (matches.length > 0) return Math.min(...matches);
  return wallAsUtc - offsetBefore * MS_PER_MINUTE;
}

/** Local calendar date and milliseconds since local midnight of `epochMs` in `zone`. */
export function localWallTime(
  zone: string,
  epochMs: number,
): { date: CalendarDate; msOfDay: number } {
  const shifted = new Date(epochMs + offsetMinutes(zone, epochMs) * MS_PER_MINUTE);
  const date = {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
  return { date, msOfDay: shifted.getTime() - Date.UTC(date.year, date.month - 1, date.day) };
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** 0 for Monday through 6 for Sunday. */
export function weekdayIndex(date: CalendarDate): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

/** 'YYYY-MM-DD'. */
export function formatCalendarDate(date: CalendarDate): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Parses 'YYYY-MM-DD' and rejects days that do not exist, such as 2026-02-30. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return formatCalendarDate(addDays(date, 0)) === text ? date : null;
}

/** Parses 'HH:mm' (00:00–23:59, and 24:00 when `allowEndOfDay`) to minutes past midnight. */
export function parseClockTime(text: string, allowEndOfDay: boolean): number | null {
  if (allowEndOfDay && text === '24:00') return MINUTES_PER_DAY;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** 'HH:mm' for minutes past midnight (1440 prints as 24:00). */
export function formatClockTime(minutes: number): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** ISO 8601 with the zone's offset, e.g. '2026-03-08T07:59:59-04:00'. */
export function formatLocalIso(zone: string, epochMs: number): string {
  const local = DateTime.fromMillis(epochMs, { zone });
  return local.toISO({ suppressMilliseconds: true }) ?? new Date(epochMs).toISOString();
}
