// Builds each workspace's carrier and helpdesk adapters from configuration, with counted HTTP calls.
import { createTwilioAdapter } from '@smsbridge/carriers';
import {
  createFreshdeskAdapter,
  createZendeskAdapter,
  type HelpdeskAdapter,
  type HelpdeskDeps,
} from '@smsbridge/helpdesks';
import type { HelpdeskConfig, WorkspaceConfig } from '../config/load.ts';
import { countingFetch, type RelayMetrics } from '../observability/metrics.ts';
import { createBotRuntime } from './bot-runtime.ts';
import type { WorkspaceRuntime } from './context.ts';

export interface RuntimeDependencies {
  readonly fetch: typeof fetch;
  readonly metrics: RelayMetrics;
  readonly now: () => Date;
}

export function createWorkspaceRuntime(
  config: WorkspaceConfig,
  dependencies: RuntimeDependencies,
): WorkspaceRuntime {
  const carrierFetch = countingFetch(dependencies.fetch, (status) =>
    dependencies.metrics.carrierApiCalls.inc({ carrier: config.carrier.kind, status }),
  );
  const helpdeskFetch = countingFetch(dependencies.fetch, (status) =>
    dependencies.metrics.helpdeskApiCalls.inc({ helpdesk: config.helpdesk.kind, status }),
  );
  return {
    config,
    carrier: createTwilioAdapter(
      {
        accountSid: config.carrier.accountSid,
        authToken: config.carrier.authToken,
        ...definedOnly({ apiBaseUrl: config.carrier.apiBaseUrl }),
      },
      { fetch: carrierFetch },
    ),
    helpdesk: createHelpdesk(config.helpdesk, { fetch: helpdeskFetch, now: dependencies.now }),
    bot:
      config.bot === undefined
        ? undefined
        : createBotRuntime(config.bot, { fetch: dependencies.fetch }),
  };
}

/** Optional keys are passed only when set, so each adapter's own defaults apply. */
function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

function createHelpdesk(config: HelpdeskConfig, deps: HelpdeskDeps): HelpdeskAdapter {
  switch (config.kind) {
    case 'zendesk':
      return createZendeskAdapter(
        {
          subdomain: config.subdomain,
          email: config.email,
          apiToken: config.apiToken,
          webhookSigningSecret: config.webhookSigningSecret,
          ...definedOnly({ apiBaseUrl: config.apiBaseUrl }),
        },
        deps,
      );
    case 'freshdesk':
      return createFreshdeskAdapter(
        {
          domain: config.domain,
          apiKey: config.apiKey,
          webhookSecret: config.webhookSecret,
          ...definedOnly({
            webhookSecretHeader: config.webhookSecretHeader,
            apiBaseUrl: config.apiBaseUrl,
            source: config.source,
            ticketType: config.ticketType,
            ticketCustomFields: config.ticketCustomFields,
            rateLimitReserve: config.rateLimitReserve,
          }),
        },
        deps,
      );
  }
}
