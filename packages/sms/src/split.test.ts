import { describe, expect, it } from 'vitest';
import { splitSms } from './split.ts';

describe('splitSms', () => {
  it('returns one segment for a short message and for the empty string', () => {
    expect(splitSms('Your code is 123456')).toEqual(['Your code is 123456']);
    expect(splitSms('')).toEqual(['']);
  });

  it('splits GSM-7 text into 153-septet parts', () => {
    const text = 'x'.repeat(400);
    expect(splitSms(text).map((segment) => segment.length)).toEqual([153, 153, 94]);
  });

  it('splits UCS-2 text into 67-unit parts and joins back to the input', () => {
    const text = 'Merci pour votre message ! Nous revenons vers vous très vite 🙏 '.repeat(3);
    const segments = splitSms(text);
    expect(segments.join('')).toBe(text);
    expect(segments.every((segment) => segment.length <= 67)).toBe(true);
    expect(segments).toHaveLength(3);
  });

  it('moves an emoji whole to the next part rather than splitting its surrogate pair', () => {
    const text = 'a'.repeat(66) + '😀' + 'b'.repeat(10);
    expect(splitSms(text)).toEqual(['a'.repeat(66), '😀' + 'b'.repeat(10)]);
  });

  it('moves a flag whole to the next part', () => {
    const text = 'a'.repeat(65) + '🇮🇹' + 'b'.repeat(10);
    expect(splitSms(text)).toEqual(['a'.repeat(65), '🇮🇹' + 'b'.repeat(10)]);
  });

  it('may cut between CR and LF, as the Twilio calculator does', () => {
    const text = '😀' + 'a'.repeat(64) + '\r\n' + 'b'.repeat(10);
    expect(splitSms(text)).toEqual(['😀' + 'a'.repeat(64) + '\r', '\n' + 'b'.repeat(10)]);
  });

  it('round-trips a body with lone surrogates', () => {
    const text = ('\ud83d' + 'é'.repeat(40) + '\ude00').repeat(3);
    expect(splitSms(text).join('')).toBe(text);
  });

  it('throws a TypeError for a non-string', () => {
    expect(() => splitSms(42 as unknown as string)).toThrow(TypeError);
  });
});
