// `pnpm demo` as a user runs it: a child process, driven over HTTP exactly as its page drives it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, reservePort } from '../e2e/stack.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX_CLI = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const DEMO = join(ROOT, 'scripts', 'demo.ts');
const BUSINESS_NUMBER = '+14155550100';
const READY_LINE = 'Press Ctrl-C to stop.';

interface RunningDemo {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  readonly pageUrl: string;
  readonly sandboxUrl: string;
  readonly dataDir: string;
}

interface FinishedDemo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const children: ChildProcess[] = [];
const tempDirs: string[] = [];
const blockers: Server[] = [];

function spawnDemo(args: string[]): { child: ChildProcess; output: RunningDemo['output'] } {
  // Its own process group: tsx runs the script in a child process, and a clean-up that killed only
  // tsx would leave that child (and its ports) behind.
  const child = spawn(process.execPath, [TSX_CLI, DEMO, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  return { child, output };
}

async function finished(child: ChildProcess, output: RunningDemo['output']) {
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  return { code: child.exitCode, signal: child.signalCode, ...output } satisfies FinishedDemo;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'smsbridge-demo-'));
  tempDirs.push(dir);
  return dir;
}

async function startDemo(dataDir = tempDir()): Promise<RunningDemo> {
  const sandboxPort = await reservePort();
  const relayPort = await reservePort();
  const { child, output } = spawnDemo([
    '--port-sandbox',
    String(sandboxPort),
    '--port-relay',
    String(relayPort),
    '--data',
    dataDir,
  ]);
  await eventually(
    'the demo to print that it is ready',
    () => {
      if (child.exitCode !== null) {
        throw new Error(`the demo exited with ${child.exitCode}: ${output.stderr}`);
      }
      return output.stdout.includes(READY_LINE);
    },
    45_000,
  );
  const pageUrl = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output.stdout)?.[1];
  if (pageUrl === undefined) throw new Error(`no page URL in:\n${output.stdout}`);
  return { child, output, pageUrl, sandboxUrl: pageUrl.replace(/\/$/, ''), dataDir };
}

/** What the page's `control()` does: JSON in, JSON out, the status kept. */
async function control(
  demo: RunningDemo,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${demo.sandboxUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

interface TicketJson {
  id: number;
  status: string;
  requester_id: number;
  tags: string[];
  comments: { author_id: number; body: string; public: boolean; attachments: unknown[] }[];
}
interface UserJson {
  id: number;
  phone: string | null;
  role: string;
}
interface PhoneMessageJson {
  to: string;
  from: string;
  body: string;
  status: string;
}

async function tickets(demo: RunningDemo): Promise<TicketJson[]> {
  return (await control(demo, 'GET', '/_sandbox/zendesk/tickets')).json.tickets as TicketJson[];
}

async function users(demo: RunningDemo): Promise<UserJson[]> {
  return (await control(demo, 'GET', '/_sandbox/zendesk/users')).json.users as UserJson[];
}

async function phoneInbox(demo: RunningDemo, phone: string): Promise<PhoneMessageJson[]> {
  const { json } = await control(demo, 'GET', '/_sandbox/twilio/messages');
  return (json.messages as PhoneMessageJson[]).filter((message) => message.to === phone);
}

async function textIn(demo: RunningDemo, from: string, body: string, media?: unknown[]) {
  const answer = await control(demo, 'POST', '/_sandbox/twilio/inbound', {
    from,
    to: BUSINESS_NUMBER,
    body,
    ...(media === undefined ? {} : { media }),
  });
  expect(answer.status).toBe(200);
  expect(answer.json.status).toBe(200); // the relay acknowledged the webhook
  return answer.json;
}

async function ticketWith(demo: RunningDemo, text: string): Promise<TicketJson> {
  return eventually(`a ticket with "${text}"`, async () =>
    (await tickets(demo)).find((ticket) => ticket.comments.some((c) => c.body.includes(text))),
  );
}

async function phoneOf(demo: RunningDemo, ticket: TicketJson): Promise<string | null> {
  return (await users(demo)).find((user) => user.id === ticket.requester_id)?.phone ?? null;
}

async function stop(demo: RunningDemo, signal: NodeJS.Signals = 'SIGTERM') {
  const startedAt = Date.now();
  demo.child.kill(signal);
  const result = await finished(demo.child, demo.output);
  return { ...result, tookMs: Date.now() - startedAt };
}

async function occupy(port: number): Promise<void> {
  const server = createServer();
  blockers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is already gone.
  }
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const exited = once(child, 'exit');
      const forced = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(forced);
    }
    // Whatever tsx left in the group (nothing, after a clean stop).
    killGroup(child, 'SIGKILL');
  }
  for (const server of blockers.splice(0)) {
    await new Promise((resolve) => server.close(resolve));
  }
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('pnpm demo', () => {
  it('says what to open and how to stop, and serves the page with no external URL', async () => {
    const demo = await startDemo();
    expect(demo.output.stdout).toContain(`Open ${demo.pageUrl}`);
    expect(demo.output.stdout).toContain(join(demo.dataDir, 'demo.db'));
    expect(demo.output.stdout).toContain('Ctrl-C');
    const relayUrl = /Relay\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(demo.output.stdout)?.[1];
    expect((await fetch(`${relayUrl}/healthz`)).status).toBe(200);

    const page = await fetch(demo.pageUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/demo/demo.js"></script>');
    expect(html).toContain('href="/demo/demo.css"');
    // Every reference the page makes is to its own origin.
    const references = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference).toMatch(/^\/(?!\/)/);

    const assets = {
      '/demo/demo.js': 'text/javascript; charset=utf-8',
      '/demo/demo.css': 'text/css; charset=utf-8',
    };
    const bodies = [html];
    for (const [path, type] of Object.entries(assets)) {
      const response = await fetch(`${demo.sandboxUrl}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe(type);
      bodies.push(await response.text());
    }
    for (const body of bodies) {
      expect(body).not.toMatch(/(?:https?:)?\/\/[a-z0-9-]+\.[a-z]/i);
      expect(body).not.toMatch(/@import|url\(\s*['"]?(?:https?:)?\/\//i);
    }
    // The script talks only to the sandbox's control routes.
    expect(bodies[1]).toContain("'/_sandbox/twilio'");
    expect(bodies[1]).toContain("'/_sandbox/zendesk'");

    // The page's own source files are not browsable.
    expect((await fetch(`${demo.sandboxUrl}/demo/page-router.ts`)).status).toBe(404);
    expect((await fetch(`${demo.sandboxUrl}/demo/..%2Findex.ts`)).status).toBe(404);
  }, 60_000);

  it('a text becomes a ticket, the agent’s reply reaches the phone, a note does not', async () => {
    const demo = await startDemo();
    const customer = '+14155550123';

    const numbers = await control(demo, 'GET', '/_sandbox/twilio/numbers');
    expect(numbers.json.numbers).toEqual([
      expect.objectContaining({ number: BUSINESS_NUMBER }) as unknown,
    ]);

    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    await textIn(demo, customer, 'Hi, my order #1042 has not arrived 📦', [
      { contentType: 'image/png', base64: png },
    ]);
    const ticket = await ticketWith(demo, 'my order #1042 has not arrived');
    expect(await phoneOf(demo, ticket)).toBe(customer);
    expect(ticket.tags).toContain('sms');
    const customerComment = ticket.comments[0]!;
    expect(customerComment).toMatchObject({ author_id: ticket.requester_id, public: true });
    await eventually('the image on the ticket', async () => {
      const current = (await tickets(demo)).find((t) => t.id === ticket.id);
      return current?.comments.some((c) => c.attachments.length === 1);
    });

    const sent = await control(demo, 'GET', '/_sandbox/twilio/inbound');
    expect(sent.json.messages).toEqual([
      expect.objectContaining({ from: customer, body: 'Hi, my order #1042 has not arrived 📦' }),
    ]);

    const note = await control(
      demo,
      'POST',
      `/_sandbox/zendesk/tickets/${ticket.id}/agent-comments`,
      {
        body: 'Internal: carrier says it is in the depot',
        public: false,
      },
    );
    expect(note.status).toBe(201);
    const reply = await control(
      demo,
      'POST',
      `/_sandbox/zendesk/tickets/${ticket.id}/agent-comments`,
      { body: 'Sorry about that! It ships tomorrow.', public: true },
    );
    expect(reply.status).toBe(201);

    const delivered = await eventually('the reply delivered to the phone', async () => {
      const inbox = await phoneInbox(demo, customer);
      const message = inbox.find((m) => m.body === 'Sorry about that! It ships tomorrow.');
      return message?.status === 'delivered' ? inbox : undefined;
    });
    expect(delivered.every((m) => m.from === BUSINESS_NUMBER)).toBe(true);
    expect(delivered.map((m) => m.body)).not.toContain('Internal: carrier says it is in the depot');

    const solved = await control(demo, 'POST', `/_sandbox/zendesk/tickets/${ticket.id}/status`, {
      status: 'solved',
    });
    expect(solved.status).toBe(200);
    expect((await tickets(demo)).find((t) => t.id === ticket.id)?.status).toBe('solved');

    // Mistakes come back as a one-line reason the page can show.
    const refused = await control(demo, 'POST', '/_sandbox/twilio/inbound', {
      from: 'my phone',
      to: BUSINESS_NUMBER,
      body: 'hello',
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(/^[^\n]*E\.164[^\n]*$/);
    const empty = await control(
      demo,
      'POST',
      `/_sandbox/zendesk/tickets/${ticket.id}/agent-comments`,
      {
        body: '   ',
        public: true,
      },
    );
    expect(empty.status).toBe(400);
    expect(empty.json.error).toMatch(/^[^\n]+$/);

    const stopped = await stop(demo);
    expect(stopped.code).toBe(0);
    expect(stopped.tookMs).toBeLessThan(5_000);
    expect(stopped.stdout).toContain('Stopped.');
    // The data stays after stopping, for the CLI.
    expect(existsSync(join(demo.dataDir, 'demo.db'))).toBe(true);
  }, 90_000);

  it('starts fresh: a restart never files one customer’s text on a stranger’s ticket', async () => {
    const dataDir = tempDir();
    const first = await startDemo(dataDir);
    await textIn(first, '+14155550123', 'first run, customer A');
    await ticketWith(first, 'first run, customer A');
    expect((await stop(first)).code).toBe(0);

    // The sandbox forgot every ticket; ticket #1 of this run belongs to whoever texts first.
    const second = await startDemo(dataDir);
    await textIn(second, '+14155550999', 'second run, customer B');
    await ticketWith(second, 'second run, customer B');
    await textIn(second, '+14155550123', 'second run, customer A again');
    const ticketOfA = await ticketWith(second, 'second run, customer A again');
    expect(await phoneOf(second, ticketOfA)).toBe('+14155550123');
    expect(ticketOfA.comments.map((c) => c.body).join('\n')).not.toContain('customer B');
    expect((await stop(second, 'SIGINT')).code).toBe(0);
  }, 120_000);

  it.each([
    ['relay', '--port-relay'],
    ['sandbox', '--port-sandbox'],
  ] as const)(
    'a taken %s port stops it with one clear line',
    async (role, flag) => {
      const taken = await reservePort();
      const other = await reservePort();
      await occupy(taken);
      const { child, output } = spawnDemo([
        flag,
        String(taken),
        role === 'relay' ? '--port-sandbox' : '--port-relay',
        String(other),
        '--data',
        tempDir(),
      ]);
      const result = await finished(child, output);
      expect(result.code).not.toBe(0);
      const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Port ${taken} (the ${role})`);
      expect(lines[0]).toContain('already in use');
      expect(lines[0]).toContain(`lsof -i :${taken}`);
      expect(lines[0]).toContain(flag);
      expect(result.stdout).not.toContain(READY_LINE);
    },
    60_000,
  );

  it.each([
    [['--helpdesk', 'freshdesk'], 'Freshdesk support comes in a later release'],
    [['--port-relay', 'eighty'], '--port-relay must be a port number'],
    [['--colour'], "Unknown option '--colour'"],
  ])(
    'refuses %j with a one-line reason',
    async (args, reason) => {
      const { child, output } = spawnDemo(args);
      const result = await finished(child, output);
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toContain(reason);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    },
    60_000,
  );
});
