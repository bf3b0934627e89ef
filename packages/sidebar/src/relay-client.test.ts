import { describe, expect, it, vi } from 'vitest';
import { createRelayClient, newRequestId, RelayApiError } from './relay-client.ts';
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
      method: 'GET',
      operation: { name: 'conversation', ticketId: '42' },
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
    // Hosts that call named request templates get the same call as an operation.
    expect(request.mock.calls[0]?.[0].operation).toEqual({
      name: 'consentHistory',
      ticketId: '5',
      limit: 20,
    });
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

  describe('sendSms', () => {
    const delivery = {
      id: 7,
      createdAt: '2025-01-01T00:00:00.000Z',
      origin: 'sidebar_send',
      authorName: 'Alex Agent',
      status: 'pending',
      errorCode: null,
      plainReason: null,
      segments: 1,
    };
    const request = { text: 'On its way!', agentName: ' Alex Agent ', requestId: 'req-0123456789' };

    it('POSTs the text as JSON to the ticket messages and answers the queued delivery', async () => {
      const { relay, request: send } = clientAnswering(() => ({
        status: 202,
        body: { delivery },
      }));
      await expect(relay.sendSms(42, request)).resolves.toEqual({
        kind: 'sent',
        delivery,
        repeated: false,
      });
      const made = send.mock.calls[0]?.[0];
      expect(made).toMatchObject({
        url: 'https://relay.example.com/api/v1/workspaces/acme/conversations/by-ticket/42/messages',
        method: 'POST',
        operation: { name: 'sendSms', ticketId: '42' },
        headers: { 'Content-Type': 'application/json' },
      });
      // The agent's name is sent trimmed; the text exactly as typed.
      expect(JSON.parse(made?.body ?? '')).toEqual({
        text: 'On its way!',
        agentName: 'Alex Agent',
        requestId: 'req-0123456789',
      });
    });

    it('says when the request id was used before (200), so the agent knows nothing more was sent', async () => {
      const { relay } = clientAnswering(() => ({ status: 200, body: { delivery } }));
      await expect(relay.sendSms(42, request)).resolves.toMatchObject({ repeated: true });
    });

    it.each([
      [409, 'opted_out', 'the customer opted out'],
      [422, 'pii_blocked', 'the text contains a card number'],
      [422, 'too_long', 'the text is too long'],
    ] as const)('answers %i %s as a refusal with the relay words', async (status, code, error) => {
      const { relay } = clientAnswering(() => ({ status, body: { error, code } }));
      await expect(relay.sendSms(1, request)).resolves.toEqual({
        kind: 'refused',
        code,
        message: error,
      });
    });

    it('answers 404 as "not an SMS ticket"', async () => {
      const { relay } = clientAnswering(() => ({
        status: 404,
        body: { error: 'no SMS conversation' },
      }));
      await expect(relay.sendSms(1, request)).resolves.toMatchObject({
        kind: 'refused',
        code: 'not_sms',
      });
    });

    it('throws other failures with their status and code, and a 2xx without a delivery', async () => {
      const { relay } = clientAnswering(() => ({
        status: 409,
        body: { error: 'requestId was used for another text', code: 'request_id_reused' },
      }));
      await expect(relay.sendSms(1, request)).rejects.toMatchObject({
        status: 409,
        code: 'request_id_reused',
        message: 'requestId was used for another text',
      });
      const odd = clientAnswering(() => ({ status: 202, body: { ok: true } }));
      await expect(odd.relay.sendSms(1, request)).rejects.toThrow(/no delivery/);
    });

    it('refuses malformed, empty, oversized and badly keyed texts before asking the relay', async () => {
      const { relay, request: send } = clientAnswering(() => ({ status: 202, body: { delivery } }));
      await expect(relay.sendSms(1, { ...request, text: '   ' })).rejects.toThrow(
        /expected text of 1 to 1600 characters/,
      );
      await expect(relay.sendSms(1, { ...request, text: 'x'.repeat(1601) })).rejects.toThrow(
        /received 1601 characters/,
      );
      await expect(relay.sendSms(1, { ...request, agentName: '' })).rejects.toThrow(/agentName/);
      await expect(relay.sendSms(1, { ...request, agentName: 'a'.repeat(101) })).rejects.toThrow(
        /agentName of 1 to 100/,
      );
      await expect(relay.sendSms(1, { ...request, requestId: 'short' })).rejects.toThrow(
        /requestId to be 8 to 64/,
      );
      await expect(relay.sendSms(1, { ...request, requestId: '../../x/yyyy' })).rejects.toThrow(
        TypeError,
      );
      await expect(relay.sendSms(1, null as never)).rejects.toThrow(/received null/);
      await expect(relay.sendSms('1/../2', request)).rejects.toThrow(/expected a ticket id/);
      expect(send).not.toHaveBeenCalled();
      // Exactly the limit is fine.
      await expect(relay.sendSms(1, { ...request, text: 'x'.repeat(1600) })).resolves.toMatchObject(
        {
          kind: 'sent',
        },
      );
    });
  });
});

describe('newRequestId', () => {
  it('makes keys the send route accepts, different each time', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newRequestId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('uses every byte of the randomness it is given', () => {
    expect(newRequestId((bytes) => bytes.fill(0))).toBe('A'.repeat(22));
    expect(newRequestId((bytes) => bytes.fill(255))).toBe('_'.repeat(22));
  });
});
