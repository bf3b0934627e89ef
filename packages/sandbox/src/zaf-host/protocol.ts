// The Zendesk side of the ZAF v2 postMessage protocol, DOM-free: what the agent workspace answers an app iframe.
//
// Every message shape below is the one the SDK itself sends or reads, in zendesk_app_framework_sdk
// 2.0.x (zendesk.md §4.3): lib/client.js (`wrappedPostMessage`, `messageHandler`, `postReplyWith`,
// `Client.prototype.on/off/trigger/request`) and lib/utils.js (`when`, `shouldReject`), with the
// exact objects its own spec asserts (spec/client_spec.js). The page glue (host.js, with
// app-host/page/agent-page.js checking origin and source) passes only the app frame's messages to
// `receive`.
//
// This file is served to the browser after type stripping, so it imports nothing.

/** Options of `client.request` (zendesk.md §4.5: url, type, headers, secure, cors, contentType, data, dataType). */
export interface ZafRequestOptions {
  readonly url: string;
  readonly type?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly secure?: boolean;
  readonly cors?: boolean;
  readonly contentType?: string | false;
  readonly data?: unknown;
  readonly dataType?: string;
  readonly [other: string]: unknown;
}

/**
 * What the proxy got back. ZAF resolves `client.request` with the parsed body and rejects with a
 * jqXHR-like object; which jqXHR fields cross the frame is not documented [unverified], so the
 * host sends the serialisable ones jQuery documents: status, statusText, responseText, responseJSON.
 */
export interface ZafRequestOutcome {
  readonly status: number;
  readonly statusText: string;
  readonly responseText: string;
  readonly contentType: string;
}

/** The agent workspace behind the protocol: the ticket, the composer, the proxy. */
export interface ZafWorkspace {
  /** A `client.get` path (`ticket.requester.name`, `comment.text`...); `undefined` when unknown. */
  get(path: string): { readonly value: unknown } | undefined;
  /** A `client.set` path; returns an error message when the path cannot be set. */
  set(path: string, value: unknown): string | undefined;
  /** A `client.invoke` action; returns an error message when unknown or refused. */
  invoke(name: string, args: readonly unknown[]): string | undefined;
  /** Makes the request (secure-setting substitution happens server-side). */
  request(options: ZafRequestOptions): Promise<ZafRequestOutcome>;
}

export interface ZafRegistration {
  /** `client.metadata()`: appId, installationId and the non-secure settings only (zendesk.md §4.5). */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** `client.context()`: location, product, ticketId... */
  readonly context: Readonly<Record<string, unknown>>;
}

export interface ZafProtocolEntry {
  readonly direction: 'in' | 'out';
  readonly message: unknown;
}

export interface ZafHostOptions {
  /** The `app_guid` the iframe URL carried; the SDK sends it back as `appGuid` and `instanceGuid`. */
  readonly appGuid: string;
  /** Posts a message to the app frame (the glue adds the app's origin as targetOrigin). */
  readonly post: (message: unknown) => void;
  readonly workspace: ZafWorkspace;
  readonly registration: () => ZafRegistration;
  /** Every message in and out, for the harness's protocol log. */
  readonly log?: (entry: ZafProtocolEntry) => void;
  /** Called whenever the app registers, subscribes or unsubscribes. */
  readonly onChange?: () => void;
}

export type ZafHookOutcome =
  | { readonly allowed: true; readonly reason: 'no-subscriber' | 'resolved' }
  | { readonly allowed: false; readonly message: string; readonly raw: unknown }
  | { readonly allowed: false; readonly message: string; readonly timedOut: true };

export interface ZafHost {
  /** A message from the app frame, string (the SDK's JSON) or object (hook replies). */
  receive(data: unknown): void;
  /** Whether the app completed the handshake and was sent `app.registered`. */
  readonly registered: boolean;
  /** Subscriber counts the SDK reported with `iframe.on:`/`iframe.off:`, by event. */
  subscriptions(): Readonly<Record<string, number>>;
  /** Fires `zaf.<event>` when the app listens for it; returns whether it was sent. */
  trigger(event: string, data?: unknown): boolean;
  /**
   * Runs a hook event (`ticket.save`) the SDK answers with `iframe.reply:<event>`; an app that does
   * not listen is not asked. Resolves once the app replied, or with `timedOut` after `timeoutMs`.
   */
  runHook(event: string, timeoutMs: number): Promise<ZafHookOutcome>;
}

/** The SDK's event prefix on messages to the app (client.js `ZAF_EVENT = /^zaf\./`). */
const ZAF_EVENT_PREFIX = 'zaf.';
/** Events sent whether or not the app subscribed: the framework's own lifecycle. */
const ALWAYS_SENT = new Set(['app.registered', 'context.updated']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parse(data: unknown): Record<string, unknown> | undefined {
  if (typeof data === 'string') {
    try {
      const parsed: unknown = JSON.parse(data);
      return isRecord(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return isRecord(data) ? data : undefined;
}

/** An error the SDK turns into an Error (`createError`: name, message, prefixed with the path). */
function apiError(path: string, message: string): Record<string, string> {
  return { name: 'ZAFError', message, path };
}

function parseBody(outcome: ZafRequestOutcome, dataType: unknown): unknown {
  const wantsJson = dataType === 'json' || /\bjson\b/i.test(outcome.contentType);
  if (!wantsJson || dataType === 'text') return outcome.responseText;
  try {
    return JSON.parse(outcome.responseText) as unknown;
  } catch {
    return outcome.responseText;
  }
}

function hookMessage(raw: unknown): string {
  if (typeof raw === 'string' && raw.trim() !== '') return raw;
  // `false` from a handler, or a rejection without a reason: Zendesk's own wording is unknown.
  return 'An app stopped this update.';
}

export function createZafHost(options: ZafHostOptions): ZafHost {
  const { appGuid, workspace } = options;
  const subscriptions = new Map<string, number>();
  const pendingHooks = new Map<string, (reply: Record<string, unknown>) => void>();
  let registered = false;

  function post(message: Record<string, unknown>): void {
    options.log?.({ direction: 'out', message });
    options.post(message);
  }

  /** `{ key: 'zaf.<name>', message, instanceGuid }`, as the SDK spec's triggerEvent builds it. */
  function sendEvent(name: string, message: unknown, extra: Record<string, unknown> = {}): void {
    post({ key: `${ZAF_EVENT_PREFIX}${name}`, message, instanceGuid: appGuid, ...extra });
  }

  function answer(id: unknown, result: Record<string, unknown>): void {
    post({ id, result });
  }

  function handleGet(id: unknown, params: unknown): void {
    const paths = Array.isArray(params) ? params : [];
    const result: Record<string, unknown> = {};
    const errors: Record<string, unknown> = {};
    for (const path of paths) {
      if (typeof path !== 'string') continue;
      const found = workspace.get(path);
      if (found === undefined) errors[path] = apiError(path, 'No such API');
      else result[path] = found.value;
    }
    answer(id, { ...result, errors });
  }

  function handleSet(id: unknown, params: unknown): void {
    const result: Record<string, unknown> = {};
    const errors: Record<string, unknown> = {};
    for (const [path, value] of Object.entries(isRecord(params) ? params : {})) {
      const failure = workspace.set(path, value);
      if (failure === undefined) result[path] = value;
      else errors[path] = apiError(path, failure);
    }
    answer(id, { ...result, errors });
  }

  function handleInvoke(id: unknown, params: unknown): void {
    // `invoke('name', ...args)` arrives as `{ name: [args] }` (client.js `invoke`).
    const result: Record<string, unknown> = {};
    const errors: Record<string, unknown> = {};
    for (const [name, args] of Object.entries(isRecord(params) ? params : {})) {
      const failure = workspace.invoke(name, Array.isArray(args) ? args : []);
      if (failure === undefined) result[name] = null;
      else errors[name] = apiError(name, failure);
    }
    answer(id, { ...result, errors });
  }

  function handleRequest(key: string, raw: unknown): void {
    const requestOptions: ZafRequestOptions | undefined =
      typeof raw === 'string'
        ? { url: raw }
        : isRecord(raw) && typeof raw.url === 'string'
          ? (raw as ZafRequestOptions)
          : undefined;
    const fail = (status: number, statusText: string, responseText: string): void =>
      // `reject.apply(this, evt.responseArgs)` (client.js `request`): jqXHR, textStatus, errorThrown.
      sendEvent(`${key}.fail`, {
        responseArgs: [{ status, statusText, responseText }, 'error', statusText],
      });
    if (requestOptions === undefined) {
      fail(400, 'Bad Request', 'client.request needs a url');
      return;
    }
    workspace.request(requestOptions).then(
      (outcome) => {
        const body = parseBody(outcome, requestOptions.dataType);
        const xhr = {
          status: outcome.status,
          statusText: outcome.statusText,
          responseText: outcome.responseText,
          ...(typeof body === 'string' ? {} : { responseJSON: body }),
        };
        if (outcome.status >= 200 && outcome.status < 300) {
          // `resolve.apply(this, evt.responseArgs)`: data, textStatus, jqXHR.
          sendEvent(`${key}.done`, { responseArgs: [body, 'success', xhr] });
        } else {
          sendEvent(`${key}.fail`, { responseArgs: [xhr, 'error', outcome.statusText] });
        }
      },
      (error: unknown) =>
        fail(0, 'error', error instanceof Error ? error.message : 'the request failed'),
    );
  }

  function receive(data: unknown): void {
    const message = parse(data);
    if (message === undefined) return;
    options.log?.({ direction: 'in', message });

    // get/set/invoke: `{ id, request, params, appGuid, instanceGuid }` (client.js wrappedPostMessage).
    if (typeof message.request === 'string' && message.id !== undefined) {
      if (!registered) return; // the SDK only posts these once registered (rawPostMessage)
      if (message.request === 'get') handleGet(message.id, message.params);
      else if (message.request === 'set') handleSet(message.id, message.params);
      else if (message.request === 'invoke') handleInvoke(message.id, message.params);
      else
        answer(message.id, {
          errors: { [message.request]: apiError(message.request, 'No such request') },
        });
      return;
    }

    const key = typeof message.key === 'string' ? message.key : '';
    const body = message.message;

    if (key === 'iframe.handshake') {
      // The SDK waits for `app.registered` before posting anything else (client.js rawPostMessage).
      subscriptions.clear();
      registered = true;
      const { metadata, context } = options.registration();
      sendEvent('app.registered', { metadata, context });
      options.onChange?.();
      return;
    }
    if (key.startsWith('iframe.reply:')) {
      // Hook answers are posted as objects: `{ appGuid, key, error?: { msg } }` (postReplyWith).
      pendingHooks.get(key.slice('iframe.reply:'.length))?.(message);
      return;
    }
    if (key.startsWith('iframe.on:') || key.startsWith('iframe.off:')) {
      const event = key.slice(key.indexOf(':') + 1);
      const count =
        isRecord(body) && typeof body.subscriberCount === 'number' ? body.subscriberCount : 0;
      if (count > 0) subscriptions.set(event, count);
      else subscriptions.delete(event);
      options.onChange?.();
      return;
    }
    if (key.startsWith('iframe.trigger:')) {
      // "so the framework can trigger the event on all registered clients" (client_spec.js #trigger).
      trigger(key.slice('iframe.trigger:'.length), body);
      return;
    }
    if (/^request:\d+$/.test(key)) {
      handleRequest(key, body);
    }
    // Anything else is a custom `client.postMessage(name, data)` for the app's own use: logged only.
  }

  function trigger(event: string, data?: unknown): boolean {
    if (!registered) return false;
    if (!ALWAYS_SENT.has(event) && (subscriptions.get(event) ?? 0) === 0) return false;
    sendEvent(event, data);
    return true;
  }

  function runHook(event: string, timeoutMs: number): Promise<ZafHookOutcome> {
    if (!registered || (subscriptions.get(event) ?? 0) === 0) {
      return Promise.resolve({ allowed: true, reason: 'no-subscriber' });
    }
    // The SDK ignores a second hook while one is pending (`_repliesPending`); so does the host.
    if (pendingHooks.has(event)) {
      return Promise.resolve({
        allowed: false,
        message: 'An app is still checking the previous update.',
        raw: undefined,
      });
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pendingHooks.delete(event);
        resolve({
          allowed: false,
          timedOut: true,
          message: `The app did not answer ${event} within ${timeoutMs} ms.`,
        });
      }, timeoutMs);
      pendingHooks.set(event, (reply) => {
        clearTimeout(timer);
        pendingHooks.delete(event);
        if (isRecord(reply.error)) {
          resolve({ allowed: false, message: hookMessage(reply.error.msg), raw: reply.error.msg });
        } else {
          resolve({ allowed: true, reason: 'resolved' });
        }
      });
      sendEvent(event, undefined, { needsReply: true });
    });
  }

  return {
    receive,
    get registered() {
      return registered;
    },
    subscriptions: () => Object.fromEntries(subscriptions),
    trigger,
    runHook,
  };
}
