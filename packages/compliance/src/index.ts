// @smsbridge/compliance: keywords, consent, PII and hours.
export {};
