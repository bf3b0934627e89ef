// @smsbridge/helpdesks: the HelpdeskAdapter contract and its implementations.
export * from './helpdesk-adapter.ts';
export {
  SMS_TICKET_FIELDS as ZENDESK_SMS_TICKET_FIELDS,
  createZendeskAdapter,
  type ZendeskAdapterConfig,
  type ZendeskAdapterDeps,
} from './zendesk/index.ts';
export {
  AGENT_REPLY_TEMPLATE as FRESHDESK_AGENT_REPLY_TEMPLATE,
  DEFAULT_SECRET_HEADER as FRESHDESK_DEFAULT_SECRET_HEADER,
  EXTERNAL_ID_TAG_PREFIX as FRESHDESK_EXTERNAL_ID_TAG_PREFIX,
  FOLLOW_UP_TAG_PREFIX as FRESHDESK_FOLLOW_UP_TAG_PREFIX,
  FRESHDESK_SMS_TICKET_FIELDS,
  createFreshdeskAdapter,
  parseFreshdeskWebhook,
  verifyFreshdeskWebhook,
  type FreshdeskAdapterConfig,
  type FreshdeskAdapterDeps,
} from './freshdesk/index.ts';
export {
  HELPDESK_KINDS,
  createHelpdeskAdapter,
  type HelpdeskConfigs,
  type HelpdeskDeps,
  type HelpdeskKind,
} from './registry.ts';
