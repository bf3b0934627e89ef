// @smsbridge/carriers: the CarrierAdapter contract and its implementations.
export * from './carrier-adapter.ts';
export {
  CARRIER_KINDS,
  createCarrierAdapter,
  isCarrierKind,
  type CarrierConfigs,
  type CarrierDeps,
  type CarrierKind,
} from './registry.ts';
export {
  createTwilioAdapter,
  TWILIO_API_BASE_URL,
  type TwilioAdapterConfig,
  type TwilioAdapterDeps,
} from './twilio/index.ts';
