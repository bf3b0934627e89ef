// @vitest-environment happy-dom
// The host protocol against the ZAF SDK's own Client (zendesk_app_framework_sdk lib/client.js), over postMessage-like hops.
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createZafHost, type ZafHost, type ZafWorkspace } from './protocol.ts';

interface SdkClient {
  ready: boolean;
  on(name: string, handler: (...args: never[]) => unknown): void;
  off(name: string, handler: (...args: never[]) => unknown): void;
  trigger(name: string, data?: unknown): void;
  get(path: string | string[]): Promise<Record<string, unknown>>;
  set(path: string, value: unknown): Promise<Record<string, unknown>>;
  invoke(name: string, ...args: unknown[]): Promise<Record<string, unknown>>;
  request(options: unknown): Promise<unknown>;
  context(): Promise<Record<string, unknown>>;
  metadata(): Promise<Record<string, unknown>>;
}

// The SDK is CommonJS and reads `window` when loaded, so it is required inside the happy-dom window.
const Client = createRequire(import.meta.url)('zendesk_app_framework_sdk/lib/client.js') as new (
  options: Record<string, unknown>,
) => SdkClient;

const ORIGIN = 'https://acme.zendesk.com';
const GUID = 'a1b2c3d4-guid';

/** A postMessage hop: asynchronous and structured-cloned, as between frames. */
const hop = (deliver: () => void) => setTimeout(deliver, 0);

let composer: string;
let invoked: { name: string; args: readonly unknown[] }[];
let host: ZafHost;
let client: SdkClient;

const workspace: ZafWorkspace = {
  get(path) {
    if (path === 'comment.text') return { value: composer };
    if (path === 'ticket.id') return { value: 42 };
    if (path === 'ticket.requester.name') return { value: 'Dana Customer' };
    return undefined;
  },
  set(path, value) {
    if (path !== 'comment.text') return `"${path}" cannot be set`;
    composer = String(value);
    return undefined;
  },
  invoke(name, args) {
    if (name !== 'resize' && name !== 'comment.appendText') return `no action ${name}`;
    invoked.push({ name, args });
    return undefined;
  },
  request(options) {
    if (options.url.endsWith('/missing')) {
      return Promise.resolve({
        status: 404,
        statusText: 'Not Found',
        responseText: '{"error":"no SMS conversation"}',
        contentType: 'application/json',
      });
    }
    return Promise.resolve({
      status: 200,
      statusText: 'OK',
      responseText: JSON.stringify({ echo: options.headers }),
      contentType: 'application/json; charset=utf-8',
    });
  },
};

beforeEach(async () => {
  composer = '';
  invoked = [];
  const parent = {
    postMessage(message: unknown, targetOrigin: string) {
      expect(targetOrigin).toBe(ORIGIN); // the SDK posts to the origin from its URL
      const clone: unknown = structuredClone(message);
      hop(() => host.receive(clone));
    },
  };
  host = createZafHost({
    appGuid: GUID,
    post: (message) => {
      const data: unknown = structuredClone(message);
      hop(() =>
        (globalThis as unknown as EventTarget).dispatchEvent(
          new MessageEvent('message', { data, origin: ORIGIN, source: parent as never }),
        ),
      );
    },
    workspace,
    registration: () => ({
      metadata: { appId: 1, installationId: 2, settings: { relay_url: 'https://relay' } },
      context: { product: 'support', location: 'ticket_sidebar', ticketId: 42 },
    }),
  });
  client = new Client({ origin: ORIGIN, appGuid: GUID, source: parent });
  await client.context();
});

afterEach(() => {
  vi.useRealTimers();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the ZAF host protocol, spoken with the SDK', () => {
  it('answers the handshake with app.registered: context and metadata without secure settings', async () => {
    expect(host.registered).toBe(true);
    expect(client.ready).toBe(true);
    await expect(client.context()).resolves.toMatchObject({ location: 'ticket_sidebar' });
    await expect(client.metadata()).resolves.toEqual({
      appId: 1,
      installationId: 2,
      settings: { relay_url: 'https://relay' },
    });
  });

  it('answers get for one or several paths, and rejects an unknown single path', async () => {
    await expect(client.get(['ticket.id', 'ticket.requester.name'])).resolves.toMatchObject({
      'ticket.id': 42,
      'ticket.requester.name': 'Dana Customer',
    });
    await expect(client.get('ticket.nope')).rejects.toThrow(/"ticket\.nope" No such API/);
    const bulk = await client.get(['ticket.id', 'ticket.nope']);
    expect(bulk['ticket.id']).toBe(42);
    expect(bulk.errors).toHaveProperty(['ticket.nope']);
  });

  it('sets the composer and invokes actions; unknown ones reject with the reason', async () => {
    await client.set('comment.text', 'Hello');
    expect(composer).toBe('Hello');
    await expect(client.set('ticket.subject', 'x')).rejects.toThrow(/cannot be set/);
    await client.invoke('resize', { width: '100%', height: '120px' });
    expect(invoked).toEqual([{ name: 'resize', args: [{ width: '100%', height: '120px' }] }]);
    await expect(client.invoke('instances.create2')).rejects.toThrow(/no action/);
  });

  it('sends events only while the app listens (on/off subscriber counts)', async () => {
    const seen: unknown[] = [];
    const listener = (text: never) => seen.push(text);
    expect(host.trigger('comment.text.changed', 'ignored')).toBe(false);
    client.on('comment.text.changed', listener);
    await settle();
    expect(host.subscriptions()['comment.text.changed']).toBe(1);
    expect(host.trigger('comment.text.changed', 'Hi')).toBe(true);
    await settle();
    expect(seen).toEqual(['Hi']);
    client.off('comment.text.changed', listener);
    await settle();
    expect(host.subscriptions()['comment.text.changed']).toBeUndefined();
    expect(host.trigger('comment.text.changed', 'again')).toBe(false);
  });

  it('passes client.trigger back to the app’s own listeners', async () => {
    const seen: unknown[] = [];
    client.on('smsbridge.ping', (data: never) => seen.push(data));
    await settle();
    client.trigger('smsbridge.ping', { n: 1 });
    await settle();
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('resolves client.request with the parsed body and rejects with a jqXHR-like failure', async () => {
    await expect(
      client.request({
        url: 'https://relay/x',
        secure: true,
        headers: { Authorization: 'Bearer {{setting.relay_token}}' },
      }),
    ).resolves.toEqual({ echo: { Authorization: 'Bearer {{setting.relay_token}}' } });
    await expect(client.request({ url: 'https://relay/missing' })).rejects.toMatchObject({
      status: 404,
      responseJSON: { error: 'no SMS conversation' },
    });
  });

  describe('the ticket.save hook', () => {
    it('lets the save go on when no app listens', async () => {
      await expect(host.runHook('ticket.save', 1000)).resolves.toEqual({
        allowed: true,
        reason: 'no-subscriber',
      });
    });

    it('blocks with the message of a rejected promise (an Error)', async () => {
      client.on('ticket.save', () => Promise.reject(new Error('Not sent: a card number')));
      await settle();
      await expect(host.runHook('ticket.save', 1000)).resolves.toMatchObject({
        allowed: false,
        message: 'Not sent: a card number',
      });
    });

    it('blocks on a returned string or false, and allows on true or a resolved promise', async () => {
      let answer: unknown = 'Say why';
      client.on('ticket.save', () => answer);
      await settle();
      await expect(host.runHook('ticket.save', 1000)).resolves.toMatchObject({
        allowed: false,
        message: 'Say why',
      });
      answer = false;
      await expect(host.runHook('ticket.save', 1000)).resolves.toMatchObject({
        allowed: false,
        raw: false,
      });
      answer = true;
      await expect(host.runHook('ticket.save', 1000)).resolves.toEqual({
        allowed: true,
        reason: 'resolved',
      });
      answer = Promise.resolve('fine');
      await expect(host.runHook('ticket.save', 1000)).resolves.toMatchObject({ allowed: true });
    });

    it('gives up on an app that never answers', async () => {
      client.on('ticket.save', () => new Promise(() => undefined));
      await settle();
      await expect(host.runHook('ticket.save', 50)).resolves.toMatchObject({
        allowed: false,
        timedOut: true,
      });
    });
  });
});
