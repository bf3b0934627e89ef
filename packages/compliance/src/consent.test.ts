import { describe, expect, it } from 'vitest';
import { currentConsent, validateConsentEvent } from './consent.ts';
import * as compliance from './index.ts';
import type { ConsentEvent } from './consent.ts';

const stop = (at: string): ConsentEvent => ({
  at,
  scope: 'all',
  kind: 'opt_out',
  source: 'keyword',
  keyword: 'STOP',
  text: 'STOP',
});
const start = (at: string, scope: ConsentEvent['scope'] = 'all'): ConsentEvent => ({
  at,
  scope,
  kind: 'opt_in',
  source: 'keyword',
  keyword: 'START',
});
const texted = (at: string, text = 'hi, where is my order?'): ConsentEvent => ({
  at,
  scope: 'all',
  kind: 'customer_initiated',
  source: 'inbound_message',
  text,
});
const marketingConsent = (at: string): ConsentEvent => ({
  at,
  scope: 'marketing',
  kind: 'express_consent',
  source: 'form',
  text: 'Yes, send me offers by text. Consent is not a condition of purchase.',
});

describe('currentConsent: empty ledger', () => {
  it('knows nothing and sends nothing', () => {
    expect(currentConsent([], 'support')).toEqual({ status: 'unknown', canSend: false });
    expect(currentConsent([], 'marketing')).toEqual({ status: 'unknown', canSend: false });
  });
});

describe('currentConsent: customer-initiated conversations', () => {
  const events = [texted('2026-03-01T10:00:00Z')];

  it('gives implied consent to support replies', () => {
    const state = currentConsent(events, 'support');
    expect(state.status).toBe('implied');
    expect(state.canSend).toBe(true);
    expect(state.since).toEqual(new Date('2026-03-01T10:00:00Z'));
    expect(state.decidingEvent).toBe(events[0]);
  });

  it('gives no marketing consent', () => {
    const state = currentConsent(events, 'marketing');
    expect(state.status).toBe('unknown');
    expect(state.canSend).toBe(false);
  });

  it('keeps the start of implied consent at the first message', () => {
    const state = currentConsent(
      [texted('2026-03-01T10:00:00Z'), texted('2026-03-05T10:00:00Z', 'thanks!')],
      'support',
    );
    expect(state.since).toEqual(new Date('2026-03-01T10:00:00Z'));
    expect(state.lastEvent?.text).toBe('thanks!');
  });
});

describe('currentConsent: STOP and START', () => {
  it('STOP (scope all) blocks support and marketing', () => {
    const events = [
      marketingConsent('2026-01-01T00:00:00Z'),
      texted('2026-03-01T10:00:00Z'),
      stop('2026-03-02T10:00:00Z'),
    ];
    for (const purpose of ['support', 'marketing'] as const) {
      const state = currentConsent(events, purpose);
      expect(state.status).toBe('opted_out');
      expect(state.canSend).toBe(false);
      expect(state.since).toEqual(new Date('2026-03-02T10:00:00Z'));
      expect(state.decidingEvent?.keyword).toBe('STOP');
    }
  });

  it('START re-subscribes support', () => {
    const state = currentConsent(
      [texted('2026-03-01T10:00:00Z'), stop('2026-03-02T10:00:00Z'), start('2026-03-03T10:00:00Z')],
      'support',
    );
    expect(state.status).toBe('opted_in');
    expect(state.canSend).toBe(true);
    expect(state.since).toEqual(new Date('2026-03-03T10:00:00Z'));
  });

  it('START lifts a marketing opt-out without giving marketing consent', () => {
    const state = currentConsent(
      [
        marketingConsent('2026-01-01T00:00:00Z'),
        stop('2026-03-02T10:00:00Z'),
        start('2026-03-03T10:00:00Z'),
      ],
      'marketing',
    );
    expect(state.status).toBe('unknown');
    expect(state.canSend).toBe(false);
    expect(state.decidingEvent?.kind).toBe('opt_in');
  });

  it('new express consent after an opt-out allows marketing again', () => {
    const state = currentConsent(
      [
        stop('2026-03-02T10:00:00Z'),
        start('2026-03-03T10:00:00Z'),
        marketingConsent('2026-03-04T10:00:00Z'),
      ],
      'marketing',
    );
    expect(state.status).toBe('opted_in');
    expect(state.canSend).toBe(true);
  });

  it('a later message from the customer does not undo STOP', () => {
    const events = [
      texted('2026-03-01T10:00:00Z'),
      stop('2026-03-02T10:00:00Z'),
      texted('2026-03-02T11:00:00Z', 'where is my order'),
    ];
    const state = currentConsent(events, 'support');
    expect(state.status).toBe('opted_out');
    expect(state.canSend).toBe(false);
    expect(state.decidingEvent?.keyword).toBe('STOP');
    expect(state.lastEvent?.text).toBe('where is my order');
  });

  it('a second STOP keeps the date of the first', () => {
    const state = currentConsent(
      [stop('2026-03-02T10:00:00Z'), stop('2026-03-09T10:00:00Z')],
      'support',
    );
    expect(state.since).toEqual(new Date('2026-03-02T10:00:00Z'));
  });

  it('a carrier error recorded as an opt-out blocks sends', () => {
    const state = currentConsent(
      [
        texted('2026-03-01T10:00:00Z'),
        {
          at: '2026-03-04T10:00:00Z',
          scope: 'all',
          kind: 'opt_out',
          source: 'carrier_error',
          ref: '21610',
        },
      ],
      'support',
    );
    expect(state.canSend).toBe(false);
    expect(state.decidingEvent?.source).toBe('carrier_error');
  });
});

describe('currentConsent: support and marketing kept apart', () => {
  it('a support opt-out leaves marketing consent alone', () => {
    const events: ConsentEvent[] = [
      marketingConsent('2026-01-01T00:00:00Z'),
      {
        at: '2026-02-01T00:00:00Z',
        scope: 'support',
        kind: 'opt_out',
        source: 'agent',
        detail: 'asked by phone',
      },
    ];
    expect(currentConsent(events, 'support').canSend).toBe(false);
    expect(currentConsent(events, 'marketing').canSend).toBe(true);
  });

  it('a marketing opt-out leaves support replies allowed', () => {
    const events: ConsentEvent[] = [
      texted('2026-01-01T00:00:00Z'),
      {
        at: '2026-02-01T00:00:00Z',
        scope: 'marketing',
        kind: 'opt_out',
        source: 'plain_language',
        text: 'no more promos pls',
      },
    ];
    expect(currentConsent(events, 'support')).toMatchObject({ status: 'implied', canSend: true });
    expect(currentConsent(events, 'marketing')).toMatchObject({
      status: 'opted_out',
      canSend: false,
    });
  });

  it('marketing needs express consent; a support opt-in is not enough', () => {
    const events = [start('2026-03-03T10:00:00Z', 'support')];
    expect(currentConsent(events, 'support').status).toBe('opted_in');
    expect(currentConsent(events, 'marketing').status).toBe('unknown');
  });

  it('express consent for support upgrades implied consent to opted in', () => {
    const events: ConsentEvent[] = [
      texted('2026-03-01T10:00:00Z'),
      { at: '2026-03-02T10:00:00Z', scope: 'support', kind: 'express_consent', source: 'form' },
    ];
    expect(currentConsent(events, 'support')).toMatchObject({
      status: 'opted_in',
      since: new Date('2026-03-02T10:00:00Z'),
    });
  });

  it('lastEvent only counts events that concern the purpose', () => {
    const events = [marketingConsent('2026-01-01T00:00:00Z'), texted('2026-03-01T10:00:00Z')];
    expect(currentConsent(events, 'marketing').lastEvent).toBe(events[0]);
    expect(currentConsent(events, 'support').lastEvent).toBe(events[1]);
  });
});

describe('currentConsent: ordering', () => {
  it('applies events by time even when the list arrives unsorted', () => {
    const events = [start('2026-03-03T10:00:00Z'), stop('2026-03-02T10:00:00Z')];
    expect(currentConsent(events, 'support').status).toBe('opted_in');
    expect(currentConsent([...events].reverse(), 'support').status).toBe('opted_in');
  });

  it('breaks ties by append order', () => {
    const same = '2026-03-02T10:00:00Z';
    expect(currentConsent([start(same), stop(same)], 'support').status).toBe('opted_out');
    expect(currentConsent([stop(same), start(same)], 'support').status).toBe('opted_in');
  });

  it('compares instants, not text: offsets and Date objects mix', () => {
    const events: ConsentEvent[] = [
      // 10:30 in Paris is 09:30Z, before the 10:00Z START.
      { ...stop('2026-03-02T10:30:00+01:00') },
      { ...start('x'), at: new Date('2026-03-02T10:00:00Z') },
    ];
    expect(currentConsent(events, 'support').status).toBe('opted_in');
  });

  it('accepts database timestamp text with a space and a short offset', () => {
    const state = currentConsent([stop('2026-03-02 10:00:00.123456+00')], 'support');
    expect(state.since).toEqual(new Date('2026-03-02T10:00:00.123Z'));
  });

  it('reads compact offsets, long fractions and leap days', () => {
    const since = (at: string) => currentConsent([stop(at)], 'support').since?.toISOString();
    expect(since('2026-03-02T15:30:00+0530')).toBe('2026-03-02T10:00:00.000Z');
    expect(since('2026-03-02T10:00:00.029999999Z')).toBe('2026-03-02T10:00:00.029Z');
    expect(since('2028-02-29T23:59-01:00')).toBe('2028-03-01T00:59:00.000Z');
  });

  it('rejects impossible clock times and offsets', () => {
    for (const at of [
      '2026-03-02T24:00:00Z',
      '2026-03-02T10:60:00Z',
      '2026-03-02T10:00:00+25:00',
      '2027-02-29T10:00:00Z',
    ]) {
      expect(() => currentConsent([stop(at)], 'support'), at).toThrow(/events\[0\]\.at/);
    }
  });

  it('asOf gives the state as it was at an earlier instant', () => {
    const events = [texted('2026-03-01T10:00:00Z'), stop('2026-03-02T10:00:00Z')];
    expect(
      currentConsent(events, 'support', { asOf: new Date('2026-03-01T12:00:00Z') }).status,
    ).toBe('implied');
    expect(
      currentConsent(events, 'support', { asOf: new Date('2026-03-02T10:00:00Z') }).status,
    ).toBe('opted_out');
  });

  it('does not modify or reorder the caller’s list', () => {
    const events = [start('2026-03-03T10:00:00Z'), stop('2026-03-02T10:00:00Z')];
    const copy = structuredClone(events);
    currentConsent(events, 'support');
    expect(events).toEqual(copy);
  });
});

describe('currentConsent: invalid input', () => {
  it('names the index and field of a bad date', () => {
    expect(() =>
      currentConsent([texted('2026-03-01T10:00:00Z'), stop('2026-02-30T10:00:00Z')], 'support'),
    ).toThrow(
      new TypeError(
        "currentConsent: events[1].at: expected a Date or an ISO 8601 timestamp with offset such as '2026-03-01T14:05:00Z', got '2026-02-30T10:00:00Z'",
      ),
    );
  });

  it('rejects timestamps without an offset, which name no instant', () => {
    expect(() => currentConsent([stop('2026-03-01T10:00:00')], 'support')).toThrow(
      /events\[0\]\.at/,
    );
    expect(() => currentConsent([stop('2026-03-01')], 'support')).toThrow(/events\[0\]\.at/);
  });

  it('rejects an invalid Date object', () => {
    expect(() => currentConsent([{ ...stop('x'), at: new Date('nope') }], 'support')).toThrow(
      /events\[0\]\.at: .*got an invalid Date/,
    );
  });

  it('names an unknown kind, scope or source', () => {
    const bad = (patch: Record<string, unknown>) =>
      [{ ...stop('2026-03-01T10:00:00Z'), ...patch }] as unknown as ConsentEvent[];
    expect(() => currentConsent(bad({ kind: 'optout' }), 'support')).toThrow(
      "currentConsent: events[0].kind: expected one of opt_out, opt_in, customer_initiated, express_consent, got 'optout'",
    );
    expect(() => currentConsent(bad({ scope: 'sms' }), 'support')).toThrow(
      /events\[0\]\.scope: .*got 'sms'/,
    );
    expect(() => currentConsent(bad({ source: undefined }), 'support')).toThrow(
      /events\[0\]\.source: .*got nothing/,
    );
    expect(() => currentConsent(bad({ keyword: 42 }), 'support')).toThrow(
      /events\[0\]\.keyword: expected text, got number 42/,
    );
  });

  it('names a non-object entry', () => {
    expect(() => currentConsent([null] as unknown as ConsentEvent[], 'support')).toThrow(
      'currentConsent: events[0]: expected a consent event { at, scope, kind, source }, got null',
    );
  });

  it('rejects a bad event even when the purpose would skip it, so a broken ledger never sends', () => {
    const events = [
      { ...marketingConsent('2026-03-01T10:00:00Z'), kind: 'express' },
    ] as unknown as ConsentEvent[];
    expect(() => currentConsent(events, 'support')).toThrow(TypeError);
  });

  it('throws TypeError for non-list events and non-string purposes', () => {
    expect(() => currentConsent('STOP' as unknown as ConsentEvent[], 'support')).toThrow(
      "currentConsent: expected a list of consent events, got 'STOP'",
    );
    expect(() => currentConsent([], 7 as unknown as 'support')).toThrow(/got number 7/);
    expect(() => currentConsent([], 'support', { asOf: new Date(Number.NaN) })).toThrow(/asOf/);
  });

  it('an unknown purpose string never sends and never throws', () => {
    const events = [texted('2026-03-01T10:00:00Z'), start('2026-03-02T10:00:00Z')];
    for (const purpose of ['all', '', 'Support', '\ud800', '🛑'.repeat(5000)]) {
      expect(currentConsent(events, purpose as 'support')).toEqual({
        status: 'unknown',
        canSend: false,
      });
    }
  });

  it('accepts any text in the free-text fields, and SQL NULLs in optional columns', () => {
    const weird = '\ud800 ' + 'x'.repeat(10_000) + ' \u0000 🛑';
    const events = [
      { ...stop('2026-03-01T10:00:00Z'), text: weird, detail: null, ref: null },
    ] as unknown as ConsentEvent[];
    expect(currentConsent(events, 'support').status).toBe('opted_out');
  });
});

describe('validateConsentEvent', () => {
  it('returns nothing for a valid event and allows extra row fields', () => {
    expect(
      validateConsentEvent({ ...stop('2026-03-01T10:00:00Z'), id: 17, workspaceId: 'w1' }),
    ).toEqual([]);
  });

  it('lists every problem', () => {
    expect(validateConsentEvent({ at: 'yesterday', scope: 'all', kind: 'opt_out' })).toEqual([
      "at: expected a Date or an ISO 8601 timestamp with offset such as '2026-03-01T14:05:00Z', got 'yesterday'",
      'source: expected one of keyword, plain_language, inbound_message, carrier_error, agent, form, api, import, got nothing',
    ]);
  });

  it('keeps long or odd values short and readable in messages', () => {
    const [problem] = validateConsentEvent({
      ...stop('2026-03-01T10:00:00Z'),
      kind: 'a'.repeat(10_000),
    });
    expect(problem?.length).toBeLessThan(200);
    const [control] = validateConsentEvent({
      ...stop('2026-03-01T10:00:00Z'),
      kind: 'stop\n\u0007',
    });
    expect(control).toContain("got 'stop\\n\\u0007'");
  });
});

describe('package entry point', () => {
  it('exports the currentConsent API from @smsbridge/compliance', () => {
    for (const name of ['currentConsent', 'validateConsentEvent', 'CONSENT_EVENT_KINDS'])
      expect(compliance).toHaveProperty(name);
  });
});
