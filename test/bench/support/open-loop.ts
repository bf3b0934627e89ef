// Open-loop load: posts prepared webhooks at a fixed rate whatever the answers, and times each from
// the moment it was due, so queueing (in the client or the server) counts in the latency.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface PreparedRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface StepResult {
  readonly offeredPerSecond: number;
  readonly sent: number;
  readonly ok: number;
  /** Answers other than 200, and requests that failed (refused, reset, timed out). */
  readonly errors: number;
  /** status → count for the errors; `network` for requests that got no answer. */
  readonly errorKinds: Readonly<Record<string, number>>;
  /** 200s per second, from the first due time to the last answer. */
  readonly achievedPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export interface LoadClient {
  /** Posts `requests` at `perSecond`, evenly spaced, and waits for every answer. */
  run(requests: readonly PreparedRequest[], perSecond: number): Promise<StepResult>;
  close(): Promise<void>;
}

export function createLoadClient(
  origin: string,
  options: { connections?: number } = {},
): LoadClient {
  // Keep-alive connections, as Twilio's webhook fleet reuses them; 10 s caps any one request.
  const pool = new Pool(origin, {
    connections: options.connections ?? 64,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });

  return {
    async run(requests, perSecond) {
      const intervalMs = 1000 / perSecond;
      const latencies: number[] = [];
      const errorKinds: Record<string, number> = {};
      let ok = 0;
      let lastAnswer = 0;
      const inFlight: Promise<void>[] = [];
      const startAt = performance.now() + 20;

      const post = async (request: PreparedRequest, dueAt: number) => {
        let kind: string | undefined;
        try {
          const answer = await pool.request({
            path: request.path,
            method: 'POST',
            headers: request.headers,
            body: request.body,
          });
          await answer.body.dump();
          if (answer.statusCode !== 200) kind = String(answer.statusCode);
        } catch {
          kind = 'network';
        }
        const answeredAt = performance.now();
        lastAnswer = Math.max(lastAnswer, answeredAt);
        if (kind === undefined) {
          ok += 1;
          latencies.push(answeredAt - dueAt);
        } else {
          errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        }
      };

      let next = 0;
      while (next < requests.length) {
        const now = performance.now();
        // Everything due by now goes out now, even if the timer fired late: the rate holds.
        while (next < requests.length && startAt + next * intervalMs <= now) {
          inFlight.push(post(requests[next]!, startAt + next * intervalMs));
          next += 1;
        }
        const wait = startAt + next * intervalMs - performance.now();
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(wait, 1))));
      }
      await Promise.all(inFlight);

      latencies.sort((a, b) => a - b);
      const errors = requests.length - ok;
      return {
        offeredPerSecond: perSecond,
        sent: requests.length,
        ok,
        errors,
        errorKinds,
        achievedPerSecond: ok === 0 ? 0 : (ok * 1000) / (lastAnswer - startAt),
        p50Ms: percentile(latencies, 0.5),
        p99Ms: percentile(latencies, 0.99),
        maxMs: latencies.at(-1) ?? Number.NaN,
      };
    },
    close: () => pool.close(),
  };
}
