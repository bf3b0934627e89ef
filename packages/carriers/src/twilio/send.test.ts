// Sending through the Messages API over real HTTP: the sandbox stand-in, plus a fake for odd answers.
import { startSandbox, type Sandbox } from '@smsbridge/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioAdapter } from './index.ts';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BUSINESS,
  CUSTOMER,
  startFakeTwilio,
  type FakeTwilio,
} from './test-support.ts';

const SMS = { from: BUSINESS, to: CUSTOMER, body: 'Your order #1234 shipped & arrives Friday 📦' };

describe('send through the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      twilio: {
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        numbers: [{ number: BUSINESS, smsUrl: 'http://127.0.0.1:9/unused' }],
      },
      zendesk: { subdomain: 'acme', email: 'api@acme.test', apiToken: 'zendesk-token' },
    });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  afterEach(() => {
    sandbox.twilio.reset();
  });

  const adapter = () =>
    createTwilioAdapter(
      {
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        apiBaseUrl: `${sandbox.twilioApiBaseUrl}/`,
      },
      { fetch },
    );

  it('posts To, From, Body and StatusCallback; the phone gets the exact text', async () => {
    const result = await adapter().send({
      ...SMS,
      statusCallbackUrl: 'https://relay.example.com/twilio/status?w=1',
    });
    expect(result).toEqual({
      ok: true,
      carrierMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/) as unknown,
      status: 'queued',
    });
    expect(sandbox.twilio.outbox()).toMatchObject([
      {
        sid: result.ok ? result.carrierMessageId : '',
        from: BUSINESS,
        to: CUSTOMER,
        body: SMS.body,
        statusCallback: 'https://relay.example.com/twilio/status?w=1',
      },
    ]);
  });

  it('sends without StatusCallback when none is given', async () => {
    await adapter().send(SMS);
    expect(sandbox.twilio.outbox()[0]?.statusCallback).toBeUndefined();
  });

  it('an opted-out customer (21610) is a typed, non-retryable error', async () => {
    sandbox.twilio.failNumber(CUSTOMER, 21610);
    expect(await adapter().send(SMS)).toEqual({
      ok: false,
      error: {
        code: '21610',
        category: 'opted_out',
        retryable: false,
        agentMessage: 'The customer has opted out of texts from this number (they replied STOP).',
      },
    });
  });

  it('a 400 with a code the adapter does not know is unknown, with the code', async () => {
    sandbox.twilio.failNumber(CUSTOMER, 21999);
    const result = await adapter().send(SMS);
    expect(result).toMatchObject({
      ok: false,
      error: { code: '21999', category: 'unknown', retryable: false },
    });
  });

  it('Twilio’s own validation errors come back typed (1,601 characters: 21617)', async () => {
    const result = await adapter().send({ ...SMS, body: 'x'.repeat(1601) });
    expect(result).toMatchObject({ ok: false, error: { code: '21617', category: 'rejected' } });
  });

  it('503 with Retry-After is retryable after that many seconds', async () => {
    sandbox.twilio.setOutage({ status: 503, retryAfterSeconds: 30 });
    expect(await adapter().send(SMS)).toMatchObject({
      ok: false,
      error: {
        code: '20503',
        category: 'carrier_unavailable',
        retryable: true,
        retryAfterMs: 30_000,
      },
    });
  });

  it('429 is rate_limited and retryable', async () => {
    sandbox.twilio.setOutage({ status: 429, retryAfterSeconds: 2 });
    expect(await adapter().send(SMS)).toMatchObject({
      ok: false,
      error: { code: '20429', category: 'rate_limited', retryable: true, retryAfterMs: 2000 },
    });
  });

  it('a wrong auth token is an auth error (401 / 20003)', async () => {
    const wrong = createTwilioAdapter(
      { accountSid: ACCOUNT_SID, authToken: 'nope', apiBaseUrl: sandbox.twilioApiBaseUrl },
      { fetch },
    );
    expect(await wrong.send(SMS)).toMatchObject({
      ok: false,
      error: { code: '20003', category: 'auth', retryable: false },
    });
  });

  it('throws a TypeError for a message that is not text', async () => {
    await expect(adapter().send({ ...SMS, body: 42 as never })).rejects.toThrow(
      /^send: body must be a string/,
    );
    await expect(adapter().send(null as never)).rejects.toThrow(TypeError);
    expect(sandbox.twilio.outbox()).toEqual([]);
  });
});

describe('send against a misbehaving Twilio', () => {
  let fake: FakeTwilio | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const adapterFor = (url: string, extra: { requestTimeoutMs?: number; now?: () => number } = {}) =>
    createTwilioAdapter(
      {
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        apiBaseUrl: url,
        ...(extra.requestTimeoutMs ? { requestTimeoutMs: extra.requestTimeoutMs } : {}),
      },
      { fetch, ...(extra.now ? { now: extra.now } : {}) },
    );

  it('a server that never answers times out as a retryable error', async () => {
    fake = await startFakeTwilio(() => undefined);
    const started = Date.now();
    const result = await adapterFor(fake.url, { requestTimeoutMs: 150 }).send(SMS);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'timeout', category: 'carrier_unavailable', retryable: true },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a refused connection is a retryable network error', async () => {
    expect(await adapterFor('http://127.0.0.1:9').send(SMS)).toMatchObject({
      ok: false,
      error: { code: 'network', category: 'carrier_unavailable', retryable: true },
    });
  });

  it('a 201 that cannot be read is not retried (the text may have gone out)', async () => {
    fake = await startFakeTwilio((_req, res) =>
      res.writeHead(201, { 'content-type': 'text/html' }).end('<html>'),
    );
    expect(await adapterFor(fake.url).send(SMS)).toMatchObject({
      ok: false,
      error: { code: 'unexpected_response', category: 'unknown', retryable: false },
    });
  });

  it('a 502 from a proxy, without a Twilio body, is retryable', async () => {
    fake = await startFakeTwilio((_req, res) => res.writeHead(502).end('Bad Gateway'));
    expect(await adapterFor(fake.url).send(SMS)).toMatchObject({
      ok: false,
      error: { code: 'http_502', category: 'carrier_unavailable', retryable: true },
    });
  });

  it('a 403 without a body is an auth error', async () => {
    fake = await startFakeTwilio((_req, res) => res.writeHead(403).end());
    expect(await adapterFor(fake.url).send(SMS)).toMatchObject({
      ok: false,
      error: { code: 'http_403', category: 'auth' },
    });
  });

  it('honours Retry-After as an HTTP date when a clock is injected', async () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    fake = await startFakeTwilio((_req, res) =>
      res
        .writeHead(503, { 'retry-after': 'Sun, 01 Mar 2026 12:00:45 GMT' })
        .end('{"code":20503,"status":503}'),
    );
    expect(await adapterFor(fake.url, { now: () => now }).send(SMS)).toMatchObject({
      ok: false,
      error: { retryAfterMs: 45_000 },
    });
    const withoutClock = await adapterFor(fake.url).send(SMS);
    expect(withoutClock.ok === false && withoutClock.error.retryAfterMs).toBeUndefined();
  });

  it('sends the documented request: form body, Basic auth, JSON accepted', async () => {
    fake = await startFakeTwilio((_req, res) =>
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ sid: `SM${'a'.repeat(32)}`, status: 'accepted' })),
    );
    const result = await adapterFor(fake.url).send({
      ...SMS,
      statusCallbackUrl: 'https://r.example/s',
    });
    expect(result).toEqual({
      ok: true,
      carrierMessageId: `SM${'a'.repeat(32)}`,
      status: 'accepted',
    });
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    );
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      To: CUSTOMER,
      From: BUSINESS,
      Body: SMS.body,
      StatusCallback: 'https://r.example/s',
    });
  });
});
