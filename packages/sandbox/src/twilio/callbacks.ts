// Status callbacks for sent messages: planned per message, posted automatically or on demand (§1.6).
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { StoredMessage, TwilioMessageStatus } from './model.ts';
import type { FormFields } from './signature.ts';
import { postSignedForm } from './webhook-client.ts';

export type CallbackMode = 'auto' | 'manual';

/** A status the stand-in will report for a message, in the order it plans to report them. */
export interface PlannedStatus {
  readonly messageSid: string;
  readonly status: TwilioMessageStatus;
  readonly errorCode?: number;
}

/** A status callback the stand-in posted (or tried to). */
export interface CallbackDelivery {
  readonly messageSid: string;
  readonly status: TwilioMessageStatus;
  readonly errorCode?: number;
  readonly url: string;
  /** The app's HTTP status, once it answered. */
  responseStatus?: number;
  /** Why the post failed (connection refused, time-out), if it did. */
  error?: string;
}

export interface CallbackDispatcherOptions {
  readonly accountSid: string;
  readonly authToken: string;
  readonly fetch: typeof fetch;
  readonly delayMs: number;
  readonly timeoutMs: number;
  readonly now: () => Date;
  readonly findMessage: (sid: string) => StoredMessage | undefined;
}

export interface CallbackDispatcher {
  mode(): CallbackMode;
  setMode(mode: CallbackMode): void;
  /** Queues the statuses a freshly accepted message will go through. */
  plan(messageSid: string, statuses: readonly Omit<PlannedStatus, 'messageSid'>[]): void;
  /** Reports `status` now, whatever was planned; drops the first matching planned status. */
  emit(
    messageSid: string,
    status: TwilioMessageStatus,
    errorCode?: number,
  ): Promise<CallbackDelivery | undefined>;
  pending(): PlannedStatus[];
  deliveries(): CallbackDelivery[];
  /** Resolves when every automatic callback has been posted and answered. */
  settle(): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

/** YYMMDDhhmm in UTC, the RawDlrDoneDate format seen on delivery receipts (§1.6). */
function rawDlrDoneDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    pad(at.getUTCFullYear() % 100) +
    pad(at.getUTCMonth() + 1) +
    pad(at.getUTCDate()) +
    pad(at.getUTCHours()) +
    pad(at.getUTCMinutes())
  );
}

/** The fields of a status callback: the captured shape in carriers.md §1.6. */
export function statusCallbackFields(
  accountSid: string,
  message: StoredMessage,
  status: TwilioMessageStatus,
  errorCode: number | undefined,
  at: Date,
): FormFields {
  const fields: [string, string][] = [
    ['SmsSid', message.sid],
    ['SmsStatus', status],
    ['MessageStatus', status],
    ['To', message.to],
  ];
  if (message.messagingServiceSid)
    fields.push(['MessagingServiceSid', message.messagingServiceSid]);
  fields.push(['MessageSid', message.sid], ['AccountSid', accountSid], ['From', message.from]);
  if (errorCode !== undefined) fields.push(['ErrorCode', String(errorCode)]);
  if (status === 'delivered' || status === 'undelivered') {
    fields.push(['RawDlrDoneDate', rawDlrDoneDate(at)]);
  }
  fields.push(['ApiVersion', '2010-04-01']);
  return fields;
}

export function createCallbackDispatcher(options: CallbackDispatcherOptions): CallbackDispatcher {
  let mode: CallbackMode = 'auto';
  let lifetime = new AbortController();
  const queues = new Map<string, PlannedStatus[]>();
  const chains = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<unknown>>();
  let log: CallbackDelivery[] = [];

  async function sleep(signal: AbortSignal): Promise<boolean> {
    try {
      await sleepFor(options.delayMs, undefined, { signal });
      return true;
    } catch {
      return false;
    }
  }

  async function deliver(planned: PlannedStatus): Promise<CallbackDelivery | undefined> {
    const message = options.findMessage(planned.messageSid);
    if (!message) return undefined;
    const at = options.now();
    message.status = planned.status;
    if (planned.errorCode !== undefined) message.errorCode = planned.errorCode;
    message.updatedAt = at;
    if (!message.statusCallback) return undefined;

    const delivery: CallbackDelivery = {
      messageSid: planned.messageSid,
      status: planned.status,
      ...(planned.errorCode === undefined ? {} : { errorCode: planned.errorCode }),
      url: message.statusCallback,
    };
    log.push(delivery);
    const post = postSignedForm({
      fetch: options.fetch,
      authToken: options.authToken,
      url: message.statusCallback,
      fields: statusCallbackFields(
        options.accountSid,
        message,
        planned.status,
        planned.errorCode,
        at,
      ),
      timeoutMs: options.timeoutMs,
    }).then(
      (answer) => {
        delivery.responseStatus = answer.status;
      },
      (error: unknown) => {
        delivery.error = error instanceof Error ? error.message : String(error);
      },
    );
    inFlight.add(post);
    try {
      await post;
    } finally {
      inFlight.delete(post);
    }
    return delivery;
  }

  function startChain(messageSid: string): void {
    if (mode !== 'auto') return;
    const signal = lifetime.signal;
    const previous = chains.get(messageSid);
    const chain = (async () => {
      await previous;
      for (;;) {
        const queue = queues.get(messageSid);
        if (!queue || queue.length === 0 || signal.aborted) return;
        if (!(await sleep(signal))) return;
        const next = queue.shift();
        if (queue.length === 0) queues.delete(messageSid);
        if (next) await deliver(next);
      }
    })();
    chains.set(messageSid, chain);
    void chain.finally(() => {
      if (chains.get(messageSid) === chain) chains.delete(messageSid);
    });
  }

  function stopChains(): void {
    lifetime.abort();
    lifetime = new AbortController();
  }

  async function drain(): Promise<void> {
    while (chains.size > 0 || inFlight.size > 0) {
      await Promise.all([...chains.values(), ...inFlight]);
    }
  }

  return {
    mode: () => mode,
    setMode(next) {
      if (next === mode) return;
      mode = next;
      if (mode === 'manual') stopChains();
      else for (const messageSid of queues.keys()) startChain(messageSid);
    },
    plan(messageSid, statuses) {
      if (statuses.length === 0) return;
      const queue = queues.get(messageSid) ?? [];
      queue.push(...statuses.map((status) => ({ ...status, messageSid })));
      queues.set(messageSid, queue);
      startChain(messageSid);
    },
    async emit(messageSid, status, errorCode) {
      const queue = queues.get(messageSid);
      const index = queue?.findIndex((planned) => planned.status === status) ?? -1;
      if (queue && index !== -1) {
        queue.splice(index, 1);
        if (queue.length === 0) queues.delete(messageSid);
      }
      return deliver({ messageSid, status, ...(errorCode === undefined ? {} : { errorCode }) });
    },
    pending: () => [...queues.values()].flat(),
    deliveries: () => [...log],
    settle: drain,
    reset() {
      stopChains();
      queues.clear();
      log = [];
    },
    async close() {
      stopChains();
      queues.clear();
      await drain();
    },
  };
}
