// Prometheus metrics for the relay (prom-client), one registry per relay instance.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueueStats } from '../jobs/outbox.ts';

export interface RelayMetrics {
  readonly registry: Registry;
  readonly inboundMessages: Counter<'workspace' | 'result'>;
  readonly outboundMessages: Counter<'workspace' | 'status'>;
  readonly webhookRejections: Counter<'route' | 'reason'>;
  readonly helpdeskApiCalls: Counter<'helpdesk' | 'status'>;
  readonly carrierApiCalls: Counter<'carrier' | 'status'>;
  readonly jobsFinished: Counter<'kind' | 'outcome'>;
  readonly jobDuration: Histogram<'kind'>;
}

export function createMetrics(readQueue: () => Promise<QueueStats>): RelayMetrics {
  const registry = new Registry();
  // Process and runtime figures (memory, CPU, GC, event-loop lag): the lag is what a slow webhook
  // acknowledgement looks like from inside (docs/benchmarks.md).
  collectDefaultMetrics({ register: registry });
  const queueDepth = new Gauge({
    name: 'smsbridge_job_queue_depth',
    help: 'Jobs in the outbox by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const stats = await readQueue();
      this.set({ state: 'pending' }, stats.pending);
      this.set({ state: 'running' }, stats.running);
      this.set({ state: 'dead' }, stats.dead);
    },
  });
  void queueDepth;
  new Gauge({
    name: 'smsbridge_job_queue_oldest_age_seconds',
    help: 'Age of the oldest due job still waiting',
    registers: [registry],
    async collect() {
      this.set((await readQueue()).oldestPendingAgeSeconds);
    },
  });
  return {
    registry,
    inboundMessages: new Counter({
      name: 'smsbridge_inbound_messages_total',
      help: 'Inbound SMS webhooks accepted, by result (stored or duplicate)',
      labelNames: ['workspace', 'result'] as const,
      registers: [registry],
    }),
    outboundMessages: new Counter({
      name: 'smsbridge_outbound_messages_total',
      help: 'Outbound SMS by status (sent, failed, blocked_opted_out, blocked_pii, delivered...)',
      labelNames: ['workspace', 'status'] as const,
      registers: [registry],
    }),
    webhookRejections: new Counter({
      name: 'smsbridge_webhook_rejections_total',
      help: 'Webhooks refused, by route and reason',
      labelNames: ['route', 'reason'] as const,
      registers: [registry],
    }),
    helpdeskApiCalls: new Counter({
      name: 'smsbridge_helpdesk_api_calls_total',
      help: 'Helpdesk API calls by HTTP status (or "error" for network failures)',
      labelNames: ['helpdesk', 'status'] as const,
      registers: [registry],
    }),
    carrierApiCalls: new Counter({
      name: 'smsbridge_carrier_api_calls_total',
      help: 'Carrier API calls by HTTP status (or "error" for network failures)',
      labelNames: ['carrier', 'status'] as const,
      registers: [registry],
    }),
    jobsFinished: new Counter({
      name: 'smsbridge_jobs_finished_total',
      help: 'Job attempts by kind and outcome (done, retry, dead)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'smsbridge_job_duration_seconds',
      help: 'Job run time',
      labelNames: ['kind'] as const,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers: [registry],
    }),
  };
}

/** Wraps fetch so every call is counted by its HTTP status. */
export function countingFetch(
  fetchImpl: typeof fetch,
  count: (status: string) => void,
): typeof fetch {
  return async (input, init) => {
    try {
      const response = await fetchImpl(input, init);
      count(String(response.status));
      return response;
    } catch (error) {
      count('error');
      throw error;
    }
  };
}
