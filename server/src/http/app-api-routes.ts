// The app API's one route table: the router and the OpenAPI document are both built from it.
import type { RelayContext, WorkspaceRuntime } from '../relay/context.ts';
import {
  consentHistory,
  conversationForTicket,
  conversationView,
  quickReplyViews,
  recentDeliveries,
} from '../relay/app-views.ts';
import { MAX_SMS_CHARACTERS, type OutboundRefusal } from '../relay/outbound-policy.ts';
import { sendFromApp, sendRequestSchema, type SendRequest } from '../relay/send-from-app.ts';

/** Where the app API is mounted; every route below is under `${APP_API_PREFIX}/workspaces/{workspaceId}`. */
export const APP_API_PREFIX = '/api/v1';

/** A parameter, described once: the router validates with it and the document shows it. */
export type ParameterSpec =
  | {
      readonly name: string;
      readonly in: 'path';
      readonly description: string;
      /** A JavaScript regular expression anchored at both ends; also the schema's `pattern`. */
      readonly pattern: RegExp;
      readonly maxLength: number;
      readonly expected: string;
    }
  | {
      readonly name: string;
      readonly in: 'query';
      readonly description: string;
      readonly integer: {
        readonly minimum: number;
        readonly maximum: number;
        readonly default: number;
      };
    };

export type ParameterValues = Readonly<Record<string, string | number>>;

export type RouteResult =
  | { readonly status: 200 | 202; readonly body: unknown }
  | {
      readonly status: 400 | 404 | 409 | 422;
      readonly error: string;
      /** A stable word the apps can branch on (`opted_out`, `pii_blocked`...). */
      readonly code?: string;
    };

export interface RouteInput {
  readonly context: RelayContext;
  readonly workspace: WorkspaceRuntime;
  readonly params: ParameterValues;
  /** The JSON body of a route with `requestBody`, validated by its `parse`. */
  readonly body?: unknown;
}

export type BodyParse =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** Answers besides 200, 400, 401, 403 and 404, for the document. */
export interface ExtraResponse {
  readonly description: string;
  /** Schema name in app-api-schemas.ts; the Error schema when absent. */
  readonly schema?: string;
}

export interface AppApiRoute {
  /** OpenAPI operationId, unique. */
  readonly operationId: string;
  readonly method: 'get' | 'post';
  /** A JSON request body: its schema's name in app-api-schemas.ts and how the router validates it. */
  readonly requestBody?: {
    readonly schema: string;
    readonly parse: (raw: unknown) => BodyParse;
  };
  readonly extraResponses?: Readonly<Record<string, ExtraResponse>>;
  /** Below `/workspaces/{workspaceId}`, in OpenAPI form (`/conversations/by-ticket/{ticketId}`). */
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly parameters: readonly ParameterSpec[];
  /** Name of the 200 answer's schema in app-api-schemas.ts. */
  readonly responseSchema: string;
  /** When the route answers 404 (besides unknown paths), for the document. */
  readonly notFound?: string;
  readonly handle: (input: RouteInput) => Promise<RouteResult>;
}

export const WORKSPACE_ID_PARAMETER: ParameterSpec = {
  name: 'workspaceId',
  in: 'path',
  description: "The workspace's id from the relay configuration (`workspaces[].id`).",
  pattern: /^[a-z0-9][a-z0-9_-]{0,62}$/,
  maxLength: 63,
  expected: 'a workspace id',
};

const TICKET_ID_PARAMETER: ParameterSpec = {
  name: 'ticketId',
  in: 'path',
  description: "The helpdesk ticket's id (Zendesk ticket ids are positive integers).",
  pattern: /^[1-9][0-9]{0,18}$/,
  maxLength: 19,
  expected: 'a ticket id: digits only, no leading zero, at most 19',
};

const limitParameter = (defaultLimit: number): ParameterSpec => ({
  name: 'limit',
  in: 'query',
  description: 'How many to return, newest first.',
  integer: { minimum: 1, maximum: 100, default: defaultLimit },
});

function ticketIdOf(params: ParameterValues): string {
  return String(params.ticketId);
}

function limitOf(params: ParameterValues): number {
  return Number(params.limit);
}

const NO_CONVERSATION =
  'No SMS conversation has this ticket in this workspace (not an SMS ticket, or a ticket the customer has since moved on from).';

function notFound(ticketId: string): RouteResult {
  return { status: 404, error: `no SMS conversation for ticket ${ticketId} in this workspace` };
}

function parseSendRequest(raw: unknown): BodyParse {
  const parsed = sendRequestSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const unknownKeys = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : undefined;
  return {
    ok: false,
    error:
      unknownKeys !== undefined
        ? `unknown field(s): ${unknownKeys} (expected text, agentName, requestId)`
        : issue === undefined || issue.path.length === 0
          ? 'expected a JSON object with text, agentName and requestId'
          : issue.message,
  };
}

function refusalResult(refusal: OutboundRefusal): RouteResult {
  switch (refusal.status) {
    case 'blocked_opted_out':
      return {
        status: 409,
        code: 'opted_out',
        error: `not sent: the customer opted out of texts${refusal.optedOutSince === undefined ? '' : ` on ${refusal.optedOutSince}`}; they can text START to receive texts again`,
      };
    case 'blocked_pii':
      return {
        status: 422,
        code: 'pii_blocked',
        error: `not sent: the text contains ${refusal.labels.join(', ')}, which must not be sent by text`,
      };
    case 'blocked_too_long':
      return {
        status: 422,
        code: 'too_long',
        error: `not sent: the text is ${refusal.characters} characters long; a text can carry at most ${MAX_SMS_CHARACTERS}`,
      };
  }
}

export const APP_API_ROUTES: readonly AppApiRoute[] = [
  {
    operationId: 'getConversationByTicket',
    method: 'get',
    path: '/conversations/by-ticket/{ticketId}',
    summary: "A ticket's SMS conversation and the customer's consent",
    description:
      "The masked customer number, the business number and the ticket's status, with the customer's current consent to support texts (from the consent ledger) and the event that decided it.",
    parameters: [TICKET_ID_PARAMETER],
    responseSchema: 'ConversationView',
    notFound: NO_CONVERSATION,
    async handle({ context, workspace, params }) {
      const ticketId = ticketIdOf(params);
      const conversation = await conversationForTicket(context, workspace, ticketId);
      if (conversation === undefined) return notFound(ticketId);
      return { status: 200, body: await conversationView(context, workspace, conversation) };
    },
  },
  {
    operationId: 'getConsentHistory',
    method: 'get',
    path: '/conversations/by-ticket/{ticketId}/consent-history',
    summary: "The customer's consent ledger, newest first",
    description:
      'Every consent event recorded for the customer in this workspace (STOP, START, texting first, carrier opt-outs...), newest first.',
    parameters: [TICKET_ID_PARAMETER, limitParameter(100)],
    responseSchema: 'ConsentHistory',
    notFound: NO_CONVERSATION,
    async handle({ context, workspace, params }) {
      const ticketId = ticketIdOf(params);
      const conversation = await conversationForTicket(context, workspace, ticketId);
      if (conversation === undefined) return notFound(ticketId);
      const events = await consentHistory(context, workspace, conversation, limitOf(params));
      return { status: 200, body: { events } };
    },
  },
  {
    operationId: 'getDeliveries',
    method: 'get',
    path: '/conversations/by-ticket/{ticketId}/deliveries',
    summary: 'Recent outbound texts and their delivery status',
    description:
      'The latest texts sent (or held, or refused) to the customer in this conversation, newest first, each with its status, the carrier error code and the reason in plain words.',
    parameters: [TICKET_ID_PARAMETER, limitParameter(20)],
    responseSchema: 'Deliveries',
    notFound: NO_CONVERSATION,
    async handle({ context, workspace, params }) {
      const ticketId = ticketIdOf(params);
      const conversation = await conversationForTicket(context, workspace, ticketId);
      if (conversation === undefined) return notFound(ticketId);
      const deliveries = await recentDeliveries(context, workspace, conversation, limitOf(params));
      return { status: 200, body: { deliveries } };
    },
  },
  {
    operationId: 'sendSms',
    method: 'post',
    path: '/conversations/by-ticket/{ticketId}/messages',
    summary: 'Send a text to the customer from the sidebar',
    description:
      "Queues an agent's text for the ticket's customer through the same pipeline as replies written in the helpdesk (consent, PII policy, length, quiet hours, carrier, delivery status). Consent, block-level PII and length are checked at once and refused with 409 or 422. Once the carrier accepts the text, it is shown on the ticket as \"Sent by SMS by <agentName>\" (a public note in Freshdesk, an internal note in Zendesk). Repeating a request with the same `requestId` sends nothing more and answers 200 with the first request's delivery.",
    parameters: [TICKET_ID_PARAMETER],
    requestBody: { schema: 'SendSmsRequest', parse: parseSendRequest },
    responseSchema: 'SentSms',
    extraResponses: {
      '202': {
        description: 'Queued: the delivery to follow in the deliveries list.',
        schema: 'SentSms',
      },
      '409': {
        description:
          'Not sent: the customer opted out (`code: opted_out`), or `requestId` was already used for another text (`code: request_id_reused`).',
        schema: 'Refusal',
      },
      '422': {
        description:
          'Not sent: the text contains card numbers or other block-level PII (`code: pii_blocked`), or is longer than 1,600 characters (`code: too_long`).',
        schema: 'Refusal',
      },
    },
    notFound: NO_CONVERSATION,
    async handle({ context, workspace, params, body }) {
      const ticketId = ticketIdOf(params);
      const outcome = await sendFromApp(context, workspace, ticketId, body as SendRequest);
      switch (outcome.kind) {
        case 'queued':
          return { status: 202, body: { delivery: outcome.delivery } };
        case 'repeated':
          return { status: 200, body: { delivery: outcome.delivery } };
        case 'no_conversation':
          return notFound(ticketId);
        case 'request_id_reused':
          return {
            status: 409,
            code: 'request_id_reused',
            error: 'requestId was already used for another text; use a new id for each text',
          };
        case 'refused':
          return refusalResult(outcome.refusal);
      }
    },
  },
  {
    operationId: 'getQuickReplies',
    method: 'get',
    path: '/quick-replies',
    summary: "The workspace's quick replies with their segment counts",
    description:
      'The approved scripts from the workspace configuration (`workspaces[].quickReplies`), in configuration order, each with the variables it uses and its encoding and segment count as written.',
    parameters: [],
    responseSchema: 'QuickReplies',
    handle({ workspace }) {
      return Promise.resolve({ status: 200, body: { quickReplies: quickReplyViews(workspace) } });
    },
  },
];

/** `/conversations/by-ticket/{ticketId}` → `/conversations/by-ticket/:ticketId` (Express). */
export function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, ':$1');
}

/** The full OpenAPI path of a route, from the server root. */
export function documentPath(route: Pick<AppApiRoute, 'path'>): string {
  return `${APP_API_PREFIX}/workspaces/{workspaceId}${route.path}`;
}
