// @smsbridge/sms: segments, encoding, splitting and phone normalisation.
export {};
