// Forged, missing, malformed, oversized and duplicate webhooks: a clear 4xx and nothing stored.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeForm, signZendeskWebhook } from '@smsbridge/sandbox';
import { webhookUrls } from '@smsbridge/server';
import { BUSINESS_NUMBER, SECRETS, WORKSPACE, startStack, type Stack } from './stack.ts';
import { countRows } from './helpers.ts';

const CUSTOMER = '+14155550177';

describe('webhook security', () => {
  let stack: Stack;
  let urls: ReturnType<typeof webhookUrls>;
  beforeAll(async () => {
    stack = await startStack();
    urls = webhookUrls(stack.relayUrl, WORKSPACE);
  });
  afterAll(async () => {
    await stack.close();
  });
  let before: { messages: number; jobs: number; consent: number };
  beforeEach(async () => {
    before = {
      messages: await countRows(stack, 'messages'),
      jobs: await countRows(stack, 'jobs'),
      consent: await countRows(stack, 'consent_events'),
    };
  });
  const nothingStored = async () => {
    expect({
      messages: await countRows(stack, 'messages'),
      jobs: await countRows(stack, 'jobs'),
      consent: await countRows(stack, 'consent_events'),
    }).toEqual(before);
  };

  const post = (url: string, body: string | Buffer, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers });
  const inbound = (body = 'STOP') =>
    stack.sandbox.twilio.prepareInbound({ from: CUSTOMER, to: BUSINESS_NUMBER, body });

  it('accepts a correctly signed webhook (control case)', async () => {
    const webhook = inbound('hello');
    const response = await post(webhook.url, webhook.rawBody, webhook.headers);
    expect(response.status).toBe(200);
    expect(await countRows(stack, 'messages')).toBe(before.messages + 1);
  });

  it('refuses a missing signature with 403', async () => {
    const webhook = inbound();
    const { 'x-twilio-signature': _, 'X-Twilio-Signature': __, ...unsigned } = webhook.headers;
    const response = await post(webhook.url, webhook.rawBody, unsigned);
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/missing signature/);
    await nothingStored();
  });

  type Fields = [string, string][];
  const replaced = (fields: Fields, name: string, value: string): Fields =>
    fields.map(([key, old]) => [key, key === name ? value : old]);
  it.each([
    ['a forged signature', (fields: Fields) => ({ fields, signature: 'bm90IGEgc2lnbmF0dXJl' })],
    [
      'a tampered body',
      (fields: Fields) => ({ fields: replaced(fields, 'Body', 'START'), signature: undefined }),
    ],
    [
      'an added field',
      (fields: Fields) => ({ fields: [...fields, ['Extra', '1']] as Fields, signature: undefined }),
    ],
  ])('refuses %s with 403', async (_name, change) => {
    const webhook = inbound();
    const { fields, signature } = change(
      webhook.fields.map(([key, value]): [string, string] => [key, value]),
    );
    const headers = { ...webhook.headers };
    const key = Object.keys(headers).find((name) => name.toLowerCase() === 'x-twilio-signature')!;
    if (signature !== undefined) headers[key] = signature;
    const response = await post(webhook.url, encodeForm(fields), headers);
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/bad signature/);
    await nothingStored();
  });

  it('refuses a signature made for another URL (a guessed, not configured, public URL)', async () => {
    const webhook = inbound();
    const otherUrl = webhook.url.replace('127.0.0.1', 'localhost');
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': stack.sandbox.twilio.sign(otherUrl, webhook.fields),
    };
    const response = await post(webhook.url, webhook.rawBody, headers);
    expect(response.status).toBe(403);
    await nothingStored();
  });

  it('refuses a validly signed but malformed message with 400', async () => {
    const fields: [string, string][] = [
      ['MessageSid', 'not-a-sid'],
      ['From', 'nobody'],
      ['To', BUSINESS_NUMBER],
      ['Body', 'hi'],
      ['NumMedia', '0'],
    ];
    const response = await post(urls.smsInbound, encodeForm(fields), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': stack.sandbox.twilio.sign(urls.smsInbound, fields),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^malformed message: /);
    await nothingStored();
  });

  it('refuses a text to a number that is not this workspace’s with 400', async () => {
    const webhook = stack.sandbox.twilio.prepareInbound({
      from: CUSTOMER,
      to: BUSINESS_NUMBER,
      body: 'x',
    });
    const fields = replaced(
      webhook.fields.map(([key, value]): [string, string] => [key, value]),
      'To',
      '+14155559999',
    );
    const response = await post(urls.smsInbound, encodeForm(fields), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': stack.sandbox.twilio.sign(urls.smsInbound, fields),
    });
    expect(response.status).toBe(400);
    await nothingStored();
  });

  it('refuses an oversized body with 413 before reading it all', async () => {
    const response = await post(urls.smsInbound, Buffer.alloc(300_000, 0x61), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': 'irrelevant',
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/body too large \(limit 262144 bytes\)/);
    await nothingStored();
  });

  it('answers 404 for an unknown workspace, and nothing is stored', async () => {
    const response = await post(`${stack.relayUrl}/webhooks/nobody/sms/inbound`, 'a=b', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(404);
    await nothingStored();
  });

  it('refuses forged, stale and missing Zendesk webhook signatures', async () => {
    const body = JSON.stringify({
      type: 'zen:event-type:ticket.comment_added',
      detail: { id: '1' },
    });
    // Zendesk's timestamp is ISO 8601 (zendesk.md §3.2 headers).
    const iso = (offsetSeconds: number) =>
      new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const signed = (timestamp: string, secret = SECRETS.ACME_ZENDESK_WEBHOOK_SECRET) => ({
      'content-type': 'application/json',
      'x-zendesk-webhook-signature-timestamp': timestamp,
      'x-zendesk-webhook-signature': signZendeskWebhook(secret, timestamp, Buffer.from(body)),
    });
    expect((await post(urls.helpdesk, body, { 'content-type': 'application/json' })).status).toBe(
      403,
    );
    expect((await post(urls.helpdesk, body, signed(iso(0), 'wrong-secret'))).status).toBe(403);
    expect((await post(urls.helpdesk, body, signed(iso(-600)))).status).toBe(403);
    const tampered = signed(iso(0));
    expect((await post(urls.helpdesk, body.replace('"1"', '"2"'), tampered)).status).toBe(403);
    await nothingStored();
  });

  it('refuses a signed Zendesk webhook that is not an event it knows with 400', async () => {
    const body = '{"not":"an event"';
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const response = await post(urls.helpdesk, body, {
      'content-type': 'application/json',
      'x-zendesk-webhook-signature-timestamp': timestamp,
      'x-zendesk-webhook-signature': signZendeskWebhook(
        SECRETS.ACME_ZENDESK_WEBHOOK_SECRET,
        timestamp,
        Buffer.from(body),
      ),
    });
    expect(response.status).toBe(400);
    await nothingStored();
  });
});
