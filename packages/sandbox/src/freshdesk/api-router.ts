// The stand-in's REST API v2 routes (`/api/v2/...`, freshdesk.md §1) on an Express router.
import express, { type NextFunction, type Request, type Response } from 'express';
import { takeFault, type ActiveFault, type RateWindow } from '../shared/limits.ts';
import type { Account, Performer, UploadedFile } from './account.ts';
import {
  ApiFailure,
  invalidCredentials,
  invalidValue,
  notFound,
  validationFailed,
} from './errors.ts';
import {
  contactJson,
  conversationJson,
  ruleJson,
  ticketFieldJson,
  ticketJson,
  type ApiCall,
  type StoredTicket,
} from './model.ts';

/** Per-endpoint limits per minute (freshdesk.md §1.3 table). */
export interface EndpointLimits {
  readonly ticketCreate: RateWindow;
  readonly ticketUpdate: RateWindow;
  readonly ticketsList: RateWindow;
  readonly contactsList: RateWindow;
}

export interface ApiRouterDeps {
  readonly account: Account;
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly accountLimit: RateWindow;
  readonly endpointLimits: EndpointLimits;
  readonly faults: ActiveFault[];
  readonly calls: ApiCall[];
  readonly now: () => Date;
}

type Json = Record<string, unknown>;

/** Pages: `per_page` default 30, max 100 (freshdesk.md §1.4). */
const PER_PAGE_DEFAULT = 30;
const PER_PAGE_MAX = 100;
/** Request bodies: 20 MB of attachments per ticket (§1.6) plus form overhead. */
const BODY_LIMIT = 25 * 1024 * 1024;
/** List Tickets shows tickets created in the last 30 days unless `updated_since` (§1.4). */
const LIST_TICKETS_DEFAULT_WINDOW_MS = 30 * 24 * 60 * 60_000;

function numericId(raw: unknown): number {
  const text = typeof raw === 'string' ? raw : '';
  if (!/^\d{1,15}$/.test(text)) throw notFound();
  return Number(text);
}

function queryString(req: Request, key: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** `Authorization: Basic base64(apikey:X)`, any dummy password (freshdesk.md §1.1). */
function authenticated(header: string | undefined, apiKey: string): boolean {
  if (header === undefined) return false;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header.trim());
  if (match === null) return false; // e.g. "Basic apikey:X" without Base64 → invalid_credentials
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && decoded.slice(0, colon) === apiKey;
}

interface ParsedBody {
  readonly raw: Json;
  readonly files: readonly UploadedFile[];
  readonly fromForm: boolean;
}

/** Multipart form → attributes: `tags[]` arrays, `custom_fields[cf_x]` objects, `attachments[]` files (§1.6). */
async function parseMultipart(buffer: Buffer, contentType: string): Promise<ParsedBody> {
  let form: FormData;
  try {
    form = await new Request('http://stand-in.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: buffer,
    }).formData();
  } catch {
    throw validationFailed({
      message: 'The multipart body could not be parsed',
      code: 'invalid_value',
    });
  }
  const raw: Json = {};
  const files: UploadedFile[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string') {
      if (name !== 'attachments[]') throw invalidValue(name, 'Files go in attachments[] only');
      files.push({
        name: value.name === '' ? 'attachment' : value.name,
        contentType: value.type === '' ? 'application/octet-stream' : value.type,
        data: Buffer.from(await value.arrayBuffer()),
      });
      continue;
    }
    const nested = /^([a-z_]+)\[([^\]]+)\]$/.exec(name);
    if (name.endsWith('[]')) {
      const key = name.slice(0, -2);
      const list = Array.isArray(raw[key]) ? (raw[key] as unknown[]) : [];
      list.push(value);
      raw[key] = list;
    } else if (nested !== null) {
      const [, key, sub] = nested as unknown as [string, string, string];
      const object = typeof raw[key] === 'object' && raw[key] !== null ? (raw[key] as Json) : {};
      object[sub] = value;
      raw[key] = object;
    } else {
      raw[name] = value;
    }
  }
  return { raw, files, fromForm: true };
}

export function createApiRouter(deps: ApiRouterDeps): express.Router {
  const { account, baseUrl } = deps;
  const router = express.Router();
  const apiPerformer = (): Performer => ({ type: 'agent', id: account.apiAgent.id });

  /** JSON only, multipart where uploads are allowed; anything else 415 (freshdesk.md §1.2). */
  function body(options: { multipart: boolean }) {
    return async (req: Request, _res: Response, next: NextFunction) => {
      try {
        const buffer = await readBody(req);
        const type = (req.get('content-type') ?? '').toLowerCase();
        if (options.multipart && type.startsWith('multipart/form-data')) {
          bodyHolder(req).parsed = await parseMultipart(buffer, req.get('content-type') ?? '');
        } else if (type.startsWith('application/json')) {
          let parsed: unknown;
          try {
            parsed = buffer.length === 0 ? {} : JSON.parse(buffer.toString('utf8'));
          } catch {
            throw validationFailed({
              message: 'Request body has invalid json format',
              code: 'invalid_json',
            });
          }
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
            throw validationFailed({
              message: 'Request body has invalid json format',
              code: 'invalid_json',
            });
          }
          bodyHolder(req).parsed = { raw: parsed as Json, files: [], fromForm: false };
        } else {
          throw new ApiFailure(415, {
            code: 'invalid_content_type',
            message: `Content-Type header is set to ${type || 'nothing'}. It should be set to application/json${options.multipart ? ' or multipart/form-data' : ''}`,
          });
        }
        next();
      } catch (error) {
        next(error);
      }
    };
  }

  function parsed(req: Request): ParsedBody {
    return bodyHolder(req).parsed ?? { raw: {}, files: [], fromForm: false };
  }

  function paginate<T>(req: Request, res: Response, items: readonly T[]): T[] {
    const perPageRaw = queryString(req, 'per_page');
    const perPage = perPageRaw === undefined ? PER_PAGE_DEFAULT : Number(perPageRaw);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > PER_PAGE_MAX) {
      throw invalidValue(
        'per_page',
        `It should be a Positive Integer less than or equal to ${PER_PAGE_MAX}`,
      );
    }
    const pageRaw = queryString(req, 'page');
    const page = pageRaw === undefined ? 1 : Number(pageRaw);
    if (!Number.isInteger(page) || page < 1)
      throw invalidValue('page', 'It should be a Positive Integer');
    const start = (page - 1) * perPage;
    if (start + perPage < items.length) {
      // `link: <...&page=2>;rel="next"`, absent on the last page (§1.4).
      const url = new URL(`${baseUrl}/api/v2${req.path}`);
      for (const [k, v] of Object.entries(req.query))
        if (typeof v === 'string') url.searchParams.set(k, v);
      url.searchParams.set('page', String(page + 1));
      url.searchParams.set('per_page', String(perPage));
      res.set('link', `<${url.toString()}>; rel="next"`);
    }
    return items.slice(start, start + perPage);
  }

  const fieldNames = () => account.customFieldNames();
  const ticketOut = (t: StoredTicket) => ticketJson(baseUrl, t, fieldNames());

  // Attachment downloads are plain URLs, not API calls.
  router.get('/attachments/:id', (req, res) => {
    const attachment = account.attachments.get(Number(req.params.id));
    if (attachment === undefined) {
      res.status(404).end();
      return;
    }
    res.type(attachment.contentType).send(attachment.data);
  });

  router.use('/api/v2', (req, res, next) => {
    const call = { method: req.method, path: `/api/v2${req.path}` };
    res.on('finish', () => deps.calls.push({ ...call, status: res.statusCode }));
    if (!authenticated(req.get('authorization'), deps.apiKey)) {
      const failure = invalidCredentials();
      res.status(failure.status).json(failure.body);
      return;
    }
    const accept = req.get('accept');
    if (accept !== undefined && !/application\/json|\*\/\*/i.test(accept)) {
      res.status(406).json({
        code: 'not_acceptable',
        message: 'Only application/json and */* are supported in the Accept header.',
      });
      return;
    }
    const at = deps.now().getTime();
    const fault = takeFault(deps.faults, call, at);
    if (fault !== undefined) {
      if (fault.spec.retryAfterSeconds !== undefined)
        res.set('Retry-After', String(fault.spec.retryAfterSeconds));
      res
        .status(fault.spec.status)
        .json(
          fault.spec.status === 429
            ? { message: 'You have exceeded the limit of requests per minute' }
            : { message: 'Service Unavailable' },
        );
      return;
    }
    // Account-wide limit per minute, then the endpoint's own (freshdesk.md §1.3).
    const limit = deps.accountLimit;
    const endpoint =
      req.method === 'POST' && req.path === '/tickets'
        ? deps.endpointLimits.ticketCreate
        : req.method === 'PUT' && /^\/tickets\/\d+$/.test(req.path)
          ? deps.endpointLimits.ticketUpdate
          : req.method === 'GET' && req.path === '/tickets'
            ? deps.endpointLimits.ticketsList
            : req.method === 'GET' && req.path === '/contacts'
              ? deps.endpointLimits.contactsList
              : undefined;
    // Embedding costs extra credits: 2 per include on lists, conversations 2 on a ticket (§1.1, §1.7).
    const includes = (queryString(req, 'include') ?? '').split(',').filter((s) => s !== '');
    const used =
      1 +
      (req.path === '/tickets'
        ? 2 * includes.length
        : includes.reduce((n, i) => n + (i === 'conversations' ? 2 : 1), 0));
    res.set('X-Ratelimit-Total', String(limit.limit));
    res.set('X-Freshdesk-Api-Version', 'latest=v2; requested=v2');
    const exhausted = [limit, endpoint].find((w) => w !== undefined && w.remaining(at) === 0);
    if (exhausted !== undefined) {
      // 429 + Retry-After, only then (§1.3).
      res.set('Retry-After', String(exhausted.retryAfterSeconds(at)));
      res.set('X-Ratelimit-Remaining', String(limit.remaining(at)));
      res.set('X-Ratelimit-Used-CurrentRequest', '0');
      res.status(429).json({ message: 'You have exceeded the limit of requests per minute' });
      return;
    }
    for (let i = 0; i < used; i += 1) limit.record(at);
    endpoint?.record(at);
    res.set('X-Ratelimit-Remaining', String(limit.remaining(at)));
    res.set('X-Ratelimit-Used-CurrentRequest', String(used));
    next();
  });

  // ---- agents ----------------------------------------------------------------------------------
  router.get('/api/v2/agents/me', (_req, res) => {
    const agent = account.apiAgent;
    res.json({
      id: agent.id,
      available: true,
      occasional: false,
      contact: { name: agent.name, email: agent.email },
    });
  });

  // ---- contacts (§1.8) -------------------------------------------------------------------------
  router.get('/api/v2/contacts', (req, res) => {
    const found = account.filterContacts({
      phone: queryString(req, 'phone'),
      mobile: queryString(req, 'mobile'),
      email: queryString(req, 'email'),
    });
    res.json(paginate(req, res, found).map(contactJson));
  });
  router.post('/api/v2/contacts', body({ multipart: false }), (req, res) => {
    const contact = account.createContact(parsed(req).raw);
    res.status(201).location(`${baseUrl}/api/v2/contacts/${contact.id}`).json(contactJson(contact));
  });
  router.get('/api/v2/contacts/:id', (req, res) => {
    res.json(contactJson(account.requireContact(numericId(req.params.id))));
  });
  router.get('/api/v2/search/contacts', (req, res) => {
    const query = queryString(req, 'query');
    if (query === undefined) throw invalidValue('query', 'It should be a valid query string');
    const page = Number(queryString(req, 'page') ?? 1);
    if (!Number.isInteger(page) || page < 1 || page > 10)
      throw invalidValue('page', 'It should be between 1 and 10');
    const found = account.searchContacts(query);
    // 30 per page, page ≤ 10, `{"total": N, "results": [...]}` (§1.4, §1.8).
    res.json({
      total: found.length,
      results: found.slice((page - 1) * 30, page * 30).map(contactJson),
    });
  });

  // ---- tickets (§1.6, §1.7) --------------------------------------------------------------------
  router.post('/api/v2/tickets', body({ multipart: true }), (req, res) => {
    const { raw, files, fromForm } = parsed(req);
    const ticket = account.createTicket(raw, files, fromForm, apiPerformer());
    res.status(201).location(`${baseUrl}/api/v2/tickets/${ticket.id}`).json(ticketOut(ticket));
  });
  router.get('/api/v2/tickets', (req, res) => {
    const requesterId = queryString(req, 'requester_id');
    const email = queryString(req, 'email');
    const updatedSince = queryString(req, 'updated_since');
    const since = updatedSince === undefined ? undefined : Date.parse(updatedSince);
    if (since !== undefined && Number.isNaN(since))
      throw invalidValue('updated_since', 'It should be a valid date');
    const createdAfter = deps.now().getTime() - LIST_TICKETS_DEFAULT_WINDOW_MS;
    const requesterByEmail =
      email === undefined ? undefined : account.filterContacts({ email }).map((c) => c.id);
    const orderBy = queryString(req, 'order_by') ?? 'created_at';
    if (!['created_at', 'due_by', 'updated_at', 'status'].includes(orderBy)) {
      throw invalidValue(
        'order_by',
        "It should be one of these values: 'created_at,due_by,updated_at,status'",
      );
    }
    const desc = (queryString(req, 'order_type') ?? 'desc') !== 'asc';
    const list = [...account.tickets.values()]
      .filter((t) => requesterId === undefined || String(t.requesterId) === requesterId)
      .filter((t) => requesterByEmail === undefined || requesterByEmail.includes(t.requesterId))
      .filter((t) =>
        since === undefined
          ? t.createdAt.getTime() >= createdAfter
          : t.updatedAt.getTime() >= since,
      )
      .sort((a, b) => {
        const key = (t: StoredTicket) =>
          orderBy === 'updated_at'
            ? t.updatedAt.getTime()
            : orderBy === 'status'
              ? t.status
              : t.createdAt.getTime();
        return (key(a) - key(b) || a.id - b.id) * (desc ? -1 : 1);
      });
    res.json(paginate(req, res, list).map(ticketOut));
  });
  router.get('/api/v2/tickets/:id', (req, res) => {
    const ticket = account.requireTicket(numericId(req.params.id));
    const out = ticketOut(ticket);
    const include = (queryString(req, 'include') ?? '').split(',');
    if (include.includes('conversations')) {
      // At most 10, ascending (§1.7).
      out.conversations = ticket.conversations
        .slice(0, 10)
        .map((c) => conversationJson(baseUrl, c));
    }
    if (include.includes('requester')) {
      const r = account.contacts.get(ticket.requesterId);
      out.requester =
        r === undefined
          ? null
          : { id: r.id, name: r.name, email: r.email, mobile: r.mobile, phone: r.phone };
    }
    res.json(out);
  });
  router.put('/api/v2/tickets/:id', body({ multipart: true }), (req, res) => {
    const { raw, files, fromForm } = parsed(req);
    res.json(
      ticketOut(
        account.updateTicket(numericId(req.params.id), raw, files, fromForm, apiPerformer()),
      ),
    );
  });

  // ---- conversations (§1.9) --------------------------------------------------------------------
  router.get('/api/v2/tickets/:id/conversations', (req, res) => {
    const ticket = account.requireTicket(numericId(req.params.id));
    res.json(paginate(req, res, ticket.conversations).map((c) => conversationJson(baseUrl, c)));
  });
  router.post('/api/v2/tickets/:id/notes', body({ multipart: true }), (req, res) => {
    const { raw, files, fromForm } = parsed(req);
    const note = account.addNote(numericId(req.params.id), raw, files, fromForm, apiPerformer());
    res.status(201).json(conversationJson(baseUrl, note));
  });
  router.post('/api/v2/tickets/:id/reply', body({ multipart: true }), (req, res) => {
    const { raw, files, fromForm } = parsed(req);
    const ticketId = numericId(req.params.id);
    const reply = account.addReply(ticketId, raw, files, fromForm, apiPerformer());
    const requester = account.contacts.get(account.requireTicket(ticketId).requesterId);
    // A reply is an e-mail to the requester: `replied_to` lists its addresses (§1.9).
    res.status(201).json({
      ...conversationJson(baseUrl, reply),
      replied_to: requester?.email == null ? [] : [requester.email],
    });
  });

  // ---- ticket fields ---------------------------------------------------------------------------
  router.get('/api/v2/ticket_fields', (_req, res) => {
    res.json(
      [...account.ticketFields.values()]
        .sort((a, b) => a.position - b.position)
        .map(ticketFieldJson),
    );
  });
  router.get('/api/v2/admin/ticket_fields', (_req, res) => {
    res.json(
      [...account.ticketFields.values()]
        .sort((a, b) => a.position - b.position)
        .map(ticketFieldJson),
    );
  });
  router.post('/api/v2/admin/ticket_fields', body({ multipart: false }), (req, res) => {
    const field = account.createTicketField(parsed(req).raw);
    res
      .status(201)
      .location(`${baseUrl}/api/v2/admin/ticket_fields/${field.id}`)
      .json(ticketFieldJson(field));
  });

  // ---- automation rules (§1.11) ----------------------------------------------------------------
  function automationType(raw: unknown): number {
    const id = numericId(raw);
    if (![1, 3, 4].includes(id)) throw notFound();
    return id;
  }
  router.get('/api/v2/automations/:type/rules', (req, res) => {
    const type = automationType(req.params.type);
    const rules = [...account.rules.values()]
      .filter((r) => r.automationTypeId === type)
      .sort((a, b) => a.position - b.position || a.id - b.id);
    res.json({ rules: rules.map(ruleJson), meta: { count: rules.length, cascading_rules: true } });
  });
  router.post('/api/v2/automations/:type/rules', body({ multipart: false }), (req, res) => {
    const rule = account.createRule(automationType(req.params.type), parsed(req).raw);
    res.status(201).json(ruleJson(rule));
  });
  router.get('/api/v2/automations/:type/rules/:id', (req, res) => {
    const rule = account.rules.get(numericId(req.params.id));
    if (rule === undefined || rule.automationTypeId !== automationType(req.params.type))
      throw notFound();
    res.json(ruleJson(rule));
  });
  router.put('/api/v2/automations/:type/rules/:id', body({ multipart: false }), (req, res) => {
    res.json(
      ruleJson(
        account.updateRule(
          automationType(req.params.type),
          numericId(req.params.id),
          parsed(req).raw,
        ),
      ),
    );
  });
  router.delete('/api/v2/automations/:type/rules/:id', (req, res) => {
    account.deleteRule(automationType(req.params.type), numericId(req.params.id));
    res.status(204).end();
  });

  router.use('/api/v2', (req, res) => {
    // A known resource with the wrong verb is 405, anything else 404 (§1.2).
    const known =
      /^\/(tickets|contacts|ticket_fields|admin\/ticket_fields|automations|agents|search)(\/|$)/.test(
        req.path,
      );
    if (known)
      res.status(405).json({
        code: 'method_not_allowed',
        message: `${req.method} method is not allowed for this resource`,
      });
    else res.status(404).end();
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof ApiFailure) {
      res.set(error.headers).status(error.status);
      if (Object.keys(error.body).length === 0) res.end();
      else res.json(error.body);
      return;
    }
    if ((error as { type?: unknown }).type === 'entity.too.large') {
      res.status(413).json({ message: 'The request body is too large' });
      return;
    }
    res.status(500).json({ message: 'Unexpected stand-in error' });
  });

  return router;
}

const LOCALS = Symbol('freshdesk-body');

function bodyHolder(req: Request): { parsed?: ParsedBody } {
  const holder = req as unknown as { [LOCALS]?: { parsed?: ParsedBody } };
  holder[LOCALS] ??= {};
  return holder[LOCALS];
}

async function readBody(req: Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT)
      throw Object.assign(new Error('too large'), { type: 'entity.too.large' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
