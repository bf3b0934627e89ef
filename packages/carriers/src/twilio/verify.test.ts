// X-Twilio-Signature checks (carriers.md §1.4): the reference vector, every field, the exact URL.
import { describe, expect, it } from 'vitest';
import { createTwilioAdapter } from './index.ts';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  formRequest,
  inboundFields,
  signForm,
  SMS_URL,
} from './test-support.ts';

const adapter = createTwilioAdapter({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }, { fetch });

describe('verifyWebhook', () => {
  it('accepts the twilio-node reference vector', () => {
    const vectorAdapter = createTwilioAdapter(
      { accountSid: ACCOUNT_SID, authToken: '12345' },
      { fetch },
    );
    const request = formRequest(
      [
        ['CallSid', 'CA1234567890ABCDE'],
        ['Caller', '+14158675309'],
        ['Digits', '1234'],
        ['From', '+14158675309'],
        ['To', '+18005551212'],
      ],
      {
        url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
        signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
      },
    );
    expect(vectorAdapter.verifyWebhook(request)).toEqual({ ok: true });
    expect(adapter.verifyWebhook(request)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('accepts a webhook signed over the public URL and all its fields', () => {
    expect(adapter.verifyWebhook(formRequest(inboundFields()))).toEqual({ ok: true });
  });

  it('rejects a missing or empty signature header as missing', () => {
    expect(adapter.verifyWebhook(formRequest(inboundFields(), { signature: null }))).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(adapter.verifyWebhook(formRequest(inboundFields(), { signature: '' }))).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
  });

  it('rejects a signature made with another token (e.g. the parent account of a sub-account)', () => {
    expect(adapter.verifyWebhook(formRequest(inboundFields(), { token: 'other' }))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('rejects when the URL the relay rebuilt differs from the one signed', () => {
    const request = formRequest(inboundFields());
    for (const publicUrl of [
      'http://relay.example.com/twilio/sms?workspace=acme',
      'https://relay.example.com/twilio/sms',
      'https://relay.example.com/twilio/sms?workspace=acme&x=1',
      'https://relay.example.com/twilio/SMS?workspace=acme',
    ]) {
      expect(adapter.verifyWebhook({ ...request, publicUrl })).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    }
  });

  it('accepts the URL with or without the default port, as the library does', () => {
    const request = formRequest(inboundFields());
    const withPort = 'https://relay.example.com:443/twilio/sms?workspace=acme';
    expect(adapter.verifyWebhook({ ...request, publicUrl: withPort })).toEqual({ ok: true });
  });

  it('ignores a #connection-override fragment in the configured URL (§1.3)', () => {
    const request = formRequest(inboundFields());
    expect(adapter.verifyWebhook({ ...request, publicUrl: `${SMS_URL}#rc=2&rt=5000` })).toEqual({
      ok: true,
    });
  });

  it('signs values untrimmed: a body with spaces only verifies against its own signature', () => {
    const spaced = inboundFields({ Body: '  stop  ' });
    const request = formRequest(spaced);
    expect(adapter.verifyWebhook(request)).toEqual({ ok: true });
    const trimmedSignature = signForm(AUTH_TOKEN, SMS_URL, inboundFields({ Body: 'stop' }));
    expect(
      adapter.verifyWebhook({
        ...request,
        headers: { ...request.headers, 'x-twilio-signature': trimmedSignature },
      }),
    ).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('handles repeated names the way twilio-node does (values sorted, duplicates once)', () => {
    const fields: [string, string][] = [
      ['Tag', 'b'],
      ['Tag', 'a'],
      ['Tag', 'b'],
      ['MessageSid', 'SM1'],
    ];
    expect(adapter.verifyWebhook(formRequest(fields))).toEqual({ ok: true });
  });

  it('accepts a charset parameter on the content type', () => {
    const request = formRequest(inboundFields(), {
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    });
    expect(adapter.verifyWebhook(request)).toEqual({ ok: true });
  });

  it.each([['application/json'], ['text/plain'], ['multipart/form-data; boundary=x'], ['']])(
    'refuses content type %j as unsupported',
    (contentType) => {
      const request = formRequest(inboundFields(), { contentType });
      expect(adapter.verifyWebhook(request)).toEqual({
        ok: false,
        reason: 'unsupported_media_type',
      });
    },
  );

  it.each([
    ['invalid UTF-8', Buffer.from([0x42, 0x6f, 0x64, 0x79, 0x3d, 0xff])],
    ['broken percent-encoding', Buffer.from('Body=%E0%A4%A&From=x')],
    ['an encoded lone surrogate', Buffer.from('Body=%ED%A0%80')],
  ])('refuses a body with %s as malformed', (_name, rawBody) => {
    const request = { ...formRequest(inboundFields()), rawBody };
    expect(adapter.verifyWebhook(request)).toEqual({ ok: false, reason: 'malformed_body' });
  });

  it('treats __proto__ and constructor as ordinary fields', () => {
    const fields: [string, string][] = [
      ['__proto__', 'x'],
      ['constructor', 'y'],
      ['Body', 'hi'],
    ];
    expect(adapter.verifyWebhook(formRequest(fields))).toEqual({ ok: true });
  });

  it('never throws on requests that are not requests', () => {
    for (const odd of [null, undefined, 42, 'request', {}, { headers: null }]) {
      expect(adapter.verifyWebhook(odd as never).ok).toBe(false);
    }
  });
});
