import { describe, expect, it, vi } from 'vitest';
import { createRelayClient, RelayApiError } from './relay-client.ts';
import type { RelayRequest, RelayResponse } from './relay-client.ts';

const view = {
  conversation: {
    customerPhoneMasked: '+1415***0123',
    businessNumber: '+14155550100',
    ticketId: '42',
    ticketStatus: 'open',
    createdAt: '2025-01-01T00:00:00.000Z',
  },
  consent: { status: 'implied', canSend: true, since: null, decidingEvent: null },
};

function clientAnswering(answer: (request: RelayRequest) => RelayResponse) {
  const request = vi.fn((req: RelayRequest) => Promise.resolve(answer(req)));
  const relay = createRelayClient({
    relayUrl: 'https://relay.example.com/',
    workspaceId: 'acme',
    authorization: 'Bearer {{setting.relay_token}}',
    request,
  });
  return { relay, request };
}

describe('createRelayClient', () => {
  it('asks for the conversation of a ticket with the secure-setting placeholder, never a token', async () => {
    const { relay, request } = clientAnswering(() => ({ status: 200, body: view }));
    await expect(relay.conversationByTicket(42)).resolves.toEqual({ kind: 'found', view });
    expect(request).toHaveBeenCalledWith({
      url: 'https://relay.example.com/api/v1/workspaces/acme/conversations/by-ticket/42',
      headers: { Authorization: 'Bearer {{setting.relay_token}}', Accept: 'application/json' },
    });
  });

  it('reports a 404 as "not an SMS ticket" rather than an error', async () => {
    const { relay } = clientAnswering(() => ({
      status: 404,
      body: { error: 'no SMS conversation' },
    }));
    await expect(relay.conversationByTicket('7')).resolves.toEqual({ kind: 'notSms' });
  });

  it('turns a refusal into a RelayApiError carrying the status and the relay words', async () => {
    const { relay } = clientAnswering(() => ({ status: 403, body: { error: 'forbidden' } }));
    const failure = relay.quickReplies();
    await expect(failure).rejects.toBeInstanceOf(RelayApiError);
    await expect(failure).rejects.toMatchObject({ status: 403, message: 'forbidden' });
  });

  it('reports an unreachable relay as status 0', async () => {
    const relay = createRelayClient({
      relayUrl: 'https://relay.example.com',
      workspaceId: 'acme',
      authorization: 'x',
      request: () => Promise.reject(new Error('offline')),
    });
    await expect(relay.deliveries(1)).rejects.toMatchObject({ status: 0 });
  });

  it('reads the lists and passes the limit', async () => {
    const { relay, request } = clientAnswering((req) =>
      req.url.includes('consent-history')
        ? { status: 200, body: { events: [{ kind: 'stop' }] } }
        : req.url.includes('deliveries')
          ? { status: 200, body: { deliveries: [] } }
          : { status: 200, body: { quickReplies: [{ id: 'a' }] } },
    );
    await expect(relay.consentHistory(5, 20)).resolves.toEqual([{ kind: 'stop' }]);
    expect(request.mock.calls[0]?.[0].url).toMatch(
      /\/conversations\/by-ticket\/5\/consent-history\?limit=20$/,
    );
    await expect(relay.deliveries(5)).resolves.toEqual([]);
    await expect(relay.quickReplies()).resolves.toEqual([{ id: 'a' }]);
  });

  it('rejects an answer of the wrong shape instead of rendering nonsense', async () => {
    const { relay } = clientAnswering(() => ({ status: 200, body: '<html>proxy login</html>' }));
    await expect(relay.quickReplies()).rejects.toThrow(/no "quickReplies" list/);
    await expect(relay.conversationByTicket(1)).rejects.toThrow(/unexpected answer/);
  });

  it('refuses ticket ids the relay would reject, and bad options, with TypeErrors', async () => {
    const { relay, request } = clientAnswering(() => ({ status: 200, body: view }));
    await expect(relay.conversationByTicket('../quick-replies')).rejects.toThrow(
      /conversationByTicket: expected a ticket id/,
    );
    await expect(relay.conversationByTicket(0)).rejects.toThrow(TypeError);
    await expect(relay.deliveries(1, 500)).rejects.toThrow(/deliveries: expected limit/);
    expect(request).not.toHaveBeenCalled();
    expect(() => createRelayClient({ relayUrl: 3 } as never)).toThrow(
      /createRelayClient: expected relayUrl to be a string, received number 3/,
    );
  });

  it('escapes the workspace id in the path', async () => {
    const request = vi.fn(() => Promise.resolve({ status: 200, body: { quickReplies: [] } }));
    const relay = createRelayClient({
      relayUrl: 'https://r',
      workspaceId: 'a/b',
      authorization: '',
      request,
    });
    await relay.quickReplies();
    expect(request).toHaveBeenCalledWith(
      expect.objectContaining({ url: 'https://r/api/v1/workspaces/a%2Fb/quick-replies' }),
    );
  });
});
