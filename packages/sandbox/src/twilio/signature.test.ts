// The stand-in signs exactly as Twilio does: reference vectors from carriers.md §1.4.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeForm, encodeForm, twilioSignature } from './signature.ts';

const URL_WITH_QUERY = 'https://mycompany.com/myapp.php?foo=1&bar=2';

describe('twilioSignature', () => {
  it('matches the twilio-node reference vector', () => {
    const fields: [string, string][] = [
      ['To', '+18005551212'],
      ['CallSid', 'CA1234567890ABCDE'],
      ['Digits', '1234'],
      ['Caller', '+14158675309'],
      ['From', '+14158675309'],
    ];
    expect(twilioSignature('12345', URL_WITH_QUERY, fields)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('matches the bodySHA256 vector, where only the URL is signed', () => {
    const url = `${URL_WITH_QUERY}&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620`;
    expect(twilioSignature('12345', url, [])).toBe('a9nBmqA0ju/hNViExpshrM61xv4=');
  });

  it('does not depend on the order the fields arrive in', () => {
    const a = twilioSignature('t', 'https://x.test/sms', [
      ['Body', 'hi'],
      ['From', '+1555'],
    ]);
    const b = twilioSignature('t', 'https://x.test/sms', [
      ['From', '+1555'],
      ['Body', 'hi'],
    ]);
    expect(a).toBe(b);
  });

  it('signs a repeated name once per distinct value, values sorted', () => {
    const expected = createHmac('sha1', 'token')
      .update('https://x.test/hookMediaUrlaMediaUrlb')
      .digest('base64');
    const fields: [string, string][] = [
      ['MediaUrl', 'b'],
      ['MediaUrl', 'a'],
      ['MediaUrl', 'b'],
    ];
    expect(twilioSignature('token', 'https://x.test/hook', fields)).toBe(expected);
  });

  it('changes when a value, the URL or the token changes', () => {
    const base = twilioSignature('t', 'https://x.test/sms', [['Body', 'hi']]);
    expect(twilioSignature('t', 'https://x.test/sms', [['Body', 'hi ']])).not.toBe(base);
    expect(twilioSignature('t', 'https://x.test/sms?a=1', [['Body', 'hi']])).not.toBe(base);
    expect(twilioSignature('u', 'https://x.test/sms', [['Body', 'hi']])).not.toBe(base);
  });

  it('signs empty values, emoji and 10,000-character values without trouble', () => {
    const long = 'a'.repeat(10_000);
    expect(twilioSignature('t', 'https://x.test/', [['Body', '']])).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(twilioSignature('t', 'https://x.test/', [['Body', '👍🏽 ok']])).toMatch(/=$/);
    expect(twilioSignature('t', 'https://x.test/', [['Body', long]])).toMatch(/=$/);
  });
});

describe('encodeForm / decodeForm', () => {
  it('round-trips spaces, plus signs, ampersands, equals signs, accents and emoji', () => {
    const fields: [string, string][] = [
      ['Body', 'a+b = c & d ¿qué? 🎉'],
      ['Empty', ''],
      ['Body', 'second'],
    ];
    expect(decodeForm(encodeForm(fields))).toEqual(fields);
  });

  it('keeps leading and trailing whitespace (Twilio signs untrimmed values, §1.4)', () => {
    expect(decodeForm(encodeForm([['Body', '  hi  ']]))).toEqual([['Body', '  hi  ']]);
  });
});
