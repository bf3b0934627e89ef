import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timeZonesForAreaCode } from './nanp-time-zones.ts';
import { timeZonesForCountry } from './country-time-zones.ts';
import {
  FEDERAL_QUIET_HOURS,
  quietHours,
  timeZonesForNumber,
  US_STATE_QUIET_HOURS,
  validateQuietHoursPolicy,
} from './quiet-hours.ts';
import type { QuietHoursPolicy } from './quiet-hours.ts';
import * as compliance from './index.ts';

const utc = (iso: string) => new Date(iso);
const isZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

describe('area code → time zone table', () => {
  it.each([
    ['212', 'America/New_York'],
    ['213', 'America/Los_Angeles'],
    ['312', 'America/Chicago'],
    ['303', 'America/Denver'],
    ['602', 'America/Phoenix'],
    ['808', 'Pacific/Honolulu'],
    ['416', 'America/Toronto'],
    ['604', 'America/Vancouver'],
    ['787', 'America/Puerto_Rico'],
    ['671', 'Pacific/Guam'],
  ])('%s is %s', (areaCode, zone) => {
    expect(timeZonesForAreaCode(areaCode)).toEqual([zone]);
    expect(timeZonesForNumber(`+1${areaCode}5550123`)).toMatchObject({
      timeZones: [zone],
      source: 'area_code',
      areaCode,
    });
  });

  it('907 covers Alaska, Aleutians included', () => {
    expect(timeZonesForAreaCode('907')).toEqual(
      expect.arrayContaining(['America/Anchorage', 'America/Adak']),
    );
  });

  it('lists every zone of an area code that spans several', () => {
    expect(timeZonesForAreaCode('850')).toEqual(['America/New_York', 'America/Chicago']);
    expect(timeZonesForAreaCode('208')).toEqual(
      expect.arrayContaining(['America/Los_Angeles', 'America/Boise']),
    );
    expect(timeZonesForAreaCode('928')).toEqual(['America/Phoenix', 'America/Denver']); // Navajo Nation keeps DST
  });

  it('gives overlays the zones of the code they overlay', () => {
    for (const [overlay, original] of [
      ['448', '850'],
      ['689', '407'],
      ['930', '812'],
      ['458', '541'],
      ['778', '250'],
    ]) {
      expect(timeZonesForAreaCode(overlay as string)).toEqual(
        timeZonesForAreaCode(original as string),
      );
    }
  });

  it('knows no zone for non-geographic codes', () => {
    for (const code of ['800', '888', '833', '900', '500', '600', '555']) {
      expect(timeZonesForAreaCode(code)).toBeUndefined();
    }
  });

  it('names only zones this runtime knows, for every area code and country', () => {
    let areaCodes = 0;
    for (let code = 200; code <= 999; code += 1) {
      const zones = timeZonesForAreaCode(String(code));
      if (!zones) continue;
      areaCodes += 1;
      expect(zones.length).toBeGreaterThan(0);
      for (const zone of zones) expect(isZone(zone), `${code}: ${zone}`).toBe(true);
    }
    expect(areaCodes).toBeGreaterThan(400);
    for (const country of [
      'US',
      'CA',
      'GB',
      'FR',
      'DE',
      'AU',
      'RU',
      'BR',
      'MX',
      'IN',
      'JP',
      'XK',
      'AC',
    ]) {
      const zones = timeZonesForCountry(country) ?? [];
      expect(zones.length, country).toBeGreaterThan(0);
      for (const zone of zones) expect(isZone(zone), `${country}: ${zone}`).toBe(true);
    }
    expect(timeZonesForCountry('ZZ')).toBeUndefined();
    expect(timeZonesForCountry('toString')).toBeUndefined();
  });

  it('places every Oklahoma and Florida area code of the preset', () => {
    for (const rule of Object.values(US_STATE_QUIET_HOURS.perRegion ?? {})) {
      for (const areaCode of rule.areaCodes ?? []) {
        const zones = timeZonesForAreaCode(areaCode);
        expect(zones, areaCode).toBeDefined();
        for (const zone of zones ?? [])
          expect(['America/Chicago', 'America/New_York']).toContain(zone);
      }
    }
  });
});

describe('quietHours: the 08:00–21:00 window', () => {
  const newYork = '+12125550123';

  it('07:59:59 is too early, 08:00:00 is allowed', () => {
    // Tuesday 2026-01-13; New York is UTC-5.
    expect(quietHours(newYork, utc('2026-01-13T12:59:59Z'))).toEqual({
      allowed: false,
      reason: 'before_window',
      timeZone: 'America/New_York',
      localTime: '2026-01-13T07:59:59-05:00',
      timeZones: ['America/New_York'],
      timeZoneSource: 'area_code',
      window: { start: '08:00', end: '21:00' },
      regions: [],
      nextAllowedAt: utc('2026-01-13T13:00:00Z'),
    });
    const open = quietHours(newYork, utc('2026-01-13T13:00:00Z'));
    expect(open).toMatchObject({
      allowed: true,
      reason: 'inside_window',
      localTime: '2026-01-13T08:00:00-05:00',
    });
    expect(open.nextAllowedAt).toEqual(utc('2026-01-13T13:00:00Z'));
  });

  it('20:59:59 is allowed, 21:00:00 is too late and waits until 08:00 the next day', () => {
    expect(quietHours(newYork, utc('2026-01-14T01:59:59Z')).allowed).toBe(true);
    const late = quietHours(newYork, utc('2026-01-14T02:00:00Z'));
    expect(late).toMatchObject({
      allowed: false,
      reason: 'after_window',
      localTime: '2026-01-13T21:00:00-05:00',
      nextAllowedAt: utc('2026-01-14T13:00:00Z'),
    });
  });

  it('just after midnight waits until 08:00 the same day', () => {
    expect(quietHours(newYork, utc('2026-01-14T05:30:00Z')).nextAllowedAt).toEqual(
      utc('2026-01-14T13:00:00Z'),
    );
  });

  it('judges in the recipient’s zone: 9 am in New York is 6 am in Los Angeles', () => {
    const at = utc('2026-01-13T14:00:00Z');
    expect(quietHours(newYork, at).allowed).toBe(true);
    expect(quietHours('+12135550123', at)).toMatchObject({
      allowed: false,
      localTime: '2026-01-13T06:00:00-08:00',
      nextAllowedAt: utc('2026-01-13T16:00:00Z'),
    });
  });

  it('Arizona keeps 08:00 MST all year; Denver moves with DST', () => {
    expect(quietHours('+16025550123', utc('2026-01-13T15:00:00Z')).allowed).toBe(true);
    expect(quietHours('+16025550123', utc('2026-07-14T14:59:00Z')).allowed).toBe(false);
    expect(quietHours('+16025550123', utc('2026-07-14T15:00:00Z')).allowed).toBe(true);
    expect(quietHours('+13035550123', utc('2026-07-14T14:00:00Z')).allowed).toBe(true); // 08:00 MDT
    expect(quietHours('+13035550123', utc('2026-01-13T14:00:00Z')).allowed).toBe(false); // 07:00 MST
  });

  it('Hawaii and Alaska', () => {
    // 2026-07-14 18:00Z is 08:00 in Honolulu (UTC-10, no DST) and 10:00 in Anchorage (UTC-8).
    expect(quietHours('+18085550123', utc('2026-07-14T17:59:00Z')).allowed).toBe(false);
    expect(quietHours('+18085550123', utc('2026-07-14T18:00:00Z')).allowed).toBe(true);
    // Anchorage 21:00 AKDT is 05:00Z; area code 907 also covers Adak (an hour behind), so 04:59Z is fine.
    expect(quietHours('+19075550123', utc('2026-07-15T04:59:00Z')).allowed).toBe(true);
    expect(quietHours('+19075550123', utc('2026-07-15T05:00:00Z')).allowed).toBe(false);
  });
});

describe('quietHours: daylight-saving changes', () => {
  const newYork = '+12125550123';

  it('the spring-forward morning opens at 08:00 EDT (12:00Z), not 08:00 EST', () => {
    // Saturday 2026-03-07 21:30 EST is 02:30Z on the 8th.
    expect(quietHours(newYork, utc('2026-03-08T02:30:00Z')).nextAllowedAt).toEqual(
      utc('2026-03-08T12:00:00Z'),
    );
    expect(quietHours(newYork, utc('2026-03-08T11:59:59Z'))).toMatchObject({
      allowed: false,
      localTime: '2026-03-08T07:59:59-04:00',
    });
    expect(quietHours(newYork, utc('2026-03-08T12:00:00Z')).allowed).toBe(true);
  });

  it('the fall-back morning opens at 08:00 EST (13:00Z)', () => {
    // Saturday 2026-10-31 21:30 EDT is 01:30Z on 1 November.
    expect(quietHours(newYork, utc('2026-11-01T01:30:00Z')).nextAllowedAt).toEqual(
      utc('2026-11-01T13:00:00Z'),
    );
    expect(quietHours(newYork, utc('2026-11-01T12:59:00Z')).allowed).toBe(false);
  });

  it('Paris on 2026-03-29 opens at 08:00 CEST (06:00Z)', () => {
    const paris = '+33612345678';
    expect(quietHours(paris, utc('2026-03-28T21:00:00Z'))).toMatchObject({
      allowed: false,
      reason: 'after_window',
      timeZone: 'Europe/Paris',
      localTime: '2026-03-28T22:00:00+01:00',
      nextAllowedAt: utc('2026-03-29T06:00:00Z'),
    });
  });
});

describe('quietHours: numbers that span several zones are allowed only when every zone is', () => {
  const panhandle = '+18505550123'; // Tallahassee (Eastern) and Pensacola (Central)

  it('waits for the western zone in the morning', () => {
    // 2026-01-13 13:30Z: 08:30 in Tallahassee, 07:30 in Pensacola.
    expect(quietHours(panhandle, utc('2026-01-13T13:30:00Z'))).toMatchObject({
      allowed: false,
      reason: 'before_window',
      timeZone: 'America/Chicago',
      localTime: '2026-01-13T07:30:00-06:00',
      timeZones: ['America/New_York', 'America/Chicago'],
      nextAllowedAt: utc('2026-01-13T14:00:00Z'),
    });
  });

  it('stops at the eastern zone’s evening', () => {
    expect(quietHours(panhandle, utc('2026-01-14T01:59:00Z')).allowed).toBe(true);
    expect(quietHours(panhandle, utc('2026-01-14T02:00:00Z'))).toMatchObject({
      allowed: false,
      reason: 'after_window',
      timeZone: 'America/New_York',
      nextAllowedAt: utc('2026-01-14T14:00:00Z'),
    });
  });

  it('shows the main zone when allowed', () => {
    expect(quietHours(panhandle, utc('2026-01-13T18:00:00Z'))).toMatchObject({
      allowed: true,
      timeZone: 'America/New_York',
      localTime: '2026-01-13T13:00:00-05:00',
    });
  });

  it('Australia: from 08:00 in Perth until 21:00 on Lord Howe Island', () => {
    const sydneyMobile = '+61412345678';
    // 2026-07-01 22:00Z: 08:00 in Sydney, 06:00 in Perth.
    expect(quietHours(sydneyMobile, utc('2026-07-01T22:00:00Z'))).toMatchObject({
      allowed: false,
      timeZoneSource: 'country',
      nextAllowedAt: utc('2026-07-02T00:00:00Z'),
    });
    // Lord Howe is UTC+10:30 in July: 21:00 there is 10:30Z.
    expect(quietHours(sydneyMobile, utc('2026-07-02T10:29:00Z')).allowed).toBe(true);
    expect(quietHours(sydneyMobile, utc('2026-07-02T10:30:00Z')).allowed).toBe(false);
  });

  it('Russia: only while it is 08:00–21:00 from Kaliningrad to Kamchatka', () => {
    const moscowMobile = '+79161234567';
    // Kaliningrad is UTC+2 (08:00 = 06:00Z), Kamchatka and Anadyr UTC+12 (21:00 = 09:00Z).
    expect(quietHours(moscowMobile, utc('2026-07-01T05:59:00Z')).nextAllowedAt).toEqual(
      utc('2026-07-01T06:00:00Z'),
    );
    expect(quietHours(moscowMobile, utc('2026-07-01T08:59:00Z')).allowed).toBe(true);
    expect(quietHours(moscowMobile, utc('2026-07-01T09:00:00Z'))).toMatchObject({
      allowed: false,
      reason: 'after_window',
      nextAllowedAt: utc('2026-07-02T06:00:00Z'),
    });
  });

  it('a known time zone in the policy replaces the presumption', () => {
    const policy: QuietHoursPolicy = { timeZone: 'Europe/Moscow' };
    expect(quietHours('+79161234567', utc('2026-07-01T15:00:00Z'), policy)).toMatchObject({
      allowed: true,
      timeZone: 'Europe/Moscow',
      localTime: '2026-07-01T18:00:00+03:00',
      timeZones: ['Europe/Moscow'],
      timeZoneSource: 'policy',
    });
  });

  it('has no next time when the zones never share the window', () => {
    const narrow: QuietHoursPolicy = { start: '08:00', end: '09:00' };
    expect(quietHours('+79161234567', utc('2026-07-01T06:00:00Z'), narrow)).toMatchObject({
      allowed: false,
      nextAllowedAt: null,
    });
  });
});

describe('quietHours: stricter policies', () => {
  const oklahomaCity = '+14055550123';
  const miami = '+13055550123';
  // 2026-01-14 02:15Z is 20:15 in Oklahoma City (CST) and 21:15 in Miami (EST).
  // 2026-01-14 01:15Z is 19:15 in Oklahoma City and 20:15 in Miami.

  it('the federal default allows Oklahoma until 21:00', () => {
    expect(quietHours(oklahomaCity, utc('2026-01-14T02:15:00Z')).allowed).toBe(true);
    expect(quietHours(oklahomaCity, utc('2026-01-14T02:15:00Z'), FEDERAL_QUIET_HOURS).allowed).toBe(
      true,
    );
  });

  it('the state preset stops Oklahoma numbers at 20:00 (OTSA, reference §6)', () => {
    expect(
      quietHours(oklahomaCity, utc('2026-01-14T02:15:00Z'), US_STATE_QUIET_HOURS),
    ).toMatchObject({
      allowed: false,
      reason: 'after_window',
      window: { start: '08:00', end: '20:00' },
      regions: ['oklahoma'],
      nextAllowedAt: utc('2026-01-14T14:00:00Z'),
    });
    expect(
      quietHours(oklahomaCity, utc('2026-01-14T01:15:00Z'), US_STATE_QUIET_HOURS).allowed,
    ).toBe(true);
  });

  it('the state preset stops Florida numbers at 20:00, including overlays', () => {
    expect(quietHours(miami, utc('2026-01-14T01:15:00Z'), US_STATE_QUIET_HOURS)).toMatchObject({
      allowed: false,
      regions: ['florida'],
    });
    expect(
      quietHours('+16455550123', utc('2026-01-14T01:15:00Z'), US_STATE_QUIET_HOURS).allowed,
    ).toBe(false);
    expect(quietHours(miami, utc('2026-01-14T00:59:00Z'), US_STATE_QUIET_HOURS).allowed).toBe(true);
  });

  it('the state preset leaves other states on 21:00', () => {
    // 20:15 in New York.
    expect(
      quietHours('+12125550123', utc('2026-01-14T01:15:00Z'), US_STATE_QUIET_HOURS),
    ).toMatchObject({
      allowed: true,
      window: { start: '08:00', end: '21:00' },
      regions: [],
    });
  });

  it('a business can narrow the window and add country rules', () => {
    const policy: QuietHoursPolicy = {
      start: '09:00',
      end: '20:00',
      perRegion: {
        germany: { countries: ['DE'], start: '10:00', end: '18:00', note: 'our works council' },
      },
    };
    // 2026-01-13 08:30Z is 09:30 in Berlin.
    expect(quietHours('+4915112345678', utc('2026-01-13T08:30:00Z'), policy)).toMatchObject({
      allowed: false,
      reason: 'before_window',
      window: { start: '10:00', end: '18:00' },
      regions: ['germany'],
      nextAllowedAt: utc('2026-01-13T09:00:00Z'),
    });
    expect(quietHours('+33612345678', utc('2026-01-13T08:30:00Z'), policy).allowed).toBe(true);
  });

  it('a region rule can only narrow: a wider rule still ends at the policy’s end', () => {
    const policy: QuietHoursPolicy = {
      start: '08:00',
      end: '19:00',
      perRegion: { texas: { areaCodes: ['214'], start: '08:00', end: '21:00' } },
    };
    // 19:30 in Dallas (CST).
    expect(quietHours('+12145550123', utc('2026-01-14T01:30:00Z'), policy).allowed).toBe(false);
  });
});

describe('quietHours: numbers that cannot be placed are never allowed', () => {
  const at = utc('2026-01-13T17:00:00Z');

  it.each([
    ['national format', '2125550123'],
    ['spaces', '+1 212 555 0123'],
    ['too short for NANP', '+1212555012'],
    ['exchange starting with 0', '+12120550123'],
    ['empty', ''],
    ['lone surrogate', '+1212\ud8005550123'],
    ['emoji', '📱'],
    ['10,000 characters', `+${'1'.repeat(10_000)}`],
    ['control characters', '+12125550123\n'],
    ['too short for its country', '+35319999'],
  ])('%s → invalid_number', (_label, number) => {
    expect(quietHours(number, at)).toMatchObject({
      allowed: false,
      reason: 'invalid_number',
      timeZone: null,
      localTime: null,
      nextAllowedAt: null,
    });
  });

  it.each([
    ['toll-free', '+18005550123'],
    ['NANP 555', '+15555550123'],
    ['international network', '+8821234567'],
  ])('%s → unknown_time_zone', (_label, number) => {
    expect(quietHours(number, at)).toMatchObject({ allowed: false, reason: 'unknown_time_zone' });
    expect(timeZonesForNumber(number)).toBeNull();
  });

  it('a policy time zone places a number the tables cannot', () => {
    expect(quietHours('+18005550123', at, { timeZone: 'America/Chicago' })).toMatchObject({
      allowed: true,
      timeZone: 'America/Chicago',
      timeZoneSource: 'policy',
    });
  });

  it('throws TypeError for non-string numbers and invalid dates', () => {
    expect(() => quietHours(12125550123 as unknown as string, at)).toThrow(
      new TypeError('quietHours: expected an E.164 number string, got number 12125550123'),
    );
    expect(() => quietHours('+12125550123', new Date('x'))).toThrow(
      /valid Date, got an invalid Date/,
    );
    expect(() => quietHours('+12125550123', '2026-01-13' as unknown as Date)).toThrow(TypeError);
    expect(() => timeZonesForNumber(null as unknown as string)).toThrow(/timeZonesForNumber/);
  });

  it('throws TypeError naming the first problem of an invalid policy', () => {
    expect(() => quietHours('+12125550123', at, { start: '7am' })).toThrow(
      new TypeError("quietHours: invalid policy: start: expected HH:mm, got '7am'"),
    );
  });
});

describe('validateQuietHoursPolicy', () => {
  it('accepts the presets', () => {
    expect(validateQuietHoursPolicy(FEDERAL_QUIET_HOURS)).toEqual([]);
    expect(validateQuietHoursPolicy(US_STATE_QUIET_HOURS)).toEqual([]);
    expect(validateQuietHoursPolicy({})).toEqual([]);
  });

  it('refuses windows wider than the federal one', () => {
    expect(validateQuietHoursPolicy({ start: '07:00', end: '22:00' })).toEqual([
      {
        path: '',
        message:
          'window: 07:00–22:00 is wider than the federal 08:00–21:00 (47 CFR 64.1200(c)(1)); a policy may only narrow it',
      },
    ]);
  });

  it('lists each problem with its path', () => {
    const messages = validateQuietHoursPolicy({
      start: '20:00',
      end: '09:00',
      timeZone: 'Europe/Pariss',
      quiet: true,
      perRegion: {
        oklahoma: { areaCodes: ['405', '05', 405], start: '08:00', end: '8pm' },
        nowhere: { start: '09:00', end: '10:00' },
        germany: { countries: ['de'], start: '09:00', end: '18:00', extra: 1 },
      },
    }).map((issue) => issue.message);
    expect(messages).toEqual([
      'quiet: unknown field, expected start, end, timeZone or perRegion',
      'window: start 20:00 must be earlier than end 09:00',
      "timeZone: unknown IANA time zone 'Europe/Pariss'",
      "perRegion.oklahoma.areaCodes[1]: expected a 3-digit NANP area code such as '405', got '05'",
      "perRegion.oklahoma.areaCodes[2]: expected a 3-digit NANP area code such as '405', got number 405",
      "perRegion.oklahoma.end: expected HH:mm, got '8pm'",
      'perRegion.nowhere: give areaCodes or countries to say which numbers it covers',
      'perRegion.germany.extra: unknown field, expected areaCodes, countries, start, end, note',
      "perRegion.germany.countries[0]: expected an ISO country code such as 'DE', got 'de'",
    ]);
  });

  it('flags a region window that cannot overlap the policy window', () => {
    expect(
      validateQuietHoursPolicy({
        start: '08:00',
        end: '12:00',
        perRegion: { x: { countries: ['DE'], start: '13:00', end: '20:00' } },
      }),
    ).toEqual([
      {
        path: 'perRegion.x',
        message: 'perRegion.x: 13:00–20:00 does not overlap the policy window 08:00–12:00',
      },
    ]);
  });

  it('describes a policy that is not an object, and odd strings, without throwing', () => {
    expect(validateQuietHoursPolicy('strict')[0]?.message).toBe(
      "policy: expected an object { start?, end?, timeZone?, perRegion? }, got 'strict'",
    );
    for (const text of ['', '\ud800', 'x'.repeat(10_000), '🌙']) {
      const issues = validateQuietHoursPolicy({
        start: text,
        timeZone: text,
        perRegion: { [text]: { areaCodes: [text], start: text, end: text } },
      });
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) expect(issue.message.length).toBeLessThan(300);
    }
  });
});

describe('package entry point', () => {
  it('exports the quietHours API from @smsbridge/compliance', () => {
    for (const name of [
      'quietHours',
      'timeZonesForNumber',
      'validateQuietHoursPolicy',
      'US_STATE_QUIET_HOURS',
      'FEDERAL_QUIET_HOURS',
    ])
      expect(compliance).toHaveProperty(name);
  });
});

describe('nextAllowedAt is the first allowed instant (random instants in 2026)', () => {
  const cases: [string, QuietHoursPolicy | undefined][] = [
    ['+12125550123', undefined],
    ['+18505550123', US_STATE_QUIET_HOURS],
    ['+19075550123', undefined],
    ['+14055550123', US_STATE_QUIET_HOURS],
    ['+61412345678', undefined],
    ['+79161234567', undefined],
  ];
  const instant = fc
    .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) })
    .map((ms) => new Date(ms));

  for (const [number, policy] of cases) {
    it(`${number}${policy ? ' with the state preset' : ''}`, () => {
      const allowed = (at: Date) => quietHours(number, at, policy).allowed;
      fc.assert(
        fc.property(instant, (at) => {
          const result = quietHours(number, at, policy);
          if (result.allowed) return result.nextAllowedAt?.getTime() === at.getTime();
          const next = result.nextAllowedAt;
          if (next === null) return false;
          const gap = next.getTime() - at.getTime();
          return (
            gap > 0 &&
            gap < 24 * 3_600_000 &&
            allowed(next) &&
            !allowed(new Date(next.getTime() - 1)) &&
            [0.25, 0.5, 0.75].every((f) => !allowed(new Date(at.getTime() + gap * f)))
          );
        }),
        { numRuns: 100, seed: 47_641_200 },
      );
    });
  }
});
