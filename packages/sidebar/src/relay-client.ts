// A typed client for the relay's app API (docs/app-api.md), over a request function the host app injects.
import { describeValue } from './describe-value.ts';
import {
  SEND_SMS_MAX_AGENT_NAME_LENGTH,
  SEND_SMS_MAX_TEXT_LENGTH,
  SEND_SMS_REQUEST_ID,
} from './relay-api-types.ts';
import type {
  ConsentEvent,
  ConversationView,
  Delivery,
  QuickReply,
  SendSmsRefusalCode,
  SendSmsRequest,
} from './relay-api-types.ts';

/**
 * Which app API call a request is. A host that builds URLs itself (ZAF's `client.request`) uses
 * `url`; one that can only call named, pre-declared requests (Freshworks request templates,
 * freshdesk.md §3.5) maps the operation to its template and passes the parameters as context.
 */
export type RelayOperation =
  | { readonly name: 'conversation'; readonly ticketId: string }
  | { readonly name: 'consentHistory'; readonly ticketId: string; readonly limit?: number }
  | { readonly name: 'deliveries'; readonly ticketId: string; readonly limit?: number }
  | { readonly name: 'quickReplies' }
  | { readonly name: 'sendSms'; readonly ticketId: string };

/** One request the host makes for the app (in ZAF: `client.request({ secure: true, ... })`). */
export interface RelayRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** GET when absent. */
  readonly method?: 'GET' | 'POST';
  /** The JSON text of a POST's body. */
  readonly body?: string;
  readonly operation?: RelayOperation;
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

/**
 * What became of a text sent from the sidebar: `sent` (queued; `repeated` when this requestId had
 * already been used, so nothing more was sent), or `refused` with the relay's reason.
 */
export type SendSmsOutcome =
  | { readonly kind: 'sent'; readonly delivery: Delivery; readonly repeated: boolean }
  | {
      readonly kind: 'refused';
      /** `not_sms`: the relay has no SMS conversation for the ticket (404). */
      readonly code: SendSmsRefusalCode | 'not_sms';
      /** The relay's one-line reason, in English. */
      readonly message: string;
    };

export interface RelayClient {
  conversationByTicket(ticketId: string | number): Promise<ConversationLookup>;
  consentHistory(ticketId: string | number, limit?: number): Promise<ConsentEvent[]>;
  deliveries(ticketId: string | number, limit?: number): Promise<Delivery[]>;
  quickReplies(): Promise<QuickReply[]>;
  /** Texts the ticket's customer; answers refusals (opted out, PII, too long, not SMS) as outcomes. */
  sendSms(ticketId: string | number, request: SendSmsRequest): Promise<SendSmsOutcome>;
}

/** The relay refused or failed a request; `status` is 0 when no answer came back. */
export class RelayApiError extends Error {
  readonly status: number;
  /** The answer's `code`, when it had one (send refusals). */
  readonly code: string | null;
  constructor(status: number, message: string, code: string | null = null) {
    super(message);
    this.name = 'RelayApiError';
    this.status = status;
    this.code = code;
  }
}

const REQUEST_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A fresh idempotency key for `sendSms`: 22 random characters of SEND_SMS_REQUEST_ID's alphabet.
 * Keep it while retrying the same text, so a retry after a time-out cannot send twice.
 */
export function newRequestId(
  fillRandom: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  const bytes = fillRandom(new Uint8Array(22));
  return Array.from(bytes, (byte) => REQUEST_ID_ALPHABET[byte & 63]).join('');
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

function answerCode(body: unknown): string | null {
  if (typeof body === 'object' && body !== null && 'code' in body) {
    const { code } = body;
    if (typeof code === 'string') return code;
  }
  return null;
}

function checkSendRequest(request: unknown): SendSmsRequest {
  if (typeof request !== 'object' || request === null) {
    throw new TypeError(
      `sendSms: expected { text, agentName, requestId }, received ${describeValue(request)}`,
    );
  }
  const { text, agentName, requestId } = request as Record<string, unknown>;
  if (typeof text !== 'string' || text.trim() === '' || text.length > SEND_SMS_MAX_TEXT_LENGTH) {
    throw new TypeError(
      `sendSms: expected text of 1 to ${SEND_SMS_MAX_TEXT_LENGTH} characters, not only spaces, received ${typeof text === 'string' ? `${text.length} characters` : describeValue(text)}`,
    );
  }
  if (
    typeof agentName !== 'string' ||
    agentName.trim() === '' ||
    agentName.trim().length > SEND_SMS_MAX_AGENT_NAME_LENGTH
  ) {
    throw new TypeError(
      `sendSms: expected agentName of 1 to ${SEND_SMS_MAX_AGENT_NAME_LENGTH} characters, received ${typeof agentName === 'string' ? `"${agentName}"` : describeValue(agentName)}`,
    );
  }
  if (typeof requestId !== 'string' || !SEND_SMS_REQUEST_ID.test(requestId)) {
    throw new TypeError(
      `sendSms: expected requestId to be 8 to 64 letters, digits, - or _, received ${typeof requestId === 'string' ? `"${requestId}"` : describeValue(requestId)}`,
    );
  }
  return { text, agentName: agentName.trim(), requestId };
}

function isDelivery(value: unknown): value is Delivery {
  if (typeof value !== 'object' || value === null) return false;
  const { id, status } = value as Record<string, unknown>;
  return typeof id === 'number' && typeof status === 'string';
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

  async function call(
    path: string,
    operation: RelayOperation,
    post?: { readonly body: string },
  ): Promise<RelayResponse & { url: string }> {
    const url = base + path;
    let response: RelayResponse;
    try {
      response = await options.request(
        post === undefined
          ? { url, headers, method: 'GET', operation }
          : {
              url,
              headers: { ...headers, 'Content-Type': 'application/json' },
              method: 'POST',
              body: post.body,
              operation,
            },
      );
    } catch (error) {
      throw new RelayApiError(0, `the relay could not be reached (${String(error)})`);
    }
    return { ...response, url };
  }

  async function getOk(
    path: string,
    operation: RelayOperation,
  ): Promise<{ body: unknown; url: string }> {
    const response = await call(path, operation);
    if (response.status < 200 || response.status > 299) {
      throw new RelayApiError(response.status, errorMessage(response.status, response.body));
    }
    return response;
  }

  return {
    async conversationByTicket(ticketId) {
      const id = ticketPath('conversationByTicket', ticketId);
      const response = await call(`/conversations/by-ticket/${id}`, {
        name: 'conversation',
        ticketId: id,
      });
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
      const id = ticketPath('consentHistory', ticketId);
      const path = `/conversations/by-ticket/${id}/consent-history${limitQuery('consentHistory', limit)}`;
      const { body, url } = await getOk(path, {
        name: 'consentHistory',
        ticketId: id,
        ...(limit === undefined ? {} : { limit }),
      });
      return arrayField<ConsentEvent>(body, 'events', url);
    },
    async deliveries(ticketId, limit) {
      const id = ticketPath('deliveries', ticketId);
      const path = `/conversations/by-ticket/${id}/deliveries${limitQuery('deliveries', limit)}`;
      const { body, url } = await getOk(path, {
        name: 'deliveries',
        ticketId: id,
        ...(limit === undefined ? {} : { limit }),
      });
      return arrayField<Delivery>(body, 'deliveries', url);
    },
    async quickReplies() {
      const { body, url } = await getOk('/quick-replies', { name: 'quickReplies' });
      return arrayField<QuickReply>(body, 'quickReplies', url);
    },
    async sendSms(ticketId, request) {
      const id = ticketPath('sendSms', ticketId);
      const checked = checkSendRequest(request);
      const response = await call(
        `/conversations/by-ticket/${id}/messages`,
        { name: 'sendSms', ticketId: id },
        { body: JSON.stringify(checked) },
      );
      const { status, body } = response;
      if (status >= 200 && status <= 299) {
        const delivery: unknown =
          typeof body === 'object' && body !== null
            ? (body as Record<string, unknown>).delivery
            : undefined;
        if (!isDelivery(delivery)) {
          throw new RelayApiError(status, `unexpected answer from ${response.url}: no delivery`);
        }
        // 200: this requestId was used before; the relay answers what the first request got.
        return { kind: 'sent', delivery, repeated: status === 200 };
      }
      const code = answerCode(body);
      const message = errorMessage(status, body);
      if (status === 404) return { kind: 'refused', code: 'not_sms', message };
      if (status === 409 && code === 'opted_out') return { kind: 'refused', code, message };
      if (status === 422 && (code === 'pii_blocked' || code === 'too_long')) {
        return { kind: 'refused', code, message };
      }
      throw new RelayApiError(status, message, code);
    },
  };
}
