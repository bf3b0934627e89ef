// @smsbridge/sidebar: the relay API client and headless React hooks shared by the sidebar apps.
export * from './relay-api-types.ts';
export * from './relay-client.ts';
export * from './composer-text.ts';
export * from './segment-meter.ts';
export * from './pii-warnings.ts';
export * from './quick-replies.ts';
export * from './save-guard.ts';
export * from './hooks.ts';
export * from './i18n.ts';
export * from './consent-view.ts';
export * from './use-resize-to-content.ts';
export * from './bot-view.ts';
