// The shop stand-in's API: `GET /orders/:orderNumber` and `POST /password-reset`, behind an optional auth header and faults.
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  DEFAULT_OVERSIZED_BYTES,
  E164_PATTERN,
  takeShopFault,
  type ShopCall,
  type ShopFault,
  type ShopRoute,
  type ShopState,
} from './stand-in.ts';

type MutableCall = { -readonly [K in keyof ShopCall]: ShopCall[K] };

function routeOf(req: Request): ShopRoute | 'unknown' {
  if (req.method === 'GET' && /^\/orders\/[^/]+$/.test(req.path)) return 'order_lookup';
  if (req.method === 'POST' && req.path === '/password-reset') return 'password_reset';
  return 'unknown';
}

/** Valid JSON of exactly `bytes` bytes: an order whose status is padding. */
function oversizedJson(bytes: number): string {
  const head = '{"status":"Shipped","padding":"';
  const tail = '"}';
  return head + 'x'.repeat(Math.max(0, bytes - head.length - tail.length)) + tail;
}

/** Answers a call the fault spoils; returns false when the fault lets the call through (delay). */
function answerFault(fault: ShopFault, res: Response): boolean {
  switch (fault.kind) {
    case 'server_error':
      res.status(500).json({ error: 'internal error (sandbox fault)' });
      return true;
    case 'malformed_json':
      res.status(200).type('application/json').send('{"status": "Shipped", "eta": ');
      return true;
    case 'oversized_body':
      res
        .status(200)
        .type('application/json')
        .send(oversizedJson(fault.bytes ?? DEFAULT_OVERSIZED_BYTES));
      return true;
    case 'delay':
      return false;
  }
}

export function createShopApiRouter(state: ShopState): express.Router {
  const router = express.Router();
  const callOf = new WeakMap<Request, MutableCall>();

  router.use((req, res, next) => {
    const route = routeOf(req);
    const call: MutableCall = { route, method: req.method, path: req.path, status: null };
    state.calls.push(call);
    res.on('finish', () => {
      call.status = res.statusCode;
    });
    callOf.set(req, call);
    if (
      state.authHeader !== undefined &&
      req.get(state.authHeader.name) !== state.authHeader.value
    ) {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    const fault = takeShopFault(state.faults, route);
    if (fault === undefined) {
      next();
      return;
    }
    call.fault = fault.kind;
    if (answerFault(fault, res)) return;
    if (fault.kind !== 'delay') return;
    // The caller may hang up meanwhile; then nothing is answered and the call keeps status null.
    let hungUp = false;
    res.on('close', () => {
      hungUp = !res.writableFinished;
    });
    const timer = setTimeout(() => {
      state.pendingDelays.delete(timer);
      if (!hungUp) next();
    }, fault.ms);
    state.pendingDelays.add(timer);
  });

  router.get('/orders/:orderNumber', (req, res) => {
    const orderNumber = String(req.params.orderNumber);
    const call = callOf.get(req);
    if (call !== undefined) call.orderNumber = orderNumber;
    const order = state.orders.get(orderNumber);
    if (order === undefined) {
      res.status(404).json({ error: 'order not found' });
      return;
    }
    res.json({
      orderNumber,
      status: order.status,
      eta: order.eta ?? null,
      trackingNumber: order.trackingNumber ?? null,
      trackingUrl: order.trackingUrl ?? null,
    });
  });

  router.post('/password-reset', express.json({ limit: '16kb' }), (req, res) => {
    const body: unknown = req.body;
    const phone =
      typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>).phone
        : undefined;
    if (typeof phone !== 'string' || !E164_PATTERN.test(phone)) {
      res.status(400).json({ error: 'body must be JSON {"phone": "<E.164, e.g. +14155550123>"}' });
      return;
    }
    const call = callOf.get(req);
    if (call !== undefined) call.phone = phone;
    if (!state.accounts.has(phone)) {
      res.status(404).json({ error: 'no account with this phone' });
      return;
    }
    state.resetsSent.push(phone);
    res.status(202).json({ status: 'sent' });
  });

  router.use((_req, res) => {
    res.status(404).json({ error: 'no such shop route' });
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
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
