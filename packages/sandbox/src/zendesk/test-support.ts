// Helpers for the Zendesk stand-in's tests: an API-token client and a webhook receiver.
import { jsonClient, startReceiver as startSharedReceiver } from '../shared/test-support.ts';

export type { ApiAnswer, ReceivedWebhook } from '../shared/test-support.ts';

export function apiClient(apiBaseUrl: string, email: string, apiToken: string) {
  return jsonClient(
    apiBaseUrl,
    `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString('base64')}`,
  );
}

export function startReceiver() {
  return startSharedReceiver('/hooks/zendesk');
}
