// Finds full dates of birth: a complete date (with year) introduced by a birth word such as "DOB".

import type { PiiCandidate } from './types.ts';

/** Month names and abbreviations (English, Spanish, French) to month numbers. */
// prettier-ignore
const MONTHS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, enero: 1, ene: 1, janvier: 1, janv: 1,
  february: 2, feb: 2, febrero: 2, février: 2, fevrier: 2, févr: 2, fevr: 2, fév: 2, fev: 2,
  march: 3, mar: 3, marzo: 3, mars: 3,
  april: 4, apr: 4, abril: 4, abr: 4, avril: 4, avr: 4,
  may: 5, mayo: 5, mai: 5,
  june: 6, jun: 6, junio: 6, juin: 6,
  july: 7, jul: 7, julio: 7, juillet: 7, juil: 7,
  august: 8, aug: 8, agosto: 8, ago: 8, août: 8, aout: 8,
  september: 9, sept: 9, sep: 9, septiembre: 9, setiembre: 9, septembre: 9,
  october: 10, oct: 10, octubre: 10, octobre: 10,
  november: 11, nov: 11, noviembre: 11, novembre: 11,
  december: 12, dec: 12, diciembre: 12, dic: 12, décembre: 12, decembre: 12, déc: 12,
};

// Longest names first so "september" is not read as "sep" + "tember".
const MONTH_NAME = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const DATE = new RegExp(
  [
    // 01/02/1985, 7-4-62, 23.08.1991 (month/day order is ambiguous; either reading must be valid)
    String.raw`(?<![\p{L}\p{N}/.\-])(?<a>\d{1,2})(?<s1>[/.\-])(?<b>\d{1,2})\k<s1>(?<y1>\d{4}|\d{2})(?![\p{N}]|[/.\-]\p{N})`,
    // 1985-02-01, 1999/11/05
    String.raw`(?<![\p{L}\p{N}/.\-])(?<y2>\d{4})(?<s2>[/.\-])(?<m2>\d{1,2})\k<s2>(?<d2>\d{1,2})(?![\p{N}]|[/.\-]\p{N})`,
    // Feb 1 1985, March 3, 1990, Sept 9th, 1972
    String.raw`(?<![\p{L}])(?<mn3>${MONTH_NAME})\.?\s{1,3}(?<d3>\d{1,2})(?:st|nd|rd|th)?,?\s{1,3}(?<y3>\d{4})(?!\p{N})`,
    // 1 February 1985, 14 Jan 2001, 1st of May 1990, 3 mars 1979, 12 de mayo de 1990
    String.raw`(?<![\p{L}\p{N}])(?<d4>\d{1,2})(?:st|nd|rd|th|er|º)?\s{1,3}(?:of\s{1,3}|de\s{1,3})?(?<mn4>${MONTH_NAME})\.?,?\s{1,3}(?:de\s{1,3})?(?<y4>\d{4})(?!\p{N})`,
  ].join('|'),
  'giu',
);

/** Birth words that may precede the date, with up to 30 characters of filler ("is", ": "). */
const BIRTH_WORD_BEFORE = new RegExp(
  String.raw`(?<![\p{L}])(?:d\.\s?o\.\s?b\.?|dob|date\s+of\s+birth|birth\s?date|born(?:\s+on)?|birthday|b-?day|fecha\s+de\s+nacimiento|f\.\s?nac\.?|nacid[oa](?:\s+el)?|cumpleaños|date\s+de\s+naissance|née?\s+le|geburtsdatum|geboren(?:\s+am)?)(?![\p{L}])(?<filler>[^.!?\n]{0,30})$`,
  'iu',
);

/** "birthday party on 03/14/2025" is an event date, not a birth date. */
const BIRTHDAY_EVENT =
  /^\s*(?:party|gift|present|sale|card|cake|dinner|lunch|discount|coupon|reward|bonus|month|week|club|offer|deal|special|order|delivery|package|surprise|celebration|event|trip|treat|promo)/iu;

/**
 * Birth words right after the date: "1985-02-01 (my DOB)", "02/01/1985 is my date of birth".
 * Not when the birth word introduces a date of its own: in "appointment 04/12/2025, dob
 * 04/12/1979" the word belongs to the second date.
 */
const BIRTH_WORD_AFTER = new RegExp(
  String.raw`^\s{0,3}[(,\-–]?\s{0,3}(?:is\s+|was\s+)?(?:my\s+|his\s+|her\s+|their\s+|the\s+)?(?:dob|d\.o\.b|date\s+of\s+birth|birth\s?date|birthday)(?![\p{L}])(?![^\p{L}\p{N}\n]{0,4}(?:is\s+)?\p{N})`,
  'iu',
);

const CONTEXT_WINDOW = 48;

function daysInMonth(month: number): number {
  // February allows the 29th: without the year's leap status a 29th is still a plausible birthday.
  return [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function isDate(year: number, month: number, day: number): boolean {
  return (
    year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(month) && year < 2100
  );
}

function isPlausibleYear(year: string): boolean {
  // Two-digit years are accepted ("dob 09/15/88"); four-digit ones must be 1900-2099.
  return year.length === 2 || (Number(year) >= 1900 && Number(year) <= 2099);
}

function isValidMatch(groups: Record<string, string | undefined>): boolean {
  const { a, b, y1, y2, m2, d2, mn3, d3, y3, d4, mn4, y4 } = groups;
  if (a !== undefined && b !== undefined && y1 !== undefined) {
    if (!isPlausibleYear(y1)) return false;
    const year = Number(y1);
    return isDate(year, Number(a), Number(b)) || isDate(year, Number(b), Number(a));
  }
  if (y2 !== undefined && m2 !== undefined && d2 !== undefined) {
    return isPlausibleYear(y2) && isDate(Number(y2), Number(m2), Number(d2));
  }
  const monthName = (mn3 ?? mn4)?.toLowerCase();
  const day = d3 ?? d4;
  const year = y3 ?? y4;
  if (monthName === undefined || day === undefined || year === undefined) return false;
  const month = MONTHS[monthName];
  return month !== undefined && isPlausibleYear(year) && isDate(Number(year), month, Number(day));
}

function hasBirthContext(text: string, start: number, end: number): boolean {
  const before = BIRTH_WORD_BEFORE.exec(text.slice(Math.max(0, start - CONTEXT_WINDOW), start));
  if (before && !BIRTHDAY_EVENT.test(before.groups?.filler ?? '')) return true;
  return BIRTH_WORD_AFTER.test(text.slice(end, end + CONTEXT_WINDOW));
}

/** Full dates (day, month and year) that the text presents as someone's date of birth. */
export function findDatesOfBirth(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  for (const match of text.matchAll(DATE)) {
    const start = match.index;
    const end = start + match[0].length;
    if (!isValidMatch(match.groups ?? {})) continue;
    if (hasBirthContext(text, start, end)) found.push({ type: 'date_of_birth', start, end });
  }
  return found;
}
