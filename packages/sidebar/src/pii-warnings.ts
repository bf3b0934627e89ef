// PII warnings for a reply: what was found, where, and whether it blocks a public reply.
import { detectPii } from '@smsbridge/compliance';
import type { PiiFinding } from '@smsbridge/compliance';
import { describeValue } from './describe-value.ts';

export interface PiiWarning extends PiiFinding {
  /** The sensitive text itself (`text.slice(start, end)`), so the agent can find it. */
  readonly value: string;
  /** 1-based line of the reply where it starts. */
  readonly line: number;
}

/**
 * PII in a reply, in order of appearance; `severity: 'block'` findings stop a public reply.
 *
 * @example piiWarnings('card 4111 1111 1111 1111')[0]?.label // 'Card number'
 */
export function piiWarnings(text: string): PiiWarning[] {
  if (typeof text !== 'string') {
    throw new TypeError(
      `piiWarnings: expected the reply text as a string, received ${describeValue(text)}`,
    );
  }
  return detectPii(text).map((finding) => ({
    ...finding,
    value: text.slice(finding.start, finding.end),
    line: text.slice(0, finding.start).split('\n').length,
  }));
}
