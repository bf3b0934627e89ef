// The relay request function for ZAF: a secure client.request, so Zendesk's proxy adds the token (zendesk.md §4.5).
import type { RelayRequestFunction } from '@smsbridge/sidebar';
import type { ZafClient } from './zaf-client.ts';

interface ZafRequestFailure {
  readonly status?: unknown;
  readonly responseJSON?: unknown;
  readonly responseText?: unknown;
}

function failureBody(failure: ZafRequestFailure): unknown {
  if (failure.responseJSON !== undefined) return failure.responseJSON;
  if (typeof failure.responseText === 'string') {
    try {
      return JSON.parse(failure.responseText) as unknown;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Makes relay GETs through `client.request({ secure: true })`. ZAF resolves with the parsed body
 * on success and rejects with a jqXHR-like object (`status`, `responseJSON`) otherwise.
 */
export function zafRelayRequest(client: Pick<ZafClient, 'request'>): RelayRequestFunction {
  return async ({ url, headers }) => {
    try {
      const body = await client.request({
        url,
        type: 'GET',
        headers,
        secure: true,
        cors: false,
        dataType: 'json',
      });
      return { status: 200, body };
    } catch (failure) {
      const details = (
        typeof failure === 'object' && failure !== null ? failure : {}
      ) as ZafRequestFailure;
      const status = typeof details.status === 'number' ? details.status : 0;
      return { status, body: failureBody(details) };
    }
  };
}
