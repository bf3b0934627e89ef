// Starts the sandbox and a relay wired to it over real HTTP on 127.0.0.1, for end-to-end tests.
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '@smsbridge/sandbox';
import {
  createLogger,
  resolveConfig,
  startRelay,
  webhookUrls,
  type Relay,
  type RelayConfig,
} from '@smsbridge/server';

export const WORKSPACE = 'acme';
export const BUSINESS_NUMBER = '+14155550100';
/** The optional second workspace (tenant-isolation tests): same accounts, its own business number. */
export const SECOND_WORKSPACE = 'globex';
export const SECOND_BUSINESS_NUMBER = '+14155550199';
export const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const SECRETS = {
  ACME_TWILIO_TOKEN: 'twilio-auth-token-for-tests',
  ACME_ZENDESK_TOKEN: 'zendesk-api-token-for-tests',
  ACME_ZENDESK_WEBHOOK_SECRET: 'zendesk-webhook-secret-for-tests',
  ACME_FRESHDESK_KEY: 'freshdesk-api-key-for-tests',
  ACME_FRESHDESK_WEBHOOK_SECRET: 'freshdesk-webhook-secret-for-tests',
};

export type HelpdeskKind = 'zendesk' | 'freshdesk';
/** Both helpdesks, for the scenarios every helpdesk must pass (issue 5: "the shared end-to-end scenarios"). */
export const HELPDESKS: readonly HelpdeskKind[] = ['zendesk', 'freshdesk'];

/**
 * A free port on 127.0.0.1, so the sandbox can be told the relay's URL before the relay starts.
 * Taken below Linux's ephemeral range (32768+), where outgoing connections of parallel tests would
 * otherwise grab it between this check and the relay's listen.
 */
export async function reservePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }
  }
}

export interface StackOptions {
  /** The helpdesk of the workspaces (default zendesk). */
  readonly helpdesk?: HelpdeskKind;
  /** Freshdesk stand-in options (rate limits...), with `helpdesk: 'freshdesk'`. */
  readonly freshdesk?: Record<string, unknown>;
  /** Workspace keys to override (threading, outbound, replies, carrier flags...). */
  readonly workspace?: Record<string, unknown>;
  readonly worker?: Record<string, unknown>;
  /** Carrier keys to add or override (e.g. carrierRepliesToKeywords). */
  readonly carrier?: Record<string, unknown>;
  /** PostgreSQL URL with a schema to use instead of a fresh SQLite file. */
  readonly postgres?: { readonly url: string; readonly schema: string };
  /** Zendesk stand-in options (rate limits...). */
  readonly zendesk?: Record<string, unknown>;
  /** Do not start a relay in this process (the test runs its own, e.g. as a child process). */
  readonly relayInProcess?: boolean;
  readonly now?: () => Date;
  /** The relay's HTTP client (tests wrap the real one to hold or watch calls). */
  readonly fetch?: typeof fetch;
  /**
   * Adds SECOND_WORKSPACE on the same relay, Twilio account and Zendesk account, with
   * SECOND_BUSINESS_NUMBER; these keys override its defaults (like `workspace` does for the first).
   */
  readonly secondWorkspace?: Record<string, unknown>;
  /** More environment variables for the relay's configuration (secrets named by `{ env }`). */
  readonly env?: Record<string, string>;
  /**
   * The first workspace's `bot` keys. The sandbox then also plays the shop (order lookup, password
   * reset) and an OpenAI-compatible chat endpoint; `{shop}` and `{chatModel}` in any string here
   * become their base URLs.
   */
  readonly bot?: Record<string, unknown>;
  /** Shop stand-in options (seeded orders, accounts...), with `bot`. */
  readonly shop?: Record<string, unknown>;
}

/** The chat model stand-in's key, in the environment as BOT_MODEL_KEY. */
export const CHAT_MODEL_KEY = 'chat-model-key-for-tests';

export interface Stack {
  readonly sandbox: Sandbox;
  readonly relayPort: number;
  readonly relayUrl: string;
  readonly config: RelayConfig;
  readonly rawConfig: Record<string, unknown>;
  readonly env: Record<string, string>;
  readonly dataDir: string;
  relay: Relay | undefined;
  startRelay(): Promise<Relay>;
  close(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const relayPort = await reservePort();
  const relayUrl = `http://127.0.0.1:${relayPort}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'smsbridge-e2e-'));
  const sandbox = await startSandbox({
    twilio: {
      accountSid: ACCOUNT_SID,
      authToken: SECRETS.ACME_TWILIO_TOKEN,
      numbers: [
        { number: BUSINESS_NUMBER, smsUrl: webhookUrls(relayUrl, WORKSPACE).smsInbound },
        ...(options.secondWorkspace === undefined
          ? []
          : [
              {
                number: SECOND_BUSINESS_NUMBER,
                smsUrl: webhookUrls(relayUrl, SECOND_WORKSPACE).smsInbound,
              },
            ]),
      ],
      statusCallbackDelayMs: 5,
    },
    zendesk: {
      subdomain: 'acme',
      email: 'relay@acme.test',
      apiToken: SECRETS.ACME_ZENDESK_TOKEN,
      webhookSigningSecret: SECRETS.ACME_ZENDESK_WEBHOOK_SECRET,
      ...options.zendesk,
    },
    ...(options.helpdesk === 'freshdesk'
      ? {
          freshdesk: {
            domain: 'acme',
            apiKey: SECRETS.ACME_FRESHDESK_KEY,
            // Redeliveries in test time, not Freshdesk's +5/+30/+60 minutes (freshdesk.md §2).
            webhookRetryDelaysMs: [50, 100, 200],
            ...options.freshdesk,
          },
        }
      : {}),
    ...(options.bot === undefined
      ? {}
      : { shop: { ...options.shop }, chatModel: { apiKey: CHAT_MODEL_KEY } }),
  });
  const bot =
    options.bot === undefined
      ? undefined
      : (JSON.parse(
          JSON.stringify(options.bot)
            .replaceAll('{shop}', sandbox.shopBaseUrl ?? '')
            .replaceAll('{chatModel}', sandbox.chatModelBaseUrl ?? ''),
        ) as Record<string, unknown>);
  const baseWorkspace = {
    carrier: {
      kind: 'twilio',
      accountSid: ACCOUNT_SID,
      authToken: { env: 'ACME_TWILIO_TOKEN' },
      apiBaseUrl: sandbox.twilioApiBaseUrl,
      ...options.carrier,
    },
    helpdesk:
      options.helpdesk === 'freshdesk'
        ? {
            kind: 'freshdesk',
            domain: 'acme',
            apiKey: { env: 'ACME_FRESHDESK_KEY' },
            webhookSecret: { env: 'ACME_FRESHDESK_WEBHOOK_SECRET' },
            apiBaseUrl: sandbox.freshdeskApiBaseUrl,
          }
        : {
            kind: 'zendesk',
            subdomain: 'acme',
            email: 'relay@acme.test',
            apiToken: { env: 'ACME_ZENDESK_TOKEN' },
            webhookSigningSecret: { env: 'ACME_ZENDESK_WEBHOOK_SECRET' },
            apiBaseUrl: sandbox.zendeskApiBaseUrl,
          },
  };
  const rawConfig = {
    server: { publicUrl: relayUrl, host: '127.0.0.1', port: relayPort },
    store: { sqlitePath: join(dataDir, 'relay.db') },
    worker: { pollIntervalMs: 10, leaseSeconds: 10, ...options.worker },
    logging: { level: 'silent' },
    workspaces: [
      {
        id: WORKSPACE,
        name: 'Acme Support',
        businessNumbers: [BUSINESS_NUMBER],
        ...baseWorkspace,
        ...(bot === undefined ? {} : { bot }),
        ...options.workspace,
      },
      ...(options.secondWorkspace === undefined
        ? []
        : [
            {
              id: SECOND_WORKSPACE,
              name: 'Globex Support',
              businessNumbers: [SECOND_BUSINESS_NUMBER],
              ...baseWorkspace,
              ...options.secondWorkspace,
            },
          ]),
    ],
  };
  const env: Record<string, string> = {
    ...SECRETS,
    BOT_MODEL_KEY: CHAT_MODEL_KEY,
    ...options.env,
    ...(options.postgres === undefined ? {} : { DATABASE_URL: options.postgres.url }),
  };
  const resolved = resolveConfig('e2e.yaml', rawConfig, env);
  const config: RelayConfig =
    options.postgres === undefined
      ? resolved
      : {
          ...resolved,
          // Only the location: the configuration is copied into the job thread, functions are not.
          store: { kind: 'postgres', url: options.postgres.url, schema: options.postgres.schema },
        };

  const stack: Stack = {
    sandbox,
    relayPort,
    relayUrl,
    config,
    rawConfig,
    env,
    dataDir,
    relay: undefined,
    async startRelay() {
      const injected = options.now !== undefined || options.fetch !== undefined;
      const relay = await startRelay(config, {
        logger: createLogger({ level: 'silent', includeBodies: false }),
        ...(options.now === undefined ? {} : { now: options.now }),
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        // As `smsbridge start` runs it: jobs in their own thread, unless the test injects a clock
        // or an HTTP client, which cannot cross into that thread.
        workerThread: config.worker.thread && !injected,
      });
      stack.relay = relay;
      // The relay provisions its helpdesk webhook, as `smsbridge provision <helpdesk>` does.
      for (const [id, workspace] of relay.context.workspaces) {
        await workspace.helpdesk.provision({ webhookUrl: webhookUrls(relayUrl, id).helpdesk });
      }
      return relay;
    },
    async close() {
      await stack.relay?.close();
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (options.relayInProcess ?? true) await stack.startRelay();
  return stack;
}

/** Polls until `check` returns a value other than undefined/false, or fails with `what`. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
