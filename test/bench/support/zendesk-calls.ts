// Groups the Zendesk stand-in's recorded API calls by endpoint and status, for the benchmark reports.

/** `PUT /api/v2/tickets/12` → `PUT /api/v2/tickets/:id`, so calls group by endpoint. */
export function endpointOf(call: { readonly method: string; readonly path: string }): string {
  return `${call.method} ${call.path.replace(/\/\d+(?=\/|$)/g, '/:id')}`;
}

export interface CallTally {
  readonly apiCalls: number;
  /** `METHOD /api/v2/path/:id` → requests. */
  readonly byEndpoint: Record<string, number>;
  /** HTTP status → requests. */
  readonly byStatus: Record<string, number>;
}

export function tallyCalls(
  calls: readonly { readonly method: string; readonly path: string; readonly status: number }[],
): CallTally {
  const byEndpoint: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  for (const call of calls) {
    const endpoint = endpointOf(call);
    byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
    byStatus[String(call.status)] = (byStatus[String(call.status)] ?? 0) + 1;
  }
  return { apiCalls: calls.length, byEndpoint, byStatus };
}
