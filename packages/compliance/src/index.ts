// @smsbridge/compliance: consent keywords, consent state, PII detection, business and quiet hours, local time.
export * from './keywords.ts';
export * from './pii.ts';
export * from './consent.ts';
export * from './business-hours.ts';
export * from './local-time.ts';
export * from './quiet-hours.ts';
