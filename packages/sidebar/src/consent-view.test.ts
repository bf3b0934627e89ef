import { describe, expect, it } from 'vitest';
import { consentDecidedBy, consentEventLine, consentTone } from './consent-view.ts';
import type { ConsentEvent } from './relay-api-types.ts';

describe('consentTone', () => {
  it('is green while texts may go, red after an opt-out and amber when unknown', () => {
    expect(consentTone('opted_in')).toBe('success');
    expect(consentTone('implied')).toBe('success');
    expect(consentTone('opted_out')).toBe('danger');
    expect(consentTone('unknown')).toBe('warning');
    // A status a newer relay might add is not shown as safe to text.
    expect(consentTone('paused' as never)).toBe('warning');
  });
});

describe('consent in words', () => {
  const event: ConsentEvent = {
    at: '2025-01-02T03:04:05.000Z',
    scope: 'support',
    kind: 'opted_out',
    source: 'inbound_sms',
    keyword: 'STOP',
    text: 'STOP',
    ref: null,
    detail: null,
  };

  it('names the keyword the customer texted, else the kind of event', () => {
    expect(consentDecidedBy(event)).toBe('STOP');
    expect(consentDecidedBy({ ...event, keyword: null, kind: 'customer_initiated' })).toBe(
      'customer initiated',
    );
  });

  it('writes one ledger entry as date · kind (keyword) · source', () => {
    const date = (iso: string) => `<${iso.slice(0, 10)}>`;
    expect(consentEventLine(event, date)).toBe('<2025-01-02> · opted out (STOP) · inbound sms');
    expect(consentEventLine({ ...event, keyword: null, kind: 'opted_in' }, date)).toBe(
      '<2025-01-02> · opted in · inbound sms',
    );
  });
});
