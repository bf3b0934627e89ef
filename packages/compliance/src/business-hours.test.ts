import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOpen, nextClosing, nextOpening, validateBusinessHours } from './business-hours.ts';
import * as compliance from './index.ts';
import type { BusinessHoursSchedule } from './business-hours.ts';

const weekdays9to5 = [{ open: '09:00', close: '17:00' }];
const newYorkOffice: BusinessHoursSchedule = {
  timeZone: 'America/New_York',
  weekly: {
    mon: weekdays9to5,
    tue: weekdays9to5,
    wed: weekdays9to5,
    thu: weekdays9to5,
    fri: weekdays9to5,
  },
  holidays: [
    { date: '2026-12-24', name: 'Christmas Eve', open: '09:00', close: '13:00' },
    { date: '2026-12-25', name: 'Christmas Day' },
    '2027-01-01',
  ],
};
const utc = (iso: string) => new Date(iso);

describe('isOpen', () => {
  it('is open from the opening minute up to, not including, the closing minute', () => {
    // Tuesday 2026-01-13; New York is UTC-5 in January.
    expect(isOpen(newYorkOffice, utc('2026-01-13T13:59:59.999Z'))).toBe(false); // 08:59:59.999
    expect(isOpen(newYorkOffice, utc('2026-01-13T14:00:00Z'))).toBe(true); // 09:00
    expect(isOpen(newYorkOffice, utc('2026-01-13T21:59:59Z'))).toBe(true); // 16:59:59
    expect(isOpen(newYorkOffice, utc('2026-01-13T22:00:00Z'))).toBe(false); // 17:00
  });

  it('judges by the business’s local day, not UTC’s', () => {
    // Friday 2026-01-16 23:30 New York is already Saturday in UTC.
    const schedule: BusinessHoursSchedule = {
      timeZone: 'America/New_York',
      weekly: { fri: [{ open: '23:00', close: '24:00' }] },
    };
    expect(isOpen(schedule, utc('2026-01-17T04:30:00Z'))).toBe(true);
  });

  it('is closed on weekends and on a holiday', () => {
    expect(isOpen(newYorkOffice, utc('2026-01-17T15:00:00Z'))).toBe(false); // Saturday 10:00
    expect(isOpen(newYorkOffice, utc('2026-12-25T15:00:00Z'))).toBe(false); // Friday, Christmas
  });

  it('uses a holiday’s special hours instead of the weekday’s', () => {
    expect(isOpen(newYorkOffice, utc('2026-12-24T17:59:00Z'))).toBe(true); // 12:59
    expect(isOpen(newYorkOffice, utc('2026-12-24T18:00:00Z'))).toBe(false); // 13:00
  });

  it('supports several openings a day (a lunch break)', () => {
    const schedule: BusinessHoursSchedule = {
      timeZone: 'Europe/Paris',
      weekly: {
        mon: [
          { open: '09:00', close: '12:00' },
          { open: '14:00', close: '18:00' },
        ],
      },
    };
    // Monday 2026-01-12, Paris is UTC+1.
    expect(isOpen(schedule, utc('2026-01-12T10:30:00Z'))).toBe(true); // 11:30
    expect(isOpen(schedule, utc('2026-01-12T12:30:00Z'))).toBe(false); // 13:30
    expect(isOpen(schedule, utc('2026-01-12T13:00:00Z'))).toBe(true); // 14:00
  });
});

describe('openings that run past midnight', () => {
  const lateShift: BusinessHoursSchedule = {
    timeZone: 'UTC',
    weekly: { fri: [{ open: '22:00', close: '02:00' }], sun: [{ open: '20:00', close: '00:00' }] },
  };

  it('stays open into the next day until the close time', () => {
    expect(isOpen(lateShift, utc('2026-01-16T21:59:00Z'))).toBe(false); // Fri 21:59
    expect(isOpen(lateShift, utc('2026-01-16T22:00:00Z'))).toBe(true); // Fri 22:00
    expect(isOpen(lateShift, utc('2026-01-17T01:59:59Z'))).toBe(true); // Sat 01:59:59
    expect(isOpen(lateShift, utc('2026-01-17T02:00:00Z'))).toBe(false); // Sat 02:00
  });

  it('reads a close of 00:00 as midnight at the end of the day', () => {
    expect(isOpen(lateShift, utc('2026-01-18T23:59:00Z'))).toBe(true); // Sun 23:59
    expect(isOpen(lateShift, utc('2026-01-19T00:00:00Z'))).toBe(false); // Mon 00:00
  });

  it('belongs to the day it opens: a holiday that day cancels it, one the next day does not cut it', () => {
    const onFriday = { ...lateShift, holidays: ['2026-01-16'] };
    expect(isOpen(onFriday, utc('2026-01-17T01:00:00Z'))).toBe(false);
    const onSaturday = { ...lateShift, holidays: ['2026-01-17'] };
    expect(isOpen(onSaturday, utc('2026-01-17T01:00:00Z'))).toBe(true);
  });

  it('wraps from Sunday into Monday', () => {
    const schedule: BusinessHoursSchedule = {
      timeZone: 'UTC',
      weekly: { sun: [{ open: '23:00', close: '01:00' }] },
    };
    expect(isOpen(schedule, utc('2026-01-19T00:30:00Z'))).toBe(true); // Monday 00:30
  });
});

describe('nextOpening', () => {
  it('returns `at` itself while open', () => {
    const at = utc('2026-01-13T15:00:00Z');
    expect(nextOpening(newYorkOffice, at)).toEqual(at);
  });

  it('after closing on Friday, is Monday morning', () => {
    // Friday 2026-01-16 18:00 New York → Monday 2026-01-19 09:00 (14:00Z).
    expect(nextOpening(newYorkOffice, utc('2026-01-16T23:00:00Z'))).toEqual(
      utc('2026-01-19T14:00:00Z'),
    );
  });

  it('before opening, is the same morning', () => {
    expect(nextOpening(newYorkOffice, utc('2026-01-13T12:00:00Z'))).toEqual(
      utc('2026-01-13T14:00:00Z'),
    );
  });

  it('at the closing minute, is the next opening', () => {
    expect(nextOpening(newYorkOffice, utc('2026-01-13T22:00:00Z'))).toEqual(
      utc('2026-01-14T14:00:00Z'),
    );
  });

  it('skips holidays', () => {
    // Thursday 2026-12-24 after its 13:00 close → Christmas Friday closed → Monday 2026-12-28 09:00.
    expect(nextOpening(newYorkOffice, utc('2026-12-24T19:00:00Z'))).toEqual(
      utc('2026-12-28T14:00:00Z'),
    );
    // Thursday 2026-12-31 after close → 2027-01-01 closed → Monday 2027-01-04 09:00.
    expect(nextOpening(newYorkOffice, utc('2026-12-31T23:00:00Z'))).toEqual(
      utc('2027-01-04T14:00:00Z'),
    );
  });

  it('finds a holiday opening on a day that is normally closed', () => {
    const schedule: BusinessHoursSchedule = {
      timeZone: 'Europe/London',
      weekly: {},
      holidays: [{ date: '2026-12-05', name: 'Saturday sale', open: '10:00', close: '16:00' }],
    };
    expect(nextOpening(schedule, utc('2026-11-30T00:00:00Z'))).toEqual(utc('2026-12-05T10:00:00Z'));
  });

  it('is null when it never opens within the horizon', () => {
    const closed: BusinessHoursSchedule = { timeZone: 'UTC', weekly: {} };
    expect(nextOpening(closed, utc('2026-01-01T00:00:00Z'))).toBeNull();
    const farAway: BusinessHoursSchedule = {
      timeZone: 'UTC',
      weekly: {},
      holidays: [{ date: '2026-03-01', open: '10:00', close: '11:00' }],
    };
    expect(nextOpening(farAway, utc('2026-01-01T00:00:00Z'), { withinDays: 30 })).toBeNull();
    expect(nextOpening(farAway, utc('2026-01-01T00:00:00Z'), { withinDays: 60 })).toEqual(
      utc('2026-03-01T10:00:00Z'),
    );
  });
});

describe('nextClosing', () => {
  it('is the end of the current opening, or `at` when closed', () => {
    expect(nextClosing(newYorkOffice, utc('2026-01-13T15:00:00Z'))).toEqual(
      utc('2026-01-13T22:00:00Z'),
    );
    const closedAt = utc('2026-01-17T15:00:00Z');
    expect(nextClosing(newYorkOffice, closedAt)).toEqual(closedAt);
  });

  it('follows openings that meet at midnight', () => {
    const schedule: BusinessHoursSchedule = {
      timeZone: 'UTC',
      weekly: {
        mon: [{ open: '22:00', close: '24:00' }],
        tue: [{ open: '00:00', close: '06:00' }],
      },
    };
    expect(nextClosing(schedule, utc('2026-01-12T23:00:00Z'))).toEqual(utc('2026-01-13T06:00:00Z'));
  });

  it('is null when open around the clock', () => {
    const allDay = [{ open: '00:00', close: '24:00' }];
    const always: BusinessHoursSchedule = {
      timeZone: 'Asia/Tokyo',
      weekly: {
        mon: allDay,
        tue: allDay,
        wed: allDay,
        thu: allDay,
        fri: allDay,
        sat: allDay,
        sun: allDay,
      },
    };
    expect(isOpen(always, utc('2026-06-01T12:00:00Z'))).toBe(true);
    expect(nextClosing(always, utc('2026-06-01T12:00:00Z'), { withinDays: 10 })).toBeNull();
  });
});

describe('daylight-saving changes', () => {
  const sundays = (open: string, close: string): BusinessHoursSchedule => ({
    timeZone: 'America/New_York',
    weekly: { sun: [{ open, close }] },
  });

  it('keeps local opening times across the spring change (New York, 2026-03-08)', () => {
    // Friday 2026-03-06 09:00 EST is 14:00Z; Monday 2026-03-09 09:00 EDT is 13:00Z.
    expect(nextOpening(newYorkOffice, utc('2026-03-06T23:00:00Z'))).toEqual(
      utc('2026-03-09T13:00:00Z'),
    );
    expect(isOpen(newYorkOffice, utc('2026-03-09T13:00:00Z'))).toBe(true);
    expect(isOpen(newYorkOffice, utc('2026-03-09T12:59:00Z'))).toBe(false);
  });

  it('keeps local opening times across the autumn change (New York, 2026-11-01)', () => {
    // Friday 2026-10-30 09:00 EDT is 13:00Z; Monday 2026-11-02 09:00 EST is 14:00Z.
    expect(nextOpening(newYorkOffice, utc('2026-10-30T22:00:00Z'))).toEqual(
      utc('2026-11-02T14:00:00Z'),
    );
  });

  it('moves an opening at a skipped local time (02:30) forward by the gap, to 03:30 EDT', () => {
    const schedule = sundays('02:30', '05:00');
    // 01:00 EST on 2026-03-08 is 06:00Z; 03:30 EDT is 07:30Z.
    expect(nextOpening(schedule, utc('2026-03-08T06:00:00Z'))).toEqual(utc('2026-03-08T07:30:00Z'));
    expect(isOpen(schedule, utc('2026-03-08T07:15:00Z'))).toBe(false); // 03:15 EDT
    expect(isOpen(schedule, utc('2026-03-08T07:30:00Z'))).toBe(true);
    expect(isOpen(schedule, utc('2026-03-08T08:59:00Z'))).toBe(true); // 04:59 EDT
    expect(isOpen(schedule, utc('2026-03-08T09:00:00Z'))).toBe(false); // 05:00 EDT
  });

  it('never opens an interval that lies wholly inside the skipped hour', () => {
    const schedule = sundays('02:00', '03:00');
    // Skips 2026-03-08 and opens the following Sunday at 02:00 EDT (06:00Z).
    expect(nextOpening(schedule, utc('2026-03-08T05:00:00Z'))).toEqual(utc('2026-03-15T06:00:00Z'));
  });

  it('a local time that happens twice means the first time (01:30 EDT on 2026-11-01)', () => {
    const schedule = sundays('01:30', '03:00');
    // 01:30 EDT is 05:30Z; the second 01:30 (EST) would be 06:30Z.
    expect(nextOpening(schedule, utc('2026-11-01T04:00:00Z'))).toEqual(utc('2026-11-01T05:30:00Z'));
    // Open through the repeated hour until 03:00 EST (08:00Z): 2.5 hours of real time.
    expect(isOpen(schedule, utc('2026-11-01T06:45:00Z'))).toBe(true);
    expect(nextClosing(schedule, utc('2026-11-01T05:30:00Z'))).toEqual(utc('2026-11-01T08:00:00Z'));
  });

  it('handles Europe/Paris (2026-03-29 and 2026-10-25)', () => {
    const paris: BusinessHoursSchedule = {
      timeZone: 'Europe/Paris',
      weekly: {
        sun: [{ open: '02:30', close: '04:00' }],
        mon: [{ open: '09:00', close: '18:00' }],
      },
    };
    // 02:30 does not exist on 2026-03-29 (02:00 CET → 03:00 CEST): opens 03:30 CEST = 01:30Z.
    expect(nextOpening(paris, utc('2026-03-28T12:00:00Z'))).toEqual(utc('2026-03-29T01:30:00Z'));
    // Monday 2026-03-30 09:00 CEST is 07:00Z.
    expect(nextOpening(paris, utc('2026-03-29T03:00:00Z'))).toEqual(utc('2026-03-30T07:00:00Z'));
    // 2026-10-25 02:30 happens twice; the first is 02:30 CEST = 00:30Z.
    expect(nextOpening(paris, utc('2026-10-24T12:00:00Z'))).toEqual(utc('2026-10-25T00:30:00Z'));
    // Monday 2026-10-26 09:00 CET is 08:00Z.
    expect(nextOpening(paris, utc('2026-10-25T12:00:00Z'))).toEqual(utc('2026-10-26T08:00:00Z'));
  });

  it('handles Australia/Lord_Howe’s 30-minute change (2026-10-04, 02:00 → 02:30)', () => {
    const schedule: BusinessHoursSchedule = {
      timeZone: 'Australia/Lord_Howe',
      weekly: { sun: [{ open: '02:15', close: '04:00' }] },
    };
    // 02:15 is skipped; it moves forward 30 minutes to 02:45 at UTC+11, which is 15:45Z the day before.
    expect(nextOpening(schedule, utc('2026-10-03T12:00:00Z'))).toEqual(utc('2026-10-03T15:45:00Z'));
  });

  it('a close at 24:00 on the spring-forward day is the next midnight', () => {
    const schedule = sundays('20:00', '24:00');
    // 2026-03-08 20:00 EDT = 2026-03-09 00:00Z; 24:00 = 2026-03-09 04:00Z.
    expect(nextClosing(schedule, utc('2026-03-09T01:00:00Z'))).toEqual(utc('2026-03-09T04:00:00Z'));
  });
});

describe('validateBusinessHours', () => {
  it('accepts a good schedule', () => {
    expect(validateBusinessHours(newYorkOffice)).toEqual([]);
  });

  it('names the path, expectation and received value', () => {
    expect(
      validateBusinessHours({
        timeZone: 'America/New_York',
        weekly: { mon: [{ open: '9am', close: '17:00' }] },
      }),
    ).toEqual([
      { path: 'weekly.mon[0].open', message: "weekly.mon[0].open: expected HH:mm, got '9am'" },
    ]);
  });

  it('rejects unknown time zones and non-string zones', () => {
    expect(validateBusinessHours({ timeZone: 'America/New_Yrok', weekly: {} })).toEqual([
      { path: 'timeZone', message: "timeZone: unknown IANA time zone 'America/New_Yrok'" },
    ]);
    expect(validateBusinessHours({ timeZone: 'EST+5', weekly: {} })[0]?.path).toBe('timeZone');
    expect(validateBusinessHours({ weekly: {} })[0]?.message).toBe(
      "timeZone: expected an IANA time zone such as 'America/New_York', got nothing",
    );
  });

  it('catches typical mistakes', () => {
    const messages = validateBusinessHours({
      timeZone: 'Europe/Paris',
      weekly: {
        monday: [],
        tue: { open: '09:00', close: '17:00' },
        wed: [{ open: '24:00', close: '02:00' }],
        thu: [{ open: '09:00', close: '09:00' }],
        fri: [{ open: '9:00', close: '25:00', opens: 'x' }],
        sat: [
          { open: '09:00', close: '17:00' },
          { open: '12:00', close: '13:00' },
        ],
      },
      holidays: ['2026-02-30', { date: '2026-12-25', open: '10:00' }, '2026-12-26', '2026-12-26'],
      holiday: [],
    }).map((issue) => issue.message);
    expect(messages).toEqual([
      'holiday: unknown field, expected timeZone, weekly or holidays',
      'weekly.monday: unknown day, expected one of mon, tue, wed, thu, fri, sat, sun',
      'weekly.tue: expected a list of { open, close }, got an object',
      "weekly.wed[0].open: 24:00 is only allowed as a close time, use '00:00'",
      "weekly.thu[0]: open and close are both 09:00; use open '00:00' and close '24:00' for a whole day",
      'weekly.fri[0].opens: unknown field, expected open, close',
      "weekly.fri[0].open: expected HH:mm, got '9:00'",
      "weekly.fri[0].close: expected HH:mm (or 24:00), got '25:00'",
      'weekly.sat[1]: 12:00–13:00 overlaps weekly.sat[0] (09:00–17:00)',
      "holidays[0]: expected a date YYYY-MM-DD, got '2026-02-30'",
      'holidays[1].close: give both open and close for special hours, or neither to close all day',
      'holidays[3]: 2026-12-26 is already listed at holidays[2]',
    ]);
  });

  it('flags an overnight opening that runs into the next day’s hours', () => {
    const issues = validateBusinessHours({
      timeZone: 'UTC',
      weekly: {
        sun: [{ open: '22:00', close: '03:00' }],
        mon: [{ open: '02:00', close: '10:00' }],
      },
    });
    expect(issues).toEqual([
      {
        path: 'weekly.sun[0]',
        message: 'weekly.sun[0]: 22:00–03:00 runs past midnight into weekly.mon[0] (02:00–10:00)',
      },
    ]);
  });

  it('describes a schedule that is not an object', () => {
    expect(validateBusinessHours(null)).toEqual([
      { path: '', message: 'schedule: expected an object with timeZone and weekly, got null' },
    ]);
    expect(validateBusinessHours([])[0]?.message).toContain('got an array');
  });

  it('never throws for odd strings anywhere', () => {
    const odd = ['', '\ud800', 'x'.repeat(10_000), '\u0000\u001b[31m', '🕘'];
    for (const text of odd) {
      const issues = validateBusinessHours({
        timeZone: text,
        weekly: { mon: [{ open: text, close: text }], [text]: [] },
        holidays: [text, { date: text, name: text }],
      });
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) expect(issue.message.length).toBeLessThan(300);
    }
  });
});

describe('public functions reject what is not a schedule or a date', () => {
  it('throws a TypeError naming the function and the first problem', () => {
    const broken = { timeZone: 'Mars/Olympus_Mons', weekly: { mon: [{ open: '9', close: '5' }] } };
    expect(() => isOpen(broken as BusinessHoursSchedule, new Date())).toThrow(
      new TypeError(
        "isOpen: invalid schedule: timeZone: unknown IANA time zone 'Mars/Olympus_Mons' (and 2 more)",
      ),
    );
    expect(() => nextOpening(broken as BusinessHoursSchedule, new Date())).toThrow(
      /^nextOpening: invalid schedule/,
    );
  });

  it('throws a TypeError for a missing or invalid `at`', () => {
    expect(() => isOpen(newYorkOffice, '2026-01-13T15:00:00Z' as unknown as Date)).toThrow(
      "isOpen: expected `at` to be a valid Date, got '2026-01-13T15:00:00Z'",
    );
    expect(() => nextClosing(newYorkOffice, new Date(Number.NaN))).toThrow(/got an invalid Date/);
  });

  it('throws a TypeError for an unusable horizon', () => {
    expect(() => nextOpening(newYorkOffice, new Date(), { withinDays: 0 })).toThrow(/withinDays/);
    expect(() => nextOpening(newYorkOffice, new Date(), { withinDays: 1.5 })).toThrow(/withinDays/);
  });
});

describe('package entry point', () => {
  it('exports the isOpen API from @smsbridge/compliance', () => {
    for (const name of ['isOpen', 'nextOpening', 'nextClosing', 'validateBusinessHours'])
      expect(compliance).toHaveProperty(name);
  });
});

describe('nextOpening and nextClosing agree with isOpen (random instants in 2026)', () => {
  const schedules: Record<string, BusinessHoursSchedule> = {
    newYorkOffice,
    overnightParis: {
      timeZone: 'Europe/Paris',
      weekly: {
        fri: [{ open: '22:00', close: '02:00' }],
        sun: [{ open: '02:30', close: '03:30' }],
      },
      holidays: ['2026-05-01'],
    },
    lordHowe: {
      timeZone: 'Australia/Lord_Howe',
      weekly: { sun: [{ open: '01:45', close: '02:15' }] },
    },
  };
  const instant = fc
    .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) })
    .map((ms) => new Date(ms));

  for (const [name, schedule] of Object.entries(schedules)) {
    it(`${name}: the next opening is the first open instant`, () => {
      fc.assert(
        fc.property(instant, (at) => {
          const opening = nextOpening(schedule, at);
          if (isOpen(schedule, at)) return opening?.getTime() === at.getTime();
          if (opening === null) return false;
          const gap = opening.getTime() - at.getTime();
          return (
            gap > 0 &&
            isOpen(schedule, opening) &&
            !isOpen(schedule, new Date(opening.getTime() - 1)) &&
            [0.25, 0.5, 0.75].every((f) => !isOpen(schedule, new Date(at.getTime() + gap * f)))
          );
        }),
        { numRuns: 150, seed: 20260308 },
      );
    });

    it(`${name}: the next closing is the first closed instant`, () => {
      fc.assert(
        fc.property(instant, (at) => {
          const closing = nextClosing(schedule, at);
          if (!isOpen(schedule, at)) return closing?.getTime() === at.getTime();
          if (closing === null) return false;
          const gap = closing.getTime() - at.getTime();
          return (
            gap > 0 &&
            !isOpen(schedule, closing) &&
            isOpen(schedule, new Date(closing.getTime() - 1)) &&
            [0.25, 0.5, 0.75].every((f) => isOpen(schedule, new Date(at.getTime() + gap * f)))
          );
        }),
        { numRuns: 150, seed: 20261101 },
      );
    });
  }
});
