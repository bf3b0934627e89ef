// createShopStandIn: a workspace's shop backend (order lookup, password reset) in memory, with faults and a call log.
import type express from 'express';
import { createShopApiRouter } from './api-router.ts';
import { createShopControlRouter } from './control-router.ts';

/**
 * An order as the shop reports it. The answer of `GET /orders/:orderNumber` is this JSON (absent
 * fields as null), the shape @smsbridge/bot's `parseOrderLookupResponse` reads.
 */
export interface ShopOrder {
  readonly status: string;
  readonly eta?: string;
  readonly trackingNumber?: string;
  readonly trackingUrl?: string;
}

export type ShopRoute = 'order_lookup' | 'password_reset';

/** How a fault spoils the shop's answers. */
export type ShopFaultBehaviour =
  /** Hold the answer this long, then answer normally (provokes the caller's time-out). */
  | { readonly kind: 'delay'; readonly ms: number }
  /** 500 with a JSON error body. */
  | { readonly kind: 'server_error' }
  /** 200, `Content-Type: application/json`, a body that is not JSON. */
  | { readonly kind: 'malformed_json' }
  /** 200 with a valid JSON body of `bytes` bytes (default 1 MB), to test a caller's size cap. */
  | { readonly kind: 'oversized_body'; readonly bytes?: number };

export type ShopFault = ShopFaultBehaviour & {
  /** How many matching calls it spoils; until clearFaults() when omitted. */
  readonly count?: number;
  /** Only calls of this route; every route when omitted. */
  readonly route?: ShopRoute;
};

/** One request to the shop's API, as tests inspect it. */
export interface ShopCall {
  readonly route: ShopRoute | 'unknown';
  readonly method: string;
  /** Path under the shop's base URL, without query string, e.g. `/orders/12345678`. */
  readonly path: string;
  /** The order number asked for (decoded), for order lookups. */
  readonly orderNumber?: string;
  /** The phone a reset was asked for, for password resets with a readable body. */
  readonly phone?: string;
  /** The status answered; null while unanswered, or when the caller hung up during a delay. */
  readonly status: number | null;
  /** The fault that shaped the answer, if one did. */
  readonly fault?: ShopFaultBehaviour['kind'];
}

export interface ShopStandInOptions {
  /**
   * When given, every API request must carry this header with exactly this value (prefix
   * included, e.g. `{ name: 'Authorization', value: 'Bearer shop-token' }`), else 401.
   */
  readonly authHeader?: { readonly name: string; readonly value: string };
  /** Orders known from the start; reset() brings back exactly these. */
  readonly orders?: Readonly<Record<string, ShopOrder>>;
  /** E.164 phones that have an account (a reset for any other answers 404); reset() keeps these. */
  readonly accounts?: readonly string[];
}

/** Everything but the routers: seeding, inspection and faults. */
export interface ShopStandInControls {
  /** Adds or replaces an order. */
  setOrder(orderNumber: string, order: ShopOrder): void;
  /** Forgets an order; false when there was none. */
  deleteOrder(orderNumber: string): boolean;
  orders(): Readonly<Record<string, ShopOrder>>;
  /** A customer account reachable by this E.164 phone, so a password reset for it succeeds. */
  addAccount(phone: string): void;
  accounts(): readonly string[];
  /** The phones a password reset was sent to, in order (one entry per reset). */
  passwordResetsSent(): readonly string[];
  /** Every API request so far, in arrival order (control routes excluded). */
  calls(): readonly ShopCall[];
  injectFault(fault: ShopFault): void;
  clearFaults(): void;
  /** Back to the options' orders and accounts; forgets resets, calls and faults. */
  reset(): void;
  close(): Promise<void>;
}

export interface ShopStandIn extends ShopStandInControls {
  /** Mount at `/shop`: `GET /orders/:orderNumber`, `POST /password-reset`. */
  readonly api: express.Router;
  /** Mount at `/_sandbox/shop`. */
  readonly control: express.Router;
}

/** E.164: '+', a non-zero digit, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

export const DEFAULT_OVERSIZED_BYTES = 1024 * 1024;

/** A fault in force; `remaining` counts down the calls it still spoils. */
export interface ActiveShopFault {
  readonly fault: ShopFault;
  remaining: number | undefined;
}

/** The mutable state the API router reads by reference; reset() empties it in place. */
export interface ShopState {
  readonly authHeader: { readonly name: string; readonly value: string } | undefined;
  readonly orders: Map<string, ShopOrder>;
  readonly accounts: Set<string>;
  readonly resetsSent: string[];
  readonly calls: ShopCall[];
  readonly faults: ActiveShopFault[];
  /** Answers held back by delay faults, cleared on close so nothing outlives the server. */
  readonly pendingDelays: Set<NodeJS.Timeout>;
}

/** The fault that applies to a call of `route`, consuming one of its `count`; undefined when none. */
export function takeShopFault(
  faults: ActiveShopFault[],
  route: ShopRoute | 'unknown',
): ShopFault | undefined {
  for (let i = faults.length - 1; i >= 0; i -= 1) {
    const active = faults[i];
    if (active === undefined) continue;
    if (active.remaining !== undefined && active.remaining <= 0) {
      faults.splice(i, 1);
      continue;
    }
    if (active.fault.route !== undefined && active.fault.route !== route) continue;
    if (active.remaining !== undefined) active.remaining -= 1;
    return active.fault;
  }
  return undefined;
}

function checkOrder(order: ShopOrder, where: string): ShopOrder {
  if (typeof order !== 'object' || order === null) {
    throw new TypeError(`${where}: order must be an object`);
  }
  if (typeof order.status !== 'string' || order.status.trim() === '') {
    throw new TypeError(`${where}: status must be a non-empty string`);
  }
  for (const key of ['eta', 'trackingNumber', 'trackingUrl'] as const) {
    const value = order[key];
    if (value !== undefined && typeof value !== 'string') {
      throw new TypeError(`${where}: ${key} must be a string when given`);
    }
  }
  // A copy, so a caller mutating its object later does not change the shop.
  return {
    status: order.status,
    ...(order.eta === undefined ? {} : { eta: order.eta }),
    ...(order.trackingNumber === undefined ? {} : { trackingNumber: order.trackingNumber }),
    ...(order.trackingUrl === undefined ? {} : { trackingUrl: order.trackingUrl }),
  };
}

function checkOrderNumber(orderNumber: string, where: string): string {
  if (typeof orderNumber !== 'string' || orderNumber === '' || orderNumber.length > 100) {
    throw new TypeError(`${where}: order number must be a string of 1-100 characters`);
  }
  return orderNumber;
}

function checkPhone(phone: string, where: string): string {
  if (typeof phone !== 'string' || !E164_PATTERN.test(phone)) {
    throw new TypeError(`${where}: phone must be E.164, e.g. +14155550123`);
  }
  return phone;
}

export function checkShopFault(fault: ShopFault, where: string): ShopFault {
  const kinds = ['delay', 'server_error', 'malformed_json', 'oversized_body'];
  if (typeof fault !== 'object' || fault === null || !kinds.includes(fault.kind)) {
    throw new TypeError(`${where}: kind must be one of ${kinds.join(', ')}`);
  }
  if (fault.count !== undefined && (!Number.isInteger(fault.count) || fault.count < 0)) {
    throw new TypeError(`${where}: count must be a non-negative integer`);
  }
  if (
    fault.route !== undefined &&
    fault.route !== 'order_lookup' &&
    fault.route !== 'password_reset'
  ) {
    throw new TypeError(`${where}: route must be order_lookup or password_reset`);
  }
  if (
    fault.kind === 'delay' &&
    !(Number.isFinite(fault.ms) && fault.ms >= 0 && fault.ms <= 600_000)
  ) {
    throw new TypeError(`${where}: ms must be a number of milliseconds from 0 to 600000`);
  }
  if (
    fault.kind === 'oversized_body' &&
    fault.bytes !== undefined &&
    !(Number.isInteger(fault.bytes) && fault.bytes >= 64 && fault.bytes <= 64 * 1024 * 1024)
  ) {
    throw new TypeError(`${where}: bytes must be an integer from 64 to 67108864`);
  }
  return { ...fault };
}

export function createShopStandIn(options: ShopStandInOptions = {}): ShopStandIn {
  const authHeader = options.authHeader;
  if (authHeader !== undefined) {
    if (typeof authHeader.name !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(authHeader.name)) {
      throw new TypeError('createShopStandIn: authHeader.name must be an HTTP header name');
    }
    if (typeof authHeader.value !== 'string' || authHeader.value === '') {
      throw new TypeError('createShopStandIn: authHeader.value must be a non-empty string');
    }
  }
  const seedOrders = Object.entries(options.orders ?? {}).map(
    ([orderNumber, order]) =>
      [
        checkOrderNumber(orderNumber, 'createShopStandIn'),
        checkOrder(order, `createShopStandIn: orders.${orderNumber}`),
      ] as const,
  );
  const seedAccounts = (options.accounts ?? []).map((phone) =>
    checkPhone(phone, 'createShopStandIn: accounts'),
  );

  const state: ShopState = {
    authHeader,
    orders: new Map(seedOrders),
    accounts: new Set(seedAccounts),
    resetsSent: [],
    calls: [],
    faults: [],
    pendingDelays: new Set(),
  };

  const controls: ShopStandInControls = {
    setOrder(orderNumber, order) {
      state.orders.set(
        checkOrderNumber(orderNumber, 'setOrder'),
        checkOrder(order, `setOrder(${orderNumber})`),
      );
    },
    deleteOrder(orderNumber) {
      return state.orders.delete(orderNumber);
    },
    orders() {
      return Object.fromEntries(state.orders);
    },
    addAccount(phone) {
      state.accounts.add(checkPhone(phone, 'addAccount'));
    },
    accounts() {
      return [...state.accounts];
    },
    passwordResetsSent() {
      return [...state.resetsSent];
    },
    calls() {
      return state.calls.map((call) => ({ ...call }));
    },
    injectFault(fault) {
      const checked = checkShopFault(fault, 'injectFault');
      state.faults.push({ fault: checked, remaining: checked.count });
    },
    clearFaults() {
      state.faults.length = 0;
    },
    reset() {
      state.orders.clear();
      for (const [orderNumber, order] of seedOrders) state.orders.set(orderNumber, order);
      state.accounts.clear();
      for (const phone of seedAccounts) state.accounts.add(phone);
      state.resetsSent.length = 0;
      state.calls.length = 0;
      state.faults.length = 0;
    },
    close() {
      for (const timer of state.pendingDelays) clearTimeout(timer);
      state.pendingDelays.clear();
      return Promise.resolve();
    },
  };
  return Object.assign(controls, {
    api: createShopApiRouter(state),
    control: createShopControlRouter(controls),
  });
}
