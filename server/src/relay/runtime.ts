// Builds each workspace's carrier and helpdesk adapters from configuration, with counted HTTP calls.
import { createTwilioAdapter } from '@smsbridge/carriers';
import { createZendeskAdapter } from '@smsbridge/helpdesks';
import type { WorkspaceConfig } from '../config/load.ts';
import { countingFetch, type RelayMetrics } from '../observability/metrics.ts';
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
        ...(config.carrier.apiBaseUrl === undefined
          ? {}
          : { apiBaseUrl: config.carrier.apiBaseUrl }),
      },
      { fetch: carrierFetch },
    ),
    helpdesk: createZendeskAdapter(
      {
        subdomain: config.helpdesk.subdomain,
        email: config.helpdesk.email,
        apiToken: config.helpdesk.apiToken,
        webhookSigningSecret: config.helpdesk.webhookSigningSecret,
        ...(config.helpdesk.apiBaseUrl === undefined
          ? {}
          : { apiBaseUrl: config.helpdesk.apiBaseUrl }),
      },
      { fetch: helpdeskFetch, now: dependencies.now },
    ),
  };
}
