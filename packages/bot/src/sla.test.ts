// SLA tiers for hand-offs: P1 outage or many reports, P2 billing or dispute, P3 general.
import { describe, expect, it } from 'vitest';
import { slaTier } from './sla.ts';

describe('slaTier', () => {
  it.each([
    ['technical_issue', 'your site is down again', 'P1', 'outage_words'],
    ['technical_issue', 'Is there an OUTAGE?', 'P1', 'outage_words'],
    [undefined, 'the app went offline for everyone', 'P1', 'outage_words'],
    ['technical_issue', 'la página está caída', 'P1', 'outage_words'],
    ['billing', 'can i get an invoice', 'P2', 'billing'],
    ['agent', 'you charged me twice for one order', 'P2', 'dispute_words'],
    ['agent', 'quiero un reembolso', 'P2', 'dispute_words'],
    ['technical_issue', 'the app crashes when I pay', 'P3', 'general'],
    ['billing', 'I want to downgrade my plan', 'P2', 'billing'],
    ['profile_update', 'please update my address, the old one is down the street', 'P3', 'general'],
  ] as const)('%s %j → %s', (intent, text, tier, reason) => {
    expect(slaTier({ intent, text })).toMatchObject({ tier, reason });
  });

  it('makes many similar reports urgent, from the configured count', () => {
    expect(
      slaTier({ intent: 'technical_issue', text: 'app crashes', similarRecentReports: 4 }).tier,
    ).toBe('P3');
    expect(
      slaTier({ intent: 'technical_issue', text: 'app crashes', similarRecentReports: 5 }),
    ).toMatchObject({
      tier: 'P1',
      reason: 'many_reports',
      zendeskPriority: 'urgent',
      freshdeskPriority: 4,
    });
    expect(
      slaTier({ intent: 'billing', text: 'x', similarRecentReports: 2, similarReportsForUrgent: 2 })
        .tier,
    ).toBe('P1');
  });

  it('maps tiers to both helpdesks', () => {
    expect(slaTier({ intent: 'billing', text: '' })).toMatchObject({
      zendeskPriority: 'high',
      freshdeskPriority: 3,
    });
    expect(slaTier({ intent: 'greeting', text: '' })).toMatchObject({
      zendeskPriority: 'normal',
      freshdeskPriority: 2,
    });
  });

  it('throws on a non-string text', () => {
    expect(() => slaTier({ intent: undefined, text: 3 as unknown as string })).toThrow(TypeError);
  });
});
