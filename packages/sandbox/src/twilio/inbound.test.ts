// The customer's phone: inbound webhooks shaped and signed as in carriers.md §1.1 and §1.4, and replays (§1.3).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeForm, twilioSignature } from './signature.ts';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BUSINESS_NUMBER,
  CUSTOMER_NUMBER,
  startTwilioRig,
  type ReceivedRequest,
  type TwilioTestRig,
} from './test-harness.ts';

function fieldsOf(request: ReceivedRequest | undefined): Map<string, string> {
  return new Map(decodeForm(request?.rawBody.toString('utf8') ?? ''));
}

describe('sendInbound', () => {
  let rig: TwilioTestRig;
  beforeEach(async () => {
    rig = await startTwilioRig({ smsPath: '/twilio/sms?workspace=acme' });
  });
  afterEach(async () => {
    await rig.close();
  });

  it('posts a signed form to the number’s SMS URL and returns the app’s answer', async () => {
    const result = await rig.standIn.sendInbound({
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: 'Where is my order?',
    });
    expect(result.status).toBe(200);
    expect(result.contentType).toMatch(/^text\/xml/);
    expect(result.body).toContain('<Response></Response>');
    expect(result.messageSid).toMatch(/^SM[0-9a-f]{32}$/);

    const [request] = rig.received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/twilio/sms?workspace=acme');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const fields = decodeForm(request?.rawBody.toString('utf8') ?? '');
    expect(request?.headers['x-twilio-signature']).toBe(
      twilioSignature(AUTH_TOKEN, `${rig.appUrl}/twilio/sms?workspace=acme`, fields),
    );
  });

  it('carries the parameters Twilio sends for an SMS (§1.1)', async () => {
    const { messageSid } = await rig.standIn.sendInbound({
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: 'hi',
    });
    const fields = fieldsOf(rig.received[0]);
    expect(Object.fromEntries(fields)).toMatchObject({
      MessageSid: messageSid,
      SmsSid: messageSid,
      SmsMessageSid: messageSid,
      AccountSid: ACCOUNT_SID,
      From: CUSTOMER_NUMBER,
      To: BUSINESS_NUMBER,
      Body: 'hi',
      NumMedia: '0',
      NumSegments: '1',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
      FromCountry: 'US',
      ToCountry: 'US',
      FromCity: '',
    });
    expect([...fields.keys()].some((name) => name.startsWith('MediaUrl'))).toBe(false);
  });

  it('keeps the body byte for byte: spaces, +, &, =, accents, emoji, newlines', async () => {
    const body = '  Hola, ¿dónde está mi pedido #1234? a+b=c & 👍🏽\nthanks  ';
    await rig.standIn.sendInbound({ from: CUSTOMER_NUMBER, to: BUSINESS_NUMBER, body });
    expect(fieldsOf(rig.received[0]).get('Body')).toBe(body);
  });

  it('sends an MMS as MM… with NumMedia and 0-indexed MediaUrl/MediaContentType the app can download', async () => {
    const images = [0, 1, 2].map((n) => Buffer.from(`image-${n}`));
    const { messageSid } = await rig.standIn.sendInbound({
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: '',
      media: images.map((data) => ({ contentType: 'image/jpeg', data })),
    });
    expect(messageSid).toMatch(/^MM[0-9a-f]{32}$/);
    const fields = fieldsOf(rig.received[0]);
    expect(fields.get('NumMedia')).toBe('3');
    expect(fields.has('MediaUrl3')).toBe(false);
    for (const [index, image] of images.entries()) {
      expect(fields.get(`MediaContentType${index}`)).toBe('image/jpeg');
      const url = fields.get(`MediaUrl${index}`) ?? '';
      expect(url).toMatch(
        new RegExp(
          `^${rig.apiBaseUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${messageSid}/Media/ME[0-9a-f]{32}$`,
        ),
      );
      const response = await fetch(url, { headers: { authorization: rig.authorization } });
      expect(Buffer.from(await response.arrayBuffer())).toEqual(image);
    }
  });

  it('counts segments of a long inbound text', async () => {
    await rig.standIn.sendInbound({
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: 'a'.repeat(400),
    });
    expect(fieldsOf(rig.received[0]).get('NumSegments')).toBe('3');
  });

  it('truncates a body over 1,600 characters to 1,600, as Twilio does', async () => {
    await rig.standIn.sendInbound({
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: '🙂'.repeat(2000),
    });
    expect(Array.from(fieldsOf(rig.received[0]).get('Body') ?? '')).toHaveLength(1600);
  });

  it('uses the MessageSid it is given, and refuses to reuse one', async () => {
    const messageSid = `SM${'1'.repeat(32)}`;
    await rig.standIn.sendInbound({
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: 'a',
      messageSid,
    });
    expect(fieldsOf(rig.received[0]).get('MessageSid')).toBe(messageSid);
    await expect(
      rig.standIn.sendInbound({
        from: CUSTOMER_NUMBER,
        to: BUSINESS_NUMBER,
        body: 'b',
        messageSid,
      }),
    ).rejects.toThrow(/replayInbound/);
  });

  it('replayInbound posts the identical request again, signature included', async () => {
    const { messageSid } = await rig.standIn.sendInbound({
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: 'dup?',
    });
    await rig.standIn.replayInbound(messageSid);
    const [first, second] = rig.received;
    expect(second?.rawBody.equals(first?.rawBody ?? Buffer.alloc(0))).toBe(true);
    expect(second?.headers['x-twilio-signature']).toBe(first?.headers['x-twilio-signature']);
    await expect(rig.standIn.replayInbound(`SM${'2'.repeat(32)}`)).rejects.toThrow(
      /no inbound message/,
    );
  });

  it('returns whatever the app answered, e.g. a 403', async () => {
    rig.answerWith({ status: 403, contentType: 'text/plain', body: 'forbidden' });
    const result = await rig.standIn.sendInbound({
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: 'x',
    });
    expect(result).toMatchObject({ status: 403, body: 'forbidden' });
  });

  it('prepareInbound builds the same signed request without posting it', () => {
    const prepared = rig.standIn.prepareInbound({
      from: CUSTOMER_NUMBER,
      to: BUSINESS_NUMBER,
      body: 'later',
    });
    expect(rig.received).toEqual([]);
    expect(prepared.url).toBe(`${rig.appUrl}/twilio/sms?workspace=acme`);
    expect(decodeForm(prepared.rawBody.toString('utf8'))).toEqual(prepared.fields);
    expect(prepared.headers['x-twilio-signature']).toBe(
      rig.standIn.sign(prepared.url, prepared.fields),
    );
  });

  it.each([
    [
      'a number that is not the stand-in’s',
      { from: CUSTOMER_NUMBER, to: '+15550001111', body: 'x' },
      TypeError,
    ],
    [
      'a sender that is not E.164',
      { from: '4155550123', to: BUSINESS_NUMBER, body: 'x' },
      TypeError,
    ],
    [
      'a body that is not a string',
      { from: CUSTOMER_NUMBER, to: BUSINESS_NUMBER, body: 42 },
      TypeError,
    ],
    [
      'eleven media items',
      {
        from: CUSTOMER_NUMBER,
        to: BUSINESS_NUMBER,
        body: '',
        media: Array.from({ length: 11 }, () => ({
          contentType: 'image/png',
          data: Buffer.from('x'),
        })),
      },
      RangeError,
    ],
    [
      'a content type that is not type/subtype',
      {
        from: CUSTOMER_NUMBER,
        to: BUSINESS_NUMBER,
        body: '',
        media: [{ contentType: 'png', data: Buffer.from('x') }],
      },
      TypeError,
    ],
    [
      'a malformed MessageSid',
      { from: CUSTOMER_NUMBER, to: BUSINESS_NUMBER, body: 'x', messageSid: 'SM123' },
      TypeError,
    ],
  ])('refuses %s', async (_name, text, errorType) => {
    await expect(rig.standIn.sendInbound(text as never)).rejects.toThrow(errorType);
    expect(rig.received).toEqual([]);
  });
});
