// The Zendesk helpdesk adapter (Tickets API mode) and its webhook helpers.
export {
  createZendeskAdapter,
  type ZendeskAdapterConfig,
  type ZendeskAdapterDeps,
} from './zendesk-adapter.ts';
export { SMS_TICKET_FIELDS, WEBHOOK_NAME, WEBHOOK_SUBSCRIPTIONS } from './provision.ts';
export { parseZendeskWebhook, verifyZendeskWebhook } from './webhook.ts';
