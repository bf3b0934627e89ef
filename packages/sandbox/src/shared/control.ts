// Helpers for the stand-ins' `/_sandbox/*` control routes: one-line 400s and fault specs over JSON.
import type { NextFunction, Request, Response, Router } from 'express';
import type { FaultSpec } from './limits.ts';

/** A bad control request: 400 (or `status`) with a one-line reason. */
export class ControlError extends Error {
  readonly status: number;
  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON body of a control request, which must be an object. */
export function controlBody(req: Request): Record<string, unknown> {
  if (!isRecord(req.body)) throw new ControlError('body must be a JSON object');
  return req.body;
}

/** The `:id` route parameter as a positive integer. */
export function controlIdParam(req: Request, what: string): number {
  const raw = String(req.params.id ?? '');
  if (!/^\d{1,15}$/.test(raw)) throw new ControlError(`${what} id must be a positive integer`);
  return Number(raw);
}

function optionalNonNegative(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ControlError(`${name} must be a non-negative number`);
  }
  return value;
}

export function parseFaultSpec(raw: Record<string, unknown>): FaultSpec {
  if (raw.status !== 429 && raw.status !== 503) throw new ControlError('status must be 429 or 503');
  const method = raw.method;
  if (method !== undefined && (typeof method !== 'string' || !/^[A-Z]+$/.test(method))) {
    throw new ControlError('method must be an upper-case HTTP method');
  }
  const pathPrefix = raw.pathPrefix;
  if (pathPrefix !== undefined && (typeof pathPrefix !== 'string' || !pathPrefix.startsWith('/'))) {
    throw new ControlError('pathPrefix must start with /');
  }
  const count = optionalNonNegative(raw.count, 'count');
  if (count !== undefined && !Number.isInteger(count))
    throw new ControlError('count must be an integer');
  const retryAfterSeconds = optionalNonNegative(raw.retryAfterSeconds, 'retryAfterSeconds');
  if (retryAfterSeconds !== undefined && !Number.isInteger(retryAfterSeconds)) {
    throw new ControlError('retryAfterSeconds must be an integer');
  }
  return {
    status: raw.status,
    count,
    forMs: optionalNonNegative(raw.forMs, 'forMs'),
    retryAfterSeconds,
    method,
    pathPrefix,
  };
}

/** Body-parser errors as one-line control answers; undefined when `error` is not one. */
export function bodyParserFailure(error: unknown): { status: number; message: string } | undefined {
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.parse.failed') return { status: 400, message: 'body is not valid JSON' };
  if (type === 'entity.too.large') return { status: 413, message: 'body is too large' };
  return undefined;
}

/** An error a stand-in's own API raised, as a control answer; undefined when it is not one. */
export type DescribeApiError = (error: unknown) => { status: number; message: string } | undefined;

/**
 * Closes a control router: 404 for an unknown route, then every error as a one-line JSON answer —
 * a ControlError with its status, an API error as `describeApiError` words it, a body-parser
 * failure, anything else 500.
 */
export function endControlRouter(router: Router, describeApiError?: DescribeApiError): void {
  router.use((_req, _res) => {
    throw new ControlError('no such control route', 404);
  });
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const answer =
      error instanceof ControlError
        ? { status: error.status, message: error.message }
        : (describeApiError?.(error) ?? bodyParserFailure(error));
    if (answer === undefined) {
      res.status(500).json({ error: 'unexpected stand-in error' });
      return;
    }
    res.status(answer.status).json({ error: answer.message });
  });
}
