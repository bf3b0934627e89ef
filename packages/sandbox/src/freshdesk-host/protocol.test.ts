// The harness's Freshworks client (client.ts) against the page's host (protocol.ts), over postMessage-like hops.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHarnessApp, installAppClient, type HarnessEvent } from './client.ts';
import {
  createFreshworksHost,
  FW_HARNESS_PROTOCOL,
  type FreshworksHost,
  type FreshworksWorkspace,
  type InvokeOutcome,
} from './protocol.ts';

/** An asynchronous, structured-cloned hop, as between frames. */
const hop = (deliver: () => void) => setTimeout(deliver, 0);

function connect(workspace: Partial<FreshworksWorkspace> = {}) {
  const triggered: { action: string; options: unknown }[] = [];
  const heights: number[] = [];
  let outcome: InvokeOutcome = { status: 200, headers: {}, response: '{"ok":true}', attempts: 1 };
  const invoked: { name: string; options: unknown }[] = [];
  const full: FreshworksWorkspace = {
    data: (name) =>
      name === 'ticket'
        ? { value: { ticket: { id: 42, subject: 'SMS from +1415' } } }
        : name === 'loggedInUser'
          ? { value: { loggedInUser: { id: 7, contact: { name: 'Alex Agent' } } } }
          : undefined,
    iparams: () => ({ relay_host: 'relay.example.com', workspace_id: 'acme' }),
    context: () => ({ location: 'ticket_sidebar', instanceId: 'i-1' }),
    trigger: (action, options) => {
      if (action !== 'setValue' && action !== 'showNotify') return `no ${action}`;
      triggered.push({ action, options });
      return undefined;
    },
    resize: (height) => heights.push(height),
    invokeTemplate: (name, options) => {
      invoked.push({ name, options });
      return Promise.resolve(outcome);
    },
    ...workspace,
  };
  let toApp: (data: unknown) => void = () => undefined;
  const host: FreshworksHost = createFreshworksHost({
    instance: 'i-1',
    post: (message) => {
      const data: unknown = structuredClone(message);
      hop(() => toApp(data));
    },
    workspace: full,
  });
  const app = createHarnessApp(
    {
      post: (message) => {
        const data: unknown = structuredClone(message);
        hop(() => host.receive(data));
      },
      listen: (handler) => (toApp = handler),
    },
    'i-1',
    { helloIntervalMs: 20, helloAttempts: 3 },
  );
  return {
    host,
    app,
    triggered,
    heights,
    invoked,
    answer: (next: InvokeOutcome) => (outcome = next),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the Freshworks client in the harness, spoken with the page', () => {
  it('app.initialized() resolves once the page answers, and data.get answers { name: value }', async () => {
    const { host, app } = connect();
    const client = await app.initialized();
    expect(host.initialized).toBe(true);
    await expect(client.data.get('ticket')).resolves.toEqual({
      ticket: { id: 42, subject: 'SMS from +1415' },
    });
    await expect(client.data.get('loggedInUser')).resolves.toMatchObject({
      loggedInUser: { contact: { name: 'Alex Agent' } },
    });
    await expect(client.data.get('deal')).rejects.toEqual({ message: 'unknown data "deal"' });
    expect(await app.initialized()).toBe(client); // one client per frame
  });

  it('gives only the non-secure iparams', async () => {
    const client = await connect().app.initialized();
    await expect(client.iparams.get()).resolves.toEqual({
      relay_host: 'relay.example.com',
      workspace_id: 'acme',
    });
    await expect(client.iparams.get('relay_token')).rejects.toMatchObject({
      message: 'no readable iparam "relay_token"',
    });
  });

  it('passes interface actions to the page and rejects the ones it refuses', async () => {
    const { app, triggered } = connect();
    const client = await app.initialized();
    await client.interface.trigger('setValue', { id: 'editor', text: 'Hi Ana' });
    expect(triggered).toEqual([{ action: 'setValue', options: { id: 'editor', text: 'Hi Ana' } }]);
    await expect(client.interface.trigger('showModal', {})).rejects.toEqual({
      message: 'no showModal',
    });
  });

  it('resolves invokeTemplate with { status, headers, response } and rejects answers outside 2xx', async () => {
    const { app, invoked, answer } = connect();
    const client = await app.initialized();
    await expect(
      client.request.invokeTemplate('relayConversation', { context: { ticket_id: '42' } }),
    ).resolves.toEqual({ status: 200, headers: {}, response: '{"ok":true}' });
    expect(invoked).toEqual([
      { name: 'relayConversation', options: { context: { ticket_id: '42' } } },
    ]);
    answer({
      status: 404,
      headers: {},
      response: '{"error":"no"}',
      attempts: 1,
      errorSource: 'APP',
    });
    await expect(client.request.invokeTemplate('relayConversation', {})).rejects.toEqual({
      status: 404,
      headers: {},
      response: '{"error":"no"}',
      attempts: 1,
      errorSource: 'APP',
    });
    answer({
      status: 404,
      headers: {},
      response: 'Request template not found: x',
      attempts: 0,
      errorSource: 'PLATFORM',
    });
    await expect(client.request.invokeTemplate('x', {})).rejects.toMatchObject({
      errorSource: 'PLATFORM',
    });
  });

  it('caps resize at 700 px and refuses a size it cannot read', async () => {
    const { app, heights } = connect();
    const client = await app.initialized();
    await client.instance.resize({ height: '320px' });
    await client.instance.resize({ height: '2000px' });
    expect(heights).toEqual([320, 700]);
    await expect(client.instance.resize({ height: 'tall' })).rejects.toEqual({
      message: 'resize needs { height: "<number>px" }',
    });
    await expect(client.instance.context()).resolves.toMatchObject({ location: 'ticket_sidebar' });
  });

  it('delivers events only to an app that listens, with helper.getData()', async () => {
    const { host, app } = connect();
    const client = await app.initialized();
    expect(host.trigger('app.activated')).toBe(false);
    const seen: HarnessEvent[] = [];
    client.events.on('ticket.statusChanged', (event) => seen.push(event));
    await vi.waitFor(() => expect(host.subscriptions()).toEqual({ 'ticket.statusChanged': 1 }));
    expect(host.trigger('ticket.statusChanged', { old: 2, new: 4 })).toBe(true);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]?.type).toBe('ticket.statusChanged');
    expect(seen[0]?.helper.getData()).toEqual({ old: 2, new: 4 });
  });

  it('ignores messages of another frame or protocol, and calls made before hello', () => {
    const posted: unknown[] = [];
    const host = createFreshworksHost({
      instance: 'mine',
      post: (message) => posted.push(message),
      workspace: connectWorkspace(),
    });
    host.receive({ protocol: FW_HARNESS_PROTOCOL, instance: 'other', kind: 'hello' });
    host.receive({ protocol: 'zaf', instance: 'mine', kind: 'hello' });
    host.receive('{"kind":"hello"}');
    host.receive({
      protocol: FW_HARNESS_PROTOCOL,
      instance: 'mine',
      kind: 'call',
      id: 1,
      method: 'data.get',
      args: ['ticket'],
    });
    expect(posted).toEqual([]);
    expect(host.initialized).toBe(false);
  });

  it('rejects app.initialized() when no page ever answers', async () => {
    const app = createHarnessApp({ post: () => undefined, listen: () => undefined }, 'lonely', {
      helloIntervalMs: 5,
      helloAttempts: 3,
    });
    await expect(app.initialized()).rejects.toThrow(/never answered/);
  });
});

function connectWorkspace(): FreshworksWorkspace {
  return {
    data: () => ({ value: {} }),
    iparams: () => ({}),
    context: () => ({}),
    trigger: () => undefined,
    resize: () => undefined,
    invokeTemplate: () => Promise.reject(new Error('unused')),
  };
}

describe('installAppClient', () => {
  it('defines window.app only inside the harness, and talks only to the parent at the page origin', async () => {
    const origin = 'http://127.0.0.1:4000';
    const posted: { message: unknown; origin: string }[] = [];
    const listeners: ((event: { data: unknown; origin: string; source: unknown }) => void)[] = [];
    const parent = {
      postMessage: (message: unknown, to: string) => posted.push({ message, origin: to }),
    };
    const win = {
      location: { search: `?fw_origin=${encodeURIComponent(origin)}&fw_instance=abc` },
      parent,
      addEventListener: (_type: 'message', listener: (typeof listeners)[number]) =>
        listeners.push(listener),
    } as Parameters<typeof installAppClient>[0];
    installAppClient(win);
    const initialized = win.app?.initialized();
    expect(posted[0]).toEqual({
      message: { protocol: FW_HARNESS_PROTOCOL, instance: 'abc', kind: 'hello' },
      origin,
    });
    const ready = { protocol: FW_HARNESS_PROTOCOL, instance: 'abc', kind: 'ready' };
    let done = false;
    void initialized?.then(() => (done = true));
    // Another origin, or a window that is not the parent, is not the Freshdesk page.
    for (const listener of listeners)
      listener({ data: ready, origin: 'http://evil.test', source: parent });
    for (const listener of listeners) listener({ data: ready, origin, source: {} });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(done).toBe(false);
    for (const listener of listeners) listener({ data: ready, origin, source: parent });
    await expect(initialized).resolves.toBeDefined();

    const outside = { ...win, location: { search: '' } } as Parameters<typeof installAppClient>[0];
    delete outside.app;
    installAppClient(outside);
    expect(outside.app).toBeUndefined();
  });
});
