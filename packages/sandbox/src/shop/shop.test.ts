// The shop stand-in over real HTTP: order answers, auth, password resets, faults, call log, control routes and sandbox mounting.
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions read the stand-in's untyped JSON answers */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../index.ts';
import { jsonClient } from '../shared/test-support.ts';
import { startShopStandIn, type RunningShopStandIn } from './server.ts';
import type { ShopStandInOptions } from './stand-in.ts';

const CUSTOMER = '+14155550123';
const SHOP_AUTH = { name: 'X-Shop-Key', value: 'Token shop-secret' };
let running: { close(): Promise<void> }[] = [];

/** What startSandbox always needs; no text is sent, so the webhook URL is never called. */
const SANDBOX_BASICS = {
  twilio: {
    accountSid: `AC${'0'.repeat(32)}`,
    authToken: 't',
    numbers: [{ number: '+14155550100', smsUrl: 'http://127.0.0.1:9/sms' }],
  },
  zendesk: { subdomain: 'acme', email: 'relay@acme.test', apiToken: 'z' },
};

afterEach(async () => {
  await Promise.all(running.map((r) => r.close()));
  running = [];
});

async function start(options: ShopStandInOptions = {}) {
  const shop = await startShopStandIn(options);
  running.push(shop);
  const headers = options.authHeader ? { [options.authHeader.name]: options.authHeader.value } : {};
  const api = jsonClient(shop.apiBaseUrl, undefined);
  return {
    shop,
    api: (method: string, path: string, body?: unknown) => api(method, path, body, { headers }),
    anonymous: api,
    control: jsonClient(shop.controlUrl, undefined),
  };
}

/** The raw answer, for bodies that are not JSON. */
async function rawGet(shop: RunningShopStandIn, path: string) {
  const response = await fetch(`${shop.apiBaseUrl}${path}`);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

describe('order lookup', () => {
  it('answers a seeded order as { status, eta, trackingNumber, trackingUrl } and 404 for an unknown one', async () => {
    const { shop, api } = await start({
      orders: { '12345678': { status: 'Shipped', eta: '2026-03-12' } },
    });
    shop.standIn.setOrder('87654321', {
      status: 'Delivered',
      trackingNumber: '1Z999AA1',
      trackingUrl: 'https://trk.example/1Z999AA1',
    });

    const seeded = await api('GET', '/orders/12345678');
    expect(seeded.status).toBe(200);
    expect(seeded.body).toMatchObject({
      status: 'Shipped',
      eta: '2026-03-12',
      trackingNumber: null,
      trackingUrl: null,
    });
    const added = await api('GET', '/orders/87654321');
    expect(added.body).toMatchObject({
      status: 'Delivered',
      eta: null,
      trackingNumber: '1Z999AA1',
      trackingUrl: 'https://trk.example/1Z999AA1',
    });
    const unknown = await api('GET', '/orders/11111111');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'order not found' });
  });

  it('decodes URL-encoded order numbers, as the relay encodes them into the URL template', async () => {
    const { shop, api } = await start();
    shop.standIn.setOrder('AB/12 345', { status: 'Packed' });
    const answer = await api('GET', `/orders/${encodeURIComponent('AB/12 345')}`);
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('Packed');
    expect(shop.standIn.calls()[0]?.orderNumber).toBe('AB/12 345');
  });

  it('logs each call with its order number and answer, so a test can say "looked up once"', async () => {
    const { shop, api } = await start({ orders: { '12345678': { status: 'Shipped' } } });
    await api('GET', '/orders/12345678');
    await api('GET', '/orders/404404404');
    expect(shop.standIn.calls()).toEqual([
      {
        route: 'order_lookup',
        method: 'GET',
        path: '/orders/12345678',
        orderNumber: '12345678',
        status: 200,
      },
      {
        route: 'order_lookup',
        method: 'GET',
        path: '/orders/404404404',
        orderNumber: '404404404',
        status: 404,
      },
    ]);
  });
});

describe('auth header', () => {
  it('answers 401 without the configured header or with a wrong value, and 200 with it', async () => {
    const { shop, api, anonymous } = await start({
      authHeader: SHOP_AUTH,
      orders: { '12345678': { status: 'Shipped' } },
    });
    expect((await anonymous('GET', '/orders/12345678')).status).toBe(401);
    const wrong = await anonymous('GET', '/orders/12345678', undefined, {
      headers: { 'x-shop-key': 'Token wrong' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: 'unauthorized' });
    // Without the prefix the value is wrong too.
    const noPrefix = await anonymous('GET', '/orders/12345678', undefined, {
      headers: { 'x-shop-key': 'shop-secret' },
    });
    expect(noPrefix.status).toBe(401);
    expect((await api('GET', '/orders/12345678')).status).toBe(200);
    expect(shop.standIn.calls().map((c) => c.status)).toEqual([401, 401, 401, 200]);
  });

  it('refuses an unauthorised password reset without sending one', async () => {
    const { shop, anonymous } = await start({ authHeader: SHOP_AUTH, accounts: [CUSTOMER] });
    expect((await anonymous('POST', '/password-reset', { phone: CUSTOMER })).status).toBe(401);
    expect(shop.standIn.passwordResetsSent()).toEqual([]);
  });
});

describe('password reset', () => {
  it('sends a reset (202) to a phone with an account and records it', async () => {
    const { shop, api } = await start({ accounts: [CUSTOMER] });
    const answer = await api('POST', '/password-reset', { phone: CUSTOMER });
    expect(answer.status).toBe(202);
    expect(shop.standIn.passwordResetsSent()).toEqual([CUSTOMER]);
    expect(shop.standIn.calls()[0]).toMatchObject({
      route: 'password_reset',
      phone: CUSTOMER,
      status: 202,
    });
  });

  it('answers 404 for a phone without an account and sends nothing', async () => {
    const { shop, api } = await start({ accounts: [CUSTOMER] });
    const answer = await api('POST', '/password-reset', { phone: '+14155550999' });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: 'no account with this phone' });
    expect(shop.standIn.passwordResetsSent()).toEqual([]);
  });

  it('answers 400 with the expected shape for a missing, non-E.164 or non-JSON phone', async () => {
    const { shop, api, anonymous } = await start({ accounts: [CUSTOMER] });
    for (const body of [{}, { phone: '4155550123' }, { phone: 14155550123 }]) {
      const answer = await api('POST', '/password-reset', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatch(/"phone": "<E\.164/);
    }
    const notJson = await anonymous('POST', '/password-reset', undefined, {
      headers: { 'content-type': 'application/json' },
      raw: Buffer.from('{"phone": '),
    });
    expect(notJson.status).toBe(400);
    expect(shop.standIn.passwordResetsSent()).toEqual([]);
  });
});

describe('faults', () => {
  it('answers 500 for the next N calls, then normally again', async () => {
    const { shop, api } = await start({ orders: { '12345678': { status: 'Shipped' } } });
    shop.standIn.injectFault({ kind: 'server_error', count: 2 });
    expect((await api('GET', '/orders/12345678')).status).toBe(500);
    expect((await api('GET', '/orders/12345678')).status).toBe(500);
    expect((await api('GET', '/orders/12345678')).status).toBe(200);
    expect(shop.standIn.calls().map((c) => c.fault)).toEqual([
      'server_error',
      'server_error',
      undefined,
    ]);
  });

  it('keeps failing until cleared when no count is given', async () => {
    const { shop, api } = await start({ orders: { '12345678': { status: 'Shipped' } } });
    shop.standIn.injectFault({ kind: 'server_error' });
    for (let i = 0; i < 3; i += 1) expect((await api('GET', '/orders/12345678')).status).toBe(500);
    shop.standIn.clearFaults();
    expect((await api('GET', '/orders/12345678')).status).toBe(200);
  });

  it('sends a JSON content type with a body that is not JSON (malformed_json)', async () => {
    const { shop } = await start({ orders: { '12345678': { status: 'Shipped' } } });
    shop.standIn.injectFault({ kind: 'malformed_json', count: 1 });
    const answer = await rawGet(shop, '/orders/12345678');
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/application\/json/);
    expect(() => JSON.parse(answer.text) as unknown).toThrow();
  });

  it('sends a valid JSON body of the asked size (oversized_body)', async () => {
    const { shop } = await start({ orders: { '12345678': { status: 'Shipped' } } });
    shop.standIn.injectFault({ kind: 'oversized_body', bytes: 200_000, count: 1 });
    const answer = await rawGet(shop, '/orders/12345678');
    expect(answer.status).toBe(200);
    expect(Buffer.byteLength(answer.text)).toBe(200_000);
    expect(JSON.parse(answer.text)).toMatchObject({ status: 'Shipped' });
  });

  it('holds the answer for a delay, then answers normally', async () => {
    const { shop, api } = await start({ orders: { '12345678': { status: 'Shipped' } } });
    shop.standIn.injectFault({ kind: 'delay', ms: 300, count: 1 });
    const started = performance.now();
    const answer = await api('GET', '/orders/12345678');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('Shipped');
  });

  it('leaves the status null when the caller hangs up during a delay', async () => {
    const { shop } = await start({ orders: { '12345678': { status: 'Shipped' } } });
    shop.standIn.injectFault({ kind: 'delay', ms: 400, count: 1 });
    await expect(
      fetch(`${shop.apiBaseUrl}/orders/12345678`, { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(shop.standIn.calls()).toEqual([
      expect.objectContaining({ route: 'order_lookup', status: null, fault: 'delay' }),
    ]);
  });

  it('spoils only the route it names', async () => {
    const { shop, api } = await start({
      orders: { '12345678': { status: 'Shipped' } },
      accounts: [CUSTOMER],
    });
    shop.standIn.injectFault({ kind: 'server_error', route: 'password_reset' });
    expect((await api('GET', '/orders/12345678')).status).toBe(200);
    expect((await api('POST', '/password-reset', { phone: CUSTOMER })).status).toBe(500);
    expect(shop.standIn.passwordResetsSent()).toEqual([]);
  });

  it('refuses a nonsense fault with a clear error', async () => {
    const { shop } = await start();
    expect(() => shop.standIn.injectFault({ kind: 'delay', ms: -1 })).toThrow(/ms must be/);
    expect(() => shop.standIn.injectFault({ kind: 'explode' } as never)).toThrow(
      /kind must be one of/,
    );
  });
});

describe('control routes', () => {
  it('seeds orders and accounts, injects faults and shows calls over HTTP', async () => {
    const { api, control } = await start();
    expect((await control('PUT', '/orders/555', { status: 'Shipped', eta: 'Friday' })).status).toBe(
      200,
    );
    expect((await control('POST', '/accounts', { phone: CUSTOMER })).status).toBe(201);
    expect((await api('GET', '/orders/555')).body.eta).toBe('Friday');
    expect((await api('POST', '/password-reset', { phone: CUSTOMER })).status).toBe(202);
    expect((await control('GET', '/password-resets')).body).toEqual({ phones: [CUSTOMER] });

    expect((await control('POST', '/faults', { kind: 'server_error', count: 1 })).status).toBe(204);
    expect((await api('GET', '/orders/555')).status).toBe(500);
    const calls = await control('GET', '/calls');
    expect((calls.body.calls as { status: number }[]).map((c) => c.status)).toEqual([
      200, 202, 500,
    ]);
  });

  it('answers one-line 400s for bad control input', async () => {
    const { control } = await start();
    const noStatus = await control('PUT', '/orders/555', { eta: 'Friday' });
    expect(noStatus.status).toBe(400);
    expect(noStatus.body).toEqual({ error: 'status must be a non-empty string' });
    const badPhone = await control('POST', '/accounts', { phone: '555-0123' });
    expect(badPhone.body).toEqual({ error: 'phone must be E.164, e.g. +14155550123' });
    const badFault = await control('POST', '/faults', { kind: 'delay' });
    expect(badFault.status).toBe(400);
    expect(badFault.body.error).toMatch(/^ms must be/);
    expect((await control('DELETE', '/orders/nope')).status).toBe(404);
  });

  it('reset brings back the seeded orders and accounts and forgets everything else', async () => {
    const { shop, api, control } = await start({
      orders: { '12345678': { status: 'Shipped' } },
      accounts: [CUSTOMER],
    });
    shop.standIn.setOrder('12345678', { status: 'Lost' });
    shop.standIn.setOrder('999999', { status: 'Packed' });
    shop.standIn.addAccount('+14155550999');
    await api('POST', '/password-reset', { phone: CUSTOMER });
    shop.standIn.injectFault({ kind: 'server_error' });

    expect((await control('POST', '/reset')).status).toBe(204);
    expect(shop.standIn.orders()).toEqual({ '12345678': { status: 'Shipped' } });
    expect(shop.standIn.accounts()).toEqual([CUSTOMER]);
    expect(shop.standIn.passwordResetsSent()).toEqual([]);
    expect(shop.standIn.calls()).toEqual([]);
    expect((await api('GET', '/orders/12345678')).status).toBe(200);
  });
});

describe('in the sandbox', () => {
  it('mounts the shop and the chat model when asked, and /_sandbox/reset clears both', async () => {
    const sandbox = await startSandbox({
      ...SANDBOX_BASICS,
      shop: { orders: { '12345678': { status: 'Shipped' } } },
      chatModel: { apiKey: 'sk-test' },
    });
    running.push(sandbox);
    expect(sandbox.shopBaseUrl).toBe(`${sandbox.url}/shop`);
    expect(sandbox.chatModelBaseUrl).toBe(`${sandbox.url}/chat-model/v1`);
    const order = await fetch(`${sandbox.shopBaseUrl}/orders/12345678`);
    expect(await order.json()).toMatchObject({ status: 'Shipped' });
    sandbox.chatModel?.answerNext({ intent: 'billing', confidence: 0.9 });
    sandbox.shop?.setOrder('999', { status: 'Packed' });

    expect((await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' })).status).toBe(204);
    expect(sandbox.shop?.calls()).toEqual([]);
    expect(sandbox.shop?.orders()).toEqual({ '12345678': { status: 'Shipped' } });
    // The queued answer is gone: the next request has nothing scripted.
    const completion = await fetch(`${sandbox.chatModelBaseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(completion.status).toBe(500);
    expect(((await completion.json()) as { error: { code: string } }).error.code).toBe(
      'sandbox_no_answer',
    );
  });

  it('leaves them out, with undefined URLs, when not asked', async () => {
    const sandbox = await startSandbox({
      ...SANDBOX_BASICS,
    });
    running.push(sandbox);
    expect(sandbox.shop).toBeUndefined();
    expect(sandbox.shopBaseUrl).toBeUndefined();
    expect(sandbox.chatModel).toBeUndefined();
    expect(sandbox.chatModelBaseUrl).toBeUndefined();
    expect((await fetch(`${sandbox.url}/shop/orders/1`)).status).toBe(404);
  });
});
