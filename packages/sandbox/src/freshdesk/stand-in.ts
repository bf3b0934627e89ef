// createFreshdeskStandIn: Freshdesk's REST API v2, agent side and automation webhooks, in memory.
import type express from 'express';
import {
  activateFault,
  createRateWindow,
  type ActiveFault,
  type FaultSpec,
} from '../shared/limits.ts';
import type { WebhookDelivery } from '../shared/webhook-dispatcher.ts';
import { createAccount, type Account } from './account.ts';
import { createApiRouter } from './api-router.ts';
import { createAutomations, type RuleExecution } from './automations.ts';
import { createControlRouter } from './control-router.ts';
import {
  contactView,
  conversationView,
  textToHtml,
  ticketView,
  type ApiCall,
  type ContactView,
  type ConversationView,
  type TicketStatus,
  type TicketView,
} from './model.ts';

/** Requests per minute (freshdesk.md §1.3): the account total and the per-endpoint sub-limits. */
export interface FreshdeskRateLimits {
  readonly total?: number;
  readonly ticketCreate?: number;
  readonly ticketUpdate?: number;
  readonly ticketsList?: number;
  readonly contactsList?: number;
}

export interface FreshdeskStandInOptions {
  /** Plays `https://{domain}.freshdesk.com`. */
  readonly domain: string;
  /** Requests authenticate with Basic `{apiKey}:X` (any password), else 401 (freshdesk.md §1.1). */
  readonly apiKey: string;
  /** Default: the Enterprise plan, 700/min total, 280 create, 280 update, 200 lists (§1.3). */
  readonly rateLimits?: FreshdeskRateLimits;
  /** Webhook retry delays; default +5, +30, +60 minutes (freshdesk.md §2). */
  readonly webhookRetryDelaysMs?: readonly number[];
  /** Per-attempt webhook timeout (default 10 s) [unverified]. */
  readonly webhookTimeoutMs?: number;
  /** How long a new contact stays invisible to `/search/contacts` (default 0; real: minutes, §1.8). */
  readonly searchIndexLagMs?: number;
  /** The `ticket_type` choices (default Question, Incident, Problem, Feature Request, Refund). */
  readonly ticketTypes?: readonly string[];
  /** Clock for timestamps and limits (default: the system clock). */
  readonly now?: () => Date;
}

export interface AgentReplyInput {
  readonly body: string;
  /** Submit with this status ("Send and set as Resolved"). */
  readonly status?: TicketStatus;
}

/** An agent of the account, as the control routes list them. */
export interface AgentView {
  readonly id: number;
  readonly name: string;
  readonly email: string;
}

/** Everything but the routers: the agent's side, inspection and faults. */
export interface FreshdeskStandInControls {
  /** The agent the API key belongs to. */
  readonly apiAgentId: number;
  /** The agent who answers tickets in the agent UI. */
  readonly agentId: number;
  /** The agent replies in the agent UI (an e-mail reply, §1.9); "Reply is sent" rules fire. */
  addAgentReply(ticketId: number, input: AgentReplyInput): ConversationView;
  /** The agent adds a note in the agent UI (private unless `private: false`). */
  addAgentNote(ticketId: number, input: { body: string; private?: boolean }): ConversationView;
  /** The agent changes the status; "Status is changed" rules fire. */
  setTicketStatus(ticketId: number, status: TicketStatus): TicketView;
  /** The agent adds tags (existing tags stay). */
  addTicketTags(ticketId: number, tags: readonly string[]): TicketView;
  /** A contact who already exists (created by an agent or another channel), numbers as typed. */
  createContact(input: {
    name: string;
    phone?: string;
    mobile?: string;
    email?: string;
  }): ContactView;
  /** An agent replaces the contact's tags (e.g. a support tier); new contacts have none. */
  setContactTags(contactId: number, tags: readonly string[]): ContactView;
  /** A custom ticket field an admin created, e.g. a mandatory one (§1.2 dynamic form validation). */
  createTicketField(input: {
    label: string;
    type: string;
    requiredForAgents?: boolean;
    choices?: readonly string[];
  }): { id: number; name: string };
  tickets(): readonly TicketView[];
  ticket(ticketId: number): TicketView | undefined;
  contacts(): readonly ContactView[];
  /** The account's agents: the API key's (`apiAgentId`) and the agent UI's (`agentId`). */
  agents(): readonly AgentView[];
  /** Notes and replies of a ticket, oldest first. */
  notes(ticketId: number): readonly ConversationView[];
  ticketFields(): readonly {
    readonly id: number;
    readonly name: string;
    readonly label: string;
    readonly type: string;
  }[];
  rules(): readonly {
    readonly id: number;
    readonly automationTypeId: number;
    readonly name: string;
    readonly active: boolean;
  }[];
  ruleExecutions(): readonly RuleExecution[];
  /** Every API request answered so far (control routes and downloads excluded). */
  apiCalls(): readonly ApiCall[];
  injectFaults(fault: FaultSpec): void;
  clearFaults(): void;
  /** The next webhook invocation is delivered twice. */
  duplicateNextWebhook(): void;
  /** Resolves once queued webhook deliveries have finished. */
  flushWebhooks(): Promise<void>;
  webhookDeliveries(): readonly WebhookDelivery[];
  /** Forgets tickets, contacts, custom fields, rules, webhooks, faults and calls. */
  reset(): void;
  close(): Promise<void>;
}

export interface FreshdeskStandIn extends FreshdeskStandInControls {
  /** Mount at `/freshdesk`: `baseUrl` plays `https://{domain}.freshdesk.com`. */
  readonly api: express.Router;
  /** Mount at `/_sandbox/freshdesk`. */
  readonly control: express.Router;
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(
      `createFreshdeskStandIn: ${name} must be a non-empty string, received ${typeof value}`,
    );
  }
  return value;
}

export function createFreshdeskStandIn(
  options: FreshdeskStandInOptions,
  context: { readonly baseUrl: string },
): FreshdeskStandIn {
  const domain = requireString(options.domain, 'domain');
  const apiKey = requireString(options.apiKey, 'apiKey');
  const baseUrl = requireString(context.baseUrl, 'baseUrl').replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  const limits = options.rateLimits ?? {};
  const accountLimit = createRateWindow(limits.total ?? 700);
  const endpointLimits = {
    ticketCreate: createRateWindow(limits.ticketCreate ?? 280),
    ticketUpdate: createRateWindow(limits.ticketUpdate ?? 280),
    ticketsList: createRateWindow(limits.ticketsList ?? 200),
    contactsList: createRateWindow(limits.contactsList ?? 200),
  };
  // Routers read these arrays by reference; reset() empties them in place.
  const faults: ActiveFault[] = [];
  const calls: ApiCall[] = [];

  // eslint-disable-next-line prefer-const -- assigned once the account exists (they refer to each other)
  let automations: ReturnType<typeof createAutomations>;
  const account: Account = createAccount({
    apiAgent: { name: 'SMS Bridge API', email: `api@${domain}.example` },
    uiAgent: { name: 'Alex Agent', email: `alex@${domain}.example` },
    searchIndexLagMs: options.searchIndexLagMs ?? 0,
    ticketTypes: options.ticketTypes ?? [
      'Question',
      'Incident',
      'Problem',
      'Feature Request',
      'Refund',
    ],
    now,
    onTicketEvent: (ticket, event, performer) =>
      automations.onTicketEvent(ticket, event, performer),
  });
  automations = createAutomations({
    account,
    baseUrl,
    retryDelaysMs: options.webhookRetryDelaysMs ?? [5 * 60_000, 30 * 60_000, 60 * 60_000],
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    countApiCall: () => accountLimit.record(now().getTime()),
  });
  const ui = () => ({ type: 'agent' as const, id: account.uiAgent.id });

  const controls: FreshdeskStandInControls = {
    get apiAgentId() {
      return account.apiAgent.id;
    },
    get agentId() {
      return account.uiAgent.id;
    },
    addAgentReply(ticketId, input) {
      const reply = account.addReply(ticketId, { body: textToHtml(input.body) }, [], false, ui());
      if (input.status !== undefined)
        account.updateTicket(ticketId, { status: input.status }, [], false, ui());
      return conversationView(reply);
    },
    addAgentNote(ticketId, input) {
      return conversationView(
        account.addNote(
          ticketId,
          { body: textToHtml(input.body), private: input.private ?? true },
          [],
          false,
          ui(),
        ),
      );
    },
    setTicketStatus(ticketId, status) {
      return ticketView(account.updateTicket(ticketId, { status }, [], false, ui()));
    },
    addTicketTags(ticketId, tags) {
      const ticket = account.requireTicket(ticketId);
      return ticketView(
        account.updateTicket(ticketId, { tags: [...ticket.tags, ...tags] }, [], false, ui()),
      );
    },
    createContact(input) {
      return contactView(account.seedContact(input));
    },
    setContactTags(contactId, tags) {
      return contactView(account.setContactTags(contactId, tags));
    },
    createTicketField(input) {
      const field = account.createTicketField({
        label: input.label,
        label_for_customers: input.label,
        type: input.type,
        required_for_agents: input.requiredForAgents ?? false,
        ...(input.choices === undefined ? {} : { choices: [...input.choices] }),
      });
      return { id: field.id, name: field.name };
    },
    tickets() {
      return [...account.tickets.values()].map(ticketView);
    },
    ticket(ticketId) {
      const ticket = account.tickets.get(ticketId);
      return ticket === undefined ? undefined : ticketView(ticket);
    },
    contacts() {
      return [...account.contacts.values()].map(contactView);
    },
    agents() {
      return [...account.agents.values()].map(({ id, name, email }) => ({ id, name, email }));
    },
    notes(ticketId) {
      return account.requireTicket(ticketId).conversations.map(conversationView);
    },
    ticketFields() {
      return [...account.ticketFields.values()].map((f) => ({
        id: f.id,
        name: f.name,
        label: f.label,
        type: f.type,
      }));
    },
    rules() {
      return [...account.rules.values()].map((r) => ({
        id: r.id,
        automationTypeId: r.automationTypeId,
        name: r.name,
        active: r.active,
      }));
    },
    ruleExecutions() {
      return automations.executions();
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
      automations.dispatcher.duplicateNext();
    },
    flushWebhooks() {
      return automations.dispatcher.flush();
    },
    webhookDeliveries() {
      return automations.dispatcher.deliveries();
    },
    reset() {
      automations.reset();
      account.reset();
      accountLimit.reset();
      for (const window of Object.values(endpointLimits)) window.reset();
      faults.length = 0;
      calls.length = 0;
    },
    close() {
      return automations.close();
    },
  };
  const api = createApiRouter({
    account,
    baseUrl,
    apiKey,
    accountLimit,
    endpointLimits,
    faults,
    calls,
    now,
  });
  return Object.assign(controls, { api, control: createControlRouter(controls) });
}
