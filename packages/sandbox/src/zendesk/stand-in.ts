// createZendeskStandIn: Zendesk Support's API, agent side and webhooks, in memory (zendesk.md §2–§3).
import type express from 'express';
import { createAccount } from './account.ts';
import { createApiRouter } from './api-router.ts';
import { createControlRouter } from './control-router.ts';
import { ApiFailure } from './errors.ts';
import {
  activateFault,
  createRateWindow,
  type ActiveFault,
  type FaultSpec,
  type RateWindow,
} from '../shared/limits.ts';
import {
  commentView,
  ticketView,
  userView,
  type ApiCall,
  type CommentView,
  type TicketStatus,
  type TicketView,
  type UserView,
} from './model.ts';
import { createWebhookDispatcher, type WebhookDelivery } from './webhooks.ts';

export interface ZendeskStandInOptions {
  /** Plays `https://{subdomain}.zendesk.com`. */
  readonly subdomain: string;
  /** The API user; requests authenticate as `{email}/token:{apiToken}` (Basic), else 401. */
  readonly email: string;
  readonly apiToken: string;
  /** The signing secret every created webhook gets, so a demo config can be fixed; random if omitted. */
  readonly webhookSigningSecret?: string;
  /** Account-wide requests per minute (zendesk.md §2.9: Enterprise 700). */
  readonly rateLimitPerMinute?: number;
  /** Update Ticket requests per minute per account (zendesk.md §2.9: 100). */
  readonly updateTicketLimitPerMinute?: number;
  /**
   * Updates one user may make to one ticket per window (zendesk.md §2.9: 30 per 10 minutes
   * [secondary]); the default. Tests shrink it to see the relay wait and coalesce.
   */
  readonly perTicketUpdateLimit?: { readonly count: number; readonly windowMs: number };
  /** Delay before the first webhook retry, doubling after (default 1000 ms). */
  readonly webhookRetryDelayMs?: number;
  /** Retries after a failed webhook delivery (default 3). */
  readonly webhookMaxRetries?: number;
  /** Per-attempt webhook timeout (default 10 s, zendesk.md §3.3). */
  readonly webhookTimeoutMs?: number;
  /** How long a new user stays invisible to user search (default 0; real search lags). */
  readonly searchIndexLagMs?: number;
  /** The admin setting "Validate user phone numbers" (default off, zendesk.md §2.3). */
  readonly validatePhoneNumbers?: boolean;
  /** Clock for timestamps, upload expiry and limits (default: the system clock). */
  readonly now?: () => Date;
}

export interface AgentCommentInput {
  readonly body: string;
  /** Public reply (default) or internal note. */
  readonly public?: boolean;
  /** Submit the reply with this status, as the agent's "Submit as" button does. */
  readonly status?: TicketStatus;
}

/** Everything but the routers: the agent's side, inspection and faults. */
export interface ZendeskStandInControls {
  /** The user the API token belongs to (an admin), as `GET /api/v2/users/me` answers. */
  readonly apiUserId: number;
  /** The agent who answers tickets in the agent UI. */
  readonly agentId: number;
  /** The agent adds a comment in the agent UI; webhooks fire. */
  addAgentComment(ticketId: number, input: AgentCommentInput): CommentView;
  /** The agent changes the status (solves, closes); webhooks fire. */
  setTicketStatus(ticketId: number, status: TicketStatus): TicketView;
  /** The agent adds tags in the agent UI (existing tags stay). */
  addTicketTags(ticketId: number, tags: readonly string[]): TicketView;
  /** The "close solved tickets" automation: every solved ticket becomes closed. Returns how many. */
  closeSolvedTickets(): number;
  /** A customer who already exists in Zendesk (created by an agent or another channel). */
  createEndUser(input: { name: string; phone?: string; email?: string }): UserView;
  /**
   * An agent replaces the user's tags on their profile (e.g. a support tier); tags follow the
   * ticket tag rules (lower case, one word each). New users have none.
   */
  setUserTags(userId: number, tags: readonly string[]): UserView;
  tickets(): readonly TicketView[];
  ticket(ticketId: number): TicketView | undefined;
  users(): readonly UserView[];
  /** Ticket fields, system and custom. */
  ticketFields(): readonly { readonly id: number; readonly title: string; readonly type: string }[];
  /** Every API request answered so far (control routes and downloads excluded). */
  apiCalls(): readonly ApiCall[];
  injectFaults(fault: FaultSpec): void;
  clearFaults(): void;
  /** The next webhook invocation is delivered twice. */
  duplicateNextWebhook(): void;
  /** Resolves once queued webhook deliveries have finished. */
  flushWebhooks(): Promise<void>;
  webhookDeliveries(): readonly WebhookDelivery[];
  /** Forgets tickets, users (but the API user and agent), uploads, fields, webhooks, faults, calls. */
  reset(): void;
  close(): Promise<void>;
}

export interface ZendeskStandIn extends ZendeskStandInControls {
  /** Mount at `/zendesk`: `baseUrl` plays `https://{subdomain}.zendesk.com`. */
  readonly api: express.Router;
  /** Mount at `/_sandbox/zendesk`. */
  readonly control: express.Router;
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') {
    throw new TypeError(`createZendeskStandIn: ${name} must be a string, received ${typeof value}`);
  }
  return value;
}

export function createZendeskStandIn(
  options: ZendeskStandInOptions,
  context: { readonly baseUrl: string },
): ZendeskStandIn {
  requireString(options.subdomain, 'subdomain');
  const email = requireString(options.email, 'email');
  const apiToken = requireString(options.apiToken, 'apiToken');
  const baseUrl = requireString(context.baseUrl, 'baseUrl').replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());

  const dispatcher = createWebhookDispatcher({
    retryDelayMs: options.webhookRetryDelayMs ?? 1000,
    maxRetries: options.webhookMaxRetries ?? 3,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    now,
  });
  const account = createAccount(
    {
      email,
      webhookSigningSecret: options.webhookSigningSecret,
      searchIndexLagMs: options.searchIndexLagMs ?? 0,
      validatePhoneNumbers: options.validatePhoneNumbers ?? false,
      now,
    },
    dispatcher,
  );
  const accountLimit = createRateWindow(options.rateLimitPerMinute ?? 700);
  const updateTicketLimit = createRateWindow(options.updateTicketLimitPerMinute ?? 100);
  const perTicket = options.perTicketUpdateLimit ?? { count: 30, windowMs: 600_000 };
  const perTicketUpdates = new Map<number, RateWindow>();
  /** The API user's Update Ticket window for one ticket (agents in the UI are not limited). */
  const ticketUpdateLimit = (ticketId: number): RateWindow => {
    let window = perTicketUpdates.get(ticketId);
    if (window === undefined) {
      window = createRateWindow(perTicket.count, perTicket.windowMs);
      perTicketUpdates.set(ticketId, window);
    }
    return window;
  };
  // Routers read these arrays by reference; reset() empties them in place.
  const faults: ActiveFault[] = [];
  const calls: ApiCall[] = [];

  function agentUpdate(ticketId: number, ticket: Record<string, unknown>) {
    // Agent UI updates count against the Update Ticket limit too (zendesk.md §2.9); the agent is
    // never refused, but the relay then has less room. "Auto assign tickets upon solve" is on.
    updateTicketLimit.record(now().getTime());
    return account.updateTicket(ticketId, { ticket }, account.agent.id, {
      autoAssignOnSolve: true,
    });
  }

  const controls: ZendeskStandInControls = {
    get apiUserId() {
      return account.apiUser.id;
    },
    get agentId() {
      return account.agent.id;
    },
    addAgentComment(ticketId, input) {
      const { comment } = agentUpdate(ticketId, {
        comment: { body: input.body, public: input.public ?? true },
        ...(input.status === undefined ? {} : { status: input.status }),
      });
      if (comment === undefined) throw new ApiFailure(500, { error: 'NoComment' });
      return commentView(comment);
    },
    setTicketStatus(ticketId, status) {
      return ticketView(agentUpdate(ticketId, { status }).ticket);
    },
    addTicketTags(ticketId, tags) {
      return ticketView(agentUpdate(ticketId, { additional_tags: [...tags] }).ticket);
    },
    closeSolvedTickets() {
      let closed = 0;
      for (const ticket of account.tickets.values()) {
        if (ticket.status !== 'solved') continue;
        account.updateTicket(ticket.id, { ticket: { status: 'closed' } }, account.apiUser.id);
        closed += 1;
      }
      return closed;
    },
    createEndUser(input) {
      return userView(account.seedEndUser(input));
    },
    setUserTags(userId, tags) {
      return userView(account.setUserTags(userId, tags));
    },
    tickets() {
      return [...account.tickets.values()].map(ticketView);
    },
    ticket(ticketId) {
      const ticket = account.tickets.get(ticketId);
      return ticket === undefined ? undefined : ticketView(ticket);
    },
    users() {
      return [...account.users.values()].map(userView);
    },
    ticketFields() {
      return [...account.ticketFields.values()].map((f) => ({
        id: f.id,
        title: f.title,
        type: f.type,
      }));
    },
    apiCalls() {
      return calls.map((c) => ({ ...c }));
    },
    injectFaults(fault) {
      faults.push(activateFault(fault, now().getTime()));
    },
    clearFaults() {
      faults.length = 0;
    },
    duplicateNextWebhook() {
      dispatcher.duplicateNext();
    },
    flushWebhooks() {
      return dispatcher.flush();
    },
    webhookDeliveries() {
      return dispatcher.deliveries();
    },
    reset() {
      dispatcher.reset();
      account.reset();
      accountLimit.reset();
      updateTicketLimit.reset();
      perTicketUpdates.clear();
      faults.length = 0;
      calls.length = 0;
    },
    close() {
      return dispatcher.close();
    },
  };
  const api = createApiRouter({
    account,
    baseUrl,
    email,
    apiToken,
    accountLimit,
    updateTicketLimit,
    ticketUpdateLimit,
    faults,
    calls,
    now,
  });
  return Object.assign(controls, { api, control: createControlRouter(controls) });
}
