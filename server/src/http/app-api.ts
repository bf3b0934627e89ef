// The API the sidebar apps call: bearer-token checks, parameter validation and JSON answers per route.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { RelayContext } from '../relay/context.ts';
import { createTokenGate, readCredentials } from './app-api-auth.ts';
import {
  APP_API_ROUTES,
  WORKSPACE_ID_PARAMETER,
  expressPath,
  type AppApiRoute,
  type ParameterSpec,
} from './app-api-routes.ts';

/** RFC 6750 §3: every 401 names the scheme; the realm tells a person which credentials are meant. */
const CHALLENGE = 'Bearer realm="smsbridge-app-api"';

function fail(res: Response, status: number, error: string): void {
  res.status(status).json({ error });
}

type Parsed =
  | { readonly ok: true; readonly value: string | number }
  | { readonly ok: false; readonly error: string };

/** Checks one parameter against its spec; the messages name the parameter, never echo the input. */
export function parseParameter(spec: ParameterSpec, raw: unknown): Parsed {
  if (spec.in === 'path') {
    return typeof raw === 'string' && raw.length <= spec.maxLength && spec.pattern.test(raw)
      ? { ok: true, value: raw }
      : { ok: false, error: `${spec.name} must be ${spec.expected}` };
  }
  const { minimum, maximum } = spec.integer;
  if (raw === undefined) return { ok: true, value: spec.integer.default };
  if (typeof raw !== 'string') return { ok: false, error: `${spec.name} must be given once` };
  const value = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  return value >= minimum && value <= maximum
    ? { ok: true, value }
    : { ok: false, error: `${spec.name} must be a whole number from ${minimum} to ${maximum}` };
}

/** App API bodies are a short text and two ids; anything near this is a mistake. */
export const MAX_APP_API_BODY_BYTES = 16 * 1024;

const jsonBody = express.json({ limit: MAX_APP_API_BODY_BYTES, strict: false, type: () => true });

type BodyRead =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly error: string };

/** Reads the JSON body only after authentication, so an unauthenticated caller learns nothing. */
function readJsonBody(req: Request, res: Response): Promise<BodyRead> {
  if (!req.is('application/json')) {
    return Promise.resolve({
      ok: false,
      status: 415,
      error: 'send the body as Content-Type: application/json',
    });
  }
  return new Promise((resolve) => {
    jsonBody(req, res, (error?: unknown) => {
      if (error === undefined) {
        resolve({ ok: true, value: req.body as unknown });
        return;
      }
      const type = (error as { type?: unknown }).type;
      resolve(
        type === 'entity.too.large'
          ? {
              ok: false,
              status: 413,
              error: `body too large (limit ${MAX_APP_API_BODY_BYTES} bytes)`,
            }
          : { ok: false, status: 400, error: 'body is not valid JSON' },
      );
    });
  });
}

export function createAppApiRouter(context: RelayContext): express.Router {
  const router = express.Router({ caseSensitive: true });
  const gate = createTokenGate(context.config.workspaces);

  router.use((_req, res, next) => {
    // Consent and delivery details are about a person: no cache keeps them.
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    next();
  });

  const serve = (route: AppApiRoute) => async (req: Request, res: Response) => {
    // Authentication comes first: an unauthenticated caller learns nothing, not even what is valid.
    const credentials = readCredentials(req.rawHeaders);
    if (credentials.kind === 'duplicate') {
      fail(res, 400, 'send one Authorization header, not several');
      return;
    }
    if (credentials.kind === 'missing') {
      res.set('WWW-Authenticate', CHALLENGE);
      fail(
        res,
        401,
        "missing credentials: send Authorization: Bearer <the workspace's app API token>",
      );
      return;
    }
    if (credentials.kind === 'malformed') {
      res.set('WWW-Authenticate', `${CHALLENGE}, error="invalid_token"`);
      fail(res, 401, 'malformed bearer token');
      return;
    }
    const workspaceId = String(req.params.workspaceId);
    const workspace = context.workspaces.get(workspaceId);
    // One answer for a wrong token, another workspace's token, an unknown workspace and a workspace
    // without an app API token, so a token never reveals which workspaces exist.
    if (!gate.opens(workspaceId, credentials.token) || workspace === undefined) {
      context.logger.warn({ route: 'app_api', reason: 'forbidden' }, 'app API request refused');
      fail(res, 403, 'this token does not give access to this workspace');
      return;
    }
    const params: Record<string, string | number> = {};
    for (const spec of route.parameters) {
      const raw = spec.in === 'path' ? req.params[spec.name] : req.query[spec.name];
      const parsed = parseParameter(spec, raw);
      if (!parsed.ok) {
        fail(res, 400, parsed.error);
        return;
      }
      params[spec.name] = parsed.value;
    }
    let body: unknown;
    if (route.requestBody !== undefined) {
      const read = await readJsonBody(req, res);
      if (!read.ok) {
        fail(res, read.status, read.error);
        return;
      }
      const parsed = route.requestBody.parse(read.value);
      if (!parsed.ok) {
        fail(res, 400, parsed.error);
        return;
      }
      body = parsed.value;
    }
    const result = await route.handle({ context, workspace, params, body });
    if ('body' in result) res.status(result.status).json(result.body);
    else if (result.code === undefined) fail(res, result.status, result.error);
    else res.status(result.status).json({ error: result.error, code: result.code });
  };

  for (const route of APP_API_ROUTES) {
    router[route.method](
      expressPath(`/workspaces/{${WORKSPACE_ID_PARAMETER.name}}${route.path}`),
      serve(route),
    );
  }

  router.use((_req, res) => {
    fail(res, 404, 'no such app API route (see /openapi.json)');
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    // A path Express cannot decode (a stray '%') is the caller's mistake, not ours.
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      fail(res, status, 'malformed request');
      return;
    }
    context.logger.error(
      { route: 'app_api', error: error instanceof Error ? error.message : String(error) },
      'app API request failed',
    );
    fail(res, 500, 'internal error');
  });

  return router;
}
