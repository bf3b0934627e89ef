// The Messages API contract (carriers.md §1.5) over real HTTP: auth, validation, faults, outages, media.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BUSINESS_NUMBER,
  CUSTOMER_NUMBER,
  postMessage,
  startTwilioRig,
  type TwilioTestRig,
} from './test-harness.ts';

const SEND = { To: CUSTOMER_NUMBER, From: BUSINESS_NUMBER, Body: 'Your order has shipped.' };

describe('POST /2010-04-01/Accounts/{AccountSid}/Messages.json', () => {
  let rig: TwilioTestRig;
  beforeEach(async () => {
    rig = await startTwilioRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  it('accepts a send and returns the 201 message resource with status queued', async () => {
    const { status, json } = await postMessage(rig, SEND);
    expect(status).toBe(201);
    expect(json.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(json).toMatchObject({
      account_sid: ACCOUNT_SID,
      api_version: '2010-04-01',
      status: 'queued',
      direction: 'outbound-api',
      to: CUSTOMER_NUMBER,
      from: BUSINESS_NUMBER,
      body: SEND.Body,
      num_segments: '1',
      error_code: null,
    });
    expect(json.uri).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${String(json.sid)}.json`);
    expect(json.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(rig.standIn.outbox()).toMatchObject([
      { sid: json.sid, to: CUSTOMER_NUMBER, body: SEND.Body },
    ]);
  });

  it('gives every message its own SID', async () => {
    const first = await postMessage(rig, SEND);
    const second = await postMessage(rig, SEND);
    expect(first.json.sid).not.toBe(second.json.sid);
  });

  it.each([
    ['no credentials', null],
    ['a wrong token', `Basic ${Buffer.from(`${ACCOUNT_SID}:wrong`).toString('base64')}`],
    [
      'a token with a trailing space',
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN} `).toString('base64')}`,
    ],
    ['a bearer token', `Bearer ${AUTH_TOKEN}`],
    ['garbage', 'Basic !!!'],
  ])('answers 401 / 20003 to %s, and sends nothing', async (_name, authorization) => {
    const { status, json, headers } = await postMessage(rig, SEND, { authorization });
    expect(status).toBe(401);
    expect(json).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(rig.standIn.outbox()).toEqual([]);
  });

  it('answers 404 when the path names another account', async () => {
    const { status, json } = await postMessage(rig, SEND, { accountSid: `AC${'f'.repeat(32)}` });
    expect(status).toBe(404);
    expect(json.code).toBe(20404);
  });

  it.each([
    ['To is missing', { From: BUSINESS_NUMBER, Body: 'hi' }, 21604],
    ['To is not E.164', { ...SEND, To: '415-555-0123' }, 21211],
    ['From is missing', { To: CUSTOMER_NUMBER, Body: 'hi' }, 21603],
    ['From is not a number of the account', { ...SEND, From: '+15550000000' }, 21606],
    ['Body is missing', { To: CUSTOMER_NUMBER, From: BUSINESS_NUMBER }, 21602],
    ['Body is empty', { ...SEND, Body: '' }, 21602],
    ['Body is 1,601 characters', { ...SEND, Body: 'x'.repeat(1601) }, 21617],
    ['StatusCallback is not a URL', { ...SEND, StatusCallback: 'not a url' }, 21609],
    [
      'StatusCallback host has an underscore',
      { ...SEND, StatusCallback: 'https://my_host.test/s' },
      21609,
    ],
  ])('answers 400 when %s', async (_name, fields, code) => {
    const { status, json } = await postMessage(rig, fields);
    expect(status).toBe(400);
    expect(json).toMatchObject({
      code,
      status: 400,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
    });
    expect(typeof json.message).toBe('string');
    expect(rig.standIn.outbox()).toEqual([]);
  });

  it('accepts a body of exactly 1,600 characters, emoji counted as one', async () => {
    expect((await postMessage(rig, { ...SEND, Body: 'x'.repeat(1600) })).status).toBe(201);
    expect((await postMessage(rig, { ...SEND, Body: '😀'.repeat(1600) })).status).toBe(201);
  });

  it('reads only form bodies: a JSON body carries no To', async () => {
    const response = await fetch(
      `${rig.apiBaseUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
      {
        method: 'POST',
        headers: { authorization: rig.authorization, 'content-type': 'application/json' },
        body: JSON.stringify(SEND),
      },
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: number }).code).toBe(21604);
  });

  it('sends through a Messaging Service with the initial status accepted and num_segments 0', async () => {
    const { status, json } = await postMessage(rig, {
      To: CUSTOMER_NUMBER,
      MessagingServiceSid: `MG${'a'.repeat(32)}`,
      Body: 'hi',
    });
    expect(status).toBe(201);
    expect(json).toMatchObject({
      status: 'accepted',
      num_segments: '0',
      messaging_service_sid: `MG${'a'.repeat(32)}`,
    });
  });

  it('counts segments: 161 GSM characters are 2, 71 UCS-2 characters are 2', async () => {
    expect((await postMessage(rig, { ...SEND, Body: 'a'.repeat(161) })).json.num_segments).toBe(
      '2',
    );
    expect((await postMessage(rig, { ...SEND, Body: 'é'.repeat(160) })).json.num_segments).toBe(
      '1',
    );
    expect((await postMessage(rig, { ...SEND, Body: '“'.repeat(71) })).json.num_segments).toBe('2');
  });

  describe('faults', () => {
    it.each([21610, 21211, 21614])(
      'a number failed with %i is refused with HTTP 400 and that code',
      async (code) => {
        rig.standIn.failNumber(CUSTOMER_NUMBER, code);
        const { status, json } = await postMessage(rig, SEND);
        expect(status).toBe(400);
        expect(json).toMatchObject({ code, status: 400 });
        expect(rig.standIn.outbox()).toEqual([]);
      },
    );

    it('other numbers are unaffected, and clearFaults lifts the fault', async () => {
      rig.standIn.failNumber(CUSTOMER_NUMBER, 21610);
      expect((await postMessage(rig, { ...SEND, To: '+14155550199' })).status).toBe(201);
      rig.standIn.clearFaults();
      expect((await postMessage(rig, SEND)).status).toBe(201);
    });

    it('a 30xxx fault accepts the send (the failure comes later, in a callback)', async () => {
      rig.standIn.failNumber(CUSTOMER_NUMBER, 30003);
      const { status, json } = await postMessage(rig, SEND);
      expect(status).toBe(201);
      expect(json.status).toBe('queued');
    });

    it('rejects fault codes it cannot play and non-E.164 numbers', () => {
      expect(() => rig.standIn.failNumber(CUSTOMER_NUMBER, 11200)).toThrow(RangeError);
      expect(() => rig.standIn.failNumber('4155550123', 21610)).toThrow(TypeError);
      expect(() => rig.standIn.failNumber(CUSTOMER_NUMBER, '21610' as unknown as number)).toThrow(
        TypeError,
      );
    });

    it.each([
      [503, 20503],
      [500, 20500],
      [429, 20429],
    ] as const)(
      'an outage answers %i with Twilio error %i and Retry-After',
      async (httpStatus, code) => {
        rig.standIn.setOutage({ status: httpStatus, retryAfterSeconds: 7 });
        const { status, json, headers } = await postMessage(rig, SEND);
        expect(status).toBe(httpStatus);
        expect(json).toMatchObject({ code, status: httpStatus });
        expect(headers.get('retry-after')).toBe('7');
        expect(rig.standIn.outbox()).toEqual([]);
        rig.standIn.setOutage(null);
        expect((await postMessage(rig, SEND)).status).toBe(201);
      },
    );

    it('an outage without retryAfterSeconds sends no Retry-After', async () => {
      rig.standIn.setOutage({ status: 503 });
      const { headers } = await postMessage(rig, SEND);
      expect(headers.get('retry-after')).toBeNull();
    });

    it('refuses outage statuses it cannot play', () => {
      expect(() => rig.standIn.setOutage({ status: 404 as 500 })).toThrow(TypeError);
      expect(() => rig.standIn.setOutage({ status: 503, retryAfterSeconds: -1 })).toThrow(
        TypeError,
      );
    });
  });

  it('GET Messages/{sid}.json returns the resource as it is now', async () => {
    const { json } = await postMessage(rig, SEND);
    const response = await fetch(
      `${rig.apiBaseUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${String(json.sid)}.json`,
      { headers: { authorization: rig.authorization } },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sid: json.sid, body: SEND.Body });
    const missing = await fetch(
      `${rig.apiBaseUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/SM${'0'.repeat(32)}.json`,
      {
        headers: { authorization: rig.authorization },
      },
    );
    expect(missing.status).toBe(404);
  });

  it('answers unknown paths with a Twilio 404 body', async () => {
    const response = await fetch(`${rig.apiBaseUrl}/2010-04-01/Calls.json`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 20404, status: 404 });
  });
});

describe('media downloads', () => {
  let rig: TwilioTestRig;
  afterEach(async () => {
    await rig.close();
  });

  function mmsMediaUrl(): string {
    const prepared = rig.standIn.prepareInbound({
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: '',
      media: [{ contentType: 'image/png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) }],
    });
    const url = new Map(prepared.fields).get('MediaUrl0');
    if (!url) throw new Error('no MediaUrl0');
    return url;
  }

  it('needs basic auth by default and returns the bytes with their content type', async () => {
    rig = await startTwilioRig();
    const url = mmsMediaUrl();
    expect((await fetch(url)).status).toBe(401);
    const response = await fetch(url, { headers: { authorization: rig.authorization } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
    );
  });

  it('serves media without auth when the account does not protect it', async () => {
    rig = await startTwilioRig({ mediaRequiresAuth: false });
    const response = await fetch(mmsMediaUrl());
    expect(response.status).toBe(200);
  });

  it('answers 404 for a media SID under the wrong message', async () => {
    rig = await startTwilioRig();
    const url = mmsMediaUrl().replace(/Messages\/MM[0-9a-f]{32}/, `Messages/MM${'0'.repeat(32)}`);
    expect((await fetch(url, { headers: { authorization: rig.authorization } })).status).toBe(404);
  });
});
