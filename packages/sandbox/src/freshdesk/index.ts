// The Freshdesk stand-in: REST API v2, agent side, automation-rule webhooks and faults (freshdesk.md §1–§2).
export { createFreshdeskStandIn } from './stand-in.ts';
export type {
  AgentReplyInput,
  AgentView as FreshdeskAgentView,
  FreshdeskRateLimits,
  FreshdeskStandIn,
  FreshdeskStandInControls,
  FreshdeskStandInOptions,
} from './stand-in.ts';
export type { RuleExecution } from './automations.ts';
export { EVENT_FIELDS, TRIGGER_WEBHOOK, renderPlaceholders } from './automations.ts';
export type {
  ApiCall as FreshdeskApiCall,
  ContactView as FreshdeskContactView,
  ConversationView as FreshdeskConversationView,
  TicketStatus as FreshdeskTicketStatus,
  TicketView as FreshdeskTicketView,
} from './model.ts';
export {
  FRESHDESK_PRIORITY_NAMES,
  FRESHDESK_STATUS_NAMES,
  FRESHDESK_STATUS_NUMBERS,
  freshdeskContactHasPhone,
  neutralFreshdeskTicket,
  type NeutralFreshdeskComment,
  type NeutralFreshdeskStatus,
  type NeutralFreshdeskTicket,
} from './neutral.ts';
export { startFreshdeskStandIn, type RunningFreshdeskStandIn } from './server.ts';
