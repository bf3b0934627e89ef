// Twilio error codes mapped to categories and agent words (carriers.md §1.6).
import { describe, expect, it } from 'vitest';
import { describeTwilioError } from './errors.ts';

describe('describeError', () => {
  it.each([
    ['21610', 'opted_out', false],
    ['21211', 'invalid_number', false],
    ['21614', 'landline', false],
    ['30001', 'rate_limited', true],
    ['30003', 'unreachable', true],
    ['30004', 'rejected', false],
    ['30005', 'invalid_number', false],
    ['30006', 'landline', false],
    ['30007', 'filtered', false],
    ['30008', 'unknown', true],
    ['30034', 'rejected', false],
    ['20003', 'auth', false],
    ['20429', 'rate_limited', true],
    ['21617', 'rejected', false],
  ])('%s is %s (retryable: %s)', (code, category, retryable) => {
    expect(describeTwilioError(code)).toMatchObject({ code, category, retryable });
  });

  it('tells the agent plainly that the customer opted out', () => {
    expect(describeTwilioError('21610').agentMessage).toBe(
      'The customer has opted out of texts from this number (they replied STOP).',
    );
  });

  it('gives every known code its own words', () => {
    const codes = ['21610', '21211', '21614', '30003', '30004', '30005', '30006', '30007', '30008'];
    const words = new Set(codes.map((code) => describeTwilioError(code).agentMessage));
    expect(words.size).toBe(codes.length);
  });

  it.each([
    ['network', 'carrier_unavailable', true],
    ['timeout', 'carrier_unavailable', true],
    ['http_503', 'carrier_unavailable', true],
    ['http_500', 'carrier_unavailable', true],
    ['http_429', 'rate_limited', true],
    ['http_401', 'auth', false],
    ['http_403', 'auth', false],
    ['unexpected_response', 'unknown', false],
  ])('the adapter’s own code %s is %s', (code, category, retryable) => {
    expect(describeTwilioError(code)).toMatchObject({ code, category, retryable });
  });

  it('an unknown code is unknown and named in the words', () => {
    expect(describeTwilioError('63016')).toEqual({
      code: '63016',
      category: 'unknown',
      retryable: false,
      agentMessage: 'The text could not be sent (Twilio error 63016).',
    });
    expect(describeTwilioError('http_418').category).toBe('unknown');
  });

  it('does not trip over prototype names', () => {
    for (const code of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(describeTwilioError(code)).toMatchObject({ code, category: 'unknown' });
    }
  });

  it('keeps odd codes out of the words but returns them untouched', () => {
    const weird = '30003\n<script>alert(1)</script>\u0000';
    const error = describeTwilioError(weird);
    expect(error.code).toBe(weird);
    expect(error.agentMessage).toBe(
      'The text could not be sent (Twilio error 30003scriptalert1script).',
    );
    expect(describeTwilioError('').agentMessage).toBe(
      'The text could not be sent, and Twilio gave no reason.',
    );
    expect(describeTwilioError('\ud800').agentMessage).toBe(
      'The text could not be sent, and Twilio gave no reason.',
    );
    expect(describeTwilioError('9'.repeat(10_000)).agentMessage.length).toBeLessThan(80);
  });

  it('throws a TypeError naming the function for non-strings', () => {
    for (const code of [30003, null, undefined, {}, ['21610']]) {
      expect(() => describeTwilioError(code as never)).toThrow(
        /^describeError: code must be a string/,
      );
    }
  });
});
