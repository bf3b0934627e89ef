import { createRelayClient } from '@smsbridge/sidebar';
import { describe, expect, it, vi } from 'vitest';
import type { ZafRequestOptions } from './zaf-client.ts';
import { zafRelayRequest } from './zaf-request.ts';

describe('zafRelayRequest', () => {
  it('makes a secure GET so Zendesk fills the token server-side', async () => {
    const request = vi.fn(() => Promise.resolve({ quickReplies: [] }));
    const send = zafRelayRequest({ request });
    await expect(
      send({
        url: 'https://relay/x',
        headers: { Authorization: 'Bearer {{setting.relay_token}}' },
      }),
    ).resolves.toEqual({ status: 200, body: { quickReplies: [] } });
    expect(request).toHaveBeenCalledWith(
      expect.objectContaining({
        url: 'https://relay/x',
        type: 'GET',
        secure: true,
        headers: { Authorization: 'Bearer {{setting.relay_token}}' },
      }),
    );
  });

  it('sends a POST as a POST, with its JSON body, so a text sent through the relay client is not turned into a GET', async () => {
    const request = vi.fn((_options: ZafRequestOptions) =>
      Promise.resolve({ delivery: { id: 7, status: 'queued' } }),
    );
    const relay = createRelayClient({
      relayUrl: 'https://relay.example.com',
      workspaceId: 'acme',
      authorization: 'Bearer {{setting.relay_token}}',
      request: zafRelayRequest({ request }),
    });
    await relay.sendSms(42, { text: 'On its way', agentName: 'Alex', requestId: 'req-12345678' });
    expect(request).toHaveBeenCalledTimes(1);
    const options = request.mock.calls[0]?.[0];
    expect(options).toMatchObject({
      url: 'https://relay.example.com/api/v1/workspaces/acme/conversations/by-ticket/42/messages',
      type: 'POST',
      secure: true,
      contentType: 'application/json',
    });
    expect(options?.headers?.Authorization).toBe('Bearer {{setting.relay_token}}');
    expect(JSON.parse(options?.data ?? '')).toEqual({
      text: 'On its way',
      agentName: 'Alex',
      requestId: 'req-12345678',
    });
  });

  it('sends no body with a GET', async () => {
    const request = vi.fn((_options: ZafRequestOptions) => Promise.resolve({}));
    await zafRelayRequest({ request })({ url: 'https://relay/x', headers: {}, method: 'GET' });
    expect(request.mock.calls[0]?.[0]).toMatchObject({ type: 'GET' });
    expect(request.mock.calls[0]?.[0]).not.toHaveProperty('data');
  });

  it('turns a rejected request into its status and JSON body', async () => {
    // ZAF rejects with a jqXHR-like object, not an Error; the test plays exactly that.
    const jqXhr = { status: 404, responseText: '{"error":"no SMS conversation"}' };
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    const send = zafRelayRequest({ request: () => Promise.reject(jqXhr) });
    await expect(send({ url: 'u', headers: {} })).resolves.toEqual({
      status: 404,
      body: { error: 'no SMS conversation' },
    });
  });

  it('reports status 0 when nothing came back', async () => {
    const send = zafRelayRequest({ request: () => Promise.reject(new Error('timeout')) });
    await expect(send({ url: 'u', headers: {} })).resolves.toEqual({ status: 0, body: null });
  });
});
