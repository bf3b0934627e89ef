// Bearer parsing and the constant-time token gate of the app API.
import { describe, expect, it } from 'vitest';
import { createTokenGate, readCredentials } from './app-api-auth.ts';

const TOKEN = 'f3a9c2e17b4d8e06a5c1f9b2d7e4a8c3';
const raw = (...values: string[]) => values.flatMap((value) => ['Authorization', value]);

describe('readCredentials', () => {
  it('reads a bearer token, whatever the case of the scheme and the spaces around it', () => {
    for (const header of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `BEARER   ${TOKEN}  `]) {
      expect(readCredentials(raw(header))).toEqual({ kind: 'token', token: TOKEN });
    }
    expect(readCredentials(['authorization', 'Bearer abc+/._~-=='])).toEqual({
      kind: 'token',
      token: 'abc+/._~-==',
    });
  });

  it('treats no header, an empty one and other schemes as missing credentials', () => {
    expect(readCredentials([])).toEqual({ kind: 'missing' });
    expect(readCredentials(['Host', 'relay', 'Accept', '*/*'])).toEqual({ kind: 'missing' });
    for (const header of ['', '   ', `Basic ${TOKEN}`, TOKEN, `Bearer${TOKEN}`, `Token ${TOKEN}`]) {
      expect(readCredentials(raw(header)), header).toEqual({ kind: 'missing' });
    }
  });

  it('calls a bearer header without a usable token malformed', () => {
    for (const header of [
      'Bearer',
      'Bearer ',
      `Bearer ${TOKEN} ${TOKEN}`,
      `Bearer "${TOKEN}"`,
      `Bearer ${TOKEN},x`,
      'Bearer =abc',
      'Bearer \uD800',
      `Bearer ${'é'.repeat(10_000)}`,
    ]) {
      expect(readCredentials(raw(header)), header.slice(0, 20)).toEqual({ kind: 'malformed' });
    }
  });

  it('refuses two Authorization headers, even identical ones, in any case', () => {
    expect(readCredentials(raw(`Bearer ${TOKEN}`, `Bearer ${TOKEN}`))).toEqual({
      kind: 'duplicate',
    });
    expect(readCredentials(['authorization', `Bearer ${TOKEN}`, 'AUTHORIZATION', ''])).toEqual({
      kind: 'duplicate',
    });
  });

  it('handles a 10,000-character token without trouble', () => {
    const long = 'a'.repeat(10_000);
    expect(readCredentials(raw(`Bearer ${long}`))).toEqual({ kind: 'token', token: long });
  });
});

describe('createTokenGate', () => {
  const gate = createTokenGate([
    { id: 'acme', appApiToken: TOKEN },
    { id: 'globex', appApiToken: `${TOKEN}-globex` },
    { id: 'beta', appApiToken: undefined },
  ]);

  it('opens a workspace to its own token only', () => {
    expect(gate.opens('acme', TOKEN)).toBe(true);
    expect(gate.opens('globex', `${TOKEN}-globex`)).toBe(true);
    expect(gate.opens('acme', `${TOKEN}-globex`)).toBe(false);
    expect(gate.opens('globex', TOKEN)).toBe(false);
  });

  it('refuses near misses of every length', () => {
    for (const token of [
      `${TOKEN.slice(0, -1)}0`,
      TOKEN.toUpperCase(),
      TOKEN.slice(0, -1),
      `${TOKEN} `,
      '',
      'x'.repeat(10_000),
    ]) {
      expect(gate.opens('acme', token), token.slice(0, 40)).toBe(false);
    }
  });

  it('opens nothing for a workspace without a token or an unknown one, whatever is presented', () => {
    for (const token of ['', TOKEN, 'undefined', 'null']) {
      expect(gate.opens('beta', token)).toBe(false);
      expect(gate.opens('nosuch', token)).toBe(false);
      expect(gate.opens('', token)).toBe(false);
    }
  });
});
