// Per-minute rate windows and injected outages (429/503), shared by the helpdesk stand-ins.

/** A sliding window (one minute unless told otherwise) of request times. */
export interface RateWindow {
  readonly limit: number;
  /** Requests left in the window at `now`. */
  remaining(now: number): number;
  /** Seconds until one more request fits, at least 1 (Retry-After is whole seconds: zendesk.md §2.9, freshdesk.md §1.3). */
  retryAfterSeconds(now: number): number;
  record(now: number): void;
  reset(): void;
}

const WINDOW_MS = 60_000;

export function createRateWindow(limit: number, windowMs = WINDOW_MS): RateWindow {
  let times: number[] = [];
  function prune(now: number) {
    while (times.length > 0 && (times[0] ?? 0) <= now - windowMs) times.shift();
  }
  return {
    limit,
    remaining(now) {
      prune(now);
      return Math.max(0, limit - times.length);
    },
    retryAfterSeconds(now) {
      prune(now);
      if (times.length < limit) return 0;
      const oldest = times[times.length - limit] ?? now;
      return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
    },
    record(now) {
      times.push(now);
    },
    reset() {
      times = [];
    },
  };
}

/** An outage to simulate: the next `count` requests and/or everything for `forMs` fail. */
export interface FaultSpec {
  readonly status: 429 | 503;
  /** How many requests fail; unlimited when omitted (then `forMs` or clearFaults() ends it). */
  readonly count?: number;
  /** For how long requests fail, from now. */
  readonly forMs?: number;
  /** Sent as `Retry-After`; omitted from the answer when not given. */
  readonly retryAfterSeconds?: number;
  /** Only requests with this method (upper case) fail. */
  readonly method?: string;
  /** Only requests whose API path starts with this fail, e.g. `/api/v2/tickets`. */
  readonly pathPrefix?: string;
}

export interface ActiveFault {
  readonly spec: FaultSpec;
  remaining: number | undefined;
  readonly until: number | undefined;
}

export function activateFault(spec: FaultSpec, now: number): ActiveFault {
  return {
    spec,
    remaining: spec.count,
    until: spec.forMs === undefined ? undefined : now + spec.forMs,
  };
}

/** The fault that applies to this request, consuming one of its `count`; undefined when none. */
export function takeFault(
  faults: ActiveFault[],
  request: { readonly method: string; readonly path: string },
  now: number,
): ActiveFault | undefined {
  for (let i = faults.length - 1; i >= 0; i -= 1) {
    const fault = faults[i];
    if (fault === undefined) continue;
    const expired =
      (fault.remaining !== undefined && fault.remaining <= 0) ||
      (fault.until !== undefined && now >= fault.until);
    if (expired) {
      faults.splice(i, 1);
      continue;
    }
    if (fault.spec.method !== undefined && fault.spec.method !== request.method) continue;
    if (fault.spec.pathPrefix !== undefined && !request.path.startsWith(fault.spec.pathPrefix)) {
      continue;
    }
    if (fault.remaining !== undefined) fault.remaining -= 1;
    return fault;
  }
  return undefined;
}
