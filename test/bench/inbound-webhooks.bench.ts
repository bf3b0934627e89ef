// Benchmark: inbound Twilio webhook acknowledgements per second and latency at fixed offered rates,
// for the relay on SQLite and on PostgreSQL, against a bare Express handler measured in the same run.
//
// Three processes besides this one (the load generator), so nothing shares an event loop:
//   - the relay, exactly as deployed: the bundle of server/scripts/build.ts, `start --config <tmp.yaml>`, worker on;
//   - the sandbox (Twilio + Zendesk stand-ins), which the relay's worker really writes tickets to;
//   - the bare handler: express.raw + 200 empty TwiML, no verification, no store.
// Only 127.0.0.1; every step is bounded (rate × seconds requests, 10 s per request, bounded drain).
//
// Run: npx tsx test/bench/inbound-webhooks.bench.ts [--rates 250,500,1000,1500,2000] [--seconds 5]
//        [--targets bare,sqlite,postgres] [--drain-seconds 120] [--cpu-prof <dir>]
//      Diagnostics: [--no-worker] (relay worker off) [--from-source] (tsx, not the bundle)
//        [--relay-cli <another relay command file>] [--relay-node-flags="<node flags>"]
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { stringify } from 'yaml';
import { customerNumbers, customerTexts } from './support/customer-texts.ts';
import { createLoadClient, type PreparedRequest, type StepResult } from './support/open-loop.ts';
import {
  TSX_LOADER,
  cpuMsOf,
  forkTypeScript,
  memoryOf,
  sampleRss,
  spawnRelay,
  stopChild,
  waitUntil,
} from './support/processes.ts';
import type {
  PreparedInbound,
  SandboxCommand,
  SandboxReply,
  SandboxStats,
} from './support/sandbox-protocol.ts';
import { RELAY_NODE_FLAGS, buildRelay } from '../../server/scripts/build.ts';
import { formatInteger, formatRatio, formatTable } from './table.ts';

/** The checkout's CLI through tsx: only for `--from-source` (deployments run the bundle). */
const SOURCE_CLI = fileURLToPath(new URL('../../server/bin/smsbridge.js', import.meta.url));
const RELAY_WITHOUT_WORKER = new URL('./support/relay-without-worker.ts', import.meta.url);
const WORKSPACE = 'bench';
const BUSINESS_NUMBER = '+14155550100';
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const SECRETS = {
  BENCH_TWILIO_TOKEN: 'twilio-auth-token-for-the-benchmark',
  BENCH_ZENDESK_TOKEN: 'zendesk-api-token-for-the-benchmark',
  BENCH_ZENDESK_WEBHOOK_SECRET: 'zendesk-webhook-secret-for-the-benchmark',
};
const INBOUND_PATH = `/webhooks/${WORKSPACE}/sms/inbound`;
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const MB = 1024 * 1024;

/** Issue 3's goals for the relay. */
export const GOALS = { sustainedPerSecond: 1500, p99MsAt500: 25, rssMb: 200 } as const;

export type TargetName = 'bare' | 'sqlite' | 'postgres';

export interface InboundBenchmarkOptions {
  readonly rates: readonly number[];
  readonly secondsPerRate: number;
  readonly targets: readonly TargetName[];
  /**
   * Offered before the measured steps (JIT, connection pools, first tickets), not reported. Long
   * enough for V8 to optimise the append path too: with 2 s at 250/s the first 500/s step ran at
   * twice the p99 of the same step repeated right after it (48 ms, then 14 and 22 ms).
   */
  readonly warmup: { readonly perSecond: number; readonly seconds: number };
  /** Pause between steps, so one step's tail does not land in the next. */
  readonly pauseMs: number;
  /** How long to wait, after the last step, for the worker to put every text on a ticket. */
  readonly drainTimeoutMs: number;
  /** Write a V8 CPU profile of each relay process here (node --cpu-prof). */
  readonly cpuProfileDir?: string;
  /** Diagnostic: run the relay with its job worker off (support/relay-without-worker.ts). */
  readonly withoutWorker?: boolean;
  /**
   * The relay command to run. Default: the deployment bundle (`server/scripts/build.ts`), built
   * into a temporary folder at the start of the run. `--from-source` runs server/bin/smsbridge.js
   * through tsx instead; `--relay-cli` any other copy, to A/B a proposed change.
   */
  readonly relayCli?: string;
  /** Diagnostic: Node/V8 flags for the relay process instead of the bundle's (RELAY_NODE_FLAGS). */
  readonly relayNodeFlags?: readonly string[];
}

export const DEFAULT_OPTIONS: InboundBenchmarkOptions = {
  rates: [250, 500, 1000, 1500, 2000],
  secondsPerRate: 5,
  targets: ['bare', 'sqlite', 'postgres'],
  warmup: { perSecond: 500, seconds: 6 },
  pauseMs: 1000,
  drainTimeoutMs: 120_000,
};

export interface TargetReport {
  readonly target: TargetName;
  readonly steps: readonly (StepResult & {
    readonly peakRssMb: number;
    /** The relay's longest event-loop stall during the step (prom-client's lag monitor). */
    readonly eventLoopMaxMs?: number;
    /** CPU time the server process used during the step, per acknowledged webhook. */
    readonly cpuMsPerAck?: number;
  })[];
  readonly peakRssMb: number;
  /** RSS once the server answered, before any load: the floor (runtime, tsx, modules). */
  readonly idleRssMb: number;
  /** Relay targets: what the worker did with the acknowledged texts. */
  readonly helpdesk?: {
    readonly acknowledged: number;
    readonly onTicketsWhenLoadEnded: number;
    readonly onTicketsAtEnd: number;
    readonly drainSeconds: number;
    /** Seconds after the load until 99% of the acknowledged texts were on tickets. */
    readonly drain99Seconds?: number;
    readonly zendesk: SandboxStats;
    /** The relay's own /metrics after the drain: jobs pending, running, dead-lettered. */
    readonly queueAtEnd: Readonly<Record<string, number>>;
    /** Relay log lines at warn or above: message (error) → count. */
    readonly warnings: Readonly<Record<string, number>>;
  };
}

export interface InboundBenchmarkReport {
  readonly options: InboundBenchmarkOptions;
  readonly targets: readonly TargetReport[];
  readonly skipped: readonly { readonly target: TargetName; readonly reason: string }[];
}

async function reservePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** The sandbox child process, with request/answer over IPC. */
async function startSandboxProcess(relayPort: number) {
  const { child, ready } = forkTypeScript<SandboxReply>(
    new URL('./support/sandbox-process.ts', import.meta.url),
    'sandbox',
  );
  const waiting = new Map<number, (reply: SandboxReply) => void>();
  let nextId = 1;
  const command = (message: SandboxCommand) => child.send(message);
  child.on('message', (reply: SandboxReply) => {
    if (reply.type === 'error') {
      process.stderr.write(`[sandbox] ${reply.message}\n`);
      return;
    }
    if ('id' in reply) waiting.get(reply.id)?.(reply);
  });
  const ask = <T extends SandboxReply['type']>(
    build: (id: number) => SandboxCommand,
    type: T,
  ): Promise<Extract<SandboxReply, { type: T }>> => {
    const id = nextId++;
    return new Promise((answer, fail) => {
      const timer = setTimeout(() => fail(new Error(`sandbox did not answer ${type}`)), 60_000);
      waiting.set(id, (reply) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (reply.type !== type) fail(new Error(`sandbox answered ${reply.type} to ${type}`));
        else answer(reply as Extract<SandboxReply, { type: T }>);
      });
      command(build(id));
    });
  };

  command({
    type: 'start',
    accountSid: ACCOUNT_SID,
    twilioAuthToken: SECRETS.BENCH_TWILIO_TOKEN,
    businessNumber: BUSINESS_NUMBER,
    smsUrl: `http://127.0.0.1:${relayPort}${INBOUND_PATH}`,
    zendesk: {
      subdomain: 'bench',
      email: 'relay@bench.test',
      apiToken: SECRETS.BENCH_ZENDESK_TOKEN,
      webhookSigningSecret: SECRETS.BENCH_ZENDESK_WEBHOOK_SECRET,
      // Zendesk's real limits (zendesk.md §2.9: 700/min, 100 ticket updates/min) would make this a
      // benchmark of waiting for Retry-After; the relay's own cost is what is measured here.
      rateLimitPerMinute: 1_000_000,
      updateTicketLimitPerMinute: 1_000_000,
      // 30 updates per ticket per 10 minutes: the runs put ~180 texts on each of 200 tickets.
      perTicketUpdateLimit: { count: 1_000_000, windowMs: 600_000 },
    },
  });
  const started = await ready;
  if (started.type !== 'ready')
    throw new Error(`sandbox failed to start: ${JSON.stringify(started)}`);
  return {
    child,
    url: started.url,
    twilioApiBaseUrl: started.twilioApiBaseUrl,
    zendeskApiBaseUrl: started.zendeskApiBaseUrl,
    async prepare(texts: readonly { from: string; body: string }[]): Promise<PreparedInbound[]> {
      const reply = await ask(
        (id) => ({ type: 'prepare', id, businessNumber: BUSINESS_NUMBER, texts }),
        'prepared',
      );
      return reply.webhooks;
    },
    async stats(): Promise<SandboxStats> {
      return (await ask((id) => ({ type: 'stats', id }), 'stats')).stats;
    },
    async reset(): Promise<void> {
      await ask((id) => ({ type: 'reset', id }), 'reset');
    },
  };
}

type SandboxProcess = Awaited<ReturnType<typeof startSandboxProcess>>;

function toRequest(webhook: PreparedInbound): PreparedRequest {
  return {
    path: new URL(webhook.url).pathname,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': webhook.signature,
      // Twilio's webhook client (carriers.md §1.3).
      'user-agent': 'TwilioProxy/1.1',
    },
    body: webhook.body,
  };
}

async function postgresAnswers(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function postgresStatement(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A relay process on a fresh store, configured as a deployment would be (defaults, info logs). */
async function startRelayProcess(
  target: 'sqlite' | 'postgres',
  relayPort: number,
  sandbox: SandboxProcess,
  options: Pick<
    InboundBenchmarkOptions,
    'cpuProfileDir' | 'withoutWorker' | 'relayCli' | 'relayNodeFlags'
  >,
) {
  const dataDir = mkdtempSync(join(tmpdir(), `smsbridge-bench-${target}-`));
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  if (target === 'postgres') await postgresStatement(`create schema ${schema}`);
  const relayUrl = `http://127.0.0.1:${relayPort}`;
  const configPath = join(dataDir, 'relay.yaml');
  writeFileSync(
    configPath,
    stringify({
      server: { publicUrl: relayUrl, host: '127.0.0.1', port: relayPort },
      store: { sqlitePath: join(dataDir, 'relay.db') },
      logging: { level: 'info' },
      workspaces: [
        {
          id: WORKSPACE,
          name: 'Benchmark Support',
          businessNumbers: [BUSINESS_NUMBER],
          carrier: {
            kind: 'twilio',
            accountSid: ACCOUNT_SID,
            authToken: { env: 'BENCH_TWILIO_TOKEN' },
            apiBaseUrl: sandbox.twilioApiBaseUrl,
          },
          helpdesk: {
            kind: 'zendesk',
            subdomain: 'bench',
            email: 'relay@bench.test',
            apiToken: { env: 'BENCH_ZENDESK_TOKEN' },
            webhookSigningSecret: { env: 'BENCH_ZENDESK_WEBHOOK_SECRET' },
            apiBaseUrl: sandbox.zendeskApiBaseUrl,
          },
        },
      ],
    }),
  );
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '', // eslint-disable-line no-restricted-properties -- child process environment
    ...SECRETS,
    ...(target === 'postgres'
      ? // The relay reads only DATABASE_URL; libpq's `options` puts it in the fresh schema.
        {
          DATABASE_URL: `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        }
      : {}),
  };
  // As deployed: the bundle's own `#!` flags, unless the run asks for others.
  const nodeFlags = [
    ...(options.relayNodeFlags ?? (options.relayCli === SOURCE_CLI ? [] : RELAY_NODE_FLAGS)),
    ...(options.cpuProfileDir === undefined
      ? []
      : // One file per thread (the main thread is the large one; tsx's loader has its own).
        ['--cpu-prof', `--cpu-prof-dir=${resolve(options.cpuProfileDir, target)}`]),
  ];
  const entry =
    options.withoutWorker === true
      ? ['--import', TSX_LOADER, fileURLToPath(RELAY_WITHOUT_WORKER), configPath]
      : [options.relayCli ?? SOURCE_CLI, 'start', '--config', configPath];
  const relay = spawnRelay({ argv: [...nodeFlags, ...entry], env });
  try {
    await waitUntil(
      'the relay to answer /readyz',
      async () => {
        if (relay.child.exitCode !== null) {
          throw new Error(`relay exited: ${relay.output()}`);
        }
        const answer = await fetch(`${relayUrl}/readyz`).catch(() => undefined);
        return answer?.status === 200;
      },
      60_000,
    );
  } catch (error) {
    relay.child.kill('SIGKILL');
    throw new Error(`the relay did not start:\n${relay.output()}`, { cause: error });
  }
  return {
    child: relay.child,
    output: relay.output,
    warnings: relay.warnings,
    origin: relayUrl,
    async dispose() {
      await stopChild(relay.child);
      if (target === 'postgres') await postgresStatement(`drop schema ${schema} cascade`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startBareProcess(): Promise<{ child: ChildProcess; origin: string }> {
  const { child, ready } = forkTypeScript<{ type: 'ready'; port: number }>(
    new URL('./support/bare-express-process.ts', import.meta.url),
    'bare',
  );
  const { port } = await ready;
  return { child, origin: `http://127.0.0.1:${port}` };
}

/** The relay's /metrics page; empty when it does not answer. */
async function metricsText(origin: string): Promise<string> {
  return fetch(`${origin}/metrics`)
    .then((answer) => answer.text())
    .catch(() => '');
}

/**
 * The relay's longest event-loop delay since the previous scrape: prom-client resets its lag
 * monitor on every scrape, so scraping before and after a step gives that step's figure.
 */
async function eventLoopMaxMs(origin: string): Promise<number | undefined> {
  const text = await metricsText(origin);
  const match = /^nodejs_eventloop_lag_max_seconds (\S+)/m.exec(text);
  return match === null ? undefined : Number(match[1]) * 1000;
}

/** `smsbridge_job_queue_depth{state=...}` from the relay's /metrics. */
async function queueDepth(origin: string): Promise<Record<string, number>> {
  const text = await metricsText(origin);
  const depth: Record<string, number> = {};
  for (const match of text.matchAll(/^smsbridge_job_queue_depth\{state="(\w+)"\} (\d+)/gm)) {
    depth[match[1]!] = Number(match[2]);
  }
  return depth;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function runTarget(
  target: TargetName,
  options: InboundBenchmarkOptions,
  relayPort: number,
  sandbox: SandboxProcess,
  seed: number,
): Promise<TargetReport> {
  const customers = customerNumbers(200);
  let textSeed = seed;
  // Fresh, uniquely signed webhooks for every step (a repeated MessageSid would be a no-op).
  const webhooks = async (count: number) =>
    (await sandbox.prepare(customerTexts(count, customers, textSeed++))).map(toRequest);

  const server =
    target === 'bare'
      ? {
          ...(await startBareProcess()),
          dispose: undefined,
          output: () => '',
          warnings: () => new Map<string, number>(),
        }
      : await startRelayProcess(target, relayPort, sandbox, options);
  const pid = server.child.pid;
  if (pid === undefined) throw new Error(`${target}: no process id`);
  const idleRssMb = (memoryOf(pid)?.rss ?? Number.NaN) / MB;
  const rss = sampleRss(pid);
  const client = createLoadClient(server.origin);
  try {
    const warmup = await webhooks(options.warmup.perSecond * options.warmup.seconds);
    const warm = await client.run(warmup, options.warmup.perSecond);
    if (warm.errors > 0) {
      throw new Error(
        `${target}: ${warm.errors} errors during warm-up (${JSON.stringify(warm.errorKinds)})\n${server.output()}`,
      );
    }
    let acknowledged = warm.ok;
    if (target !== 'bare' && options.withoutWorker !== true) {
      // The warm-up's texts start 200 conversations: 600 Zendesk calls to create requesters and
      // tickets. Let the worker finish them, so the first step measures a relay in its steady state
      // rather than the tail of that one-off work.
      await waitUntil(
        'the warm-up texts to reach their tickets',
        async () => (await sandbox.stats()).textsOnTickets >= acknowledged,
        60_000,
        250,
      );
    }
    const steps: (StepResult & {
      peakRssMb: number;
      eventLoopMaxMs?: number;
      cpuMsPerAck?: number;
    })[] = [];
    const lagOf = async () => (target === 'bare' ? undefined : eventLoopMaxMs(server.origin));
    for (const rate of options.rates) {
      await sleep(options.pauseMs);
      const requests = await webhooks(Math.round(rate * options.secondsPerRate));
      await lagOf();
      const cpuBefore = cpuMsOf(pid);
      const result = await client.run(requests, rate);
      const cpuAfter = cpuMsOf(pid);
      const lag = await lagOf();
      const cpuMsPerAck =
        cpuBefore === undefined || cpuAfter === undefined || result.ok === 0
          ? undefined
          : (cpuAfter - cpuBefore) / result.ok;
      acknowledged += result.ok;
      steps.push({
        ...result,
        peakRssMb: rss.peak() / MB,
        ...(lag === undefined ? {} : { eventLoopMaxMs: lag }),
        ...(cpuMsPerAck === undefined ? {} : { cpuMsPerAck }),
      });
      const line = `${target} @ ${rate}/s: ${result.achievedPerSecond.toFixed(0)} acks/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, errors ${result.errors}${cpuMsPerAck === undefined ? '' : `, CPU ${cpuMsPerAck.toFixed(3)} ms per ack`}${lag === undefined ? '' : `, longest event-loop stall ${lag.toFixed(0)} ms`}`;
      process.stderr.write(`${line}\n`);
    }
    let helpdesk: TargetReport['helpdesk'];
    if (target !== 'bare' && options.withoutWorker !== true) {
      const loadEnded = performance.now();
      const whenLoadEnded = await sandbox.stats();
      let latest = whenLoadEnded;
      let ninetyNineSeconds: number | undefined;
      // Once a second: counting texts on tickets costs the sandbox (the relay's Zendesk) CPU.
      await waitUntil(
        'the worker to put every acknowledged text on a ticket',
        async () => {
          latest = await sandbox.stats();
          if (ninetyNineSeconds === undefined && latest.textsOnTickets >= 0.99 * acknowledged) {
            ninetyNineSeconds = (performance.now() - loadEnded) / 1000;
          }
          return latest.textsOnTickets >= acknowledged;
        },
        options.drainTimeoutMs,
        1000,
      ).catch((error: unknown) => {
        process.stderr.write(
          `${target}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      });
      helpdesk = {
        acknowledged,
        onTicketsWhenLoadEnded: whenLoadEnded.textsOnTickets,
        onTicketsAtEnd: latest.textsOnTickets,
        drainSeconds: (performance.now() - loadEnded) / 1000,
        ...(ninetyNineSeconds === undefined ? {} : { drain99Seconds: ninetyNineSeconds }),
        zendesk: latest,
        queueAtEnd: await queueDepth(server.origin),
        warnings: Object.fromEntries(server.warnings()),
      };
    }
    return {
      target,
      steps,
      peakRssMb: rss.peak() / MB,
      idleRssMb,
      ...(helpdesk === undefined ? {} : { helpdesk }),
    };
  } finally {
    rss.stop();
    await client.close();
    if (server.dispose === undefined) await stopChild(server.child);
    else await server.dispose();
    await sandbox.reset();
  }
}

export async function runInboundWebhooksBenchmark(
  options: InboundBenchmarkOptions = DEFAULT_OPTIONS,
): Promise<InboundBenchmarkReport> {
  const skipped: { target: TargetName; reason: string }[] = [];
  const targets = [...options.targets];
  if (targets.includes('postgres')) {
    const problem = await postgresAnswers();
    if (problem !== undefined) {
      targets.splice(targets.indexOf('postgres'), 1);
      skipped.push({
        target: 'postgres',
        reason: `PostgreSQL does not answer at ${POSTGRES_URL}: ${problem}`,
      });
      process.stderr.write(
        `\n!!! PostgreSQL does not answer at ${POSTGRES_URL} (${problem}): the PostgreSQL relay target is SKIPPED !!!\n\n`,
      );
    }
  }
  // The relay as deployed: the bundle, built now from the checkout into server/dist (it loads
  // better-sqlite3 from the installed dependencies, so it cannot live elsewhere; README, "Running the relay for real").
  const relayOptions = { ...options, relayCli: options.relayCli ?? (await buildRelay()) };
  const relayPort = await reservePort();
  const sandbox = await startSandboxProcess(relayPort);
  const reports: TargetReport[] = [];
  try {
    for (const [index, target] of targets.entries()) {
      reports.push(await runTarget(target, relayOptions, relayPort, sandbox, 1000 * (index + 1)));
    }
  } finally {
    await stopChild(sandbox.child);
  }
  const report = { options, targets: reports, skipped };
  printReport(report);
  return report;
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');

/** The highest offered rate the target kept up with: ≥ 95% of it acknowledged, no errors. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function sustainedRate(report: TargetReport): number {
  return Math.max(
    0,
    ...report.steps
      .filter((step) => step.errors === 0 && step.achievedPerSecond >= 0.95 * step.offeredPerSecond)
      .map((step) => step.offeredPerSecond),
  );
}

function printReport(report: InboundBenchmarkReport): void {
  const { options } = report;
  console.log(
    `Inbound webhook acknowledgements (Node ${process.version}, ${options.secondsPerRate} s per rate, open loop, keep-alive, 127.0.0.1)`,
  );
  const [load1, load5] = loadavg();
  console.log(
    `machine: ${cpus().length} cores, load average ${load1?.toFixed(2)} (1 min) ${load5?.toFixed(2)} (5 min) at the end; load generator, sandbox and server are separate processes`,
  );
  if (options.relayCli === SOURCE_CLI) {
    console.log('relay run from source through tsx (--from-source), not the deployment bundle');
  } else if (options.relayCli !== undefined) {
    console.log(`DIAGNOSTIC RUN: relay CLI ${options.relayCli}`);
  } else {
    console.log(
      'relay: the deployment bundle (server/scripts/build.ts), built at the start of the run',
    );
  }
  if (options.withoutWorker === true) {
    console.log(
      'DIAGNOSTIC RUN: relay job worker OFF (nothing reaches Zendesk); not the deployed relay',
    );
  }
  const rows = report.targets.flatMap((target) =>
    target.steps.map((step) => [
      target.target,
      formatInteger(step.offeredPerSecond),
      formatInteger(step.achievedPerSecond),
      ms(step.p50Ms),
      ms(step.p99Ms),
      ms(step.maxMs),
      step.errors === 0 ? '0' : `${step.errors} ${JSON.stringify(step.errorKinds)}`,
      step.peakRssMb.toFixed(0),
      step.eventLoopMaxMs === undefined ? 'n/a' : ms(step.eventLoopMaxMs),
      step.cpuMsPerAck === undefined ? 'n/a' : step.cpuMsPerAck.toFixed(3),
    ]),
  );
  console.log(
    formatTable(
      [
        'target',
        'offered/s',
        'acks/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'errors',
        'peak RSS MB',
        'longest stall ms',
        'CPU ms/ack',
      ],
      rows,
    ),
  );

  const bare = report.targets.find((target) => target.target === 'bare');
  const relays = report.targets.filter((target) => target.target !== 'bare');
  if (bare !== undefined && relays.length > 0) {
    console.log(
      '\nRelay / bare Express handler, same run (acks/s: higher is better; latency: lower is better)',
    );
    const ratioRows = relays.flatMap((relay) =>
      relay.steps.map((step) => {
        const base = bare.steps.find(
          (candidate) => candidate.offeredPerSecond === step.offeredPerSecond,
        );
        return [
          relay.target,
          formatInteger(step.offeredPerSecond),
          base === undefined ? 'n/a' : formatRatio(step.achievedPerSecond / base.achievedPerSecond),
          base === undefined ? 'n/a' : formatRatio(step.p50Ms / base.p50Ms),
          base === undefined ? 'n/a' : formatRatio(step.p99Ms / base.p99Ms),
        ];
      }),
    );
    console.log(
      formatTable(['relay', 'offered/s', 'acks/s ratio', 'p50 ratio', 'p99 ratio'], ratioRows),
    );
    console.log(
      `RSS idle → peak: ${report.targets.map((target) => `${target.target} ${target.idleRssMb.toFixed(0)} → ${target.peakRssMb.toFixed(0)} MB`).join('; ')}`,
    );
    console.log(
      `peak RSS: bare ${bare.peakRssMb.toFixed(0)} MB; ${relays.map((relay) => `${relay.target} ${relay.peakRssMb.toFixed(0)} MB (${formatRatio(relay.peakRssMb / bare.peakRssMb)})`).join('; ')}`,
    );
  }

  for (const relay of relays) {
    const helpdesk = relay.helpdesk;
    if (helpdesk === undefined) continue;
    const calls = Object.entries(helpdesk.zendesk.byEndpoint)
      .sort(([, a], [, b]) => b - a)
      .map(([endpoint, count]) => `${endpoint} ${count}`)
      .join(', ');
    console.log(
      `\n${relay.target}: worker put ${formatInteger(helpdesk.onTicketsWhenLoadEnded)} of ${formatInteger(helpdesk.acknowledged)} acknowledged texts on ${helpdesk.zendesk.tickets} tickets while the load ran, ` +
        `${formatInteger(helpdesk.onTicketsAtEnd)} after ${helpdesk.drainSeconds.toFixed(1)} s more` +
        `${helpdesk.drain99Seconds === undefined ? '' : ` (99% after ${helpdesk.drain99Seconds.toFixed(1)} s)`}; ` +
        `${formatInteger(helpdesk.zendesk.apiCalls)} Zendesk calls (${(helpdesk.zendesk.apiCalls / Math.max(1, helpdesk.acknowledged)).toFixed(3)} per text): ${calls}`,
    );
    console.log(
      `${relay.target}: relay job queue at the end: ${Object.entries(helpdesk.queueAtEnd)
        .map(([state, count]) => `${state} ${count}`)
        .join(', ')}`,
    );
    const warnings = Object.entries(helpdesk.warnings);
    console.log(
      warnings.length === 0
        ? `${relay.target}: no relay log line at warn or above`
        : `${relay.target}: relay warnings: ${warnings.map(([message, count]) => `${count} × ${message}`).join('; ')}`,
    );
  }

  console.log('\nGoals (issue 3):');
  for (const relay of relays) {
    const sustained = sustainedRate(relay);
    // A rate offered several times (--rates 500,500,500) is judged on its median p99: single
    // steps of a few seconds on a shared 2-core machine vary by 2x from one to the next.
    const p99sAt500 = relay.steps
      .filter((step) => step.offeredPerSecond === 500)
      .map((step) => step.p99Ms);
    const at500 = p99sAt500.length === 0 ? undefined : { p99Ms: median(p99sAt500) };
    const at500Runs = p99sAt500.length > 1 ? ` (median of ${p99sAt500.map(ms).join(', ')})` : '';
    const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
    console.log(
      `  ${relay.target}: sustained ${formatInteger(sustained)}/s, best ${formatInteger(Math.max(...relay.steps.map((step) => step.achievedPerSecond)))} acks/s (goal ≥ ${GOALS.sustainedPerSecond} sustained: ${verdict(sustained >= GOALS.sustainedPerSecond)}); ` +
        `p99 at 500/s ${at500 === undefined ? 'not measured' : `${ms(at500.p99Ms)} ms${at500Runs} (goal < ${GOALS.p99MsAt500}: ${verdict(at500.p99Ms < GOALS.p99MsAt500)})`}; ` +
        `peak RSS ${relay.peakRssMb.toFixed(0)} MB (goal < ${GOALS.rssMb}: ${verdict(relay.peakRssMb < GOALS.rssMb)})`,
    );
  }
  for (const skip of report.skipped) console.log(`  ${skip.target}: SKIPPED (${skip.reason})`);
}

function optionsFromArgv(argv: readonly string[]): InboundBenchmarkOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rates: { type: 'string' },
      seconds: { type: 'string' },
      targets: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'no-worker': { type: 'boolean' },
      'relay-cli': { type: 'string' },
      'from-source': { type: 'boolean' },
      'drain-seconds': { type: 'string' },
      'relay-node-flags': { type: 'string' },
    },
  });
  const rates = values.rates?.split(',').map(Number) ?? DEFAULT_OPTIONS.rates;
  if (rates.some((rate) => !Number.isFinite(rate) || rate <= 0 || rate > 10_000)) {
    throw new Error('--rates: expected comma-separated rates per second between 1 and 10000');
  }
  const seconds =
    values.seconds === undefined ? DEFAULT_OPTIONS.secondsPerRate : Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 60) {
    throw new Error('--seconds: expected a number of seconds per rate between 1 and 60');
  }
  const targets = (values.targets?.split(',') ?? DEFAULT_OPTIONS.targets) as TargetName[];
  if (targets.some((target) => !['bare', 'sqlite', 'postgres'].includes(target))) {
    throw new Error('--targets: expected a comma-separated list of bare, sqlite, postgres');
  }
  return {
    ...DEFAULT_OPTIONS,
    rates,
    secondsPerRate: seconds,
    targets,
    ...(values['cpu-prof'] === undefined ? {} : { cpuProfileDir: values['cpu-prof'] }),
    ...(values['no-worker'] === true ? { withoutWorker: true } : {}),
    ...(values['drain-seconds'] === undefined
      ? {}
      : { drainTimeoutMs: Math.min(900, Math.max(1, Number(values['drain-seconds']))) * 1000 }),
    ...(values['relay-cli'] === undefined ? {} : { relayCli: resolve(values['relay-cli']) }),
    ...(values['from-source'] === true ? { relayCli: SOURCE_CLI } : {}),
    ...(values['relay-node-flags'] === undefined
      ? {}
      : { relayNodeFlags: values['relay-node-flags'].split(/\s+/).filter(Boolean) }),
  };
}

const runDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) await runInboundWebhooksBenchmark(optionsFromArgv(process.argv.slice(2)));
