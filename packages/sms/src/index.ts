// @smsbridge/sms: segments and encoding (GSM-7 / UCS-2), splitting, GSM look-alikes, E.164.
export * from './analyze.ts';
export * from './split.ts';
export * from './suggest-gsm.ts';
export * from './phone.ts';
export {
  GSM_BASIC_CHARACTERS,
  GSM_EXTENSION_CHARACTERS,
  GSM7_CONCATENATED_SEGMENT_SEPTETS,
  GSM7_SINGLE_SEGMENT_SEPTETS,
  UCS2_CONCATENATED_SEGMENT_UNITS,
  UCS2_SINGLE_SEGMENT_UNITS,
} from './gsm-charset.ts';
