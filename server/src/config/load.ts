// Reads the YAML configuration file and the environment into one validated RelayConfig.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { botConfigSchema, type BotConfig } from '@smsbridge/bot';
import type { StoreLocation } from '../store/open-store.ts';
import { configFileSchema, type ConfigFile, type WorkspaceFileConfig } from './schema.ts';

/** A configuration problem, worded to name the file, the key and what was expected. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A workspace's bot: the bot's own configuration and the relay's keys around it. */
export interface WorkspaceBotConfig {
  /** Validated by @smsbridge/bot, defaults filled in. */
  readonly settings: BotConfig;
  readonly alwaysOpen: { readonly tags: readonly string[]; readonly numbers: readonly string[] };
  readonly model:
    | {
        readonly baseUrl: string;
        readonly apiKeyEnv: string;
        readonly model: string;
        readonly timeoutMs: number;
      }
    | undefined;
  readonly recordResolvedTickets: boolean;
  readonly similarReportsWindowMinutes: number;
  /** The secrets the bot's HTTP calls use, read from the environment, by variable name. */
  readonly secrets: Readonly<Record<string, string>>;
}

export interface WorkspaceConfig extends Omit<
  WorkspaceFileConfig,
  'carrier' | 'helpdesk' | 'appApiToken' | 'bot'
> {
  /** Undefined when the workspace has no bot or turned it off (`bot.enabled: false`). */
  readonly bot: WorkspaceBotConfig | undefined;
  readonly carrier: Omit<WorkspaceFileConfig['carrier'], 'authToken'> & {
    readonly authToken: string;
  };
  readonly helpdesk: HelpdeskConfig;
  /** The sidebar apps' bearer token; undefined turns the workspace's app API off. */
  readonly appApiToken: string | undefined;
}

type HelpdeskFileConfig = WorkspaceFileConfig['helpdesk'];
type ZendeskFileConfig = Extract<HelpdeskFileConfig, { kind: 'zendesk' }>;
type FreshdeskFileConfig = Extract<HelpdeskFileConfig, { kind: 'freshdesk' }>;

/** A workspace's helpdesk with its secrets read from the environment. */
export type HelpdeskConfig =
  | (Omit<ZendeskFileConfig, 'apiToken' | 'webhookSigningSecret'> & {
      readonly apiToken: string;
      readonly webhookSigningSecret: string;
    })
  | (Omit<FreshdeskFileConfig, 'apiKey' | 'webhookSecret'> & {
      readonly apiKey: string;
      readonly webhookSecret: string;
    });

export interface RelayConfig {
  readonly sourcePath: string;
  readonly publicUrl: string;
  readonly server: ConfigFile['server'];
  /** PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. */
  readonly store: StoreLocation;
  readonly worker: ConfigFile['worker'];
  readonly logging: ConfigFile['logging'];
  readonly workspaces: readonly WorkspaceConfig[];
}

/** A relay configuration is a few kilobytes; anything near this is a mistake (or an attack). */
const MAX_CONFIG_BYTES = 1_048_576;

export type Environment = Readonly<Record<string, string | undefined>>;

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0
    ? '(top level)'
    : path
        .map((segment, index) =>
          typeof segment === 'number'
            ? `[${segment}]`
            : `${index === 0 ? '' : '.'}${String(segment)}`,
        )
        .join('');
}

function describeIssues(
  file: string,
  error: z.ZodError,
  under: ReadonlyArray<PropertyKey> = [],
): string {
  const lines = error.issues.slice(0, 20).map((issue) => {
    return `  ${formatPath([...under, ...issue.path])}: ${issue.message}`;
  });
  return `${file}: invalid configuration\n${lines.join('\n')}`;
}

function requireEnv(file: string, env: Environment, key: string, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(
      `${file}: ${key} names the environment variable ${name}, which is not set (expected the secret there)`,
    );
  }
  return value;
}

/** Shortest app API token accepted: 32 characters, e.g. `openssl rand -hex 32` gives 64. */
export const MIN_APP_API_TOKEN_LENGTH = 32;
/** RFC 6750 §2.1 b64token: what fits after `Bearer ` in an Authorization header unquoted. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

function appApiTokenFor(
  file: string,
  env: Environment,
  key: string,
  ref: { readonly env: string } | undefined,
): string | undefined {
  if (ref === undefined) return undefined;
  const token = requireEnv(file, env, key, ref.env);
  // The value is a secret: say what is wrong with it, never what it is.
  if (!B64TOKEN.test(token)) {
    throw new ConfigError(
      `${file}: ${key}: the value of ${ref.env} has characters a bearer token cannot carry (expected letters, digits and - . _ ~ + / only, e.g. from openssl rand -hex 32)`,
    );
  }
  if (token.length < MIN_APP_API_TOKEN_LENGTH) {
    throw new ConfigError(
      `${file}: ${key}: the value of ${ref.env} is ${token.length} characters long (expected at least ${MIN_APP_API_TOKEN_LENGTH}, e.g. from openssl rand -hex 32)`,
    );
  }
  return token;
}

function resolveHelpdesk(
  file: string,
  env: Environment,
  at: string,
  helpdesk: HelpdeskFileConfig,
): HelpdeskConfig {
  const secret = (key: string, ref: { readonly env: string }) =>
    requireEnv(file, env, `${at}.${key}`, ref.env);
  switch (helpdesk.kind) {
    case 'zendesk':
      return {
        ...helpdesk,
        apiToken: secret('apiToken', helpdesk.apiToken),
        webhookSigningSecret: secret('webhookSigningSecret', helpdesk.webhookSigningSecret),
      };
    case 'freshdesk':
      return {
        ...helpdesk,
        apiKey: secret('apiKey', helpdesk.apiKey),
        webhookSecret: secret('webhookSecret', helpdesk.webhookSecret),
      };
  }
}

type BotFileConfig = NonNullable<WorkspaceFileConfig['bot']>;

function resolveBot(
  file: string,
  env: Environment,
  index: number,
  bot: BotFileConfig | undefined,
): WorkspaceBotConfig | undefined {
  if (bot === undefined) return undefined;
  const {
    enabled,
    alwaysOpen,
    model,
    recordResolvedTickets,
    similarReportsWindowMinutes,
    ...botKeys
  } = bot;
  // Checked even when turned off, so turning it on later cannot fail on a forgotten mistake.
  const parsed = botConfigSchema.safeParse(botKeys);
  if (!parsed.success) {
    throw new ConfigError(describeIssues(file, parsed.error, ['workspaces', index, 'bot']));
  }
  if (!enabled) return undefined;
  const settings = parsed.data;
  const at = `workspaces[${index}].bot`;
  const secrets: Record<string, string> = {};
  const needSecret = (key: string, name: string | undefined) => {
    if (name !== undefined) secrets[name] = requireEnv(file, env, `${at}.${key}`, name);
  };
  needSecret('orderLookup.authHeader.env', settings.orderLookup?.authHeader?.env);
  needSecret(
    'passwordReset.authHeader.env',
    settings.passwordReset?.mode === 'endpoint'
      ? settings.passwordReset.authHeader?.env
      : undefined,
  );
  needSecret('model.apiKey', model?.apiKey.env);
  return {
    settings,
    alwaysOpen,
    model:
      model === undefined
        ? undefined
        : {
            baseUrl: model.baseUrl,
            apiKeyEnv: model.apiKey.env,
            model: model.model,
            timeoutMs: model.timeoutMs,
          },
    recordResolvedTickets,
    similarReportsWindowMinutes,
    secrets,
  };
}

/** Validates already-parsed file content; exported for tests and for `smsbridge config check`. */
export function resolveConfig(file: string, raw: unknown, env: Environment): RelayConfig {
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeIssues(file, parsed.error));
  const config = parsed.data;

  const publicUrlSource = env.PUBLIC_URL ?? config.server.publicUrl;
  if (publicUrlSource === undefined) {
    throw new ConfigError(
      `${file}: server.publicUrl is missing and PUBLIC_URL is not set (expected the relay's public base URL, e.g. https://sms.example.com; Twilio signs the exact URL it calls)`,
    );
  }
  let publicUrl: URL;
  try {
    publicUrl = new URL(publicUrlSource);
  } catch {
    throw new ConfigError(
      `${file}: PUBLIC_URL / server.publicUrl is '${publicUrlSource}' (expected an absolute http(s) URL)`,
    );
  }
  if (publicUrl.protocol !== 'https:' && publicUrl.protocol !== 'http:') {
    throw new ConfigError(
      `${file}: PUBLIC_URL / server.publicUrl must be http(s), got '${publicUrl.protocol}'`,
    );
  }

  const databaseUrl = env.DATABASE_URL;
  if (databaseUrl !== undefined && databaseUrl !== '' && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      `DATABASE_URL is '${databaseUrl.replace(/\/\/[^@]*@/, '//***@')}' (expected postgres://user@host:port/database)`,
    );
  }

  const workspaces = config.workspaces.map((workspace, index): WorkspaceConfig => {
    const at = `workspaces[${index}]`;
    return {
      ...workspace,
      carrier: {
        ...workspace.carrier,
        authToken: requireEnv(
          file,
          env,
          `${at}.carrier.authToken`,
          workspace.carrier.authToken.env,
        ),
      },
      helpdesk: resolveHelpdesk(file, env, `${at}.helpdesk`, workspace.helpdesk),
      appApiToken: appApiTokenFor(file, env, `${at}.appApiToken`, workspace.appApiToken),
      bot: resolveBot(file, env, index, workspace.bot),
    };
  });
  // A token shared by two workspaces would let one see the other's conversations.
  const tokenOwners = new Map<string, string>();
  workspaces.forEach((workspace, index) => {
    if (workspace.appApiToken === undefined) return;
    const owner = tokenOwners.get(workspace.appApiToken);
    if (owner !== undefined) {
      throw new ConfigError(
        `${file}: workspaces[${index}].appApiToken: workspace '${owner}' already uses this token (expected a different token for each workspace)`,
      );
    }
    tokenOwners.set(workspace.appApiToken, workspace.id);
  });

  return {
    sourcePath: file,
    publicUrl: publicUrl.href.replace(/\/+$/, ''),
    server: config.server,
    store:
      databaseUrl !== undefined && databaseUrl !== ''
        ? { kind: 'postgres', url: databaseUrl }
        : { kind: 'sqlite', path: resolve(config.store.sqlitePath) },
    worker: config.worker,
    logging: config.logging,
    workspaces,
  };
}

/** Loads and validates the configuration file; throws ConfigError with a precise message. */
export function loadConfig(path: string, env: Environment = process.env): RelayConfig {
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_CONFIG_BYTES) {
      throw new ConfigError(
        `${path}: the configuration file is ${bytes.length} bytes (expected at most ${MAX_CONFIG_BYTES})`,
      );
    }
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ConfigError(`${path}: cannot read the configuration file (${code})`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      throw new ConfigError(`${path}: not valid YAML: ${error.message.split('\n')[0] ?? ''}`);
    }
    throw error;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${path}: expected a YAML mapping with 'workspaces' at the top level`);
  }
  return resolveConfig(path, raw, env);
}
