// A typed client for the relay's app API (docs/app-api.md), over a request function the host app injects.
import { describeValue } from './describe-value.ts';
import type { ConsentEvent, ConversationView, Delivery, QuickReply } from './relay-api-types.ts';

/** One GET the host makes for the app (in ZAF: `client.request({ secure: true, ... })`). */
export interface RelayRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What the host got back: the HTTP status and the parsed JSON body (null when there was none). */
export interface RelayResponse {
  readonly status: number;
  readonly body: unknown;
}

export type RelayRequestFunction = (request: RelayRequest) => Promise<RelayResponse>;

export interface RelayClientOptions {
  /** The relay's base URL, e.g. `https://relay.example.com` (a trailing slash is ignored). */
  readonly relayUrl: string;
  /** The workspace id of the relay configuration (`workspaces[].id`). */
  readonly workspaceId: string;
  /**
   * The Authorization header value. In ZAF it is the placeholder `Bearer {{setting.relay_token}}`,
   * which Zendesk fills in server-side so the token never reaches the browser (zendesk.md §4.5).
   */
  readonly authorization: string;
  readonly request: RelayRequestFunction;
}

/** A conversation, or `notSms` when the relay answers 404 (not an SMS ticket of this workspace). */
export type ConversationLookup =
  { readonly kind: 'found'; readonly view: ConversationView } | { readonly kind: 'notSms' };

export interface RelayClient {
  conversationByTicket(ticketId: string | number): Promise<ConversationLookup>;
  consentHistory(ticketId: string | number, limit?: number): Promise<ConsentEvent[]>;
  deliveries(ticketId: string | number, limit?: number): Promise<Delivery[]>;
  quickReplies(): Promise<QuickReply[]>;
}

/** The relay refused or failed a request; `status` is 0 when no answer came back. */
export class RelayApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'RelayApiError';
    this.status = status;
  }
}

// Ticket ids the relay accepts (server/src/http/app-api-routes.ts, TICKET_ID_PARAMETER).
const TICKET_ID = /^[1-9][0-9]{0,18}$/;

function ticketPath(functionName: string, ticketId: unknown): string {
  if (typeof ticketId === 'number' && Number.isSafeInteger(ticketId) && ticketId > 0) {
    return String(ticketId);
  }
  if (typeof ticketId === 'string' && TICKET_ID.test(ticketId)) return ticketId;
  throw new TypeError(
    `${functionName}: expected a ticket id (a positive whole number), received ${describeValue(ticketId)}`,
  );
}

function limitQuery(functionName: string, limit: number | undefined): string {
  if (limit === undefined) return '';
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new TypeError(
      `${functionName}: expected limit to be a whole number from 1 to 100, received ${describeValue(limit)}`,
    );
  }
  return `?limit=${limit}`;
}

function errorMessage(status: number, body: unknown): string {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const { error } = body;
    if (typeof error === 'string') return error;
  }
  return status === 0 ? 'the relay could not be reached' : `the relay answered ${status}`;
}

function arrayField<T>(body: unknown, field: string, url: string): T[] {
  const value: unknown =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)[field]
      : undefined;
  if (!Array.isArray(value)) {
    throw new RelayApiError(200, `unexpected answer from ${url}: no "${field}" list`);
  }
  return value as T[];
}

function isConversationView(body: unknown): body is ConversationView {
  if (typeof body !== 'object' || body === null) return false;
  const { conversation, consent } = body as Record<string, unknown>;
  return (
    typeof conversation === 'object' &&
    conversation !== null &&
    typeof consent === 'object' &&
    consent !== null &&
    typeof (consent as Record<string, unknown>).canSend === 'boolean'
  );
}

/**
 * Creates a client for the relay's app API.
 *
 * @example
 * const relay = createRelayClient({
 *   relayUrl: 'https://relay.example.com',
 *   workspaceId: 'acme',
 *   authorization: 'Bearer {{setting.relay_token}}',
 *   request: zafRequest(client),
 * });
 * const lookup = await relay.conversationByTicket(1234);
 * if (lookup.kind === 'notSms') showNotSms();
 */
export function createRelayClient(options: RelayClientOptions): RelayClient {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`createRelayClient: expected options, received ${describeValue(options)}`);
  }
  for (const key of ['relayUrl', 'workspaceId', 'authorization'] as const) {
    if (typeof options[key] !== 'string') {
      throw new TypeError(
        `createRelayClient: expected ${key} to be a string, received ${describeValue(options[key])}`,
      );
    }
  }
  if (typeof options.request !== 'function') {
    throw new TypeError(
      `createRelayClient: expected request to be a function, received ${describeValue(options.request)}`,
    );
  }
  const base = `${options.relayUrl.replace(/\/+$/, '')}/api/v1/workspaces/${encodeURIComponent(options.workspaceId)}`;
  const headers = { Authorization: options.authorization, Accept: 'application/json' };

  async function get(path: string): Promise<RelayResponse & { url: string }> {
    const url = base + path;
    let response: RelayResponse;
    try {
      response = await options.request({ url, headers });
    } catch (error) {
      throw new RelayApiError(0, `the relay could not be reached (${String(error)})`);
    }
    return { ...response, url };
  }

  async function getOk(path: string): Promise<{ body: unknown; url: string }> {
    const response = await get(path);
    if (response.status < 200 || response.status > 299) {
      throw new RelayApiError(response.status, errorMessage(response.status, response.body));
    }
    return response;
  }

  return {
    async conversationByTicket(ticketId) {
      const response = await get(
        `/conversations/by-ticket/${ticketPath('conversationByTicket', ticketId)}`,
      );
      if (response.status === 404) return { kind: 'notSms' };
      if (response.status < 200 || response.status > 299) {
        throw new RelayApiError(response.status, errorMessage(response.status, response.body));
      }
      if (!isConversationView(response.body)) {
        throw new RelayApiError(200, `unexpected answer from ${response.url}`);
      }
      return { kind: 'found', view: response.body };
    },
    async consentHistory(ticketId, limit) {
      const path = `/conversations/by-ticket/${ticketPath('consentHistory', ticketId)}/consent-history${limitQuery('consentHistory', limit)}`;
      const { body, url } = await getOk(path);
      return arrayField<ConsentEvent>(body, 'events', url);
    },
    async deliveries(ticketId, limit) {
      const path = `/conversations/by-ticket/${ticketPath('deliveries', ticketId)}/deliveries${limitQuery('deliveries', limit)}`;
      const { body, url } = await getOk(path);
      return arrayField<Delivery>(body, 'deliveries', url);
    },
    async quickReplies() {
      const { body, url } = await getOk('/quick-replies');
      return arrayField<QuickReply>(body, 'quickReplies', url);
    },
  };
}
