// The `{{{appclient}}}` script the harness serves in the app frame: a Freshworks-shaped client over the harness protocol.
//
// It offers what an app calls (freshdesk.md §3.5, §3.10): `app.initialized()` resolving to a
// client with `data.get`, `iparams.get`, `interface.trigger`, `request.invokeTemplate`,
// `request.invoke`, `instance.resize`, `instance.context` and `events.on`. Results and rejections
// are the plain objects the page answers (protocol.ts). Bundled to one classic script by harness.ts.
import { FW_HARNESS_PROTOCOL } from './protocol.ts';

/** How the client reaches the page: `window.parent.postMessage` and the window's `message` events. */
export interface ClientTransport {
  post(message: unknown): void;
  listen(handler: (data: unknown) => void): void;
}

/** The object event callbacks get (freshdesk.md §3.10: `event.helper.getData()`, `done()`, `fail()`). */
export interface HarnessEvent {
  readonly type: string;
  readonly helper: {
    getData(): unknown;
    done(): void;
    fail(message: string): void;
  };
}

export interface HarnessClient {
  readonly data: { get(name: string): Promise<unknown> };
  readonly iparams: { get(name?: string): Promise<unknown> };
  readonly interface: { trigger(action: string, options?: unknown): Promise<unknown> };
  readonly request: {
    invokeTemplate(name: string, options?: unknown): Promise<unknown>;
    invoke(name: string, payload?: unknown): Promise<unknown>;
  };
  readonly instance: {
    resize(size: unknown): Promise<unknown>;
    context(): Promise<unknown>;
  };
  readonly events: {
    on(event: string, callback: (event: HarnessEvent) => void, options?: unknown): void;
  };
}

export interface HarnessApp {
  initialized(): Promise<HarnessClient>;
}

export interface ClientTiming {
  /** The first hello can be posted before the page listens: it is repeated until answered. */
  readonly helloIntervalMs: number;
  readonly helloAttempts: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createHarnessApp(
  transport: ClientTransport,
  instance: string,
  timing: ClientTiming = { helloIntervalMs: 250, helloAttempts: 40 },
): HarnessApp {
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: unknown): void }
  >();
  const listeners = new Map<string, ((event: HarnessEvent) => void)[]>();
  let onReady: (() => void) | undefined;
  let ready: Promise<HarnessClient> | undefined;

  const send = (message: Record<string, unknown>): void =>
    transport.post({ protocol: FW_HARNESS_PROTOCOL, instance, ...message });

  const call = (method: string, args: readonly unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      send({ kind: 'call', id, method, args });
    });

  transport.listen((data) => {
    if (!isRecord(data) || data.protocol !== FW_HARNESS_PROTOCOL || data.instance !== instance) {
      return;
    }
    if (data.kind === 'ready') {
      onReady?.();
    } else if (data.kind === 'result' && typeof data.id === 'number') {
      const waiting = pending.get(data.id);
      pending.delete(data.id);
      if (data.ok === true) waiting?.resolve(data.value);
      else waiting?.reject(data.error);
    } else if (data.kind === 'event' && typeof data.event === 'string') {
      const event: HarnessEvent = {
        type: data.event,
        helper: { getData: () => data.data, done: () => undefined, fail: () => undefined },
      };
      for (const callback of listeners.get(data.event) ?? []) {
        try {
          callback(event);
        } catch (error) {
          // One failing callback must not stop the others, as with DOM events.
          setTimeout(() => {
            throw error;
          }, 0);
        }
      }
    }
  });

  const client: HarnessClient = {
    data: { get: (name) => call('data.get', [name]) },
    iparams: { get: (name) => call('iparams.get', name === undefined ? [] : [name]) },
    interface: { trigger: (action, options) => call('interface.trigger', [action, options ?? {}]) },
    request: {
      invokeTemplate: (name, options) => call('request.invokeTemplate', [name, options ?? {}]),
      invoke: (name, payload) => call('request.invoke', [name, payload ?? {}]),
    },
    instance: {
      resize: (size) => call('instance.resize', [size]),
      context: () => call('instance.context', []),
    },
    events: {
      on(event, callback) {
        if (typeof callback !== 'function') {
          throw new TypeError(`client.events.on: expected a callback for "${event}"`);
        }
        listeners.set(event, [...(listeners.get(event) ?? []), callback]);
        send({ kind: 'listen', event });
      },
    },
  };

  return {
    initialized() {
      ready ??= new Promise<HarnessClient>((resolve, reject) => {
        let attempts = 0;
        let timer: ReturnType<typeof setTimeout> | undefined;
        onReady = () => {
          if (timer !== undefined) clearTimeout(timer);
          onReady = undefined;
          resolve(client);
        };
        const hello = (): void => {
          attempts += 1;
          send({ kind: 'hello' });
          if (attempts >= timing.helloAttempts) {
            timer = setTimeout(
              () => reject(new Error('app.initialized(): the Freshdesk page never answered')),
              timing.helloIntervalMs,
            );
          } else timer = setTimeout(hello, timing.helloIntervalMs);
        };
        hello();
      });
      return ready;
    },
  };
}

/** The few window members the installer uses. */
export interface ClientWindow {
  readonly location: { readonly search: string };
  readonly parent: { postMessage(message: unknown, targetOrigin: string): void };
  addEventListener(
    type: 'message',
    listener: (event: { data: unknown; origin: string; source: unknown }) => void,
  ): void;
  app?: HarnessApp;
}

/**
 * Defines `window.app` from the frame URL's `fw_origin` (the page's origin) and `fw_instance`,
 * talking only to the parent window at that origin.
 */
export function installAppClient(win: ClientWindow): void {
  const query = new URLSearchParams(win.location.search);
  const origin = query.get('fw_origin');
  const instance = query.get('fw_instance');
  if (origin === null || instance === null) return; // Not in the harness: no `app`, as outside Freshdesk.
  win.app = createHarnessApp(
    {
      post: (message) => win.parent.postMessage(message, origin),
      listen: (handler) =>
        win.addEventListener('message', (event) => {
          if (event.origin === origin && event.source === win.parent) handler(event.data);
        }),
    },
    instance,
  );
}
