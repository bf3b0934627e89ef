// Twilio resource identifiers: a two-letter prefix and 32 lower-case hex digits (carriers.md §1.1).
import { randomBytes } from 'node:crypto';

/** SM = SMS message, MM = MMS message, ME = media item, AC = account, MG = messaging service. */
export type SidPrefix = 'SM' | 'MM' | 'ME' | 'AC' | 'MG';

export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}

export function isSid(value: string, prefixes: readonly SidPrefix[]): boolean {
  return (
    /^[A-Z]{2}[0-9a-f]{32}$/.test(value) && prefixes.some((prefix) => value.startsWith(prefix))
  );
}
