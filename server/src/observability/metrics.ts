// Prometheus metrics for the relay (prom-client), one registry per relay instance (and per job thread).
import {
  AggregatorRegistry,
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';
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
  readonly botSteps: Counter<'workspace' | 'outcome'>;
  readonly csatSurveys: Counter<'workspace' | 'event'>;
}

/** What a registry exports to be merged into another's (a job thread's, for the main /metrics). */
export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

/**
 * `readQueue` is given on the relay's main thread only: the process figures and the queue gauges
 * are the process's, so a job thread's registry (counters of the jobs it ran and the API calls they
 * made) leaves them out, and `mergedMetrics` adds its counters to the main registry's.
 */
export function createMetrics(readQueue?: () => Promise<QueueStats>): RelayMetrics {
  const registry = new Registry();
  if (readQueue !== undefined) registerProcessMetrics(registry, readQueue);
  return {
    registry,
    ...relayCounters(registry),
  };
}

function registerProcessMetrics(registry: Registry, readQueue: () => Promise<QueueStats>): void {
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
}

function relayCounters(registry: Registry): Omit<RelayMetrics, 'registry'> {
  return {
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
    botSteps: new Counter({
      name: 'smsbridge_bot_steps_total',
      help: 'Customer texts the bot answered, by outcome (continue, resolved, handoff)',
      labelNames: ['workspace', 'outcome'] as const,
      registers: [registry],
    }),
    csatSurveys: new Counter({
      name: 'smsbridge_csat_surveys_total',
      help: 'SMS satisfaction surveys by event (scheduled, sent, answered, cancelled)',
      labelNames: ['workspace', 'event'] as const,
      registers: [registry],
    }),
  };
}

/**
 * The main registry's metrics in Prometheus text, with the job thread's counters added to the
 * same-named series (prom-client's cluster aggregation: counters and histograms are summed).
 */
export async function mergedMetrics(
  main: Registry,
  others: readonly MetricsSnapshot[],
): Promise<string> {
  if (others.length === 0) return main.metrics();
  // prom-client drops series marked 'omit' (process start time) when aggregating a cluster; here
  // only the main thread reports process figures, so they are kept as they are.
  const own = (await main.getMetricsAsJSON()).map((metric) =>
    metric.aggregator === 'omit' ? { ...metric, aggregator: 'first' as const } : metric,
  );
  return AggregatorRegistry.aggregate([own, ...others]).metrics();
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
