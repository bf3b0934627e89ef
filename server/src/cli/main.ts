// The `smsbridge` command line: start, migrate, consent export, jobs, provision.
import { createWriteStream } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Environment, type RelayConfig } from '../config/load.ts';
import { listJobs, retryDeadJob } from '../jobs/outbox.ts';
import { createLogger } from '../observability/logger.ts';
import { exportConsentCsv } from '../relay/consent-ledger.ts';
import { webhookUrls } from '../relay/context.ts';
import { createRelayContext, startRelay } from '../relay.ts';
import { openStore, type Store } from '../store/open-store.ts';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The environment configuration is read from (secrets, PUBLIC_URL, DATABASE_URL). */
  readonly env: Environment;
}

const DEFAULT_CONFIG = 'smsbridge.yaml';

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('expected a positive whole number');
  }
  return parsed;
}

/** Opens the configured store for one command and always closes it. */
async function withStore<T>(config: RelayConfig, use: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(config.store);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

function workspaceOf(config: RelayConfig, id: string) {
  const workspace = config.workspaces.find((candidate) => candidate.id === id);
  if (workspace === undefined) {
    throw new ConfigError(
      `${config.sourcePath}: no workspace '${id}' (configured: ${config.workspaces.map((w) => w.id).join(', ')})`,
    );
  }
  return workspace;
}

export function buildCli(io: CliIo): Command {
  const program = new Command('smsbridge')
    .description('SMS Bridge relay: SMS threads as native helpdesk tickets')
    .option('-c, --config <file>', 'configuration file (YAML)', DEFAULT_CONFIG)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const config = () => loadConfig(program.opts<{ config: string }>().config, io.env);

  program
    .command('start')
    .description('run the relay: HTTP webhooks and the job worker (applies migrations first)')
    .option('--no-migrate', 'do not apply pending migrations')
    .action(async (options: { migrate: boolean }) => {
      const relayConfig = config();
      const relay = await startRelay(relayConfig, {
        migrate: options.migrate,
        workerThread: relayConfig.worker.thread,
      });
      io.stdout(`smsbridge listening on ${relay.url} (store: ${relay.context.store.dialect})\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          io.stdout(`${signal}: finishing jobs in flight, then stopping\n`);
          void relay.close().then(resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });

  program
    .command('migrate')
    .description('apply pending store migrations')
    .action(async () => {
      await withStore(config(), async (store) => {
        const applied = await store.migrate();
        io.stdout(
          applied.length === 0 ? 'store is up to date\n' : `applied: ${applied.join(', ')}\n`,
        );
      });
    });

  const consent = program.command('consent').description('the consent ledger');
  consent
    .command('export')
    .description('write a workspace’s consent ledger as CSV, for audits')
    .requiredOption('--workspace <id>', 'workspace id')
    .requiredOption('--out <file.csv>', 'output file ("-" for standard output)')
    .action(async (options: { workspace: string; out: string }) => {
      const relayConfig = config();
      workspaceOf(relayConfig, options.workspace);
      await withStore(relayConfig, async (store) => {
        if (options.out === '-') {
          await exportConsentCsv(store.db, options.workspace, (chunk) => io.stdout(chunk));
        } else {
          const file = createWriteStream(options.out, { flags: 'wx' });
          await new Promise<void>((resolve, reject) => {
            file.once('open', () => resolve());
            file.once('error', reject);
          });
          const count = await exportConsentCsv(store.db, options.workspace, (chunk) =>
            file.write(chunk)
              ? undefined
              : new Promise<void>((resolve) => file.once('drain', resolve)),
          );
          await new Promise<void>((resolve, reject) =>
            file.end((error?: Error | null) => (error ? reject(error) : resolve())),
          );
          io.stderr(`wrote ${count} consent events to ${options.out}\n`);
        }
      });
    });

  const jobs = program.command('jobs').description('the job outbox');
  jobs
    .command('list')
    .description('list jobs (pending by default)')
    .option('--dead', 'only dead-lettered jobs')
    .option('--workspace <id>', 'only this workspace')
    .option('--limit <n>', 'at most this many', positiveInt, 100)
    .action(async (options: { dead?: boolean; workspace?: string; limit: number }) => {
      await withStore(config(), async (store) => {
        const rows = await listJobs(store.db, {
          state: options.dead === true ? 'dead' : 'pending',
          limit: options.limit,
          ...(options.workspace === undefined ? {} : { workspaceId: options.workspace }),
        });
        if (rows.length === 0) io.stdout('no jobs\n');
        for (const row of rows) {
          io.stdout(
            `${row.id}\t${row.workspaceId}\t${row.kind}\t${row.state}\tattempts=${row.attempts}\t${row.updatedAt}\t${row.lastError ?? ''}\n`,
          );
        }
      });
    });
  jobs
    .command('retry')
    .description('move a dead-lettered job back to the queue')
    .argument('<id>', 'job id', positiveInt)
    .action(async (id: number) => {
      await withStore(config(), async (store) => {
        if (!(await retryDeadJob(store.db, id, new Date()))) {
          throw new ConfigError(`no dead job with id ${id} (see: smsbridge jobs list --dead)`);
        }
        io.stdout(`job ${id} queued again\n`);
      });
    });

  program
    .command('provision')
    .description(
      'create the webhook and ticket fields the relay needs in the helpdesk (idempotent)',
    )
    .argument('<helpdesk>', 'zendesk or freshdesk (the kind the workspace is configured with)')
    .requiredOption('--workspace <id>', 'workspace id')
    .action(async (helpdesk: string, options: { workspace: string }) => {
      const relayConfig = config();
      const workspace = workspaceOf(relayConfig, options.workspace);
      if (helpdesk !== workspace.helpdesk.kind) {
        throw new ConfigError(
          `workspace '${workspace.id}' uses ${workspace.helpdesk.kind}, not '${helpdesk}'`,
        );
      }
      await withStore(relayConfig, async (store) => {
        const context = createRelayContext(relayConfig, store, {
          fetch: globalThis.fetch,
          logger: createLogger({ level: 'silent', includeBodies: false }),
          now: () => new Date(),
          notifyWorker: () => undefined,
        });
        const runtime = context.workspaces.get(workspace.id)!;
        const steps = await runtime.helpdesk.provision({
          webhookUrl: webhookUrls(relayConfig.publicUrl, workspace.id).helpdesk,
        });
        for (const step of steps) {
          io.stdout(
            `${step.action.padEnd(9)} ${step.resource} "${step.name}"${step.id === undefined ? '' : ` (id ${step.id})`}\n`,
          );
        }
      });
    });

  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildCli(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`smsbridge: ${message}\n`);
    return 1;
  }
}
