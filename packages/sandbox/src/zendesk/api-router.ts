// The stand-in's Support API routes (`/api/v2/...`, zendesk.md §2 and §3.1) on an Express router.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Account } from './account.ts';
import { ApiFailure, badRequest, recordNotFound } from './errors.ts';
import { takeFault, type ActiveFault, type RateWindow } from '../shared/limits.ts';
import type { ApiCall } from './model.ts';
import {
  attachmentJson,
  commentJson,
  identityJson,
  isoSeconds,
  ticketFieldJson,
  ticketJson,
  triggerJson,
  userJson,
  webhookJson,
} from './serialize.ts';

export interface ApiRouterDeps {
  readonly account: Account;
  readonly baseUrl: string;
  readonly email: string;
  readonly apiToken: string;
  readonly accountLimit: RateWindow;
  readonly updateTicketLimit: RateWindow;
  /** The API user's window of updates to one ticket (zendesk.md §2.9: 30 per 10 minutes). */
  readonly ticketUpdateLimit: (ticketId: number) => RateWindow;
  readonly faults: ActiveFault[];
  readonly calls: ApiCall[];
  readonly now: () => Date;
}

const PAGE_MAX = 100;

function numericId(req: Request): number {
  const raw = String(req.params.id ?? '');
  if (!/^\d{1,15}$/.test(raw)) throw recordNotFound();
  return Number(raw);
}

function queryString(req: Request, key: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Offset pagination envelope `{<key>: [...], next_page, previous_page, count}` (OAS list responses). */
function page<T>(req: Request, baseUrl: string, key: string, items: readonly T[]) {
  const sizeParam = queryString(req, 'per_page') ?? pageSizeParam(req);
  const size = Math.min(PAGE_MAX, Math.max(1, Number(sizeParam ?? PAGE_MAX) || PAGE_MAX));
  const number = Math.max(1, Number(queryString(req, 'page') ?? 1) || 1);
  const start = (number - 1) * size;
  const slice = items.slice(start, start + size);
  const link = (n: number) => {
    const url = new URL(`${baseUrl}${req.path}`);
    for (const [k, v] of Object.entries(req.query)) {
      if (typeof v === 'string' && k !== 'page[size]') url.searchParams.set(k, v);
    }
    url.searchParams.set('page', String(n));
    url.searchParams.set('per_page', String(size));
    return url.toString();
  };
  return {
    [key]: slice,
    next_page: start + size < items.length ? link(number + 1) : null,
    previous_page: number > 1 ? link(number - 1) : null,
    count: items.length,
  };
}

/** A `key[sub]` query parameter, whichever query parser the host app uses (Express 5: simple). */
function nestedQuery(req: Request, key: string, sub: string): string | undefined {
  const query = req.query as Record<string, unknown>;
  const flat = query[`${key}[${sub}]`];
  if (typeof flat === 'string') return flat;
  const nested = query[key];
  if (typeof nested === 'object' && nested !== null) {
    const value = (nested as Record<string, unknown>)[sub];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/** Cursor pagination sends `page[size]`; the stand-in treats it as the page size. */
function pageSizeParam(req: Request): string | undefined {
  return nestedQuery(req, 'page', 'size');
}

export function createApiRouter(deps: ApiRouterDeps): express.Router {
  const { account, baseUrl } = deps;
  const router = express.Router();
  const expectedAuth = `Basic ${Buffer.from(`${deps.email}/token:${deps.apiToken}`).toString('base64')}`;

  // Zendesk accepts an optional `.json` suffix on every path.
  router.use((req, _res, next) => {
    const q = req.url.indexOf('?');
    const path = q === -1 ? req.url : req.url.slice(0, q);
    if (path.endsWith('.json')) req.url = path.slice(0, -5) + (q === -1 ? '' : req.url.slice(q));
    next();
  });

  // Attachment downloads are token URLs, not API calls (zendesk.md §2.4).
  router.get('/attachments/token/:token', (req, res) => {
    const attachment = account.attachmentByToken(String(req.params.token));
    if (attachment === undefined) {
      res.status(404).json({ error: 'RecordNotFound', description: 'Not found' });
      return;
    }
    res.type(attachment.contentType).send(attachment.data);
  });

  router.use('/api/v2', (req, res, next) => {
    const call = { method: req.method, path: `/api/v2${req.path}` };
    res.on('finish', () => deps.calls.push({ ...call, status: res.statusCode }));
    if (req.get('authorization') !== expectedAuth) {
      res.status(401).json({ error: "Couldn't authenticate you" });
      return;
    }
    const at = deps.now().getTime();
    const fault = takeFault(deps.faults, call, at);
    if (fault !== undefined) {
      if (fault.spec.retryAfterSeconds !== undefined) {
        res.set('Retry-After', String(fault.spec.retryAfterSeconds));
      }
      res
        .status(fault.spec.status)
        .json(
          fault.spec.status === 429
            ? { error: 'TooManyRequests', description: 'Rate limit exceeded' }
            : { error: 'ServiceUnavailable', description: 'Zendesk is temporarily unavailable' },
        );
      return;
    }
    // Account-wide limit with X-Rate-Limit headers, then the Update Ticket limit (§2.9).
    const limit = deps.accountLimit;
    if (limit.remaining(at) === 0) {
      res.set('Retry-After', String(limit.retryAfterSeconds(at)));
      res.set('X-Rate-Limit', String(limit.limit)).set('X-Rate-Limit-Remaining', '0');
      res.status(429).json({ error: 'TooManyRequests', description: 'Rate limit exceeded' });
      return;
    }
    const isTicketUpdate = req.method === 'PUT' && /^\/tickets\/\d+$/.test(req.path);
    if (isTicketUpdate && deps.updateTicketLimit.remaining(at) === 0) {
      res.set('Retry-After', String(deps.updateTicketLimit.retryAfterSeconds(at)));
      res
        .status(429)
        .json({ error: 'TooManyRequests', description: 'Update Ticket rate limit exceeded' });
      return;
    }
    const ticketLimit = isTicketUpdate
      ? deps.ticketUpdateLimit(Number(/^\/tickets\/(\d+)$/.exec(req.path)?.[1]))
      : undefined;
    if (ticketLimit !== undefined && ticketLimit.remaining(at) === 0) {
      res.set('Retry-After', String(ticketLimit.retryAfterSeconds(at)));
      res.status(429).json({
        error: 'TooManyRequests',
        description: 'Too many updates to this ticket: 30 per 10 minutes',
      });
      return;
    }
    limit.record(at);
    if (isTicketUpdate) deps.updateTicketLimit.record(at);
    ticketLimit?.record(at);
    res.set('X-Rate-Limit', String(limit.limit));
    res.set('X-Rate-Limit-Remaining', String(limit.remaining(at)));
    next();
  });

  const json = express.json({ limit: '2mb', type: () => true });
  const raw = express.raw({ limit: '50mb', type: () => true });

  // ---- users -------------------------------------------------------------------------------
  router.get('/api/v2/users/me', (_req, res) => {
    res.json({ user: userJson(baseUrl, account.apiUser) });
  });
  router.get('/api/v2/users/search', (req, res) => {
    const externalId = queryString(req, 'external_id');
    const query = queryString(req, 'query');
    let found;
    if (externalId !== undefined) {
      found = [...account.users.values()].filter((u) => u.externalId === externalId);
    } else if (query !== undefined) {
      found = account.searchUsers(query);
    } else {
      throw badRequest('query or external_id is required');
    }
    res.json(
      page(
        req,
        baseUrl,
        'users',
        found.map((u) => userJson(baseUrl, u)),
      ),
    );
  });
  router.post('/api/v2/users', json, (req, res) => {
    const user = account.createUser(req.body);
    res.status(201).location(`${baseUrl}/api/v2/users/${user.id}.json`);
    res.json({ user: userJson(baseUrl, user) });
  });
  router.get('/api/v2/users/:id', (req, res) => {
    res.json({ user: userJson(baseUrl, account.requireUser(numericId(req))) });
  });
  router.get('/api/v2/users/:id/identities', (req, res) => {
    const user = account.requireUser(numericId(req));
    res.json(
      page(
        req,
        baseUrl,
        'identities',
        user.identities.map((i) => identityJson(baseUrl, i)),
      ),
    );
  });
  router.post('/api/v2/users/:id/identities', json, (req, res) => {
    const identity = account.addIdentity(numericId(req), req.body);
    res.status(201).json({ identity: identityJson(baseUrl, identity) });
  });

  // ---- tickets -----------------------------------------------------------------------------
  router.post('/api/v2/tickets', json, (req, res) => {
    const { ticket, comment } = account.createTicket(req.body, account.apiUser.id);
    res.status(201).location(`${baseUrl}/api/v2/tickets/${ticket.id}.json`);
    res.json({ ticket: ticketJson(baseUrl, ticket), audit: audit(ticket.id, comment?.id) });
  });
  router.get('/api/v2/tickets', (req, res) => {
    const externalId = queryString(req, 'external_id');
    const all = [...account.tickets.values()]
      .filter((t) => externalId === undefined || t.externalId === externalId)
      .sort((a, b) => a.id - b.id);
    res.json(
      page(
        req,
        baseUrl,
        'tickets',
        all.map((t) => ticketJson(baseUrl, t)),
      ),
    );
  });
  router.get('/api/v2/tickets/:id', (req, res) => {
    res.json({ ticket: ticketJson(baseUrl, account.requireTicket(numericId(req))) });
  });
  router.put('/api/v2/tickets/:id', json, (req, res) => {
    const { ticket, comment } = account.updateTicket(numericId(req), req.body, account.apiUser.id);
    res.json({ ticket: ticketJson(baseUrl, ticket), audit: audit(ticket.id, comment?.id) });
  });
  router.get('/api/v2/tickets/:id/comments', (req, res) => {
    const ticket = account.requireTicket(numericId(req));
    const order = queryString(req, 'sort_order') === 'desc' ? 'desc' : 'asc';
    const comments = ticket.comments.map((c) => commentJson(baseUrl, c));
    if (order === 'desc') comments.reverse();
    res.json(page(req, baseUrl, 'comments', comments));
  });
  router.get('/api/v2/tickets/:id/tags', (req, res) => {
    res.json({ tags: [...account.requireTicket(numericId(req)).tags] });
  });
  // Tags endpoint: PUT adds, POST sets (replaces), DELETE removes (zendesk.md §2.7).
  router.put('/api/v2/tickets/:id/tags', json, (req, res) => {
    res.json({ tags: account.changeTags(numericId(req), req.body, 'add') });
  });
  router.post('/api/v2/tickets/:id/tags', json, (req, res) => {
    res.status(201).json({ tags: account.changeTags(numericId(req), req.body, 'set') });
  });
  router.delete('/api/v2/tickets/:id/tags', json, (req, res) => {
    res.json({ tags: account.changeTags(numericId(req), req.body, 'remove') });
  });

  // ---- uploads -----------------------------------------------------------------------------
  router.post('/api/v2/uploads', raw, (req, res) => {
    const upload = account.upload({
      filename: queryString(req, 'filename'),
      token: queryString(req, 'token'),
      contentType: req.get('content-type') ?? 'application/binary',
      data: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    });
    const attachments = upload.attachments.map((a) => attachmentJson(baseUrl, a));
    res.status(201).json({
      upload: {
        token: upload.token,
        expires_at: isoSeconds(upload.expiresAt),
        attachment: attachments[attachments.length - 1],
        attachments,
      },
    });
  });
  router.delete('/api/v2/uploads/:token', (req, res) => {
    account.deleteUpload(String(req.params.token));
    res.status(204).end();
  });

  // ---- ticket fields -----------------------------------------------------------------------
  router.get('/api/v2/ticket_fields', (req, res) => {
    const fields = [...account.ticketFields.values()].map((f) => ticketFieldJson(baseUrl, f));
    res.json(page(req, baseUrl, 'ticket_fields', fields));
  });
  router.post('/api/v2/ticket_fields', json, (req, res) => {
    const field = account.createTicketField(req.body);
    res.status(201).location(`${baseUrl}/api/v2/ticket_fields/${field.id}.json`);
    res.json({ ticket_field: ticketFieldJson(baseUrl, field) });
  });

  // ---- webhooks (cursor pagination, zendesk.md §3.1) -----------------------------------------
  router.get('/api/v2/webhooks', (req, res) => {
    const nameContains = nestedQuery(req, 'filter', 'name_contains');
    const list = [...account.webhooks.values()]
      .filter((w) => typeof nameContains !== 'string' || w.name.includes(nameContains))
      .map(webhookJson);
    res.json({
      webhooks: list,
      meta: { has_more: false, after_cursor: null, before_cursor: null },
      links: { next: null, prev: null },
    });
  });
  router.post('/api/v2/webhooks', json, (req, res) => {
    const webhook = account.createWebhook(req.body);
    res.status(201).location(`${baseUrl}/api/v2/webhooks/${webhook.id}`);
    res.json({ webhook: webhookJson(webhook) });
  });
  router.get('/api/v2/webhooks/:id', (req, res) => {
    const webhook = account.webhooks.get(String(req.params.id));
    if (webhook === undefined) throw recordNotFound();
    res.json({ webhook: webhookJson(webhook) });
  });
  router.patch('/api/v2/webhooks/:id', json, (req, res) => {
    account.patchWebhook(String(req.params.id), req.body);
    res.status(204).end();
  });
  router.delete('/api/v2/webhooks/:id', (req, res) => {
    account.deleteWebhook(String(req.params.id));
    res.status(204).end();
  });
  router.get('/api/v2/webhooks/:id/signing_secret', (req, res) => {
    const webhook = account.webhooks.get(String(req.params.id));
    if (webhook === undefined) throw recordNotFound();
    res.json({ signing_secret: { algorithm: 'SHA256', secret: webhook.signingSecret } });
  });

  // ---- triggers (stored; the relay uses event subscriptions, so they never fire) -------------
  router.get('/api/v2/triggers', (req, res) => {
    const list = [...account.triggers.values()].map((t) => triggerJson(baseUrl, t));
    res.json(page(req, baseUrl, 'triggers', list));
  });
  router.post('/api/v2/triggers', json, (req, res) => {
    const trigger = account.createTrigger(req.body);
    res.status(201).location(`${baseUrl}/api/v2/triggers/${trigger.id}.json`);
    res.json({ trigger: triggerJson(baseUrl, trigger) });
  });

  router.use('/api/v2', (_req, res) => {
    res.status(404).json({ error: 'InvalidEndpoint', description: 'Not found' });
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof ApiFailure) {
      res.set(error.headers).status(error.status).json(error.body);
      return;
    }
    const type = (error as { type?: unknown }).type;
    if (type === 'entity.parse.failed') {
      res
        .status(400)
        .json({ error: 'InvalidJSON', description: 'The request body is not valid JSON' });
      return;
    }
    if (type === 'entity.too.large') {
      res
        .status(413)
        .json({ error: 'RequestTooLarge', description: 'The request body is too large' });
      return;
    }
    res.status(500).json({ error: 'InternalError', description: 'Unexpected stand-in error' });
  });

  return router;
}

function audit(ticketId: number, commentId: number | undefined) {
  return {
    ticket_id: ticketId,
    events: commentId === undefined ? [] : [{ id: commentId, type: 'Comment' }],
  };
}
