import { describe, expect, it, vi } from 'vitest';
import { createRelayClient } from '@smsbridge/sidebar';
import { fdkRelayRequest } from './fdk-request.ts';
import type { InvokeTemplateOptions, InvokeTemplateResult } from './freshworks-client.ts';

function relayOver(
  answer: (name: string, options: InvokeTemplateOptions) => Promise<InvokeTemplateResult>,
) {
  const invokeTemplate = vi.fn(answer);
  const relay = createRelayClient({
    relayUrl: '',
    workspaceId: 'acme',
    authorization: '',
    request: fdkRelayRequest({ request: { invokeTemplate } }),
  });
  return { relay, invokeTemplate };
}

const ok = (body: unknown, status = 200) =>
  Promise.resolve({ status, headers: {}, response: JSON.stringify(body) });

describe('fdkRelayRequest', () => {
  it('calls each relay operation through its template with the ticket id and limit as context', async () => {
    const { relay, invokeTemplate } = relayOver((name) =>
      name === 'relayDeliveries' ? ok({ deliveries: [] }) : ok({ events: [] }),
    );
    await relay.deliveries(42, 5);
    await relay.consentHistory(42);
    expect(invokeTemplate.mock.calls).toEqual([
      ['relayDeliveries', { context: { ticket_id: '42', limit: 5 } }],
      // The template's `limit` query is always filled: the relay's own default when none is asked.
      ['relayConsentHistory', { context: { ticket_id: '42', limit: 100 } }],
    ]);
  });

  it('sends the SMS body as the JSON string the template forwards', async () => {
    const delivery = { id: 1, status: 'pending' };
    const { relay, invokeTemplate } = relayOver(() => ok({ delivery }, 202));
    await expect(
      relay.sendSms(9, { text: 'Hi', agentName: 'Alex', requestId: 'abcdefgh12' }),
    ).resolves.toMatchObject({ kind: 'sent', repeated: false });
    expect(invokeTemplate).toHaveBeenCalledWith('relaySendSms', {
      context: { ticket_id: '9' },
      body: JSON.stringify({ text: 'Hi', agentName: 'Alex', requestId: 'abcdefgh12' }),
    });
  });

  it('reads a rejected call (status outside 2xx) as the relay answer', async () => {
    const { relay } = relayOver(() =>
      // The platform rejects with a plain object, not an Error.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      Promise.reject({ status: 404, headers: {}, response: '{"error":"no SMS conversation"}' }),
    );
    await expect(relay.conversationByTicket(3)).resolves.toEqual({ kind: 'notSms' });
    const opted = relayOver(() =>
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      Promise.reject({ status: 409, response: '{"error":"opted out","code":"opted_out"}' }),
    );
    await expect(
      opted.relay.sendSms(3, { text: 'Hi', agentName: 'Alex', requestId: 'abcdefgh12' }),
    ).resolves.toEqual({ kind: 'refused', code: 'opted_out', message: 'opted out' });
  });

  it('reports a platform failure or no answer as "relay not reached", never as a relay 404', async () => {
    const platform = relayOver(() =>
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      Promise.reject({
        status: 404,
        errorSource: 'PLATFORM',
        response: 'Request template not found',
      }),
    );
    await expect(platform.relay.conversationByTicket(3)).rejects.toMatchObject({
      status: 0,
      message: 'Freshworks could not reach the relay: Request template not found',
    });
    const nothing = relayOver(() => Promise.reject(new Error('timeout')));
    await expect(nothing.relay.quickReplies()).rejects.toMatchObject({ status: 0 });
  });
});
