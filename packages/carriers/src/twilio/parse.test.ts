// Parsing inbound messages (carriers.md §1.1) and status callbacks (§1.6) from verified webhooks.
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../carrier-adapter.ts';
import { createTwilioAdapter } from './index.ts';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BUSINESS,
  CUSTOMER,
  formRequest,
  inboundFields,
  MESSAGE_SID,
} from './test-support.ts';

const adapter = createTwilioAdapter({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }, { fetch });
const MEDIA_BASE = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}/Media`;

function reasonOf<T>(result: ParseResult<T>): string {
  if (result.ok) throw new Error('expected a parse error');
  return result.reason;
}

function mms(count: number, overrides: Record<string, string> = {}): [string, string][] {
  const media: Record<string, string> = {};
  for (let i = 0; i < count; i += 1) {
    media[`MediaUrl${i}`] = `${MEDIA_BASE}/ME${String(i).padStart(32, '0')}`;
    media[`MediaContentType${i}`] = 'image/jpeg';
  }
  return inboundFields({ NumMedia: String(count), Body: '', ...media, ...overrides });
}

describe('parseInbound', () => {
  it('parses a captured SMS payload', () => {
    expect(adapter.parseInbound(formRequest(inboundFields()))).toEqual({
      ok: true,
      value: {
        carrierMessageId: MESSAGE_SID,
        from: CUSTOMER,
        to: BUSINESS,
        body: 'Hi, where is my order?',
        media: [],
      },
    });
  });

  it('parses an MMS with three images in index order', () => {
    const result = adapter.parseInbound(formRequest(mms(3)));
    expect(result.ok && result.value.media.map((m) => m.url)).toEqual(
      [0, 1, 2].map((i) => `${MEDIA_BASE}/ME${String(i).padStart(32, '0')}`),
    );
    expect(result.ok && result.value.media.every((m) => m.contentType === 'image/jpeg')).toBe(true);
  });

  it('accepts ten media items and refuses eleven', () => {
    expect(adapter.parseInbound(formRequest(mms(10))).ok).toBe(true);
    expect(reasonOf(adapter.parseInbound(formRequest(mms(11))))).toMatch(/NumMedia is 11/);
  });

  it.each([
    ['a missing MediaUrl', () => mms(2).filter(([n]) => n !== 'MediaUrl1'), /MediaUrl1 is missing/],
    [
      'a missing MediaContentType',
      () => mms(2).filter(([n]) => n !== 'MediaContentType0'),
      /MediaContentType0 is missing/,
    ],
    [
      'a MediaUrl beyond NumMedia',
      () => mms(1, { MediaUrl1: `${MEDIA_BASE}/x` }),
      /MediaUrl1 is present but NumMedia is 1/,
    ],
    [
      'media with NumMedia 0',
      () => inboundFields({ MediaUrl0: `${MEDIA_BASE}/x` }),
      /present but NumMedia is 0/,
    ],
    [
      'a non-numeric NumMedia',
      () => inboundFields({ NumMedia: 'two' }),
      /NumMedia is not a number/,
    ],
    ['a negative NumMedia', () => inboundFields({ NumMedia: '-1' }), /NumMedia is not a number/],
    [
      'a MediaUrl that is not http(s)',
      () => mms(1, { MediaUrl0: 'file:///etc/passwd' }),
      /not an http\(s\) URL/,
    ],
    [
      'a content type that is not a media type',
      () => mms(1, { MediaContentType0: 'jpeg' }),
      /not a media type/,
    ],
  ])('refuses %s', (_name, fields, reason) => {
    expect(reasonOf(adapter.parseInbound(formRequest(fields())))).toMatch(reason);
  });

  it('accepts an MMS message SID and SIDs in upper-case hex', () => {
    const sid = `MM${'ABCDEF0123456789'.repeat(2)}`;
    const result = adapter.parseInbound(formRequest(inboundFields({ MessageSid: sid })));
    expect(result.ok && result.value.carrierMessageId).toBe(sid);
  });

  it.each([
    ['missing', null],
    ['too short', 'SM123'],
    ['another resource type', `MG${'0'.repeat(32)}`],
    ['not hex', `SM${'g'.repeat(32)}`],
    ['empty', ''],
  ])('refuses a MessageSid that is %s', (_name, sid) => {
    const fields =
      sid === null
        ? inboundFields().filter(([n]) => n !== 'MessageSid')
        : inboundFields({ MessageSid: sid });
    expect(reasonOf(adapter.parseInbound(formRequest(fields)))).toMatch(/MessageSid/);
  });

  it.each([
    ['4155550123'],
    ['+1 415 555 0123'],
    ['whatsapp:+14155550123'],
    ['+0123456789'],
    ['+1234567890123456'],
    [''],
  ])('refuses From %j, without repeating it in the reason', (from) => {
    const reason = reasonOf(adapter.parseInbound(formRequest(inboundFields({ From: from }))));
    expect(reason).toBe('From is not an E.164 number');
  });

  it('refuses a To that is not E.164', () => {
    expect(reasonOf(adapter.parseInbound(formRequest(inboundFields({ To: 'twilio' }))))).toMatch(
      /To is not/,
    );
  });

  it('keeps Body exactly as sent, with 1,600 characters (emoji count once) as the limit', () => {
    for (const body of [
      '',
      '  padded  ',
      'línea 1\r\nlínea 2',
      '😀'.repeat(1600),
      'x'.repeat(1600),
    ]) {
      const result = adapter.parseInbound(formRequest(inboundFields({ Body: body })));
      expect(result.ok && result.value.body).toBe(body);
    }
    for (const body of ['x'.repeat(1601), '😀'.repeat(1601), 'x'.repeat(10_000)]) {
      expect(reasonOf(adapter.parseInbound(formRequest(inboundFields({ Body: body }))))).toMatch(
        /longer than 1600/,
      );
    }
  });

  it('refuses a missing Body', () => {
    const fields = inboundFields().filter(([n]) => n !== 'Body');
    expect(reasonOf(adapter.parseInbound(formRequest(fields)))).toBe('Body is missing');
  });

  it('refuses a field it reads when it appears twice, rather than guess', () => {
    const fields: [string, string][] = [...inboundFields(), ['Body', 'second body']];
    expect(reasonOf(adapter.parseInbound(formRequest(fields)))).toBe('Body appears 2 times');
  });

  it('accepts unknown new parameters (§1.1 "Parameters may change")', () => {
    const fields: [string, string][] = [
      ...inboundFields(),
      ['AddOns', '{"status":"successful"}'],
      ['OptOutType', 'STOP'],
    ];
    expect(adapter.parseInbound(formRequest(fields)).ok).toBe(true);
  });

  it('answers the wrong content type or a broken body with a reason, never an exception', () => {
    expect(
      reasonOf(
        adapter.parseInbound(formRequest(inboundFields(), { contentType: 'application/json' })),
      ),
    ).toMatch(/x-www-form-urlencoded/);
    expect(
      reasonOf(
        adapter.parseInbound({ ...formRequest(inboundFields()), rawBody: Buffer.from([0xc3]) }),
      ),
    ).toMatch(/UTF-8/);
    expect(
      reasonOf(
        adapter.parseInbound({ ...formRequest(inboundFields()), rawBody: 'Body=x' as never }),
      ),
    ).toMatch(/Buffer/);
    expect(reasonOf(adapter.parseInbound(null as never))).toMatch(/not a webhook request/);
  });
});

describe('parseStatus', () => {
  function status(fields: Record<string, string>) {
    return adapter.parseStatus(
      formRequest(
        Object.entries({
          SmsSid: MESSAGE_SID,
          SmsStatus: fields.MessageStatus ?? 'sent',
          To: CUSTOMER,
          MessageSid: MESSAGE_SID,
          AccountSid: ACCOUNT_SID,
          From: BUSINESS,
          ApiVersion: '2010-04-01',
          ...fields,
        }),
        { url: 'https://relay.example.com/twilio/status' },
      ),
    );
  }

  it.each([
    ['queued', 'queued'],
    ['accepted', 'accepted'],
    ['scheduled', 'accepted'],
    ['sending', 'sending'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'delivered'],
    ['undelivered', 'undelivered'],
    ['partially_delivered', 'undelivered'],
    ['failed', 'failed'],
    ['canceled', 'failed'],
  ])('maps MessageStatus %s to %s', (twilioStatus, expected) => {
    expect(status({ MessageStatus: twilioStatus })).toEqual({
      ok: true,
      value: { carrierMessageId: MESSAGE_SID, status: expected },
    });
  });

  it('refuses inbound statuses and unknown ones, naming them', () => {
    expect(reasonOf(status({ MessageStatus: 'received' }))).toMatch(
      /'received' describes an inbound message/,
    );
    expect(reasonOf(status({ MessageStatus: 'receiving' }))).toMatch(/'receiving'/);
    expect(reasonOf(status({ MessageStatus: 'teleported' }))).toBe(
      "MessageStatus 'teleported' is not a known Twilio status",
    );
    expect(reasonOf(status({ MessageStatus: '<b>+14155550123</b>' }))).toBe(
      'MessageStatus an unrecognised value is not a known Twilio status',
    );
    expect(reasonOf(status({ MessageStatus: 'Delivered' }))).toMatch(/not a known/);
  });

  it('carries ErrorCode on failures', () => {
    expect(status({ MessageStatus: 'undelivered', ErrorCode: '30003' })).toEqual({
      ok: true,
      value: { carrierMessageId: MESSAGE_SID, status: 'undelivered', errorCode: '30003' },
    });
  });

  it('treats an empty ErrorCode as none and refuses a non-numeric one', () => {
    const empty = status({ MessageStatus: 'delivered', ErrorCode: '' });
    expect(empty.ok && 'errorCode' in empty.value).toBe(false);
    expect(reasonOf(status({ MessageStatus: 'failed', ErrorCode: 'oops' }))).toBe(
      'ErrorCode is not a number',
    );
  });

  it('refuses a callback without MessageStatus or MessageSid', () => {
    const noStatus = formRequest([
      ['MessageSid', MESSAGE_SID],
      ['SmsStatus', 'sent'],
    ]);
    expect(reasonOf(adapter.parseStatus(noStatus))).toBe('MessageStatus is missing');
    expect(reasonOf(adapter.parseStatus(formRequest([['MessageStatus', 'sent']])))).toBe(
      'MessageSid is missing',
    );
  });
});
