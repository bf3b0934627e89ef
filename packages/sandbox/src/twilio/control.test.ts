// The /_sandbox/twilio HTTP controls the demo page uses: text in, inspect the phone, faults, callbacks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeForm } from './signature.ts';
import {
  BUSINESS_NUMBER,
  CUSTOMER_NUMBER,
  postMessage,
  startTwilioRig,
  type TwilioTestRig,
} from './test-harness.ts';

const SEND = { To: CUSTOMER_NUMBER, From: BUSINESS_NUMBER, Body: 'Thanks for waiting!' };

describe('Twilio sandbox controls', () => {
  let rig: TwilioTestRig;
  beforeEach(async () => {
    rig = await startTwilioRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  async function control(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${rig.controlUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  }

  it('POST /inbound texts the relay, media included, and returns its answer', async () => {
    const { status, json } = await control('POST', '/inbound', {
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: 'photo of the damage',
      media: [{ contentType: 'image/png', base64: Buffer.from('png-bytes').toString('base64') }],
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      status: 200,
      messageSid: expect.stringMatching(/^MM/) as unknown,
    });
    const fields = new Map(decodeForm(rig.received[0]?.rawBody.toString('utf8') ?? ''));
    expect(fields.get('Body')).toBe('photo of the damage');
    const media = await fetch(fields.get('MediaUrl0') ?? '', {
      headers: { authorization: rig.authorization },
    });
    expect(await media.text()).toBe('png-bytes');
  });

  it.each([
    ['no from', { to: BUSINESS_NUMBER, body: 'x' }],
    ['an unknown business number', { from: CUSTOMER_NUMBER, to: '+15550009999', body: 'x' }],
    [
      'media that is not an array',
      { from: CUSTOMER_NUMBER, to: BUSINESS_NUMBER, body: 'x', media: 'x' },
    ],
    [
      'media that is not base64',
      {
        from: CUSTOMER_NUMBER,
        to: BUSINESS_NUMBER,
        body: 'x',
        media: [{ contentType: 'image/png', base64: '%%' }],
      },
    ],
    ['an array body', []],
  ])('POST /inbound with %s is a 400 with a one-line reason', async (_name, body) => {
    const { status, json } = await control('POST', '/inbound', body);
    expect(status).toBe(400);
    expect((json as { error: string }).error).toMatch(/^[^\n]+$/);
    expect(rig.received).toEqual([]);
  });

  it('malformed JSON is a 400', async () => {
    const { status, json } = await control('POST', '/inbound', '{"from":');
    expect(status).toBe(400);
    expect(json).toEqual({ error: 'body is not valid JSON' });
  });

  it('POST /inbound answers 502 when the relay cannot be reached', async () => {
    const down = await startTwilioRig();
    await down.close();
    const unreachableRig = await startTwilioRig({
      numbers: [{ number: BUSINESS_NUMBER, smsUrl: `${down.appUrl}/twilio/sms` }],
    });
    try {
      const response = await fetch(`${unreachableRig.controlUrl}/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: CUSTOMER_NUMBER, to: BUSINESS_NUMBER, body: 'anyone there?' }),
      });
      expect(response.status).toBe(502);
    } finally {
      await unreachableRig.close();
    }
  });

  it('POST /inbound/:sid/replay re-delivers; an unknown sid is a 404', async () => {
    const { json } = await control('POST', '/inbound', {
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: 'x',
    });
    const sid = (json as { messageSid: string }).messageSid;
    expect((await control('POST', `/inbound/${sid}/replay`)).status).toBe(200);
    expect(rig.received).toHaveLength(2);
    expect((await control('POST', `/inbound/SM${'3'.repeat(32)}/replay`)).status).toBe(404);
  });

  it('GET /inbound lists what customers texted, oldest first, even when the relay refused it', async () => {
    await control('POST', '/inbound', {
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: 'hi 👋',
    });
    rig.answerWith({ status: 403, contentType: 'text/plain', body: 'forbidden' });
    await control('POST', '/inbound', {
      from: '+14155550199',
      to: BUSINESS_NUMBER,
      body: 'see photo',
      media: [{ contentType: 'image/jpeg', base64: Buffer.from('jpeg').toString('base64') }],
    });
    const { status, json } = await control('GET', '/inbound');
    expect(status).toBe(200);
    const { messages } = json as { messages: Record<string, unknown>[] };
    expect(messages.map(({ from, to, body, numMedia }) => ({ from, to, body, numMedia }))).toEqual([
      { from: CUSTOMER_NUMBER, to: BUSINESS_NUMBER, body: 'hi 👋', numMedia: 0 },
      { from: '+14155550199', to: BUSINESS_NUMBER, body: 'see photo', numMedia: 1 },
    ]);
    expect(messages[0]?.sid).toMatch(/^SM/);
    expect(Date.parse(String(messages[1]?.createdAt))).not.toBeNaN();
    await control('POST', '/reset');
    expect((await control('GET', '/inbound')).json).toEqual({ messages: [] });
  });

  it('GET /messages lists what the customer’s phone was sent', async () => {
    await postMessage(rig, SEND);
    const { json } = await control('GET', '/messages');
    expect(json).toMatchObject({
      messages: [{ to: CUSTOMER_NUMBER, body: SEND.Body, status: expect.any(String) as unknown }],
    });
  });

  it('POST /faults fails a number, DELETE /faults clears it', async () => {
    expect(
      (await control('POST', '/faults', { number: CUSTOMER_NUMBER, errorCode: 21610 })).status,
    ).toBe(204);
    expect((await postMessage(rig, SEND)).json.code).toBe(21610);
    expect((await control('DELETE', '/faults')).status).toBe(204);
    expect((await postMessage(rig, SEND)).status).toBe(201);
  });

  it('POST /faults validates its input', async () => {
    expect((await control('POST', '/faults', { number: 'nope', errorCode: 21610 })).status).toBe(
      400,
    );
    expect(
      (await control('POST', '/faults', { number: CUSTOMER_NUMBER, errorCode: 99 })).status,
    ).toBe(400);
  });

  it('POST /outage and DELETE /outage switch the Messages API outage', async () => {
    expect((await control('POST', '/outage', { status: 503, retryAfterSeconds: 2 })).status).toBe(
      204,
    );
    const during = await postMessage(rig, SEND);
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('2');
    expect((await control('DELETE', '/outage')).status).toBe(204);
    expect((await postMessage(rig, SEND)).status).toBe(201);
    expect((await control('POST', '/outage', { status: 418 })).status).toBe(400);
  });

  it('POST /messages/:sid/status posts a callback on demand, in any order', async () => {
    expect((await control('POST', '/callback-mode', { mode: 'manual' })).status).toBe(204);
    const { json } = await postMessage(rig, {
      ...SEND,
      StatusCallback: `${rig.appUrl}/twilio/status`,
    });
    const sid = String(json.sid);
    const emitted = await control('POST', `/messages/${sid}/status`, {
      status: 'undelivered',
      errorCode: 30006,
    });
    expect(emitted.status).toBe(200);
    expect(emitted.json).toMatchObject({
      delivery: { status: 'undelivered', errorCode: 30006, responseStatus: 200 },
    });
    const fields = new Map(decodeForm(rig.received[0]?.rawBody.toString('utf8') ?? ''));
    expect(fields.get('MessageStatus')).toBe('undelivered');
    expect(fields.get('ErrorCode')).toBe('30006');
    const { json: callbacks } = await control('GET', '/callbacks');
    expect(callbacks).toMatchObject({ pending: [{ status: 'sent' }, { status: 'delivered' }] });
  });

  it('POST /messages/:sid/status refuses unknown messages and statuses', async () => {
    expect(
      (await control('POST', `/messages/SM${'4'.repeat(32)}/status`, { status: 'sent' })).status,
    ).toBe(404);
    const { json } = await postMessage(rig, SEND);
    expect(
      (await control('POST', `/messages/${String(json.sid)}/status`, { status: 'lost' })).status,
    ).toBe(400);
    expect(
      (
        await control('POST', `/messages/${String(json.sid)}/status`, {
          status: 'sent',
          errorCode: '1',
        })
      ).status,
    ).toBe(400);
  });

  it('POST /callback-mode refuses unknown modes; GET /numbers lists the business numbers', async () => {
    expect((await control('POST', '/callback-mode', { mode: 'sometimes' })).status).toBe(400);
    expect((await control('GET', '/numbers')).json).toEqual({
      numbers: [{ number: BUSINESS_NUMBER, smsUrl: `${rig.appUrl}/twilio/sms` }],
    });
  });

  it('POST /reset forgets every message and fault', async () => {
    await postMessage(rig, SEND);
    await control('POST', '/faults', { number: CUSTOMER_NUMBER, errorCode: 21610 });
    expect((await control('POST', '/reset')).status).toBe(204);
    expect((await control('GET', '/messages')).json).toEqual({ messages: [] });
    expect((await postMessage(rig, SEND)).status).toBe(201);
  });
});
