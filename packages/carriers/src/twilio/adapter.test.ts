// The assembled Twilio adapter: configuration checks, the inbound acknowledgement, the default API URL, the registry.
import { describe, expect, it } from 'vitest';
import { createCarrierAdapter, createTwilioAdapter, isCarrierKind } from '../index.ts';
import { ACCOUNT_SID, AUTH_TOKEN, BUSINESS, CUSTOMER } from './test-support.ts';

describe('createTwilioAdapter', () => {
  it('acknowledges inbound messages with empty TwiML as text/xml (§1.2)', () => {
    const adapter = createTwilioAdapter(
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      { fetch },
    );
    expect(adapter.id).toBe('twilio');
    expect(adapter.inboundAck()).toEqual({
      status: 200,
      contentType: 'text/xml',
      body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
    });
  });

  it('talks to https://api.twilio.com unless told otherwise', async () => {
    const urls: string[] = [];
    const adapter = createTwilioAdapter(
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      {
        fetch: (input) => {
          urls.push(input instanceof Request ? input.url : input.toString());
          return Promise.resolve(
            Response.json({ sid: `SM${'c'.repeat(32)}`, status: 'queued' }, { status: 201 }),
          );
        },
      },
    );
    expect(await adapter.send({ from: BUSINESS, to: CUSTOMER, body: 'hi' })).toMatchObject({
      ok: true,
    });
    expect(urls).toEqual([
      `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
    ]);
  });

  it.each([
    ['a non-object config', null, /config must be an object/],
    ['a malformed account SID', { accountSid: 'AC123', authToken: AUTH_TOKEN }, /accountSid/],
    [
      'an API key SID instead of an account SID',
      { accountSid: `SK${'0'.repeat(32)}`, authToken: AUTH_TOKEN },
      /accountSid/,
    ],
    ['an empty auth token', { accountSid: ACCOUNT_SID, authToken: '' }, /authToken/],
    [
      'a relative API base URL',
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: '/twilio' },
      /apiBaseUrl/,
    ],
    [
      'a zero time-out',
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, requestTimeoutMs: 0 },
      /requestTimeoutMs/,
    ],
  ])('throws a TypeError for %s', (_name, config, message) => {
    expect(() => createTwilioAdapter(config as never, { fetch })).toThrow(TypeError);
    expect(() => createTwilioAdapter(config as never, { fetch })).toThrow(message);
  });

  it('throws a TypeError without a fetch', () => {
    expect(() =>
      createTwilioAdapter({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }, {} as never),
    ).toThrow(/deps.fetch/);
  });
});

describe('createCarrierAdapter', () => {
  it('builds the Twilio adapter by kind', () => {
    const adapter = createCarrierAdapter(
      'twilio',
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      { fetch },
    );
    expect(adapter.id).toBe('twilio');
    expect(isCarrierKind('twilio')).toBe(true);
  });

  it('refuses a carrier without an adapter', () => {
    expect(isCarrierKind('telnyx')).toBe(false);
    expect(() =>
      createCarrierAdapter(
        'telnyx' as 'twilio',
        { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
        { fetch },
      ),
    ).toThrow(/^createCarrierAdapter: unknown carrier "telnyx"; expected one of twilio$/);
  });
});
