// The Zendesk stand-in: Support API, agent side, signed webhooks and faults (zendesk.md §2–§3).
export { createZendeskStandIn } from './stand-in.ts';
export type {
  AgentCommentInput,
  ZendeskStandIn,
  ZendeskStandInControls,
  ZendeskStandInOptions,
} from './stand-in.ts';
export type { FaultSpec } from '../shared/limits.ts';
export type { ApiCall, CommentView, TicketStatus, TicketView, UserView } from './model.ts';
export type { DeliveryAttempt, WebhookDelivery } from './webhooks.ts';
export { signZendeskWebhook } from './webhooks.ts';
export { startZendeskStandIn, type RunningZendeskStandIn } from './server.ts';
