// Shared shapes for PII detection: the finding types, their severities and an internal candidate span.

/** What kind of personal data a finding is. */
export type PiiType =
  'payment_card' | 'us_ssn' | 'iban' | 'password' | 'date_of_birth' | 'account_number';

/** `block`: a public reply containing it must not be sent. `warn`: show the agent, allow sending. */
export type PiiSeverity = 'block' | 'warn';

/** One piece of PII; `text.slice(start, end)` is exactly the sensitive value (UTF-16 indices). */
export interface PiiFinding {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
  readonly severity: PiiSeverity;
  readonly label: string;
}

/** A span a detector proposes before overlaps between detectors are resolved. */
export interface PiiCandidate {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
}
