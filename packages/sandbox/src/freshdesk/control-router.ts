// The `/_sandbox/freshdesk` control routes: the agent's side of Freshdesk and inspection, over JSON.
import express, { type Request } from 'express';
import { ApiFailure } from '../shared/api-failure.ts';
import {
  ControlError,
  endControlRouter,
  controlBody as body,
  controlIdParam,
  parseFaultSpec,
} from '../shared/control.ts';
import { TICKET_STATUSES, type TicketStatus } from './model.ts';
import type { FreshdeskStandInControls } from './stand-in.ts';

function status(value: unknown): TicketStatus {
  if (typeof value !== 'number' || !(value in TICKET_STATUSES)) {
    throw new ControlError(
      `status must be one of ${Object.keys(TICKET_STATUSES).join(', ')} (Open, Pending, Resolved, Closed)`,
    );
  }
  return value as TicketStatus;
}

function text(input: Record<string, unknown>, key: string): string {
  const value = input[key];
  if (typeof value !== 'string' || value.trim() === '')
    throw new ControlError(`${key} must be a non-empty string`);
  return value;
}

function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value !== undefined && typeof value !== 'string')
    throw new ControlError(`${key} must be a string`);
  return value;
}

export function createControlRouter(standIn: FreshdeskStandInControls): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  const ticketId = (req: Request) => controlIdParam(req, 'ticket');

  router.get('/tickets', (_req, res) => {
    res.json({ tickets: standIn.tickets() });
  });
  router.get('/tickets/:id', (req, res) => {
    const ticket = standIn.ticket(ticketId(req));
    if (ticket === undefined) throw new ControlError('no such ticket', 404);
    res.json({ ticket });
  });
  router.get('/tickets/:id/notes', (req, res) => {
    res.json({ notes: standIn.notes(ticketId(req)) });
  });
  router.post('/tickets/:id/agent-replies', (req, res) => {
    const input = body(req);
    const reply = standIn.addAgentReply(ticketId(req), {
      body: text(input, 'body'),
      ...(input.status === undefined ? {} : { status: status(input.status) }),
    });
    res.status(201).json({ reply });
  });
  router.post('/tickets/:id/agent-notes', (req, res) => {
    const input = body(req);
    if (input.private !== undefined && typeof input.private !== 'boolean')
      throw new ControlError('private must be true or false');
    const note = standIn.addAgentNote(ticketId(req), {
      body: text(input, 'body'),
      private: input.private,
    });
    res.status(201).json({ note });
  });
  router.post('/tickets/:id/status', (req, res) => {
    res.json({ ticket: standIn.setTicketStatus(ticketId(req), status(body(req).status)) });
  });
  router.get('/contacts', (_req, res) => {
    res.json({ contacts: standIn.contacts() });
  });
  router.post('/contacts', (req, res) => {
    const input = body(req);
    const contact = standIn.createContact({
      name: text(input, 'name'),
      phone: optionalString(input, 'phone'),
      mobile: optionalString(input, 'mobile'),
      email: optionalString(input, 'email'),
    });
    res.status(201).json({ contact });
  });
  router.post('/contacts/:id/tags', (req, res) => {
    const tags = body(req).tags;
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))
      throw new ControlError('tags must be a list of strings');
    const id = controlIdParam(req, 'contact');
    if (!standIn.contacts().some((c) => c.id === id))
      throw new ControlError('no such contact', 404);
    res.json({ contact: standIn.setContactTags(id, tags as string[]) });
  });
  // Who wrote a note or reply: `user_id` is a contact or one of these agents (freshdesk.md §1.9).
  router.get('/agents', (_req, res) => {
    res.json({
      agents: standIn.agents(),
      apiAgentId: standIn.apiAgentId,
      agentId: standIn.agentId,
    });
  });
  router.get('/rules', (_req, res) => {
    res.json({ rules: standIn.rules(), executions: standIn.ruleExecutions() });
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

/** Freshdesk's own error body, in one line (its first `errors[]` entry, freshdesk.md §1.2). */
function describeApiFailure(error: unknown) {
  if (!(error instanceof ApiFailure)) return undefined;
  if (error.status === 404) return { status: 404, message: 'no such ticket' };
  const errors = error.body.errors;
  const first = Array.isArray(errors)
    ? (errors[0] as { field?: string; message?: string } | undefined)
    : undefined;
  const reason =
    first?.message === undefined ? error.message : `${first.field ?? ''} ${first.message}`.trim();
  return { status: 400, message: reason };
}
