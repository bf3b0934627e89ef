// The bot's one question about business hours, "open now until when, or closed until when?", answered with @smsbridge/compliance.
import { nextClosing, nextOpening } from '@smsbridge/compliance';
import type { BusinessHoursSchedule } from '@smsbridge/compliance';

export { isOpen, nextOpening } from '@smsbridge/compliance';
export type {
  BusinessHoliday,
  BusinessHoursSchedule,
  OpeningHours,
  Weekday,
} from '@smsbridge/compliance';

/**
 * `closesAt` is null when the business stays open for more than a year (24/7); `opensAt` is null
 * when it does not open within a year.
 */
export type OpeningStatus =
  | { readonly open: true; readonly closesAt: Date | null }
  | { readonly open: false; readonly opensAt: Date | null };

/**
 * Open or closed at `now`, with the end of the current opening (back-to-back openings joined) or
 * the next opening. The schedule must be valid (the bot config checks it); otherwise this throws
 * compliance's TypeError.
 */
export function openingStatus(schedule: BusinessHoursSchedule, now: Date): OpeningStatus {
  // nextClosing answers `now` itself when closed, so one call tells open from closed.
  const closing = nextClosing(schedule, now);
  if (closing === null) return { open: true, closesAt: null };
  if (closing.getTime() > now.getTime()) return { open: true, closesAt: closing };
  return { open: false, opensAt: nextOpening(schedule, now) };
}
