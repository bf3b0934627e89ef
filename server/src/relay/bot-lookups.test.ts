// The bot's HTTP clients against the sandbox's shop and chat model stand-ins: answers, time-outs, faults, caps, auth, secrets.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createBot,
  MODEL_INTENT_OPTIONS,
  parseBotConfig,
  parseModelAnswer,
  type BotConfigInput,
} from '@smsbridge/bot';
import { startSandbox, type Sandbox } from '@smsbridge/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createBotLookups,
  ModelCallError,
  type BotLookupSettings,
  type BotLookupClients,
} from './bot-lookups.ts';

const CUSTOMER = '+14155550123';
const SHOP_SECRET = 'shop-secret-value';
const MODEL_KEY = 'sk-model-secret-value';
const SECRETS = { ACME_SHOP_TOKEN: SHOP_SECRET, ACME_MODEL_KEY: MODEL_KEY };
/** Short, so time-out tests are quick; the config's minimum is 100 ms. */
const TIMEOUT_MS = 250;

let sandbox: Sandbox;
let shopBaseUrl: string;
let chatModelBaseUrl: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    twilio: {
      accountSid: `AC${'0'.repeat(32)}`,
      authToken: 't',
      numbers: [{ number: '+14155550100', smsUrl: 'http://127.0.0.1:9/sms' }],
    },
    zendesk: { subdomain: 'acme', email: 'relay@acme.test', apiToken: 'z' },
    shop: {
      authHeader: { name: 'X-Shop-Key', value: `Token ${SHOP_SECRET}` },
      accounts: [CUSTOMER],
    },
    chatModel: { apiKey: MODEL_KEY, models: ['gpt-4o-mini'] },
  });
  shopBaseUrl = sandbox.shopBaseUrl ?? '';
  chatModelBaseUrl = sandbox.chatModelBaseUrl ?? '';
});

afterEach(() => {
  sandbox.reset();
});

afterAll(async () => {
  await sandbox.close();
});

function shop() {
  if (sandbox.shop === undefined) throw new Error('the sandbox runs without its shop');
  return sandbox.shop;
}

function chatModel() {
  if (sandbox.chatModel === undefined) throw new Error('the sandbox runs without its chat model');
  return sandbox.chatModel;
}

function botInput(overrides: Partial<BotConfigInput> = {}): BotConfigInput {
  const auth = { name: 'X-Shop-Key', env: 'ACME_SHOP_TOKEN', prefix: 'Token ' };
  return {
    businessName: 'Acme Outdoor',
    orderLookup: {
      urlTemplate: `${shopBaseUrl}/orders/{orderNumber}`,
      authHeader: auth,
      timeoutMs: TIMEOUT_MS,
    },
    passwordReset: {
      mode: 'endpoint',
      url: `${shopBaseUrl}/password-reset`,
      authHeader: auth,
      timeoutMs: TIMEOUT_MS,
    },
    ...overrides,
  };
}

function settings(
  overrides: Partial<BotConfigInput> = {},
  extra: Partial<BotLookupSettings> = {},
): BotLookupSettings {
  return {
    bot: parseBotConfig(botInput(overrides)),
    secrets: SECRETS,
    model: {
      baseUrl: chatModelBaseUrl,
      apiKeyEnv: 'ACME_MODEL_KEY',
      model: 'gpt-4o-mini',
      timeoutMs: TIMEOUT_MS,
    },
    ...extra,
  };
}

function lookups(overrides: Partial<BotConfigInput> = {}, extra: Partial<BotLookupSettings> = {}) {
  return createBotLookups(settings(overrides, extra), { fetch });
}

function orderLookupOf(clients: BotLookupClients) {
  const lookup = clients.forCustomer(CUSTOMER).orderLookup;
  if (lookup === undefined) throw new Error('expected an order lookup');
  return lookup;
}

function resetOf(clients: BotLookupClients, phone = CUSTOMER) {
  const reset = clients.forCustomer(phone).resetPassword;
  if (reset === undefined) throw new Error('expected a password reset');
  return reset;
}

function classifierOf(clients: BotLookupClients) {
  if (clients.classifyWithModel === undefined) throw new Error('expected a model call');
  return clients.classifyWithModel;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Secrets and the customer's phone never appear in what the bot (and its transcript) sees. */
function expectNothingSecretIn(value: unknown) {
  const text = JSON.stringify(value);
  expect(text).not.toContain(SHOP_SECRET);
  expect(text).not.toContain(MODEL_KEY);
  expect(text).not.toContain(CUSTOMER);
}

describe('order lookup', () => {
  it("answers a found order with the shop's status, ETA and tracking, after one authenticated GET", async () => {
    shop().setOrder('12345678', {
      status: 'Shipped',
      eta: '2026-03-12',
      trackingNumber: '1Z999AA1',
      trackingUrl: 'https://trk.example/1Z999AA1',
    });
    const result = await orderLookupOf(lookups())('12345678');
    expect(result).toEqual({
      kind: 'found',
      status: 'Shipped',
      eta: '2026-03-12',
      trackingNumber: '1Z999AA1',
      trackingUrl: 'https://trk.example/1Z999AA1',
    });
    expect(shop().calls()).toEqual([
      expect.objectContaining({ route: 'order_lookup', orderNumber: '12345678', status: 200 }),
    ]);
  });

  it('URL-encodes the order number into the template', async () => {
    shop().setOrder('AB/12 345', { status: 'Packed' });
    const result = await orderLookupOf(lookups())('AB/12 345');
    expect(result).toMatchObject({ kind: 'found', status: 'Packed' });
  });

  it('answers not_found when the shop answers 404', async () => {
    expect(await orderLookupOf(lookups())('99999999')).toEqual({ kind: 'not_found' });
  });

  it('answers timeout within the configured time when the shop is slow', async () => {
    shop().setOrder('12345678', { status: 'Shipped' });
    shop().injectFault({ kind: 'delay', ms: 3000, count: 1 });
    const started = performance.now();
    const result = await orderLookupOf(lookups())('12345678');
    const elapsed = performance.now() - started;
    expect(result).toEqual({ kind: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(elapsed).toBeLessThan(1500);
  });

  it('answers error for a 500, a body that is not JSON, and a body without a status', async () => {
    shop().setOrder('12345678', { status: 'Shipped' });
    const lookup = orderLookupOf(lookups());
    shop().injectFault({ kind: 'server_error', count: 1 });
    expect(await lookup('12345678')).toEqual({ kind: 'error', detail: 'HTTP 500' });
    shop().injectFault({ kind: 'malformed_json', count: 1 });
    expect(await lookup('12345678')).toEqual({ kind: 'error', detail: 'body is not JSON' });
    // And once the fault is spent, the same lookup works again.
    expect(await lookup('12345678')).toMatchObject({ kind: 'found', status: 'Shipped' });
  });

  it('refuses an answer over 64 KB and accepts one just under it', async () => {
    shop().setOrder('12345678', { status: 'Shipped' });
    const lookup = orderLookupOf(lookups());
    shop().injectFault({ kind: 'oversized_body', bytes: 5 * 1024 * 1024, count: 1 });
    const refused = await lookup('12345678');
    expect(refused).toEqual({ kind: 'error', detail: 'response over 64 KB refused' });
    shop().injectFault({ kind: 'oversized_body', bytes: 60 * 1024, count: 1 });
    expect(await lookup('12345678')).toMatchObject({ kind: 'found', status: 'Shipped' });
  });

  it('stops reading a streamed answer (no Content-Length) once it passes 64 KB', async () => {
    let chunksPulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunksPulled += 1;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    const clients = createBotLookups(settings(), {
      fetch: () => Promise.resolve(new Response(endless, { status: 200 })),
    });
    const result = await orderLookupOf(clients)('12345678');
    expect(result).toEqual({ kind: 'error', detail: 'response over 64 KB refused' });
    expect(chunksPulled).toBeLessThan(10);
  });

  it('answers error HTTP 401 with a wrong secret, or without the auth header', async () => {
    shop().setOrder('12345678', { status: 'Shipped' });
    const wrongSecret = lookups({}, { secrets: { ...SECRETS, ACME_SHOP_TOKEN: 'not-it' } });
    expect(await orderLookupOf(wrongSecret)('12345678')).toEqual({
      kind: 'error',
      detail: 'HTTP 401',
    });
    const noHeader = lookups({
      orderLookup: { urlTemplate: `${shopBaseUrl}/orders/{orderNumber}`, timeoutMs: TIMEOUT_MS },
    });
    expect(await orderLookupOf(noHeader)('12345678')).toEqual({
      kind: 'error',
      detail: 'HTTP 401',
    });
    expect(
      shop()
        .calls()
        .map((call) => call.status),
    ).toEqual([401, 401]);
  });

  it('answers error with a short reason, free of the URL and secrets, when nobody listens', async () => {
    const port = await closedPort();
    const clients = lookups({
      orderLookup: {
        urlTemplate: `http://127.0.0.1:${port}/orders/{orderNumber}?key=${SHOP_SECRET}`,
        authHeader: { name: 'X-Shop-Key', env: 'ACME_SHOP_TOKEN', prefix: 'Token ' },
        timeoutMs: TIMEOUT_MS,
      },
    });
    const result = await orderLookupOf(clients)('12345678');
    expect(result).toEqual({ kind: 'error', detail: 'connection failed (ECONNREFUSED)' });
    expectNothingSecretIn(result);
  });

  it('times out even when the injected fetch ignores the abort signal', async () => {
    const clients = createBotLookups(settings(), {
      fetch: () => new Promise<Response>(() => undefined),
    });
    const started = performance.now();
    expect(await orderLookupOf(clients)('12345678')).toEqual({ kind: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('is absent when the workspace has no orderLookup', () => {
    const clients = lookups({ orderLookup: undefined });
    expect(clients.forCustomer(CUSTOMER).orderLookup).toBeUndefined();
  });
});

describe('password reset endpoint', () => {
  it("POSTs the customer's phone and answers sent when the shop accepts (202)", async () => {
    expect(await resetOf(lookups())()).toEqual({ kind: 'sent' });
    expect(shop().passwordResetsSent()).toEqual([CUSTOMER]);
  });

  it('answers not_found when the shop knows no account for the phone (404)', async () => {
    expect(await resetOf(lookups(), '+14155550999')()).toEqual({ kind: 'not_found' });
    expect(shop().passwordResetsSent()).toEqual([]);
  });

  it('answers error for a 500 and for a wrong secret, timeout for a slow shop', async () => {
    shop().injectFault({ kind: 'server_error', count: 1 });
    const result = await resetOf(lookups())();
    expect(result).toEqual({ kind: 'error', detail: 'HTTP 500' });
    expectNothingSecretIn(result);
    const wrongSecret = lookups({}, { secrets: { ...SECRETS, ACME_SHOP_TOKEN: 'not-it' } });
    expect(await resetOf(wrongSecret)()).toEqual({ kind: 'error', detail: 'HTTP 401' });
    shop().injectFault({ kind: 'delay', ms: 3000, count: 1 });
    expect(await resetOf(lookups())()).toEqual({ kind: 'timeout' });
    expect(shop().passwordResetsSent()).toEqual([]);
  });

  it('keeps each customer to their own phone', async () => {
    shop().addAccount('+14155550124');
    const clients = lookups();
    await Promise.all([resetOf(clients, CUSTOMER)(), resetOf(clients, '+14155550124')()]);
    expect([...shop().passwordResetsSent()].sort()).toEqual([CUSTOMER, '+14155550124']);
  });

  it('is absent in link mode, and refuses a phone that is not E.164', () => {
    const linkMode = lookups({
      passwordReset: { mode: 'link', url: 'https://acme.example/reset' },
    });
    expect(linkMode.forCustomer(CUSTOMER).resetPassword).toBeUndefined();
    expect(() => lookups().forCustomer('415-555-0123')).toThrow(/E\.164/);
  });
});

describe('secrets', () => {
  it('throws at creation, naming the variable, when a referenced secret is missing', () => {
    expect(() => lookups({}, { secrets: { ACME_MODEL_KEY: MODEL_KEY } })).toThrow(
      /orderLookup\.authHeader names the environment variable ACME_SHOP_TOKEN/,
    );
    expect(() => lookups({}, { secrets: { ACME_SHOP_TOKEN: SHOP_SECRET } })).toThrow(
      /model\.apiKey names the environment variable ACME_MODEL_KEY/,
    );
  });

  it('throws when a secret would break the header, without quoting it', () => {
    const create = () =>
      lookups({}, { secrets: { ...SECRETS, ACME_SHOP_TOKEN: 'abc\r\nX-Evil: 1' } });
    expect(create).toThrow(/ACME_SHOP_TOKEN/);
    expect(create).not.toThrow(/X-Evil/);
  });

  it('needs no secret for a workspace without auth headers or model', () => {
    const clients = lookups(
      {
        orderLookup: { urlTemplate: `${shopBaseUrl}/orders/{orderNumber}` },
        passwordReset: { mode: 'link', url: 'https://acme.example/reset' },
      },
      { secrets: {}, model: undefined },
    );
    expect(clients.classifyWithModel).toBeUndefined();
    expect(clients.forCustomer(CUSTOMER).orderLookup).toBeDefined();
  });
});

describe('model classification', () => {
  it('sends the intent list and the text in JSON mode and returns a valid answer', async () => {
    chatModel().answerNext({ intent: 'order_status', confidence: 0.92 });
    const answer = await classifierOf(lookups())(MODEL_INTENT_OPTIONS, 'wheres my package');
    expect(parseModelAnswer(answer)).toEqual({ ok: true, intent: 'order_status', score: 0.92 });

    const [request] = chatModel().requests();
    expect(request?.authorized).toBe(true);
    expect(request?.request).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0,
      responseFormat: 'json_object',
    });
    expect(request?.userText).toBe('wheres my package');
    for (const option of MODEL_INTENT_OPTIONS) {
      expect(request?.systemText).toContain(`- ${option.name}: ${option.description}`);
    }
  });

  it('hands back a wrong-shaped or non-JSON answer, which the bot rejects', async () => {
    const classify = classifierOf(lookups());
    chatModel().injectFault({ kind: 'wrong_shape', count: 1 });
    expect(parseModelAnswer(await classify(MODEL_INTENT_OPTIONS, 'hi')).ok).toBe(false);
    chatModel().injectFault({ kind: 'non_json_content', count: 1 });
    expect(parseModelAnswer(await classify(MODEL_INTENT_OPTIONS, 'hi'))).toEqual({
      ok: false,
      problem: 'not JSON',
    });
  });

  it('rejects with a timeout within the configured time when the model is slow', async () => {
    chatModel().answerNext({ intent: 'billing', confidence: 0.9 });
    chatModel().injectFault({ kind: 'delay', ms: 3000, count: 1 });
    const started = performance.now();
    const error = await classifierOf(lookups())(MODEL_INTENT_OPTIONS, 'refund').catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('rejects with an error for a 500 and for a wrong key, never quoting the key', async () => {
    chatModel().injectFault({ kind: 'server_error', count: 1 });
    await expect(classifierOf(lookups())(MODEL_INTENT_OPTIONS, 'refund')).rejects.toMatchObject({
      kind: 'error',
      message: 'model call failed: HTTP 500',
    });
    const wrongKey = lookups({}, { secrets: { ...SECRETS, ACME_MODEL_KEY: 'sk-not-it' } });
    const error = await classifierOf(wrongKey)(MODEL_INTENT_OPTIONS, 'refund').catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ kind: 'error', message: 'model call failed: HTTP 401' });
    expectNothingSecretIn((error as Error).message);
  });

  it('adds /chat/completions to a base URL given with a trailing slash', async () => {
    chatModel().answerNext({ intent: 'thanks', confidence: 0.99 });
    const clients = lookups(
      {},
      {
        model: {
          baseUrl: `${chatModelBaseUrl}/`,
          apiKeyEnv: 'ACME_MODEL_KEY',
          model: 'gpt-4o-mini',
          timeoutMs: TIMEOUT_MS,
        },
      },
    );
    expect(parseModelAnswer(await classifierOf(clients)(MODEL_INTENT_OPTIONS, 'thx')).ok).toBe(
      true,
    );
  });
});

describe('with the bot', () => {
  it('sends the model the redacted text, and the bot acts on its answer', async () => {
    const clients = lookups();
    const bot = await createBot(botInput(), { classifyWithModel: classifierOf(clients) });
    // An answer the local classifier would never give for this text shows the model decided.
    chatModel().answerNext({ intent: 'hours_location', confidence: 0.95 });
    const result = await bot.step(null, 'I was charged twice on my card 4111 1111 1111 1111', {
      now: new Date('2026-03-09T15:00:00Z'),
      lookups: clients.forCustomer(CUSTOMER),
    });
    expect(result.intent).toBe('hours_location');
    const [request] = chatModel().requests();
    expect(request?.userText).toContain('I was charged twice on my card');
    expect(request?.userText).not.toMatch(/4111|1111/);
  });

  it('falls back to the local classifier when the model times out or answers nonsense', async () => {
    const clients = lookups();
    const bot = await createBot(botInput(), { classifyWithModel: classifierOf(clients) });
    const context = {
      now: new Date('2026-03-09T15:00:00Z'),
      lookups: clients.forCustomer(CUSTOMER),
    };
    chatModel().injectFault({ kind: 'delay', ms: 3000, count: 1 });
    const slow = await bot.step(null, 'I forgot my password', context);
    expect(slow.intent).toBe('password_reset');
    chatModel().injectFault({ kind: 'wrong_shape', count: 1 });
    const nonsense = await bot.step(null, 'I forgot my password', context);
    expect(nonsense.intent).toBe('password_reset');
    expect(
      chatModel()
        .requests()
        .map((request) => request.fault),
    ).toEqual(['delay', 'wrong_shape']);
    // Both times the endpoint reset the password for this customer.
    expect(shop().passwordResetsSent()).toEqual([CUSTOMER, CUSTOMER]);
  });

  it("answers an order question with the shop's status through the lookups", async () => {
    shop().setOrder('12345678', { status: 'Shipped' });
    const clients = lookups({}, { model: undefined });
    const bot = await createBot(botInput());
    const result = await bot.step(null, 'where is my order 12345678', {
      now: new Date('2026-03-09T15:00:00Z'),
      lookups: clients.forCustomer(CUSTOMER),
    });
    expect(result.replies.join(' ')).toContain('Order 12345678: Shipped.');
    expect(result.outcome).toBe('resolved');
    expect(
      shop()
        .calls()
        .filter((call) => call.route === 'order_lookup'),
    ).toHaveLength(1);
  });
});
