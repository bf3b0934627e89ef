// @smsbridge/server: the relay's public entry points (used by the CLI, the demo and end-to-end tests).
export {
  ConfigError,
  loadConfig,
  resolveConfig,
  type RelayConfig,
  type WorkspaceConfig,
} from './config/load.ts';
export { startRelay, type Relay, type RelayOptions } from './relay.ts';
export { openStore, type Store, type StoreLocation } from './store/open-store.ts';
export { JOB_KINDS, webhookPaths, webhookUrls } from './relay/context.ts';
export { runCli } from './cli/main.ts';
export { createLogger, maskPhone } from './observability/logger.ts';
export { botRelayKeysSchema, csatSchema } from './config/schema.ts';
