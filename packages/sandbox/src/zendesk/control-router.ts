// The `/_sandbox/zendesk` control routes: the agent's side of Zendesk and inspection, over JSON.
import express, { type Request } from 'express';
import {
  ControlError,
  endControlRouter,
  controlBody as body,
  controlIdParam,
  isRecord,
  parseFaultSpec,
} from '../shared/control.ts';
import { ApiFailure } from './errors.ts';
import { TICKET_STATUSES, type TicketStatus } from './model.ts';
import type { ZendeskStandInControls } from './stand-in.ts';

function ticketIdParam(req: Request): number {
  return controlIdParam(req, 'ticket');
}

function status(value: unknown): TicketStatus {
  if (typeof value !== 'string' || !(TICKET_STATUSES as readonly string[]).includes(value)) {
    throw new ControlError(`status must be one of ${TICKET_STATUSES.join(', ')}`);
  }
  return value as TicketStatus;
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
  router.post('/users/:id/tags', (req, res) => {
    const tags = body(req).tags;
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) {
      throw new ControlError('tags must be a list of strings');
    }
    const id = controlIdParam(req, 'user');
    if (!standIn.users().some((u) => u.id === id)) throw new ControlError('no such user', 404);
    const user = standIn.setUserTags(id, tags as string[]);
    res.json({ user });
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

  endControlRouter(router, describeApiFailure);
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

/** Zendesk's own error body, in one line (its first detail). */
function describeApiFailure(error: unknown) {
  if (!(error instanceof ApiFailure)) return undefined;
  const reason = firstDetail(error.body) ?? error.message;
  return { status: error.status === 404 ? 404 : 400, message: reason };
}
