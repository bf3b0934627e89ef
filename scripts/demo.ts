// `pnpm demo`: the relay on SQLite wired to the sandbox, and a page to play customer and agent.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseBotConfig } from '../packages/bot/src/index.ts';
import {
  startSandbox,
  type Sandbox,
  type SandboxOptions,
  type ShopOrder,
} from '../packages/sandbox/src/index.ts';
import {
  botRelayKeysSchema,
  csatSchema,
  ConfigError,
  createLogger,
  loadConfig,
  startRelay,
  webhookUrls,
  type Relay,
  type RelayConfig,
  type WorkspaceConfig,
} from '../server/src/index.ts';

const HOST = '127.0.0.1';

/** The helpdesks the demo can play, each with its example configuration and sidebar app. */
type DemoHelpdesk = 'zendesk' | 'freshdesk';
const HELPDESKS: Readonly<
  Record<
    DemoHelpdesk,
    { readonly name: string; readonly configPath: string; readonly harness: string }
  >
> = {
  zendesk: {
    name: 'Zendesk',
    configPath: fileURLToPath(new URL('../examples/smsbridge.sandbox.yaml', import.meta.url)),
    harness: 'a Zendesk-like agent workspace',
  },
  freshdesk: {
    name: 'Freshdesk',
    configPath: fileURLToPath(
      new URL('../examples/smsbridge.sandbox.freshdesk.yaml', import.meta.url),
    ),
    harness: 'a Freshdesk-like ticket page',
  },
};

/** Fixed secrets shared by the sandbox and the relay; only used when the variable is unset. */
const DEMO_SECRETS: Readonly<Record<string, string>> = {
  DEMO_TWILIO_AUTH_TOKEN: 'demo-twilio-auth-token',
  DEMO_ZENDESK_API_TOKEN: 'demo-zendesk-api-token',
  DEMO_ZENDESK_WEBHOOK_SECRET: 'demo-zendesk-webhook-signing-secret',
  DEMO_FRESHDESK_API_KEY: 'demo-freshdesk-api-key',
  DEMO_FRESHDESK_WEBHOOK_SECRET: 'demo-freshdesk-webhook-secret',
  DEMO_APP_API_TOKEN: 'demo-app-api-token-for-the-sidebar-apps',
};

/** The orders the shop stand-in knows with `--bot` (the banner lists them). */
const DEMO_ORDERS: Readonly<Record<string, ShopOrder>> = {
  '12345678': { status: 'Shipped', eta: 'Friday' },
  '87654321': { status: 'Processing' },
};
/** Where the bot's password reset link points (`passwordReset` link mode): nothing answers there. */
const DEMO_RESET_URL = 'https://demo-shop.example/reset';
const DEMO_LOCATION = '100 Example St, Springfield';
/** The bot's business hours: Mon-Fri 09:00-17:00 in New York; the bot answers around the clock. */
const DEMO_HOURS_TIME_ZONE = 'America/New_York';

/** Pause before each automatic status callback, so the page shows queued → sent → delivered. */
const STATUS_CALLBACK_DELAY_MS = 400;
/** A stuck shutdown is cut short after this long (Ctrl-C twice cuts it at once). */
const SHUTDOWN_LIMIT_MS = 15_000;

const USAGE = `Usage: pnpm demo [--helpdesk zendesk|freshdesk] [--bot] [--port-sandbox <port>] [--port-relay <port>] [--data <dir>]

Starts the SMS Bridge relay on SQLite with the local Twilio and helpdesk stand-ins,
and a page where you text as the customer and reply as the agent.

  --helpdesk <name>      zendesk (the default) or freshdesk: the helpdesk the relay files tickets in
                         and the page plays; the relay's configuration is
                         examples/smsbridge.sandbox.yaml or examples/smsbridge.sandbox.freshdesk.yaml
  --bot                  a bot answers each new conversation first: order status from a stand-in
                         shop (orders ${Object.keys(DEMO_ORDERS).join(' and ')}), a password reset link, opening hours;
                         "agent" hands off to a ticket. A solved ticket gets the SMS survey
                         ("How did we do? Reply 1-5") at once
  --port-sandbox <port>  port of the sandbox and the demo page (default from the config: 4010)
  --port-relay <port>    port of the relay (default from the config: 8080)
  --data <dir>           where the SQLite file and the relay's logs go (default ./data)
  --fresh                the default: the data is cleared at every start (see below)
  -h, --help             this text

The sandbox keeps its tickets in memory, so the relay's store is cleared at every start
(a relay remembering ticket #3 would otherwise write to a stranger's ticket #3). The file
stays after you stop, so you can look at what the relay stored.`;

/** A problem the user can fix: printed as one line, exit code 1 (2 for bad flags). */
class DemoError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

interface DemoOptions {
  readonly helpdesk: DemoHelpdesk;
  /** `--bot`: the workspace gets a bot and the SMS CSAT survey. */
  readonly bot: boolean;
  readonly sandboxPort: number | undefined;
  readonly relayPort: number | undefined;
  readonly dataDir: string | undefined;
}

function parsePort(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port < 1 || port > 65535) {
    throw new DemoError(`${flag} must be a port number from 1 to 65535, got '${value}'`, 2);
  }
  return port;
}

function parseOptions(argv: string[]): DemoOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'port-sandbox': { type: 'string' },
        'port-relay': { type: 'string' },
        data: { type: 'string' },
        fresh: { type: 'boolean' },
        helpdesk: { type: 'string' },
        bot: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs adds advice about positionals, which the demo does not take.
    const reason = oneLine(error).replace(/\. To specify a positional argument.*$/, '');
    throw new DemoError(`${reason} (see pnpm demo --help)`, 2);
  }
  const { values } = parsed;
  if (values.help === true) return 'help';
  const helpdesk = values.helpdesk?.trim().toLowerCase() ?? 'zendesk';
  if (helpdesk !== 'zendesk' && helpdesk !== 'freshdesk') {
    throw new DemoError(`--helpdesk must be zendesk or freshdesk, got '${values.helpdesk}'`, 2);
  }
  const sandboxPort = parsePort('--port-sandbox', values['port-sandbox']);
  const relayPort = parsePort('--port-relay', values['port-relay']);
  if (values.data !== undefined && values.data.trim() === '') {
    throw new DemoError('--data must name a directory', 2);
  }
  return {
    helpdesk,
    bot: values.bot === true,
    sandboxPort,
    relayPort,
    dataDir: values.data,
  };
}

/** The environment with the demo's fixed secrets filled in where they are unset. */
function withDemoSecrets(
  environment: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...environment };
  for (const [name, value] of Object.entries(DEMO_SECRETS)) {
    if ((env[name] ?? '').trim() === '') env[name] = value;
  }
  return env;
}

function portOf(url: string | undefined, fallback: number): number {
  if (url === undefined) return fallback;
  const parsed = new URL(url);
  return parsed.port === '' ? fallback : Number(parsed.port);
}

async function isPortFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolvePromise) => {
    probe.once('error', () => resolvePromise(false));
    probe.listen({ port, host: HOST, exclusive: true }, () => {
      probe.close(() => resolvePromise(true));
    });
  });
}

function portTakenMessage(port: number, role: 'sandbox' | 'relay'): string {
  const flag = role === 'sandbox' ? '--port-sandbox' : '--port-relay';
  return (
    `Port ${port} (the ${role}) on ${HOST} is already in use: stop what uses it ` +
    `(find it with \`lsof -i :${port}\`; another \`pnpm demo\` perhaps) ` +
    `or pick another port, e.g. pnpm demo ${flag} ${port + 1}`
  );
}

function display(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown === '' || shown.startsWith('..') ? path : shown;
}

/** The relay's JSON logs go to a file; warnings and errors also get one short line on stderr. */
function relayLogDestination(file: WriteStream): { write(line: string): void } {
  return {
    write(line: string) {
      file.write(line);
      try {
        const entry = JSON.parse(line) as {
          level?: number;
          msg?: string;
          err?: { message?: string };
        };
        if ((entry.level ?? 0) >= 40) {
          const label = (entry.level ?? 0) >= 50 ? 'error' : 'warning';
          const detail = entry.err?.message === undefined ? '' : `: ${entry.err.message}`;
          process.stderr.write(`[relay ${label}] ${entry.msg ?? ''}${detail}\n`);
        }
      } catch {
        // Not JSON: already in the file.
      }
    },
  };
}

/**
 * Builds a sidebar app (apps/zendesk or apps/freshdesk) into `outDir` with its own build script (as
 * `pnpm --filter @smsbridge/<app> build` does), on the harness's first request, so the demo starts fast.
 */
async function buildSidebarApp(helpdesk: DemoHelpdesk, outDir: string): Promise<string> {
  const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
  const script = fileURLToPath(new URL(`../apps/${helpdesk}/scripts/build.ts`, import.meta.url));
  const child = spawn(process.execPath, [tsx, script, '--out-dir', outDir], {
    cwd: fileURLToPath(new URL(`../apps/${helpdesk}/`, import.meta.url)),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) {
    throw new Error(`building the ${HELPDESKS[helpdesk].name} app failed: ${oneLine(errors)}`);
  }
  return outDir;
}

function demoWorkspace(config: RelayConfig, configPath: string): WorkspaceConfig {
  const workspace = config.workspaces.find((w) => w.id === 'demo') ?? config.workspaces[0];
  if (workspace === undefined) throw new DemoError(`${configPath}: no workspace to demo`);
  return workspace;
}

/** The sandbox's helpdesk stand-in and app harness for the workspace's helpdesk. */
function helpdeskSandboxOptions(
  helpdesk: WorkspaceConfig['helpdesk'],
  app: {
    readonly dataDir: string;
    readonly relayUrl: string;
    readonly workspaceId: string;
    readonly relayToken: string;
  },
  env: Readonly<Record<string, string | undefined>>,
): Omit<SandboxOptions, 'port' | 'twilio'> {
  if (helpdesk.kind === 'zendesk') {
    return {
      zendesk: {
        subdomain: helpdesk.subdomain,
        email: helpdesk.email,
        apiToken: helpdesk.apiToken,
        webhookSigningSecret: helpdesk.webhookSigningSecret,
      },
      // The Zendesk app harness (/_harness/zendesk?ticket=<id>): the built sidebar app, installed
      // with this relay's URL and the workspace's app API token as its secure setting.
      zendeskApp: {
        appDir: () => buildSidebarApp('zendesk', join(app.dataDir, 'zendesk-app')),
        settings: {
          relay_url: app.relayUrl,
          workspace_id: app.workspaceId,
          relay_token: app.relayToken,
        },
        domainWhitelist: [HOST],
      },
      demoPage: { helpdesk: 'zendesk' },
    };
  }
  return {
    // The sandbox always plays Zendesk too; nothing calls it in this mode.
    zendesk: {
      subdomain: 'demo',
      email: 'relay@demo.example',
      apiToken: env.DEMO_ZENDESK_API_TOKEN ?? 'unused',
      webhookSigningSecret: env.DEMO_ZENDESK_WEBHOOK_SECRET ?? 'unused',
    },
    freshdesk: { domain: helpdesk.domain, apiKey: helpdesk.apiKey },
    // The Freshdesk app harness (/_harness/freshdesk?ticket=<id>): the built app with its iparams;
    // `relay_host` is a bare host:port, as the request template's `host` takes it (freshdesk.md §3.5).
    freshdeskApp: {
      appDir: () => buildSidebarApp('freshdesk', join(app.dataDir, 'freshdesk-app')),
      iparams: {
        relay_host: new URL(app.relayUrl).host,
        workspace_id: app.workspaceId,
        relay_token: app.relayToken,
      },
    },
    demoPage: { helpdesk: 'freshdesk' },
  };
}

/** The workspace's name without a trailing "Support": "Demo Shop Support" → "Demo Shop" (≤ 30 characters). */
function businessNameOf(workspace: WorkspaceConfig): string {
  const name = workspace.name.replace(/\s+support$/i, '').trim() || workspace.name;
  return name.slice(0, 30).trim();
}

/** What `--bot` adds to the demo workspace. */
interface DemoBot {
  readonly bot: NonNullable<WorkspaceConfig['bot']>;
  readonly csat: NonNullable<WorkspaceConfig['csat']>;
}

/**
 * `--bot`: the bot front door and the SMS survey, added in code to the loaded workspace (the keys of
 * `bot` and `csat` in docs/configuration.md; what is not set here keeps the relay's default).
 */
function withDemoBot(workspace: WorkspaceConfig, shopBaseUrl: string): DemoBot {
  const weekday = [{ open: '09:00', close: '17:00' }];
  const settings = parseBotConfig({
    businessName: businessNameOf(workspace),
    orderLookup: { urlTemplate: `${shopBaseUrl}/orders/{orderNumber}` },
    passwordReset: { mode: 'link', url: DEMO_RESET_URL },
    businessHours: {
      timeZone: DEMO_HOURS_TIME_ZONE,
      weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
    },
    location: DEMO_LOCATION,
  });
  // The relay's own defaults for the keys around the bot's (configuration.md, `bot`).
  const { alwaysOpen, recordResolvedTickets, similarReportsWindowMinutes } =
    botRelayKeysSchema.parse({});
  return {
    bot: {
      settings,
      alwaysOpen,
      model: undefined,
      recordResolvedTickets,
      similarReportsWindowMinutes,
      // No secrets: the shop stand-in asks for no authorization header.
      secrets: {},
    },
    csat: {
      ...(workspace.csat ?? csatSchema.parse({})),
      // At once, so the survey comes right after the demo user marks the ticket solved.
      delayMinutes: 0,
    },
  };
}

/** The banner's lines about the bot and the survey (`--bot`): what to text to try them. */
function botBannerLines(workspace: WorkspaceConfig, demoBot: DemoBot): string[] {
  const { start, end } = workspace.outbound.quietHours;
  return [
    '',
    `  Bot              on: ${demoBot.bot.settings.businessName}'s bot answers each new conversation first. Text it:`,
    ...Object.entries(DEMO_ORDERS).map(
      ([number, order]) =>
        `                     "where is my order ${number}" (${order.status.toLowerCase()})`,
    ),
    `                     "I forgot my password", "what are your hours", "agent" (hands off to a ticket)`,
    `  Survey           on: mark a ticket solved and the customer gets "${demoBot.csat.question}"`,
    `                     (held outside ${start}-${end} in the customer's time zone, as every survey is)`,
  ];
}

/** The shop stand-in's base URL (the sandbox plays it with `--bot`). */
function shopBaseUrlOf(sandbox: Sandbox): string {
  const url = sandbox.shopBaseUrl;
  if (url === undefined) throw new Error('the sandbox was started without the shop');
  return url;
}

/** The stand-in's API base URL the relay's helpdesk client calls. */
function helpdeskApiBaseUrl(sandbox: Sandbox, helpdesk: DemoHelpdesk): string {
  const url = helpdesk === 'zendesk' ? sandbox.zendeskApiBaseUrl : sandbox.freshdeskApiBaseUrl;
  if (url === undefined) throw new Error(`the sandbox was started without ${helpdesk}`);
  return url;
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  // eslint-disable-next-line no-restricted-properties -- demo entry point
  const env = withDemoSecrets(process.env);
  const played = HELPDESKS[options.helpdesk];
  const configPath = played.configPath;
  const loaded = loadConfig(configPath, env);
  const workspace = demoWorkspace(loaded, configPath);
  const helpdesk = workspace.helpdesk;
  if (helpdesk.kind !== options.helpdesk) {
    throw new DemoError(
      `${configPath}: the demo workspace must use the ${played.name} helpdesk (kind: ${options.helpdesk})`,
    );
  }
  const sandboxPort = options.sandboxPort ?? portOf(workspace.carrier.apiBaseUrl, 4010);
  const relayPort = options.relayPort ?? loaded.server.port;
  if (sandboxPort === relayPort) {
    throw new DemoError(`the sandbox and the relay cannot share port ${relayPort}`, 2);
  }
  if (!(await isPortFree(sandboxPort)))
    throw new DemoError(portTakenMessage(sandboxPort, 'sandbox'));
  if (!(await isPortFree(relayPort))) throw new DemoError(portTakenMessage(relayPort, 'relay'));

  const databasePath =
    options.dataDir !== undefined
      ? join(resolve(options.dataDir), 'demo.db')
      : loaded.store.kind === 'sqlite'
        ? loaded.store.path
        : resolve('data/demo.db');
  const dataDir = dirname(databasePath);
  mkdirSync(dataDir, { recursive: true });
  // Always fresh (so --fresh changes nothing): the sandbox starts with no tickets or users, and a
  // relay that remembered "conversation → ticket #1, requester 10003" from an earlier run would file
  // a customer's text on whichever stranger's ticket got #1 this time.
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    rmSync(`${databasePath}${suffix}`, { force: true });
  }
  const logPath = join(dataDir, 'demo.log');
  const logFile = createWriteStream(logPath, { flags: 'w' });

  const relayUrl = `http://${HOST}:${relayPort}`;
  const urls = webhookUrls(relayUrl, workspace.id);
  let sandbox: Sandbox | undefined;
  let relay: Relay | undefined;
  /** `--bot`: the bot and the survey the workspace gets (undefined without the flag). */
  let demoBot: DemoBot | undefined;
  const stopAll = async () => {
    await relay?.close();
    await sandbox?.close();
    await new Promise<void>((done) => logFile.end(done));
  };

  try {
    sandbox = await startSandbox({
      port: sandboxPort,
      twilio: {
        accountSid: workspace.carrier.accountSid,
        authToken: workspace.carrier.authToken,
        numbers: workspace.businessNumbers.map((number) => ({ number, smsUrl: urls.smsInbound })),
        statusCallbackDelayMs: STATUS_CALLBACK_DELAY_MS,
      },
      // `--bot`: the sandbox also plays the shop the bot looks orders up in.
      ...(options.bot
        ? {
            shop: { orders: DEMO_ORDERS },
          }
        : {}),
      ...helpdeskSandboxOptions(
        helpdesk,
        {
          dataDir,
          relayUrl,
          workspaceId: workspace.id,
          relayToken: workspace.appApiToken ?? env.DEMO_APP_API_TOKEN ?? '',
        },
        env,
      ),
    });
    const wired = sandbox;
    demoBot = options.bot ? withDemoBot(workspace, shopBaseUrlOf(wired)) : undefined;
    // Everything points at this run's ports: the relay's public URL (what Twilio signs), the API
    // base URLs of the stand-ins, and SQLite even when DATABASE_URL is set.
    const config: RelayConfig = {
      ...loaded,
      publicUrl: relayUrl,
      server: { ...loaded.server, host: HOST, port: relayPort },
      store: { kind: 'sqlite', path: databasePath },
      workspaces: [
        {
          ...workspace,
          carrier: { ...workspace.carrier, apiBaseUrl: wired.twilioApiBaseUrl },
          helpdesk: {
            ...workspace.helpdesk,
            apiBaseUrl: helpdeskApiBaseUrl(wired, options.helpdesk),
          },
          ...demoBot,
        },
      ],
    };
    relay = await startRelay(config, {
      logger: createLogger({
        level: loaded.logging.level,
        includeBodies: loaded.logging.includeBodies,
        destination: relayLogDestination(logFile),
      }),
    });
    // What `smsbridge provision <helpdesk>` does: the stand-in's webhook (Zendesk) or automation
    // rules (Freshdesk) now call this relay.
    await relay.context.workspaces
      .get(workspace.id)
      ?.helpdesk.provision({ webhookUrl: urls.helpdesk });
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }

  const note =
    loaded.store.kind === 'postgres'
      ? '\n  (DATABASE_URL is set; the demo uses SQLite anyway, so your database is untouched.)'
      : '';
  process.stdout.write(
    [
      '',
      'SMS Bridge demo is ready.',
      '',
      `  Open ${sandbox.url}/ in your browser: text as the customer (left), answer as the agent (right).`,
      `  Each ticket links to ${sandbox.url}/_harness/${options.helpdesk}?ticket=<id>: the sidebar app in ${played.harness}.`,
      '',
      `  Relay            ${relay.url}  (/healthz, /readyz, /metrics)`,
      `  App API          ${relay.url}/openapi.json  (bearer token from DEMO_APP_API_TOKEN)`,
      `  Sandbox          ${sandbox.url}  (Twilio and ${played.name} stand-ins)`,
      `  Business number  ${workspace.businessNumbers.join(', ')}  (workspace "${workspace.id}")`,
      `  Data             ${display(databasePath)}  (SQLite; cleared at each start, kept after stop)${note}`,
      `  Relay logs       ${display(logPath)}`,
      ...(demoBot === undefined ? [] : botBannerLines(workspace, demoBot)),
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write('\nStopping the demo (finishing jobs in flight)...\n');
    setTimeout(() => {
      process.stderr.write('The demo did not stop in time; exiting anyway.\n');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    stopAll().then(
      () => {
        process.stdout.write(`Stopped. The relay's data is in ${display(databasePath)}.\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`Stopping failed: ${oneLine(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof DemoError) {
    process.stderr.write(`pnpm demo: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`pnpm demo: ${error.message}\n`);
    process.exit(1);
  }
  const code = (error as NodeJS.ErrnoException).code;
  process.stderr.write(
    code === 'EADDRINUSE'
      ? `pnpm demo: a port was taken while starting (${oneLine(error)}); run it again or pick other ports (--port-sandbox, --port-relay)\n`
      : `pnpm demo: could not start: ${oneLine(error)}\n`,
  );
  process.exit(1);
});
