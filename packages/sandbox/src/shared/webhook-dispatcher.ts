// Delivers a stand-in's outgoing webhooks over real HTTP: in order per queue, with retries, recorded.
import { randomUUID } from 'node:crypto';

export interface DeliveryAttempt {
  /** HTTP status the endpoint answered, or undefined when the request failed or timed out. */
  readonly status?: number;
  readonly error?: string;
}

/** One webhook invocation and its attempts, for tests. */
export interface WebhookDelivery {
  readonly webhookId: string;
  readonly endpoint: string;
  readonly eventType: string;
  readonly eventId: string;
  readonly attempts: readonly DeliveryAttempt[];
  readonly delivered: boolean;
}

/** One invocation to deliver. */
export interface OutgoingWebhook {
  /** Invocations with the same key leave in the order they were enqueued (one chain per key). */
  readonly queueKey: string;
  readonly webhookId: string;
  readonly endpoint: string;
  readonly method: string;
  readonly eventType: string;
  readonly eventId: string;
  readonly rawBody: Buffer;
  /** The request headers of one attempt (a signature may depend on the attempt's time). */
  headers(): Record<string, string>;
}

export interface SharedDispatcherOptions {
  /** Delay before each retry; its length is the number of retries after the first attempt. */
  readonly retryDelaysMs: readonly number[];
  /** Per-attempt timeout. */
  readonly timeoutMs: number;
  /** Whether an answer with this (non-2xx) status is tried again. */
  readonly isRetryable: (status: number) => boolean;
}

export interface SharedWebhookDispatcher {
  enqueue(webhook: OutgoingWebhook): void;
  /** The next invocation is delivered twice (a duplicate delivery). */
  duplicateNext(): void;
  /** Resolves once every queued delivery has finished (delivered or given up). */
  flush(): Promise<void>;
  deliveries(): readonly WebhookDelivery[];
  reset(): void;
  close(): Promise<void>;
}

interface MutableDelivery {
  webhookId: string;
  endpoint: string;
  eventType: string;
  eventId: string;
  attempts: DeliveryAttempt[];
  delivered: boolean;
}

export function createSharedWebhookDispatcher(
  options: SharedDispatcherOptions,
): SharedWebhookDispatcher {
  let chains = new Map<string, Promise<void>>();
  let records: MutableDelivery[] = [];
  let duplicateNext = false;
  let generation = 0;
  let abort = new AbortController();

  async function sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (ms <= 0 || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async function attempt(webhook: OutgoingWebhook): Promise<DeliveryAttempt> {
    try {
      const response = await fetch(webhook.endpoint, {
        method: webhook.method,
        headers: webhook.headers(),
        body: webhook.method === 'GET' ? undefined : webhook.rawBody,
        redirect: 'manual',
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(options.timeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status };
    } catch (error) {
      return { error: error instanceof Error ? error.name : 'Error' };
    }
  }

  async function deliver(webhook: OutgoingWebhook, record: MutableDelivery) {
    const myGeneration = generation;
    const signal = abort.signal;
    for (let n = 0; n <= options.retryDelaysMs.length; n += 1) {
      if (signal.aborted || myGeneration !== generation) return;
      if (n > 0) await sleep(options.retryDelaysMs[n - 1] ?? 0, signal);
      if (signal.aborted || myGeneration !== generation) return;
      const result = await attempt(webhook);
      record.attempts.push(result);
      if (result.status !== undefined && result.status >= 200 && result.status < 300) {
        record.delivered = true;
        return;
      }
      if (result.status !== undefined && !options.isRetryable(result.status)) return;
    }
  }

  function schedule(webhook: OutgoingWebhook) {
    const record: MutableDelivery = {
      webhookId: webhook.webhookId,
      endpoint: webhook.endpoint,
      eventType: webhook.eventType,
      eventId: webhook.eventId,
      attempts: [],
      delivered: false,
    };
    records.push(record);
    const previous = chains.get(webhook.queueKey) ?? Promise.resolve();
    chains.set(
      webhook.queueKey,
      previous.then(() => deliver(webhook, record)),
    );
  }

  return {
    enqueue(webhook) {
      schedule(webhook);
      if (duplicateNext) {
        duplicateNext = false;
        schedule(webhook);
      }
    },
    duplicateNext() {
      duplicateNext = true;
    },
    async flush() {
      for (;;) {
        const pending = [...chains.values()];
        await Promise.all(pending);
        if ([...chains.values()].every((chain, i) => chain === pending[i])) return;
      }
    },
    deliveries() {
      return records.map((r) => ({ ...r, attempts: [...r.attempts] }));
    },
    reset() {
      generation += 1;
      abort.abort();
      abort = new AbortController();
      chains = new Map();
      records = [];
      duplicateNext = false;
    },
    async close() {
      const pending = [...chains.values()];
      generation += 1;
      abort.abort();
      await Promise.all(pending);
    },
  };
}

/** A fresh invocation id (both helpdesks send one per invocation). */
export function invocationId(): string {
  return randomUUID();
}
