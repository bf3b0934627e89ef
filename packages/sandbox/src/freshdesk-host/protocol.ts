// The Freshdesk side of the harness's app-frame protocol, DOM-free: what the ticket page answers the app's client.
//
// Freshworks documents the client an app calls (`app.initialized()`, `client.data.get`,
// `client.interface.trigger`, `client.request.invokeTemplate`, `client.instance.*`,
// `client.events.on`; freshdesk.md §3.5, §3.10), not the messages its client script exchanges with
// the Freshdesk page. So the wire format below is the harness's own: client.ts (served as the
// `{{{appclient}}}` script) speaks it in the app frame and this module answers on the page. The
// page glue (page/host.js, with app-host/page/agent-page.js checking origin and source) passes
// only the app frame's messages.
//
// This file is served to the browser after type stripping, so it imports nothing.

/** Tags every message, so the page and the app ignore anything else posted to them. */
export const FW_HARNESS_PROTOCOL = 'smsbridge.freshworks-harness/1';

/** `client.instance.resize` allows at most 700 px (freshdesk.md §3.10). */
export const MAX_RESIZE_HEIGHT_PX = 700;

/** What a request template call came back with (InvokeOutcome of templates.ts). */
export interface InvokeOutcome {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly response: string;
  readonly attempts: number;
  /** Set when the call failed: APP for an answer outside 2xx, PLATFORM when none came [unverified names]. */
  readonly errorSource?: 'APP' | 'PLATFORM';
}

/** The Freshdesk ticket page behind the protocol. */
export interface FreshworksWorkspace {
  /** `client.data.get(name)`: `{ ticket: {...} }` for "ticket"; undefined when the name is unknown. */
  data(name: string): { readonly value: unknown } | undefined;
  /** The installation's non-secure iparams (secure ones are never readable, freshdesk.md §3.4). */
  iparams(): Readonly<Record<string, unknown>>;
  /** `client.instance.context()`. */
  context(): Readonly<Record<string, unknown>>;
  /** `client.interface.trigger(action, options)`; an error message when refused. */
  trigger(action: string, options: unknown): string | undefined;
  /** `client.instance.resize`: the height to give the frame, already capped. */
  resize(height: number): void;
  /** `client.request.invokeTemplate`: made server-side, where secure iparams are filled. */
  invokeTemplate(name: string, options: unknown): Promise<InvokeOutcome>;
}

export interface FreshworksProtocolEntry {
  readonly direction: 'in' | 'out';
  readonly message: unknown;
}

export interface FreshworksHostOptions {
  /** The id the frame URL carried (`fw_instance`); the client sends it back on every message. */
  readonly instance: string;
  /** Posts to the app frame (the glue adds the app's origin as targetOrigin). */
  readonly post: (message: unknown) => void;
  readonly workspace: FreshworksWorkspace;
  readonly log?: (entry: FreshworksProtocolEntry) => void;
  /** Called when the app initialises or starts listening to an event. */
  readonly onChange?: () => void;
}

export interface FreshworksHost {
  receive(data: unknown): void;
  /** Whether the app called `app.initialized()` and was answered. */
  readonly initialized: boolean;
  /** Events the app listens to, with how many callbacks. */
  subscriptions(): Readonly<Record<string, number>>;
  /** Sends an event to the app if it listens to it; returns whether it was sent. */
  trigger(event: string, data?: unknown): boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function heightOf(size: unknown): number | string {
  const height = isRecord(size) ? size.height : undefined;
  if (typeof height === 'number' && Number.isFinite(height) && height >= 0) return height;
  const match = typeof height === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$/.exec(height) : null;
  if (match !== null) return Number(match[1]);
  return 'resize needs { height: "<number>px" }';
}

export function createFreshworksHost(options: FreshworksHostOptions): FreshworksHost {
  const { instance, workspace } = options;
  const subscriptions = new Map<string, number>();
  let initialized = false;

  function post(message: Record<string, unknown>): void {
    const full = { protocol: FW_HARNESS_PROTOCOL, instance, ...message };
    options.log?.({ direction: 'out', message: full });
    options.post(full);
  }

  const ok = (id: unknown, value: unknown) => post({ kind: 'result', id, ok: true, value });
  const fail = (id: unknown, error: unknown) => post({ kind: 'result', id, ok: false, error });

  function call(id: unknown, method: string, args: readonly unknown[]): void {
    switch (method) {
      case 'data.get': {
        const name = args[0];
        const found = typeof name === 'string' ? workspace.data(name) : undefined;
        if (found === undefined) fail(id, { message: `unknown data ${JSON.stringify(name)}` });
        else ok(id, found.value);
        return;
      }
      case 'iparams.get': {
        const all = workspace.iparams();
        const name = args[0];
        if (name === undefined) ok(id, all);
        else if (typeof name === 'string' && name in all) ok(id, { [name]: all[name] });
        // A secure iparam reads as missing: it never leaves the server (freshdesk.md §3.4).
        else fail(id, { message: `no readable iparam ${JSON.stringify(name)}` });
        return;
      }
      case 'interface.trigger': {
        const action = args[0];
        if (typeof action !== 'string') {
          fail(id, { message: 'interface.trigger needs an action name' });
          return;
        }
        const refusal = workspace.trigger(action, args[1]);
        if (refusal === undefined) ok(id, { message: 'success' });
        else fail(id, { message: refusal });
        return;
      }
      case 'instance.resize': {
        const height = heightOf(args[0]);
        if (typeof height === 'string') {
          fail(id, { message: height });
          return;
        }
        // Taller asks are capped at the platform's limit [unverified: capped or refused].
        workspace.resize(Math.min(height, MAX_RESIZE_HEIGHT_PX));
        ok(id, { height: `${Math.min(height, MAX_RESIZE_HEIGHT_PX)}px` });
        return;
      }
      case 'instance.context':
        ok(id, workspace.context());
        return;
      case 'request.invokeTemplate': {
        const name = args[0];
        if (typeof name !== 'string') {
          fail(id, {
            status: 400,
            response: 'invokeTemplate needs a template name',
            errorSource: 'PLATFORM',
          });
          return;
        }
        workspace.invokeTemplate(name, args[1] ?? {}).then(
          (outcome) => {
            // Resolves with { status, headers, response } (response a string); anything outside
            // 2xx rejects with the same fields (freshdesk.md §3.5; failure shape [unverified]).
            if (
              outcome.errorSource === undefined &&
              outcome.status >= 200 &&
              outcome.status < 300
            ) {
              ok(id, {
                status: outcome.status,
                headers: outcome.headers,
                response: outcome.response,
              });
            } else {
              fail(id, {
                status: outcome.status,
                headers: outcome.headers,
                response: outcome.response,
                attempts: outcome.attempts,
                errorSource: outcome.errorSource ?? 'APP',
              });
            }
          },
          (error: unknown) =>
            fail(id, {
              status: 502,
              headers: {},
              response: error instanceof Error ? error.message : 'the request failed',
              attempts: 1,
              errorSource: 'PLATFORM',
            }),
        );
        return;
      }
      case 'request.invoke':
        fail(id, { message: 'this app has no serverless functions in this harness' });
        return;
      default:
        fail(id, { message: `"${method}" is not a client method this harness plays` });
    }
  }

  function receive(data: unknown): void {
    if (!isRecord(data) || data.protocol !== FW_HARNESS_PROTOCOL || data.instance !== instance) {
      return;
    }
    options.log?.({ direction: 'in', message: data });
    if (data.kind === 'hello') {
      // A reloaded frame starts over with no listeners.
      subscriptions.clear();
      initialized = true;
      post({ kind: 'ready', context: workspace.context() });
      options.onChange?.();
      return;
    }
    if (!initialized) return; // The client says hello before anything else.
    if (data.kind === 'call' && typeof data.method === 'string') {
      call(data.id, data.method, Array.isArray(data.args) ? data.args : []);
      return;
    }
    if (data.kind === 'listen' && typeof data.event === 'string') {
      subscriptions.set(data.event, (subscriptions.get(data.event) ?? 0) + 1);
      options.onChange?.();
    }
  }

  function trigger(event: string, data?: unknown): boolean {
    if (!initialized || (subscriptions.get(event) ?? 0) === 0) return false;
    post({ kind: 'event', event, data: data ?? null });
    return true;
  }

  return {
    receive,
    get initialized() {
      return initialized;
    },
    subscriptions: () => Object.fromEntries(subscriptions),
    trigger,
  };
}
