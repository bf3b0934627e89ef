// Which carrier adapters exist, so the relay can build one from a workspace's configuration.
import type { CarrierAdapter } from './carrier-adapter.ts';
import {
  createTwilioAdapter,
  type TwilioAdapterConfig,
  type TwilioAdapterDeps,
} from './twilio/index.ts';

/** Carriers with an adapter. Telnyx and Bandwidth join here when they have one. */
export const CARRIER_KINDS = ['twilio'] as const;
export type CarrierKind = (typeof CARRIER_KINDS)[number];

/** Each carrier's configuration. */
export interface CarrierConfigs {
  readonly twilio: TwilioAdapterConfig;
}

/** I/O every adapter receives. */
export type CarrierDeps = TwilioAdapterDeps;

type CarrierFactory<K extends CarrierKind> = (
  config: CarrierConfigs[K],
  deps: CarrierDeps,
) => CarrierAdapter;

const FACTORIES = {
  twilio: createTwilioAdapter,
} satisfies { readonly [K in CarrierKind]: CarrierFactory<K> };

export function isCarrierKind(value: unknown): value is CarrierKind {
  return (CARRIER_KINDS as readonly unknown[]).includes(value);
}

/** Builds the adapter for `kind`; throws a TypeError for a kind that has none. */
export function createCarrierAdapter<K extends CarrierKind>(
  kind: K,
  config: CarrierConfigs[K],
  deps: CarrierDeps,
): CarrierAdapter {
  if (!isCarrierKind(kind)) {
    throw new TypeError(
      `createCarrierAdapter: unknown carrier ${JSON.stringify(String(kind)).slice(0, 40)}; expected one of ${CARRIER_KINDS.join(', ')}`,
    );
  }
  const factory: CarrierFactory<K> = FACTORIES[kind];
  return factory(config, deps);
}
