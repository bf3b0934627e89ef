import { describe, expect, it, vi } from 'vitest';
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
