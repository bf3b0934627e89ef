// @smsbridge/helpdesks: the HelpdeskAdapter contract and its implementations.
export * from './helpdesk-adapter.ts';
export {
  createZendeskAdapter,
  type ZendeskAdapterConfig,
  type ZendeskAdapterDeps,
} from './zendesk/index.ts';
export {
  HELPDESK_KINDS,
  createHelpdeskAdapter,
  type HelpdeskConfigs,
  type HelpdeskDeps,
  type HelpdeskKind,
} from './registry.ts';
