// The relay request function for Freshworks: each app API call goes through its request template (freshdesk.md §3.5).
import type { RelayOperation, RelayRequestFunction } from '@smsbridge/sidebar';
import type { FreshworksClient, InvokeTemplateFailure } from './freshworks-client.ts';

/**
 * The request template of each relay call, as declared in manifests/freshdesk (manifest.json
 * `modules.common.requests` and config/requests.json). The templates fix the relay host, the
 * workspace and the `Authorization: Bearer <%= iparam.relay_token %>` header, so the token is
 * filled in by the platform and never reaches the browser (§3.4, §3.5).
 */
export const RELAY_TEMPLATES: Readonly<Record<RelayOperation['name'], string>> = {
  conversation: 'relayConversation',
  consentHistory: 'relayConsentHistory',
  deliveries: 'relayDeliveries',
  quickReplies: 'relayQuickReplies',
  sendSms: 'relaySendSms',
};

/** The relay's own defaults (docs/app-api.md): a template's `limit` query is always filled. */
const DEFAULT_LIMITS = { consentHistory: 100, deliveries: 20 } as const;

function contextOf(operation: RelayOperation): Record<string, string | number> {
  switch (operation.name) {
    case 'quickReplies':
      return {};
    case 'conversation':
    case 'sendSms':
      return { ticket_id: operation.ticketId };
    case 'consentHistory':
    case 'deliveries':
      return {
        ticket_id: operation.ticketId,
        limit: operation.limit ?? DEFAULT_LIMITS[operation.name],
      };
  }
}

function parseBody(text: unknown): unknown {
  if (typeof text !== 'string' || text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * Makes relay calls through `client.request.invokeTemplate`. It resolves with
 * `{ status, headers, response }` (`response` a string) and rejects for answers outside 2xx
 * (InvokeTemplateFailure); both become `{ status, body }`. A failure of the platform itself
 * (errorSource PLATFORM) or no answer at all is status 0: the relay was not reached.
 */
export function fdkRelayRequest(client: Pick<FreshworksClient, 'request'>): RelayRequestFunction {
  return async ({ operation, body }) => {
    if (operation === undefined) {
      throw new TypeError(
        'fdkRelayRequest: the relay client named no operation to map to a template',
      );
    }
    const options = {
      context: contextOf(operation),
      ...(body === undefined ? {} : { body }),
    };
    try {
      const result = await client.request.invokeTemplate(RELAY_TEMPLATES[operation.name], options);
      return { status: result.status, body: parseBody(result.response) };
    } catch (failure) {
      const details = (
        typeof failure === 'object' && failure !== null ? failure : {}
      ) as InvokeTemplateFailure;
      if (details.errorSource === 'PLATFORM') {
        // The platform failed before the relay answered (template, time-out): not a relay status.
        const reason = typeof details.response === 'string' ? details.response : 'no details';
        return { status: 0, body: { error: `Freshworks could not reach the relay: ${reason}` } };
      }
      return {
        status: typeof details.status === 'number' ? details.status : 0,
        body: parseBody(details.response),
      };
    }
  };
}
