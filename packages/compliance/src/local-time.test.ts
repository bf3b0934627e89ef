// The local date and time of an instant, and the date/time parsers the package exports for callers.
import { describe, expect, it } from 'vitest';
import {
  isKnownTimeZone,
  localDateTime,
  parseCalendarDate,
  parseClockTime,
  WEEKDAYS,
  weekdayIndex,
} from './index.ts';

const utc = (iso: string) => new Date(iso);

describe('localDateTime', () => {
  it('reads the wall clock of the zone, with its offset in winter and in summer', () => {
    // New York is UTC-5 in January and UTC-4 in July.
    expect(localDateTime(utc('2026-01-13T14:30:00Z'), 'America/New_York')).toEqual({
      year: 2026,
      month: 1,
      day: 13,
      minutes: 9 * 60 + 30,
      weekdayIndex: 1, // Tuesday
    });
    expect(localDateTime(utc('2026-07-14T13:30:00Z'), 'America/New_York').minutes).toBe(
      9 * 60 + 30,
    );
  });

  it('moves to the next or previous local date across midnight', () => {
    // Sunday 2026-03-01 23:30Z is already Monday 08:30 in Tokyo and still Sunday in Los Angeles.
    const instant = utc('2026-03-01T23:30:00Z');
    expect(localDateTime(instant, 'Asia/Tokyo')).toMatchObject({
      day: 2,
      minutes: 8 * 60 + 30,
      weekdayIndex: 0,
    });
    expect(localDateTime(instant, 'America/Los_Angeles')).toMatchObject({
      day: 1,
      minutes: 15 * 60 + 30,
      weekdayIndex: 6,
    });
  });

  it('follows half-hour zones and the daylight-saving change itself', () => {
    expect(localDateTime(utc('2026-03-02T03:30:00Z'), 'Asia/Kolkata').minutes).toBe(9 * 60);
    // New York springs forward at 02:00 on 2026-03-08: 06:59Z is 01:59 EST, 07:00Z is 03:00 EDT.
    expect(localDateTime(utc('2026-03-08T06:59:00Z'), 'America/New_York').minutes).toBe(119);
    expect(localDateTime(utc('2026-03-08T07:00:00Z'), 'America/New_York').minutes).toBe(180);
  });

  it('drops seconds rather than rounding up to the next minute', () => {
    expect(localDateTime(utc('2026-01-13T23:59:59.999Z'), 'UTC')).toMatchObject({
      day: 13,
      minutes: 1439,
    });
  });

  it('throws a TypeError for an invalid Date or an unknown time zone', () => {
    expect(() => localDateTime(new Date(Number.NaN), 'UTC')).toThrow(
      new TypeError('localDateTime: expected `at` to be a valid Date, got an invalid Date'),
    );
    expect(() => localDateTime('2026-01-13' as unknown as Date, 'UTC')).toThrow(TypeError);
    expect(() => localDateTime(new Date(), 'Mars/Olympus_Mons')).toThrow(
      /expected an IANA time zone .*got 'Mars\/Olympus_Mons'/,
    );
  });
});

describe('date and time parsers', () => {
  it('parses real calendar dates only', () => {
    expect(parseCalendarDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    for (const text of [
      '2026-02-29',
      '2026-02-30',
      '2026-13-01',
      '2026-1-5',
      '2026-01-05T00:00',
      '',
    ])
      expect(parseCalendarDate(text)).toBeNull();
  });

  it("parses 'HH:mm', with 24:00 only where the end of the day is allowed", () => {
    expect(parseClockTime('09:30', false)).toBe(570);
    expect(parseClockTime('24:00', true)).toBe(1440);
    expect(parseClockTime('24:00', false)).toBeNull();
    expect(parseClockTime('24:00')).toBeNull();
    for (const text of ['9:30', '09:60', '25:00', '24:01', '0930', ' 09:30'])
      expect(parseClockTime(text, true)).toBeNull();
  });

  it('numbers weekdays from Monday, in the order of WEEKDAYS', () => {
    expect(WEEKDAYS[weekdayIndex({ year: 2026, month: 3, day: 2 })]).toBe('mon');
    expect(WEEKDAYS[weekdayIndex({ year: 2026, month: 3, day: 8 })]).toBe('sun');
    expect(Object.isFrozen(WEEKDAYS)).toBe(true);
  });

  it('throws a TypeError naming the function for what is not text or not a date', () => {
    expect(() => parseClockTime(930 as unknown as string)).toThrow(
      new TypeError('parseClockTime: expected the time to be a string, got number 930'),
    );
    expect(() => parseCalendarDate(null as unknown as string)).toThrow(/^parseCalendarDate:/);
    expect(() => isKnownTimeZone(undefined as unknown as string)).toThrow(/^isKnownTimeZone:/);
    expect(() => weekdayIndex({ year: 2026, month: 2, day: 30 })).toThrow(/^weekdayIndex:/);
    expect(() => weekdayIndex({ year: 2026, month: 1.5, day: 1 })).toThrow(TypeError);
  });

  it('knows canonical zone names and aliases, and rejects invented ones', () => {
    expect(isKnownTimeZone('Europe/Madrid')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
