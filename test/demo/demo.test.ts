// `pnpm demo` as a user runs it: a child process, driven over HTTP exactly as its page drives it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  freshdeskContactHasPhone,
  neutralFreshdeskTicket,
  type FreshdeskContactView,
  type FreshdeskTicketView,
} from '@smsbridge/sandbox';
import { eventually, reservePort } from '../e2e/stack.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX_CLI = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const DEMO = join(ROOT, 'scripts', 'demo.ts');
const BUSINESS_NUMBER = '+14155550100';
const READY_LINE = 'Press Ctrl-C to stop.';
/** The app API's bearer token the bot test gives the demo (DEMO_APP_API_TOKEN). */
const APP_API_TOKEN = 'demo-test-app-api-token-0123456789abcdef';

type Helpdesk = 'zendesk' | 'freshdesk';

interface RunningDemo {
  readonly helpdesk: Helpdesk;
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

function spawnDemo(
  args: string[],
  env: Readonly<Record<string, string>> = {},
): { child: ChildProcess; output: RunningDemo['output'] } {
  // Its own process group: tsx runs the script in a child process, and a clean-up that killed only
  // tsx would leave that child (and its ports) behind.
  const child = spawn(process.execPath, [TSX_CLI, DEMO, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    // eslint-disable-next-line no-restricted-properties -- the demo inherits the test's environment, as from a shell
    env: { ...process.env, ...env },
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

async function startDemo(
  options: {
    readonly dataDir?: string;
    readonly helpdesk?: Helpdesk;
    /** `--bot`, with DEMO_APP_API_TOKEN set to APP_API_TOKEN. */
    readonly bot?: boolean;
  } = {},
): Promise<RunningDemo> {
  const dataDir = options.dataDir ?? tempDir();
  const helpdesk = options.helpdesk ?? 'zendesk';
  const sandboxPort = await reservePort();
  const relayPort = await reservePort();
  const { child, output } = spawnDemo(
    [
      // Without the flag for Zendesk: the default stays what the README's first command runs.
      ...(options.helpdesk === undefined ? [] : ['--helpdesk', options.helpdesk]),
      ...(options.bot === true ? ['--bot'] : []),
      '--port-sandbox',
      String(sandboxPort),
      '--port-relay',
      String(relayPort),
      '--data',
      dataDir,
    ],
    options.bot === true ? { DEMO_APP_API_TOKEN: APP_API_TOKEN } : {},
  );
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
  return { helpdesk, child, output, pageUrl, sandboxUrl: pageUrl.replace(/\/$/, ''), dataDir };
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

interface PhoneMessageJson {
  to: string;
  from: string;
  body: string;
  status: string;
}

/** A ticket in either stand-in, in the neutral words of test/e2e/desk.ts. */
interface DemoTicket {
  readonly id: number;
  readonly requesterId: number;
  /** open, pending, solved, closed (Freshdesk's Resolved is solved) */
  readonly status: string;
  readonly tags: readonly string[];
  /** Freshdesk: the description first, then notes and replies. */
  readonly comments: readonly {
    readonly authorId: number;
    readonly body: string;
    readonly public: boolean;
    readonly attachments: number;
  }[];
}

interface ZendeskTicketJson {
  id: number;
  status: string;
  requester_id: number;
  tags: string[];
  comments: { author_id: number; body: string; public: boolean; attachments: unknown[] }[];
}

/** The agent's side of the demo page, through the control routes its script calls per helpdesk. */
interface AgentSide {
  readonly controlPrefix: string;
  tickets(demo: RunningDemo): Promise<DemoTicket[]>;
  /** Whether the ticket's requester has this phone number. */
  requesterHasPhone(demo: RunningDemo, ticket: DemoTicket, phone: string): Promise<boolean>;
  /** A public reply (Zendesk public comment; Freshdesk agent reply), as the page's reply form. */
  reply(
    demo: RunningDemo,
    ticketId: number,
    body: string,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  /** An internal note (Freshdesk: a private note). */
  note(
    demo: RunningDemo,
    ticketId: number,
    body: string,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  /** "Mark solved" (Freshdesk: "Mark resolved", status 4). */
  solve(
    demo: RunningDemo,
    ticketId: number,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
}

const AGENT_SIDES: Readonly<Record<Helpdesk, AgentSide>> = {
  zendesk: {
    controlPrefix: '/_sandbox/zendesk',
    async tickets(demo) {
      const { json } = await control(demo, 'GET', '/_sandbox/zendesk/tickets');
      return (json.tickets as ZendeskTicketJson[]).map((ticket) => ({
        id: ticket.id,
        requesterId: ticket.requester_id,
        status: ticket.status,
        tags: ticket.tags,
        comments: ticket.comments.map((c) => ({
          authorId: c.author_id,
          body: c.body,
          public: c.public,
          attachments: c.attachments.length,
        })),
      }));
    },
    async requesterHasPhone(demo, ticket, phone) {
      const { json } = await control(demo, 'GET', '/_sandbox/zendesk/users');
      const users = json.users as { id: number; phone: string | null }[];
      return users.find((user) => user.id === ticket.requesterId)?.phone === phone;
    },
    reply: (demo, ticketId, body) =>
      control(demo, 'POST', `/_sandbox/zendesk/tickets/${ticketId}/agent-comments`, {
        body,
        public: true,
      }),
    note: (demo, ticketId, body) =>
      control(demo, 'POST', `/_sandbox/zendesk/tickets/${ticketId}/agent-comments`, {
        body,
        public: false,
      }),
    solve: (demo, ticketId) =>
      control(demo, 'POST', `/_sandbox/zendesk/tickets/${ticketId}/status`, { status: 'solved' }),
  },
  freshdesk: {
    controlPrefix: '/_sandbox/freshdesk',
    async tickets(demo) {
      const { json } = await control(demo, 'GET', '/_sandbox/freshdesk/tickets');
      return (json.tickets as FreshdeskTicketView[]).map((view) => {
        const ticket = neutralFreshdeskTicket(view);
        return {
          ...ticket,
          comments: ticket.comments.map((c) => ({ ...c, attachments: c.attachments.length })),
        };
      });
    },
    async requesterHasPhone(demo, ticket, phone) {
      const { json } = await control(demo, 'GET', '/_sandbox/freshdesk/contacts');
      const contact = (json.contacts as FreshdeskContactView[]).find(
        (c) => c.id === ticket.requesterId,
      );
      return contact !== undefined && freshdeskContactHasPhone(contact, phone);
    },
    // The agent's reply fires the "Reply is sent" automation rule the relay provisioned.
    reply: (demo, ticketId, body) =>
      control(demo, 'POST', `/_sandbox/freshdesk/tickets/${ticketId}/agent-replies`, { body }),
    note: (demo, ticketId, body) =>
      control(demo, 'POST', `/_sandbox/freshdesk/tickets/${ticketId}/agent-notes`, {
        body,
        private: true,
      }),
    solve: (demo, ticketId) =>
      control(demo, 'POST', `/_sandbox/freshdesk/tickets/${ticketId}/status`, { status: 4 }),
  },
};

function tickets(demo: RunningDemo): Promise<DemoTicket[]> {
  return AGENT_SIDES[demo.helpdesk].tickets(demo);
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

async function ticketWith(demo: RunningDemo, text: string): Promise<DemoTicket> {
  return eventually(`a ticket with "${text}"`, async () =>
    (await tickets(demo)).find((ticket) => ticket.comments.some((c) => c.body.includes(text))),
  );
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
    // Without --bot the banner says nothing of a bot or a survey.
    expect(demo.output.stdout).not.toMatch(/\bBot\b|Survey/);
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
    expect(bodies[1]).toContain("'/_sandbox/freshdesk'");

    // The page's own source files are not browsable.
    expect((await fetch(`${demo.sandboxUrl}/demo/page-router.ts`)).status).toBe(404);
    expect((await fetch(`${demo.sandboxUrl}/demo/..%2Findex.ts`)).status).toBe(404);
  }, 60_000);

  it.each(['zendesk', 'freshdesk'] as const)(
    '%s: a text becomes a ticket, the agent’s reply reaches the phone, a note does not',
    async (helpdesk) => {
      const demo = await startDemo({ helpdesk });
      const agent = AGENT_SIDES[helpdesk];
      const customer = '+14155550123';

      // The banner and the page name the helpdesk played and its app harness.
      const name = helpdesk === 'zendesk' ? 'Zendesk' : 'Freshdesk';
      expect(demo.output.stdout).toContain(`(Twilio and ${name} stand-ins)`);
      expect(demo.output.stdout).toContain(`${demo.sandboxUrl}/_harness/${helpdesk}?ticket=<id>`);
      const pageConfig = await control(demo, 'GET', '/demo/config.json');
      expect(pageConfig).toEqual({
        status: 200,
        json: { helpdesk, appHarness: `/_harness/${helpdesk}` },
      });

      const numbers = await control(demo, 'GET', '/_sandbox/twilio/numbers');
      expect(numbers.json.numbers).toEqual([
        expect.objectContaining({ number: BUSINESS_NUMBER }) as unknown,
      ]);

      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
      await textIn(demo, customer, 'Hi, my order #1042 has not arrived 📦', [
        { contentType: 'image/png', base64: png },
      ]);
      const ticket = await ticketWith(demo, 'my order #1042 has not arrived');
      expect(await agent.requesterHasPhone(demo, ticket, customer)).toBe(true);
      expect(ticket.tags).toContain('sms');
      // Zendesk: the first comment; Freshdesk: the description, the customer's first text.
      expect(ticket.comments[0]).toMatchObject({ authorId: ticket.requesterId, public: true });
      expect(ticket.comments[0]?.body).toContain('my order #1042 has not arrived');
      await eventually('the image on the ticket', async () => {
        const current = (await tickets(demo)).find((t) => t.id === ticket.id);
        return current?.comments.some((c) => c.attachments === 1);
      });
      // The link each ticket carries opens that helpdesk's app harness.
      const harness = await fetch(`${demo.sandboxUrl}/_harness/${helpdesk}?ticket=${ticket.id}`);
      expect(harness.status).toBe(200);
      expect(harness.headers.get('content-type')).toBe('text/html; charset=utf-8');

      const sent = await control(demo, 'GET', '/_sandbox/twilio/inbound');
      expect(sent.json.messages).toEqual([
        expect.objectContaining({ from: customer, body: 'Hi, my order #1042 has not arrived 📦' }),
      ]);

      const noteText = 'Internal: carrier says it is in the depot';
      const replyText = 'Sorry about that! It ships tomorrow.';
      expect((await agent.note(demo, ticket.id, noteText)).status).toBe(201);
      expect((await agent.reply(demo, ticket.id, replyText)).status).toBe(201);

      const delivered = await eventually('the reply delivered to the phone', async () => {
        const inbox = await phoneInbox(demo, customer);
        const message = inbox.find((m) => m.body === replyText);
        return message?.status === 'delivered' ? inbox : undefined;
      });
      expect(delivered.every((m) => m.from === BUSINESS_NUMBER)).toBe(true);
      // Without --bot nothing answers the customer but the agent (and the note stays on the ticket).
      expect(delivered.map((m) => m.body)).toEqual([replyText]);
      // On the ticket, in order: the note is private, the reply public.
      const answered = (await tickets(demo)).find((t) => t.id === ticket.id);
      const visibility = (text: string) =>
        answered?.comments.find((c) => c.body.includes(text))?.public;
      expect([visibility(noteText), visibility(replyText)]).toEqual([false, true]);

      expect((await agent.solve(demo, ticket.id)).status).toBe(200);
      expect((await tickets(demo)).find((t) => t.id === ticket.id)?.status).toBe('solved');

      // Mistakes come back as a one-line reason the page can show.
      const refused = await control(demo, 'POST', '/_sandbox/twilio/inbound', {
        from: 'my phone',
        to: BUSINESS_NUMBER,
        body: 'hello',
      });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatch(/^[^\n]*E\.164[^\n]*$/);
      const empty = await agent.reply(demo, ticket.id, '   ');
      expect(empty.status).toBe(400);
      expect(empty.json.error).toMatch(/^[^\n]+$/);

      const stopped = await stop(demo);
      expect(stopped.code).toBe(0);
      expect(stopped.tookMs).toBeLessThan(5_000);
      expect(stopped.stdout).toContain('Stopped.');
      // The data stays after stopping, for the CLI.
      expect(existsSync(join(demo.dataDir, 'demo.db'))).toBe(true);
    },
    90_000,
  );

  it.each(['zendesk', 'freshdesk'] as const)(
    '%s --bot: the bot answers an order by SMS and solves it itself, hands "agent please" to an agent with the transcript, and a solved ticket gets the survey',
    async (helpdesk) => {
      const demo = await startDemo({ helpdesk, bot: true });
      const agent = AGENT_SIDES[helpdesk];

      // The banner says the bot is on and what to text it.
      expect(demo.output.stdout).toMatch(/Bot\s+on: Demo Shop's bot answers each new conversation/);
      expect(demo.output.stdout).toContain('"where is my order 12345678" (shipped)');
      expect(demo.output.stdout).toContain('"where is my order 87654321" (processing)');
      expect(demo.output.stdout).toContain('"I forgot my password"');
      expect(demo.output.stdout).toMatch(/Survey\s+on: mark a ticket solved/);
      // Every bot text fits one SMS with the demo's values: the relay warned of nothing.
      expect(demo.output.stderr).toBe('');

      // An order the shop knows: answered by SMS, and a ticket the bot solved itself.
      const shopper = '+14155550131';
      await textIn(demo, shopper, 'where is my order 12345678');
      const answers = await eventually('the order status on the phone', async () => {
        const bodies = (await phoneInbox(demo, shopper)).map((m) => m.body);
        return bodies.some((body) => body.includes('Order 12345678: Shipped')) ? bodies : undefined;
      });
      expect(answers[0]).toMatch(/^Hi, this is Demo Shop's automated assistant/);
      const resolved = await ticketWith(demo, 'where is my order 12345678');
      expect(resolved.status).toBe('solved');
      expect(resolved.tags).toEqual(
        expect.arrayContaining(['sms', 'sms_bot_resolved', 'sms_intent_order_status']),
      );
      expect(resolved.tags).not.toContain('sms_escalated');

      // "agent please": the bot says so by SMS and hands over a ticket with the whole story.
      const caller = '+14155550132';
      await textIn(demo, caller, 'agent please');
      await eventually('the hand-off text on the phone', async () =>
        (await phoneInbox(demo, caller)).some((m) =>
          m.body.startsWith('Connecting you to an agent'),
        ),
      );
      const handedOff = await ticketWith(demo, 'agent please');
      expect(['new', 'open']).toContain(handedOff.status);
      expect(handedOff.tags).toEqual(expect.arrayContaining(['sms_escalated', 'sms_intent_agent']));
      expect(handedOff.tags).not.toContain('sms_bot_resolved');
      const transcript = await eventually('the transcript note', async () =>
        (await tickets(demo))
          .find((t) => t.id === handedOff.id)
          ?.comments.find((c) => !c.public && c.body.includes('Transcript')),
      );
      expect(transcript.body).toMatch(/handed it to an agent: the customer asked for a person/);
      expect(transcript.body).toContain('Customer: agent please');
      expect(transcript.body).toContain('Bot: Connecting you to an agent');
      expect((await phoneInbox(demo, caller)).map((m) => m.body).join('\n')).not.toContain(
        'Transcript',
      );

      // The agent marks it solved: the survey is sent at once, or held until the customer's
      // quiet-hours window opens (08:00-21:00 where a +1415 number is), never dropped.
      expect((await agent.solve(demo, handedOff.id)).status).toBe(200);
      const relayUrl = /Relay\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(demo.output.stdout)?.[1];
      const survey = await eventually('the survey', async () => {
        const response = await fetch(
          `${relayUrl}/api/v1/workspaces/demo/conversations/by-ticket/${handedOff.id}/deliveries`,
          { headers: { authorization: `Bearer ${APP_API_TOKEN}` } },
        );
        const { deliveries } = (await response.json()) as {
          deliveries: { origin: string; status: string }[];
        };
        const found = deliveries.find((d) => d.origin === 'csat_survey');
        return found?.status === 'held' || found?.status === 'delivered' ? found : undefined;
      });
      if (survey.status === 'delivered') {
        expect((await phoneInbox(demo, caller)).map((m) => m.body)).toContain(
          'How did we do? Reply 1-5 (5 = great). Reply STOP to opt out.',
        );
      }
      // The ticket the bot solved itself gets no survey.
      expect((await phoneInbox(demo, shopper)).map((m) => m.body).join('\n')).not.toContain(
        'How did we do?',
      );
      expect((await stop(demo)).code).toBe(0);
    },
    90_000,
  );

  it('freshdesk: the page can name who wrote each reply and note', async () => {
    const demo = await startDemo({ helpdesk: 'freshdesk' });
    await textIn(demo, '+14155550124', 'Is the shop open on Sunday?');
    const ticket = await ticketWith(demo, 'Is the shop open on Sunday?');
    await textIn(demo, '+14155550124', 'STOP');
    // The relay tells the agent on the ticket, as the API key's agent; the page names it.
    const relayNote = await eventually('the relay’s opt-out note', async () =>
      (await tickets(demo))
        .find((t) => t.id === ticket.id)
        ?.comments.find((c) => c.authorId !== ticket.requesterId),
    );
    expect(relayNote.public).toBe(false);
    const { status, json } = await control(demo, 'GET', '/_sandbox/freshdesk/agents');
    expect(status).toBe(200);
    const agents = json.agents as { id: number; name: string }[];
    expect(json.apiAgentId).toBe(relayNote.authorId);
    expect(agents.map((a) => a.id)).toEqual(
      expect.arrayContaining([json.apiAgentId, json.agentId]),
    );
    expect(agents.every((a) => a.name.trim() !== '')).toBe(true);
    // The demo's Zendesk stand-in stays empty: nothing of this run went there.
    expect((await control(demo, 'GET', '/_sandbox/zendesk/tickets')).json.tickets).toEqual([]);
  }, 60_000);

  it('starts fresh: a restart never files one customer’s text on a stranger’s ticket', async () => {
    const dataDir = tempDir();
    const first = await startDemo({ dataDir });
    await textIn(first, '+14155550123', 'first run, customer A');
    await ticketWith(first, 'first run, customer A');
    expect((await stop(first)).code).toBe(0);

    // The sandbox forgot every ticket; ticket #1 of this run belongs to whoever texts first.
    const second = await startDemo({ dataDir });
    await textIn(second, '+14155550999', 'second run, customer B');
    await ticketWith(second, 'second run, customer B');
    await textIn(second, '+14155550123', 'second run, customer A again');
    const ticketOfA = await ticketWith(second, 'second run, customer A again');
    expect(await AGENT_SIDES.zendesk.requesterHasPhone(second, ticketOfA, '+14155550123')).toBe(
      true,
    );
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

  it('--help names both helpdesks and the example each one uses', async () => {
    const { child, output } = spawnDemo(['--help']);
    const result = await finished(child, output);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--helpdesk <name>');
    expect(result.stdout).toMatch(/zendesk \(the default\) or freshdesk/);
    expect(result.stdout).toContain('examples/smsbridge.sandbox.freshdesk.yaml');
    expect(result.stdout).not.toContain('only Zendesk');
    expect(result.stdout).toMatch(/^ {2}--bot {2,}a bot answers each new conversation first/m);
  }, 30_000);

  it.each([
    [['--helpdesk', 'helpscout'], "--helpdesk must be zendesk or freshdesk, got 'helpscout'"],
    [['--helpdesk'], "Option '--helpdesk <value>' argument missing"],
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
