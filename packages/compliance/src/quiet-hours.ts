// Quiet hours: may a proactive text go to this number now, judged in the recipient's presumed local time?
//
// Scope: proactive and marketing sends. Replies inside a thread the customer started are generally
// outside calling-hour rules (reference carriers.md §6 "Quiet hours"; §7 item 8), so the relay
// does not call this for them.
//
// Decisions:
// - The default window is 08:00–21:00 local time, start inclusive and end exclusive (08:00:00 and
//   20:59:59 are allowed, 07:59:59 and 21:00:00 are not): 47 CFR 64.1200(c)(1), reference §6.
// - A policy may only narrow it: windows outside 08:00–21:00 are rejected by validation.
// - The time zone comes from the number. NANP (+1) numbers use the area-code table
//   (nanp-time-zones.ts); other numbers use the country libphonenumber-js finds and a
//   country → zones table (country-time-zones.ts). `policy.timeZone` overrides both, e.g. with a
//   time zone taken from the customer's address.
// - When a number maps to several zones (area code 850 spans Eastern and Central, Russia spans
//   eleven), sending is allowed only when it is allowed in EVERY one of them, and nextAllowedAt is
//   the first instant at which all of them are inside the window.
// - A number we cannot place never gets a proactive text: an unparseable number gives
//   reason 'invalid_number', an unplaceable one (toll-free +1 800, international networks +882)
//   'unknown_time_zone'; both with allowed: false. Nothing here throws for any string.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js';
import { timeZonesForCountry } from './country-time-zones.ts';
import { describeValue, isPlainObject, joinPath } from './describe-value.ts';
import { timeZonesForAreaCode } from './nanp-time-zones.ts';
import { isOpenAt, nextOpeningAt } from './opening-periods.ts';
import type { Timetable } from './opening-periods.ts';
import {
  formatClockTime,
  formatLocalIso,
  isKnownTimeZone,
  localWallTime,
  parseClockTime,
} from './time-zone.ts';

/** A stricter window for numbers in some area codes or countries. */
export interface QuietHoursRegionRule {
  /** NANP area codes ('405'); matches +1 numbers in them. */
  readonly areaCodes?: readonly string[];
  /** ISO 3166-1 alpha-2 countries ('DE'); matches numbers libphonenumber-js places there. */
  readonly countries?: readonly string[];
  /** 'HH:mm', inclusive. */
  readonly start: string;
  /** 'HH:mm', exclusive. */
  readonly end: string;
  /** Where the rule comes from, for people reading the configuration. */
  readonly note?: string;
}

export interface QuietHoursPolicy {
  /** 'HH:mm', inclusive; default '08:00'. */
  readonly start?: string;
  /** 'HH:mm', exclusive; default '21:00'. */
  readonly end?: string;
  /** IANA zone to use instead of presuming one from the number (e.g. from the customer's address). */
  readonly timeZone?: string;
  /**
   * Named stricter windows. Every rule that matches the number applies, and they only ever
   * narrow the window: the effective window is the latest start and the earliest end.
   */
  readonly perRegion?: Readonly<Record<string, QuietHoursRegionRule>>;
}

export interface QuietHoursPolicyIssue {
  readonly path: string;
  readonly message: string;
}

export type QuietHoursTimeZoneSource = 'area_code' | 'country' | 'policy';

/** The recipient was placed in one or more time zones and the window was evaluated there. */
export interface QuietHoursDecision {
  readonly allowed: boolean;
  readonly reason: 'inside_window' | 'before_window' | 'after_window';
  /** The zone `localTime` is in: the main zone when allowed, else the first zone that blocks. */
  readonly timeZone: string;
  /** `at` in `timeZone`, ISO 8601 with offset, e.g. '2026-03-08T07:59:59-04:00'. */
  readonly localTime: string;
  /** Every zone the number may be in, main zone first. */
  readonly timeZones: readonly string[];
  readonly timeZoneSource: QuietHoursTimeZoneSource;
  /** The window applied after region rules, e.g. { start: '08:00', end: '20:00' }. */
  readonly window: { readonly start: string; readonly end: string };
  /** Names of the perRegion rules that matched. */
  readonly regions: readonly string[];
  /**
   * `at` when allowed; otherwise the first instant at which every zone is inside the window;
   * null if no such instant comes within 8 days (zones too far apart for the window).
   */
  readonly nextAllowedAt: Date | null;
}

/** The recipient could not be placed, so a proactive text is not allowed. */
export interface QuietHoursUnplaced {
  readonly allowed: false;
  readonly reason: 'invalid_number' | 'unknown_time_zone';
  readonly timeZone: null;
  readonly localTime: null;
  readonly timeZones: readonly string[];
  readonly timeZoneSource: null;
  readonly window: { readonly start: string; readonly end: string };
  readonly regions: readonly string[];
  readonly nextAllowedAt: null;
}

export type QuietHoursResult = QuietHoursDecision | QuietHoursUnplaced;

/** Federal telephone-solicitation hours, 8 am–9 pm called party's local time: 47 CFR 64.1200(c)(1), reference §6. */
export const FEDERAL_QUIET_HOURS: QuietHoursPolicy = Object.freeze({
  start: '08:00',
  end: '21:00',
});

/**
 * Opt-in preset: the federal window plus the stricter state windows in reference carriers.md §6.
 * These state rules are about commercial sales calls and texts; check with counsel before relying on them.
 */
export const US_STATE_QUIET_HOURS: QuietHoursPolicy = Object.freeze({
  start: '08:00',
  end: '21:00',
  perRegion: Object.freeze({
    oklahoma: Object.freeze({
      // Oklahoma OTSA (effective 2022-11-01): no commercial sales calls or texts before 8 am or
      // after 8 pm; a call to an Oklahoma area code is presumed to reach an Oklahoma resident (§6).
      areaCodes: Object.freeze(['405', '539', '572', '580', '918']),
      start: '08:00',
      end: '20:00',
      note: 'Oklahoma Telephone Solicitation Act, reference carriers.md §6',
    }),
    florida: Object.freeze({
      // Florida FTSA (Fla. Stat. 501.059 / 501.616): 8 am–8 pm. The reference marks these hours
      // [unverified] (§6: the cited sources only confirm FTSA covers texts), and the area-code
      // presumption is ours, by analogy with Oklahoma's. Florida area codes as of 2026, overlays included.
      areaCodes: Object.freeze([
        '239',
        '305',
        '321',
        '324',
        '352',
        '386',
        '407',
        '448',
        '561',
        '645',
        '656',
        '689',
        '727',
        '728',
        '754',
        '772',
        '786',
        '813',
        '850',
        '863',
        '904',
        '941',
        '954',
      ]),
      start: '08:00',
      end: '20:00',
      note: 'Florida Telephone Solicitation Act, reference carriers.md §6 [unverified hours]',
    }),
  }),
});

const FEDERAL_START = 8 * 60;
const FEDERAL_END = 21 * 60;
const SEARCH_DAYS = 8;
const MAX_SEARCH_STEPS = 64;

interface ParsedWindow {
  readonly start: number;
  readonly end: number;
}

interface ParsedRegion extends ParsedWindow {
  readonly name: string;
  readonly areaCodes: ReadonlySet<string>;
  readonly countries: ReadonlySet<string>;
}

interface ParsedPolicy {
  readonly window: ParsedWindow;
  readonly timeZone: string | undefined;
  readonly regions: readonly ParsedRegion[];
}

function readWindow(
  value: Record<string, unknown>,
  path: string,
  defaults: ParsedWindow | null,
  issues: QuietHoursPolicyIssue[],
): ParsedWindow | null {
  const read = (key: 'start' | 'end', fallback: number | undefined): number | null => {
    const raw = value[key];
    const fieldPath = path === '' ? key : `${path}.${key}`;
    if (raw === undefined && fallback !== undefined) return fallback;
    const minutes = typeof raw === 'string' ? parseClockTime(raw, false) : null;
    if (minutes === null) {
      issues.push({
        path: fieldPath,
        message: `${fieldPath}: expected HH:mm, got ${describeValue(raw)}`,
      });
    }
    return minutes;
  };
  const start = read('start', defaults?.start);
  const end = read('end', defaults?.end);
  if (start === null || end === null) return null;
  const label = path === '' ? 'window' : path;
  if (start >= end) {
    issues.push({
      path: path,
      message: `${label}: start ${formatClockTime(start)} must be earlier than end ${formatClockTime(end)}`,
    });
    return null;
  }
  if (start < FEDERAL_START || end > FEDERAL_END) {
    issues.push({
      path: path,
      message: `${label}: ${formatClockTime(start)}–${formatClockTime(end)} is wider than the federal 08:00–21:00 (47 CFR 64.1200(c)(1)); a policy may only narrow it`,
    });
    return null;
  }
  return { start, end };
}

function readCodes(
  value: unknown,
  path: string,
  pattern: RegExp,
  expected: string,
  issues: QuietHoursPolicyIssue[],
): Set<string> {
  const codes = new Set<string>();
  if (value === undefined) return codes;
  if (!Array.isArray(value)) {
    issues.push({
      path,
      message: `${path}: expected a list of ${expected}, got ${describeValue(value)}`,
    });
    return codes;
  }
  value.forEach((code: unknown, index) => {
    if (typeof code === 'string' && pattern.test(code)) codes.add(code);
    else {
      issues.push({
        path: `${path}[${index}]`,
        message: `${path}[${index}]: expected ${expected}, got ${describeValue(code)}`,
      });
    }
  });
  return codes;
}

function parsePolicy(policy: unknown): {
  policy: ParsedPolicy | null;
  issues: QuietHoursPolicyIssue[];
} {
  const issues: QuietHoursPolicyIssue[] = [];
  if (!isPlainObject(policy)) {
    issues.push({
      path: '',
      message: `policy: expected an object { start?, end?, timeZone?, perRegion? }, got ${describeValue(policy)}`,
    });
    return { policy: null, issues };
  }
  for (const key of Object.keys(policy)) {
    if (!['start', 'end', 'timeZone', 'perRegion'].includes(key)) {
      issues.push({
        path: joinPath('', key),
        message: `${joinPath('', key)}: unknown field, expected start, end, timeZone or perRegion`,
      });
    }
  }
  const window = readWindow(policy, '', { start: FEDERAL_START, end: FEDERAL_END }, issues);

  const { timeZone } = policy;
  if (timeZone !== undefined) {
    if (typeof timeZone !== 'string') {
      issues.push({
        path: 'timeZone',
        message: `timeZone: expected an IANA time zone such as 'America/Chicago', got ${describeValue(timeZone)}`,
      });
    } else if (!isKnownTimeZone(timeZone)) {
      issues.push({
        path: 'timeZone',
        message: `timeZone: unknown IANA time zone ${describeValue(timeZone)}`,
      });
    }
  }

  const regions: ParsedRegion[] = [];
  if (policy.perRegion !== undefined) {
    if (!isPlainObject(policy.perRegion)) {
      issues.push({
        path: 'perRegion',
        message: `perRegion: expected an object of named rules { areaCodes?, countries?, start, end }, got ${describeValue(policy.perRegion)}`,
      });
    } else {
      for (const [name, rule] of Object.entries(policy.perRegion)) {
        const region = parseRegion(name, rule, window, issues);
        if (region) regions.push(region);
      }
    }
  }

  if (issues.length > 0 || !window) return { policy: null, issues };
  return {
    policy: { window, timeZone: typeof timeZone === 'string' ? timeZone : undefined, regions },
    issues,
  };
}

function parseRegion(
  name: string,
  rule: unknown,
  base: ParsedWindow | null,
  issues: QuietHoursPolicyIssue[],
): ParsedRegion | null {
  const path = joinPath('perRegion', name);
  if (!isPlainObject(rule)) {
    issues.push({
      path,
      message: `${path}: expected { areaCodes?, countries?, start, end, note? }, got ${describeValue(rule)}`,
    });
    return null;
  }
  const allowedKeys = ['areaCodes', 'countries', 'start', 'end', 'note'];
  for (const key of Object.keys(rule).filter((key) => !allowedKeys.includes(key))) {
    issues.push({
      path: joinPath(path, key),
      message: `${joinPath(path, key)}: unknown field, expected ${allowedKeys.join(', ')}`,
    });
  }
  const areaCodes = readCodes(
    rule.areaCodes,
    `${path}.areaCodes`,
    /^[2-9]\d\d$/,
    "a 3-digit NANP area code such as '405'",
    issues,
  );
  const countries = readCodes(
    rule.countries,
    `${path}.countries`,
    /^[A-Z]{2}$/,
    "an ISO country code such as 'DE'",
    issues,
  );
  if (rule.areaCodes === undefined && rule.countries === undefined) {
    issues.push({
      path,
      message: `${path}: give areaCodes or countries to say which numbers it covers`,
    });
  }
  if (rule.note !== undefined && typeof rule.note !== 'string') {
    issues.push({
      path: `${path}.note`,
      message: `${path}.note: expected text, got ${describeValue(rule.note)}`,
    });
  }
  const window = readWindow(rule, path, null, issues);
  if (!window) return null;
  if (base && (window.end <= base.start || window.start >= base.end)) {
    issues.push({
      path,
      message: `${path}: ${formatClockTime(window.start)}–${formatClockTime(window.end)} does not overlap the policy window ${formatClockTime(base.start)}–${formatClockTime(base.end)}`,
    });
    return null;
  }
  return { name, areaCodes, countries, ...window };
}

/**
 * Every problem with a quiet-hours policy, each with its path, e.g.
 * "perRegion.oklahoma.end: expected HH:mm, got '8pm'". Empty when the policy is usable.
 */
export function validateQuietHoursPolicy(policy: unknown): QuietHoursPolicyIssue[] {
  return parsePolicy(policy).issues;
}

/** Where a number is presumed to be. */
export interface RecipientPlacement {
  readonly timeZones: readonly string[];
  readonly source: 'area_code' | 'country';
  /** NANP area code, for +1 numbers. */
  readonly areaCode?: string;
  /** Countries libphonenumber-js places the number in (several when it cannot tell, e.g. GB/JE/GG/IM). */
  readonly countries: readonly string[];
}

type Placement =
  | { readonly kind: 'placed'; readonly placement: RecipientPlacement }
  | {
      readonly kind: 'invalid_number' | 'unknown_time_zone';
      readonly areaCode?: string;
      readonly countries: readonly string[];
    };

const E164 = /^\+[1-9]\d{1,14}$/;
const NANP = /^\+1([2-9]\d\d)[2-9]\d{6}$/;

function countriesOf(phoneNumber: PhoneNumber | undefined): CountryCode[] {
  if (!phoneNumber) return [];
  return phoneNumber.country ? [phoneNumber.country] : phoneNumber.getPossibleCountries();
}

/** Places a number; for +1 numbers the (slower) country lookup runs only when `withCountries`. */
function placeNumber(recipient: string, withCountries: boolean): Placement {
  if (!E164.test(recipient)) return { kind: 'invalid_number', countries: [] };

  if (recipient.startsWith('+1')) {
    const areaCode = NANP.exec(recipient)?.[1];
    if (areaCode === undefined) return { kind: 'invalid_number', countries: [] };
    const countries = withCountries ? countriesOf(parsePhoneNumberFromString(recipient)) : [];
    const zones = timeZonesForAreaCode(areaCode);
    if (!zones) return { kind: 'unknown_time_zone', areaCode, countries };
    return {
      kind: 'placed',
      placement: { timeZones: zones, source: 'area_code', areaCode, countries },
    };
  }

  const phoneNumber = parsePhoneNumberFromString(recipient);
  const countries = countriesOf(phoneNumber);
  if (!phoneNumber?.isPossible()) return { kind: 'invalid_number', countries };
  const zones = [...new Set(countries.flatMap((country) => timeZonesForCountry(country) ?? []))];
  if (zones.length === 0) return { kind: 'unknown_time_zone', countries };
  return { kind: 'placed', placement: { timeZones: zones, source: 'country', countries } };
}

/**
 * The time zones a number is presumed to be in: by area code for +1 numbers, by country
 * otherwise; null when it cannot be placed. Never throws for a string.
 */
export function timeZonesForNumber(recipientE164: string): RecipientPlacement | null {
  if (typeof recipientE164 !== 'string') {
    throw new TypeError(
      `timeZonesForNumber: expected an E.164 number string, got ${describeValue(recipientE164)}`,
    );
  }
  const placed = placeNumber(recipientE164, true);
  return placed.kind === 'placed' ? placed.placement : null;
}

function dailyTimetable(timeZone: string, window: ParsedWindow): Timetable {
  const interval = [{ open: window.start, close: window.end }];
  return { timeZone, weekly: Array.from({ length: 7 }, () => interval), dateOverrides: new Map() };
}

/** First instant at or after `from` inside the window in every timetable, or null within SEARCH_DAYS. */
function firstCommonOpening(timetables: readonly Timetable[], from: number): number | null {
  const limit = from + SEARCH_DAYS * 86_400_000;
  let candidate = from;
  for (let step = 0; step < MAX_SEARCH_STEPS; step += 1) {
    let latest = candidate;
    for (const timetable of timetables) {
      const opening = nextOpeningAt(timetable, candidate, SEARCH_DAYS);
      if (opening === null) return null;
      latest = Math.max(latest, opening);
    }
    if (latest === candidate) return candidate;
    if (latest > limit) return null;
    candidate = latest;
  }
  return null;
}

/**
 * Whether a proactive text may be sent to `recipientE164` at `at`, in the recipient's presumed
 * local time (default window 08:00–21:00, 47 CFR 64.1200(c)(1), reference carriers.md §6).
 * Pass US_STATE_QUIET_HOURS for the stricter Oklahoma and Florida windows.
 */
export function quietHours(
  recipientE164: string,
  at: Date,
  policy?: QuietHoursPolicy,
): QuietHoursResult {
  if (typeof recipientE164 !== 'string') {
    throw new TypeError(
      `quietHours: expected an E.164 number string, got ${describeValue(recipientE164)}`,
    );
  }
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new TypeError(`quietHours: expected \`at\` to be a valid Date, got ${describeValue(at)}`);
  }
  const parsed = parsePolicy(policy ?? FEDERAL_QUIET_HOURS);
  if (!parsed.policy) {
    const more = parsed.issues.length > 1 ? ` (and ${parsed.issues.length - 1} more)` : '';
    throw new TypeError(
      `quietHours: invalid policy: ${parsed.issues[0]?.message ?? 'unusable'}${more}`,
    );
  }
  const { window: baseWindow, timeZone: override, regions: rules } = parsed.policy;

  const placed = placeNumber(
    recipientE164,
    rules.some((rule) => rule.countries.size > 0),
  );
  const areaCode = placed.kind === 'placed' ? placed.placement.areaCode : placed.areaCode;
  const countries = placed.kind === 'placed' ? placed.placement.countries : placed.countries;
  const matching = rules.filter(
    (rule) =>
      (areaCode !== undefined && rule.areaCodes.has(areaCode)) ||
      countries.some((country) => rule.countries.has(country)),
  );
  const window = {
    start: Math.max(baseWindow.start, ...matching.map((rule) => rule.start)),
    end: Math.min(baseWindow.end, ...matching.map((rule) => rule.end)),
  };
  const shared = {
    window: { start: formatClockTime(window.start), end: formatClockTime(window.end) },
    regions: matching.map((rule) => rule.name),
  };

  if (
    placed.kind === 'invalid_number' ||
    (placed.kind === 'unknown_time_zone' && override === undefined)
  ) {
    return {
      allowed: false,
      reason: placed.kind,
      timeZone: null,
      localTime: null,
      timeZones: [],
      timeZoneSource: null,
      nextAllowedAt: null,
      ...shared,
    };
  }

  const placement = placed.kind === 'placed' ? placed.placement : null;
  const timeZones = override !== undefined ? [override] : (placement?.timeZones ?? []);
  const timeZoneSource: QuietHoursTimeZoneSource =
    override !== undefined ? 'policy' : (placement?.source ?? 'policy');
  const instant = at.getTime();
  const timetables = timeZones.map((zone) => dailyTimetable(zone, window));
  const blocking = timetables.find((timetable) => !isOpenAt(timetable, instant));
  const shownZone = blocking?.timeZone ?? timeZones[0] ?? 'UTC';
  const common =
    blocking === undefined
      ? instant
      : window.start < window.end
        ? firstCommonOpening(timetables, instant)
        : null;
  const localMs = localWallTime(shownZone, instant).msOfDay;

  return {
    allowed: blocking === undefined,
    reason:
      blocking === undefined
        ? 'inside_window'
        : localMs < window.start * 60_000
          ? 'before_window'
          : 'after_window',
    timeZone: shownZone,
    localTime: formatLocalIso(shownZone, instant),
    timeZones,
    timeZoneSource,
    nextAllowedAt: common === null ? null : new Date(common),
    ...shared,
  };
}
