// The `/_sandbox/zendesk` control routes: the agent's side of Zendesk and inspection, over JSON.
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApiFailure } from './errors.ts';
import type { FaultSpec } from './limits.ts';
import { TICKET_STATUSES, type TicketStatus } from './model.ts';
import type { ZendeskStandInControls } from './stand-in.ts';

/** A bad control request: 400 with a one-line reason. */
class ControlError extends Error {
  readonly status: number;
  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function body(req: Request): Record<string, unknown> {
  if (!isRecord(req.body)) throw new ControlError('body must be a JSON object');
  return req.body;
}

function ticketIdParam(req: Request): number {
  const raw = String(req.params.id ?? '');
  if (!/^\d{1,15}$/.test(raw)) throw new ControlError('ticket id must be a positive integer');
  return Number(raw);
}

function status(value: unknown): TicketStatus {
  if (typeof value !== 'string' || !(TICKET_STATUSES as readonly string[]).includes(value)) {
    throw new ControlError(`status must be one of ${TICKET_STATUSES.join(', ')}`);
  }
  return value as TicketStatus;
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

export function createControlRouter(standIn: ZendeskStandInControls): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/tickets', (_req, res) => {
    res.json({ tickets: standIn.tickets() });
  });
  router.get('/tickets/:id', (req, res) => {
    const ticket = standIn.ticket(ticketIdParam(req));
    if (ticket === undefined) throw new ControlError('no such ticket', 404);
    res.json({ ticket });
  });
  router.post('/tickets/:id/agent-comments', (req, res) => {
    const input = body(req);
    if (typeof input.body !== 'string' || input.body.trim() === '') {
      throw new ControlError('body must be a non-empty string');
    }
    if (input.public !== undefined && typeof input.public !== 'boolean') {
      throw new ControlError('public must be true or false');
    }
    const comment = standIn.addAgentComment(ticketIdParam(req), {
      body: input.body,
      public: input.public,
      status: input.status === undefined ? undefined : status(input.status),
    });
    res.status(201).json({ comment });
  });
  router.post('/tickets/:id/status', (req, res) => {
    const ticket = standIn.setTicketStatus(ticketIdParam(req), status(body(req).status));
    res.json({ ticket });
  });
  router.post('/close-solved', (_req, res) => {
    res.json({ closed: standIn.closeSolvedTickets() });
  });
  router.get('/users', (_req, res) => {
    res.json({ users: standIn.users() });
  });
  router.post('/users', (req, res) => {
    const input = body(req);
    if (typeof input.name !== 'string' || input.name.trim() === '') {
      throw new ControlError('name must be a non-empty string');
    }
    for (const key of ['phone', 'email'] as const) {
      if (input[key] !== undefined && typeof input[key] !== 'string') {
        throw new ControlError(`${key} must be a string`);
      }
    }
    const user = standIn.createEndUser({
      name: input.name,
      phone: input.phone as string | undefined,
      email: input.email as string | undefined,
    });
    res.status(201).json({ user });
  });
  router.get('/api-calls', (_req, res) => {
    res.json({ calls: standIn.apiCalls() });
  });
  router.post('/faults', (req, res) => {
    standIn.injectFaults(parseFaultSpec(body(req)));
    res.status(204).end();
  });
  router.delete('/faults', (_req, res) => {
    standIn.clearFaults();
    res.status(204).end();
  });
  router.post('/duplicate-next-webhook', (_req, res) => {
    standIn.duplicateNextWebhook();
    res.status(204).end();
  });
  router.get('/webhook-deliveries', (_req, res) => {
    res.json({ deliveries: standIn.webhookDeliveries() });
  });
  router.post('/flush-webhooks', async (_req, res) => {
    await standIn.flushWebhooks();
    res.status(204).end();
  });
  router.post('/reset', (_req, res) => {
    standIn.reset();
    res.status(204).end();
  });

  router.use((_req, _res) => {
    throw new ControlError('no such control route', 404);
  });
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof ControlError) {
      res.status(error.status).json({ error: error.message });
      return;
    }
    if (error instanceof ApiFailure) {
      const reason = firstDetail(error.body) ?? error.message;
      res.status(error.status === 404 ? 404 : 400).json({ error: reason });
      return;
    }
    const type = (error as { type?: unknown }).type;
    if (type === 'entity.parse.failed') {
      res.status(400).json({ error: 'body is not valid JSON' });
      return;
    }
    if (type === 'entity.too.large') {
      res.status(413).json({ error: 'body is too large' });
      return;
    }
    res.status(500).json({ error: 'unexpected stand-in error' });
  });
  return router;
}

function firstDetail(body: Record<string, unknown>): string | undefined {
  const details = body.details;
  if (!isRecord(details)) return undefined;
  for (const list of Object.values(details)) {
    if (Array.isArray(list) && isRecord(list[0]) && typeof list[0].description === 'string') {
      return list[0].description;
    }
  }
  return undefined;
}
