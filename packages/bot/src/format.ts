// Times, dates and weekly hours in words an SMS can carry in GSM-7, in English and Spanish.
import {
  localDateTime,
  parseCalendarDate,
  parseClockTime,
  WEEKDAYS,
  weekdayIndex,
} from '@smsbridge/compliance';
import type { BusinessHoursSchedule, OpeningHours } from '@smsbridge/compliance';
import type { BotLanguage } from './intents.ts';

/*
 * Written by hand rather than with Intl.DateTimeFormat: recent ICU puts a narrow no-break space
 * (U+202F) before "AM", and Spanish day names carry á ("sábado"); either would turn the whole
 * message into UCS-2 (reference/carriers.md §5 "Encoding switch").
 */
const EN_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const EN_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];
/** Two-letter Spanish day abbreviations, as on shop doors; they need no accent. */
const ES_WEEKDAYS = ['Lu', 'Ma', 'Mi', 'Ju', 'Vi', 'Sa', 'Do'] as const;
const ES_MONTHS = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
];

/** '9am', '9:30pm', '12pm' (English); '9:00', '21:30' (Spanish). Minutes after midnight, any day. */
export function formatClock(minutes: number, language: BotLanguage): string {
  const inDay = ((minutes % 1440) + 1440) % 1440;
  const hours = Math.floor(inDay / 60);
  const mins = inDay % 60;
  if (language === 'es') return `${hours}:${String(mins).padStart(2, '0')}`;
  const suffix = hours < 12 ? 'am' : 'pm';
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  return mins === 0 ? `${twelve}${suffix}` : `${twelve}:${String(mins).padStart(2, '0')}${suffix}`;
}

function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);
}

/**
 * A future moment relative to `now`, in the business's time zone:
 * 'today at 9am', 'tomorrow at 9am', 'Mon at 9am' (within a week), 'Mon Dec 29 at 9am';
 * 'hoy a las 9:00', 'mañana a las 9:00', 'el 29 de diciembre a las 9:00'.
 */
export function formatMoment(
  moment: Date,
  now: Date,
  timeZone: string,
  language: BotLanguage,
): string {
  const target = localDateTime(moment, timeZone);
  const today = localDateTime(now, timeZone);
  const days =
    dayNumber(target.year, target.month, target.day) -
    dayNumber(today.year, today.month, today.day);
  const clock = formatClock(target.minutes, language);
  if (language === 'es') {
    if (days === 0) return `hoy a las ${clock}`;
    if (days === 1) return `mañana a las ${clock}`;
    return `el ${target.day} de ${ES_MONTHS[target.month - 1] ?? ''} a las ${clock}`;
  }
  if (days === 0) return `today at ${clock}`;
  if (days === 1) return `tomorrow at ${clock}`;
  const weekday = EN_WEEKDAYS[target.weekdayIndex] ?? '';
  if (days > 1 && days < 7) return `${weekday} at ${clock}`;
  return `${weekday} ${EN_MONTHS[target.month - 1] ?? ''} ${target.day} at ${clock}`;
}

/** A closing time: just the clock within the next 24 hours, else a moment with its day. */
export function formatClosing(
  closesAt: Date,
  now: Date,
  timeZone: string,
  language: BotLanguage,
): string {
  if (closesAt.getTime() - now.getTime() < 86_400_000) {
    return formatClock(localDateTime(closesAt, timeZone).minutes, language);
  }
  return formatMoment(closesAt, now, timeZone, language);
}

/**
 * An ETA from an order-lookup answer: a date 'YYYY-MM-DD' (or the date part of an ISO date-time)
 * becomes 'Tue Mar 3' / '3 de marzo'; anything else is returned trimmed, for the caller to cut.
 */
export function formatEta(eta: string, language: BotLanguage): string {
  const date = parseCalendarDate(eta.trim().slice(0, 10));
  if (!date) return eta.trim();
  if (language === 'es') return `el ${date.day} de ${ES_MONTHS[date.month - 1] ?? ''}`;
  return `${EN_WEEKDAYS[weekdayIndex(date)] ?? ''} ${EN_MONTHS[date.month - 1] ?? ''} ${date.day}`;
}

function describeDayHours(
  hours: readonly OpeningHours[] | undefined,
  language: BotLanguage,
): string {
  return (hours ?? [])
    .map((interval) => {
      const open = parseClockTime(interval.open, false) ?? 0;
      const close = parseClockTime(interval.close, true) ?? 0;
      return `${formatClock(open, language)}-${formatClock(close, language)}`;
    })
    .join(', ');
}

/**
 * The weekly hours in one line, consecutive days with the same hours grouped:
 * 'Mon-Fri 9am-5pm, Sat 10am-2pm' / 'Lu-Vi 9:00-17:00, Sa 10:00-14:00'. Closed days are left out;
 * holidays are not listed (the open/closed sentence accounts for them).
 */
export function summarizeWeeklyHours(
  schedule: BusinessHoursSchedule,
  language: BotLanguage,
): string {
  const names = language === 'es' ? ES_WEEKDAYS : EN_WEEKDAYS;
  const groups: Array<{ first: number; last: number; hours: string }> = [];
  WEEKDAYS.forEach((day, index) => {
    const hours = describeDayHours(schedule.weekly[day], language);
    const previous = groups[groups.length - 1];
    if (hours === '') return;
    if (previous && previous.hours === hours && previous.last === index - 1) previous.last = index;
    else groups.push({ first: index, last: index, hours });
  });
  if (groups.length === 0) return language === 'es' ? 'cerrado' : 'closed';
  return groups
    .map((group) => {
      const days =
        group.first === group.last
          ? names[group.first]
          : `${names[group.first] ?? ''}-${names[group.last] ?? ''}`;
      return `${days} ${group.hours}`;
    })
    .join(', ');
}
