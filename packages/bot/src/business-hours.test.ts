// The bot's opening status (open until / closed until) and its business-hours config checked by compliance.
import { describe, expect, it } from 'vitest';
import { openingStatus } from './business-hours.ts';
import type { BusinessHoursSchedule } from './business-hours.ts';
import { businessHoursSchema, safeParseBotConfig } from './config.ts';

const weekdays = { open: '09:00', close: '17:00' };
const newYork: BusinessHoursSchedule = {
  timeZone: 'America/New_York',
  weekly: { mon: [weekdays], tue: [weekdays], wed: [weekdays], thu: [weekdays], fri: [weekdays] },
  holidays: [
    '2026-12-25',
    { date: '2026-12-24', name: 'Christmas Eve', open: '09:00', close: '13:00' },
  ],
};

const at = (iso: string): Date => new Date(iso);

describe('openingStatus', () => {
  it('is open inside the hours and says when it closes', () => {
    // Monday 2026-03-02 10:00 EST = 15:00Z.
    expect(openingStatus(newYork, at('2026-03-02T15:00:00Z'))).toEqual({
      open: true,
      closesAt: at('2026-03-02T22:00:00Z'),
    });
  });

  it('is closed from the closing minute, and the next opening follows the DST change', () => {
    expect(openingStatus(newYork, at('2026-03-02T22:00:00Z')).open).toBe(false);
    // Friday 2026-03-06 18:00 EST; DST begins Sunday 8 March, so Monday 09:00 is 13:00Z.
    expect(openingStatus(newYork, at('2026-03-06T23:00:00Z'))).toEqual({
      open: false,
      opensAt: at('2026-03-09T13:00:00Z'),
    });
  });

  it('skips a closed holiday and closes early on one with its own hours', () => {
    expect(openingStatus(newYork, at('2026-12-25T15:00:00Z'))).toEqual({
      open: false,
      opensAt: at('2026-12-28T14:00:00Z'),
    });
    expect(openingStatus(newYork, at('2026-12-24T17:30:00Z'))).toEqual({
      open: true,
      closesAt: at('2026-12-24T18:00:00Z'),
    });
  });

  it('has no closing time when always open, and no opening when never open', () => {
    const wholeDay = [{ open: '00:00', close: '24:00' }];
    const always: BusinessHoursSchedule = {
      timeZone: 'UTC',
      weekly: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, wholeDay]),
      ),
    };
    expect(openingStatus(always, at('2026-03-02T20:00:00Z'))).toEqual({
      open: true,
      closesAt: null,
    });
    const never: BusinessHoursSchedule = { timeZone: 'UTC', weekly: {} };
    expect(openingStatus(never, at('2026-03-02T20:00:00Z'))).toEqual({
      open: false,
      opensAt: null,
    });
  });
});

describe('businessHoursSchema', () => {
  it('accepts the schedule shape shared with @smsbridge/compliance', () => {
    expect(businessHoursSchema.safeParse(newYork).success).toBe(true);
  });

  it.each([
    [{ timeZone: 'Mars/Olympus', weekly: {} }, 'timeZone', /unknown IANA time zone/],
    [
      { timeZone: 'UTC', weekly: { mon: [{ open: '9:00', close: '17:00' }] } },
      'weekly.mon.0.open',
      /^expected HH:mm, got '9:00'$/,
    ],
    [{ timeZone: 'UTC', weekly: { funday: [weekdays] } }, 'weekly.funday', /unknown day/],
    [
      { timeZone: 'UTC', weekly: { mon: [{ open: '10:00', close: '10:00' }] } },
      'weekly.mon.0',
      /both 10:00/,
    ],
    [
      { timeZone: 'UTC', weekly: { mon: [{ open: '24:00', close: '10:00' }] } },
      'weekly.mon.0.open',
      /only allowed as a close time/,
    ],
    [
      { timeZone: 'UTC', weekly: { mon: [weekdays, { open: '16:00', close: '18:00' }] } },
      'weekly.mon.1',
      /overlaps/,
    ],
    [{ timeZone: 'UTC', weekly: {}, holidays: ['2026-02-30'] }, 'holidays.0', /YYYY-MM-DD/],
    [
      { timeZone: 'UTC', weekly: {}, holidays: ['2026-12-25', '2026-12-25'] },
      'holidays.1',
      /already listed/,
    ],
    [
      { timeZone: 'UTC', weekly: {}, holidays: [{ date: '2026-12-24', open: '09:00' }] },
      'holidays.0.close',
      /both open and close/,
    ],
    ['9 to 5', '', /expected an object with timeZone and weekly, got '9 to 5'/],
  ])('rejects %j at %s', (schedule, path, message) => {
    const result = businessHoursSchema.safeParse(schedule);
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((found) => found.path.join('.') === path);
    expect(issue?.message).toMatch(message);
  });

  it('refuses oversized lists before reading them', () => {
    const hourly = Array.from({ length: 7 }, (_, hour) => ({
      open: `0${hour}:00`,
      close: `0${hour}:30`,
    }));
    const days = Array.from({ length: 1001 }, (_, day) =>
      new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10),
    );
    const issues = (schedule: unknown) =>
      businessHoursSchema
        .safeParse(schedule)
        .error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues({ timeZone: 'UTC', weekly: { tue: hourly } })).toEqual([
      ['weekly.tue', 'expected at most 6 openings a day'],
    ]);
    expect(issues({ timeZone: 'UTC', weekly: { tue: hourly.slice(0, 6) } })).toBeUndefined();
    expect(issues({ timeZone: 'UTC', weekly: {}, holidays: days })).toEqual([
      ['holidays', 'expected at most 1000 holidays'],
    ]);
    expect(issues({ timeZone: 'UTC', weekly: {}, holidays: days.slice(0, 1000) })).toBeUndefined();
  });

  it('names the whole key path once in the bot config error', () => {
    const result = safeParseBotConfig({
      businessName: 'Acme',
      businessHours: { timeZone: 'UTC', weekly: { mon: [{ open: '9am', close: '17:00' }] } },
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.message)).toEqual([
      "businessHours.weekly.mon[0].open: expected HH:mm, got '9am'",
    ]);
  });
});
