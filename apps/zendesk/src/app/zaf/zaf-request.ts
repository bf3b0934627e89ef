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
 * Makes relay calls through `client.request({ secure: true })`, with the relay client's method and
 * JSON body (`type`, `data`, `contentType`; zendesk.md §4.5). ZAF resolves with the parsed body on
 * success and rejects with a jqXHR-like object (`status`, `responseJSON`) otherwise. The status of
 * a success does not cross the frame (the SDK resolves with the body alone), so any 2xx reads as
 * 200 [unverified: ZAF's `httpCompleteResponse` option would carry it; the reference lists no such
 * option].
 */
export function zafRelayRequest(client: Pick<ZafClient, 'request'>): RelayRequestFunction {
  return async ({ url, headers, method = 'GET', body }) => {
    try {
      const answer = await client.request({
        url,
        type: method,
        headers,
        secure: true,
        cors: false,
        dataType: 'json',
        ...(body === undefined
          ? {}
          : { data: body, contentType: headers['Content-Type'] ?? 'application/json' }),
      });
      return { status: 200, body: answer };
    } catch (failure) {
      const details = (
        typeof failure === 'object' && failure !== null ? failure : {}
      ) as ZafRequestFailure;
      const status = typeof details.status === 'number' ? details.status : 0;
      return { status, body: failureBody(details) };
    }
  };
}
