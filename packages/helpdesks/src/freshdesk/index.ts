// The Freshdesk helpdesk adapter (REST API v2, API key) and its webhook and provisioning helpers.
export {
  EXTERNAL_ID_TAG_PREFIX,
  FOLLOW_UP_TAG_PREFIX,
  createFreshdeskAdapter,
  samePhone,
  type FreshdeskAdapterConfig,
  type FreshdeskAdapterDeps,
} from './freshdesk-adapter.ts';
export {
  REPLY_RULE_NAME,
  SMS_TICKET_FIELDS as FRESHDESK_SMS_TICKET_FIELDS,
  STATUS_RULE_NAME,
  desiredRules as freshdeskAutomationRules,
} from './provision.ts';
export {
  AGENT_REPLY_TEMPLATE,
  DEFAULT_SECRET_HEADER,
  STATUS_TEMPLATE,
  parseFreshdeskWebhook,
  verifyFreshdeskWebhook,
} from './webhook.ts';
