// Which helpdesks the relay can talk to, and how to build an adapter for a configured kind.
import {
  createFreshdeskAdapter,
  type FreshdeskAdapterConfig,
} from './freshdesk/freshdesk-adapter.ts';
import type { HelpdeskAdapter } from './helpdesk-adapter.ts';
import {
  createZendeskAdapter,
  type ZendeskAdapterConfig,
  type ZendeskAdapterDeps,
} from './zendesk/zendesk-adapter.ts';

/** Configuration of each helpdesk kind, as the relay's config file describes it. */
export interface HelpdeskConfigs {
  readonly zendesk: ZendeskAdapterConfig;
  readonly freshdesk: FreshdeskAdapterConfig;
}

export type HelpdeskKind = keyof HelpdeskConfigs;

/** Injected I/O every helpdesk adapter receives. */
export type HelpdeskDeps = ZendeskAdapterDeps;

const factories: {
  readonly [K in HelpdeskKind]: (config: HelpdeskConfigs[K], deps: HelpdeskDeps) => HelpdeskAdapter;
} = {
  zendesk: createZendeskAdapter,
  freshdesk: createFreshdeskAdapter,
};

export const HELPDESK_KINDS = Object.keys(factories) as HelpdeskKind[];

/** Builds the adapter for `kind`; throws a TypeError for a kind that does not exist. */
export function createHelpdeskAdapter<K extends HelpdeskKind>(
  kind: K,
  config: HelpdeskConfigs[K],
  deps: HelpdeskDeps,
): HelpdeskAdapter {
  if (typeof kind !== 'string' || !Object.hasOwn(factories, kind)) {
    throw new TypeError(
      `createHelpdeskAdapter: kind must be one of ${HELPDESK_KINDS.join(', ')}, received ${String(kind)}`,
    );
  }
  return factories[kind](config, deps);
}
