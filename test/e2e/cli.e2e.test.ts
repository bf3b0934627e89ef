// The smsbridge command line against a real store and the sandbox: export, jobs, provision, start/stop.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '@smsbridge/server';
import { buildRelay } from '../../server/scripts/build.ts';
import { settled, textIn } from './helpers.ts';
import { eventually, startStack, type Stack } from './stack.ts';

const CLI = fileURLToPath(new URL('../../server/bin/smsbridge.js', import.meta.url));
const SERVER_DIR = fileURLToPath(new URL('../../server/', import.meta.url));

async function cli(stack: Stack, configPath: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--config', configPath, ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: stack.env,
  });
  return { code, stdout, stderr };
}

describe('smsbridge CLI', () => {
  let stack: Stack;
  let configPath: string;
  beforeAll(async () => {
    stack = await startStack();
    configPath = join(stack.dataDir, 'relay.yaml');
    writeFileSync(configPath, stringify(stack.rawConfig));
  });
  afterAll(async () => {
    await stack.close();
  });

  it('exports the consent ledger as CSV for audits, and refuses to overwrite a file', async () => {
    await textIn(stack, '+14155550141', 'hello');
    await textIn(stack, '+14155550141', 'STOP');
    await textIn(stack, '+14155550142', 'hi there');
    await settled(stack);
    const out = join(stack.dataDir, 'consent.csv');
    const result = await cli(
      stack,
      configPath,
      'consent',
      'export',
      '--workspace',
      'acme',
      '--out',
      out,
    );
    expect(result).toMatchObject({ code: 0, stderr: `wrote 3 consent events to ${out}\n` });
    const [header, ...rows] = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(header).toBe(
      'id,workspace_id,phone,occurred_at,scope,kind,source,keyword,text,ref,detail,message_id',
    );
    expect(
      rows.map((row) => row.split(',').slice(2, 3).concat(row.split(',').slice(4, 8))),
    ).toEqual([
      ['+14155550141', 'support', 'customer_initiated', 'inbound_message', ''],
      ['+14155550141', 'all', 'opt_out', 'keyword', 'STOP'],
      ['+14155550142', 'support', 'customer_initiated', 'inbound_message', ''],
    ]);
    const again = await cli(
      stack,
      configPath,
      'consent',
      'export',
      '--workspace',
      'acme',
      '--out',
      out,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/EEXIST/);
  });

  it('lists dead-lettered jobs and queues one again', async () => {
    const db = stack.relay!.context.store.db;
    const now = new Date().toISOString();
    const job = (state: 'pending' | 'dead', runAt: string) => ({
      workspace_id: 'acme',
      kind: 'deliver_inbound',
      ordering_key: 'cli-test',
      payload_json: '{}',
      state,
      attempts: state === 'dead' ? 10 : 0,
      max_attempts: 10,
      run_at: runAt,
      locked_by: null,
      locked_until: null,
      last_error: state === 'dead' ? 'helpdesk: 503' : null,
      created_at: now,
      updated_at: now,
    });
    // An earlier job of the same key, due far in the future, keeps the worker off the retried one.
    await db.insertInto('jobs').values(job('pending', '2999-01-01T00:00:00.000Z')).execute();
    const { id } = await db
      .insertInto('jobs')
      .values(job('dead', now))
      .returning('id')
      .executeTakeFirstOrThrow();
    const listed = await cli(stack, configPath, 'jobs', 'list', '--dead');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(`^${id}\\tacme\\tdeliver_inbound\\tdead\\tattempts=10\\t.*helpdesk: 503$`, 'm'),
    );
    const retried = await cli(stack, configPath, 'jobs', 'retry', String(id));
    expect(retried).toMatchObject({ code: 0, stdout: `job ${id} queued again\n` });
    const twice = await cli(stack, configPath, 'jobs', 'retry', String(id));
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/no dead job with id/);
    expect((await cli(stack, configPath, 'jobs', 'retry', 'abc')).code).toBe(2);
  });

  it('provisions Zendesk, and a second run changes nothing', async () => {
    const first = await cli(stack, configPath, 'provision', 'zendesk', '--workspace', 'acme');
    expect(first.code).toBe(0);
    // The relay already provisioned at start, so everything is there.
    expect(first.stdout).toMatch(/unchanged/);
    expect(first.stdout).not.toMatch(/^created/m);
    const second = await cli(stack, configPath, 'provision', 'zendesk', '--workspace', 'acme');
    expect(second.stdout).toBe(first.stdout);
  });

  it('names the problem for a wrong workspace, a missing file and a bad command', async () => {
    const unknown = await cli(
      stack,
      configPath,
      'consent',
      'export',
      '--workspace',
      'nope',
      '--out',
      '-',
    );
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toMatch(/no workspace 'nope' \(configured: acme\)/);
    const missing = await cli(stack, join(stack.dataDir, 'absent.yaml'), 'migrate');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/absent\.yaml: cannot read the configuration file \(ENOENT\)/);
    expect((await cli(stack, configPath, 'frobnicate')).code).toBe(2);
    const wrongHelpdesk = await cli(
      stack,
      configPath,
      'provision',
      'freshdesk',
      '--workspace',
      'acme',
    );
    expect(wrongHelpdesk.stderr).toMatch(/uses zendesk, not 'freshdesk'/);
  });

  it('migrate reports an up-to-date store', async () => {
    expect(await cli(stack, configPath, 'migrate')).toMatchObject({
      code: 0,
      stdout: 'store is up to date\n',
    });
  });
});

describe('smsbridge start', () => {
  // The deployment bundle is built once, inside server/ (it loads better-sqlite3 from there).
  let bundleDir: string;
  let bundle: string;
  beforeAll(async () => {
    bundleDir = join(SERVER_DIR, `.bundle-${randomBytes(4).toString('hex')}`);
    bundle = await buildRelay(bundleDir);
  }, 60_000);
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  it.each([
    { from: 'the checkout (tsx)', command: () => CLI },
    { from: 'the deployment bundle', command: () => bundle },
  ])(
    'serves from $from, then on SIGTERM finishes in-flight work and exits 0',
    async ({ command }) => {
      const stack = await startStack({ relayInProcess: false });
      try {
        const configPath = join(stack.dataDir, 'relay.yaml');
        writeFileSync(configPath, stringify(stack.rawConfig));
        const child = spawn(process.execPath, [command(), 'start', '--config', configPath], {
          env: { PATH: process.env.PATH, ...stack.env }, // eslint-disable-line no-restricted-properties -- child process environment
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        await eventually(
          'the relay to listen',
          () => output.includes('smsbridge listening on'),
          30_000,
        );
        expect((await fetch(`${stack.relayUrl}/healthz`)).status).toBe(200);
        const answer = await stack.sandbox.twilio.sendInbound({
          from: '+14155550151',
          to: '+14155550100',
          body: 'right before shutdown',
        });
        expect(answer.status).toBe(200);
        child.kill('SIGTERM');
        const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
        expect(code).toBe(0);
        expect(output).toMatch(/SIGTERM: finishing jobs in flight, then stopping/);
        // The store's checkpoint thread found its file and ran (the bundle carries a copy).
        expect(output).not.toMatch(/checkpoint failed/);
        expect(existsSync(join(stack.dataDir, 'relay.db'))).toBe(true);
      } finally {
        await stack.close();
      }
    },
    60_000,
  );
});
