// Shared set-up of the browser tests and the render bench: Debian's Chromium, the built app, relay + sandbox + harness.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type BrowserContext,
  type Frame,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { RunningFreshdeskAppHarness, RunningZendeskAppHarness } from '@smsbridge/sandbox';
import { deskOf } from '../e2e/desk.ts';
import {
  BUSINESS_NUMBER,
  WORKSPACE,
  eventually,
  startStack,
  type Stack,
  type StackOptions,
} from '../e2e/stack.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS_DIR = join(ROOT, 'test', 'artifacts');
/** Debian's package (`apt-get install chromium`); the tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const APP_API_TOKEN = 'browser-tests-app-api-token-0123456789';

// eslint-disable-next-line no-restricted-properties -- tests decide between failing (CI) and skipping (laptop).
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Whether the browser tests can run. Without Chromium they FAIL in CI and skip, loudly, elsewhere.
 * Returns the reason to skip, or undefined to run.
 */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const message = `Chromium is not installed at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (Debian's package; the browser tests never download one).`;
  if (IN_CI) throw new Error(`browser tests cannot run in CI: ${message}`);
  process.stderr.write(
    `\n${'#'.repeat(80)}\n# SKIPPING the browser tests. ${message}\n${'#'.repeat(80)}\n\n`,
  );
  return message;
}

/** Flags for a quiet, offline, reproducible headless Chromium in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile that is deleted on close. */
export async function launchChromium(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'smsbridge-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The sidebar apps under apps/, each built by its own scripts/build.ts. */
export type SidebarApp = 'zendesk' | 'freshdesk';

/**
 * Builds a sidebar app into a directory of its own (not apps/<app>/dist, which the package test
 * rebuilds in parallel) with the app's real build script, as `pnpm --filter ... build` does.
 */
export async function buildSidebarApp(app: SidebarApp): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), `smsbridge-${app}-app-`));
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const script = join(ROOT, 'apps', app, 'scripts', 'build.ts');
  const child = spawn(process.execPath, [tsx, script, '--out-dir', outDir], {
    cwd: join(ROOT, 'apps', app),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`building the ${app} app failed (${code}):\n${output}`);
  return outDir;
}

/** The Zendesk app's build (buildSidebarApp('zendesk')). */
export function buildZendeskApp(): Promise<string> {
  return buildSidebarApp('zendesk');
}

export interface HarnessStack<Harness = RunningZendeskAppHarness> {
  readonly stack: Stack;
  readonly harness: Harness;
  readonly appDir: string;
  close(): Promise<void>;
}

export interface HarnessStackOptions {
  readonly workspace?: Record<string, unknown>;
  /** A build to use instead of a fresh one (kept on close). */
  readonly appDir?: string;
  /** More startStack options (stand-in options, worker...); `helpdesk` is the app's. */
  readonly stack?: Omit<StackOptions, 'helpdesk' | 'workspace' | 'env'>;
}

/** Relay + sandbox (startStack) for `helpdesk` with the app API open, and a fresh build of its app. */
async function startAppStack<Harness extends { close(): Promise<void> }>(
  helpdesk: SidebarApp,
  options: HarnessStackOptions,
  startHarness: (stack: Stack, appDir: string) => Promise<Harness>,
): Promise<HarnessStack<Harness>> {
  const appDir = options.appDir ?? (await buildSidebarApp(helpdesk));
  const stack = await startStack({
    ...options.stack,
    helpdesk,
    workspace: { appApiToken: { env: 'ACME_APP_API_TOKEN' }, ...options.workspace },
    env: { ACME_APP_API_TOKEN: APP_API_TOKEN },
  });
  const harness = await startHarness(stack, appDir);
  return {
    stack,
    harness,
    appDir,
    async close() {
      await harness.close();
      await stack.close();
      if (options.appDir === undefined) rmSync(appDir, { recursive: true, force: true });
    },
  };
}

/** Relay + sandbox (startStack) with the app API open, and the ZAF harness serving a fresh build. */
export function startHarnessStack(options: HarnessStackOptions = {}): Promise<HarnessStack> {
  return startAppStack('zendesk', options, (stack, appDir) =>
    stack.sandbox.startZendeskAppHarness({
      appDir,
      settings: {
        relay_url: stack.relayUrl,
        workspace_id: WORKSPACE,
        relay_token: APP_API_TOKEN,
      },
      // The installation's whitelist: the relay of this run (the manifest's is the placeholder host).
      domainWhitelist: ['127.0.0.1'],
    }),
  );
}

/**
 * A Freshdesk workspace on relay + sandbox with the app API open, and the Freshdesk harness
 * serving a fresh build of apps/freshdesk, its iparams pointing at this run's relay.
 */
export function startFreshdeskHarnessStack(
  options: HarnessStackOptions = {},
): Promise<HarnessStack<RunningFreshdeskAppHarness>> {
  return startAppStack('freshdesk', options, (stack, appDir) =>
    stack.sandbox.startFreshdeskAppHarness({
      appDir,
      iparams: {
        // A host name, as the template's `host` takes it (freshdesk.md §3.5); the harness reaches
        // 127.0.0.1 over http as `fdk run` does locally.
        relay_host: new URL(stack.relayUrl).host,
        workspace_id: WORKSPACE,
        relay_token: APP_API_TOKEN,
      },
    }),
  );
}

/** A browser test file's world: relay + sandbox + harness, and the page of the current test. */
export interface HarnessSession<Harness> {
  readonly stack: Stack;
  readonly harness: Harness;
  /** A fresh page in Chromium for each test. */
  readonly page: Page;
}

/**
 * Registers a browser test file's hooks (call it inside its `describe`): relay + sandbox +
 * harness from `start` and Chromium once, a new page before each test, all closed at the end.
 */
export function harnessSession<Harness>(
  start: () => Promise<HarnessStack<Harness>>,
): HarnessSession<Harness> {
  let env: HarnessStack<Harness> | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    env = await start();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });
  beforeEach(async () => {
    await page?.close();
    page = await browser?.context.newPage();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`harnessSession: no ${what} yet (read it in a test)`);
    return value;
  };
  return {
    get stack() {
      return started(env, 'stack').stack;
    },
    get harness() {
      return started(env, 'harness').harness;
    },
    get page() {
      return started(page, 'page');
    },
  };
}

/**
 * The customer texts the business number; resolves with their ticket (in the stack's helpdesk,
 * Zendesk or Freshdesk) once the relay filed it.
 */
export async function customerTexts(stack: Stack, from: string, body: string): Promise<number> {
  await stack.sandbox.twilio.sendInbound({ from, to: BUSINESS_NUMBER, body });
  const desk = deskOf(stack);
  return eventually(
    `a ticket for ${from}`,
    () => {
      const requesters = new Set(desk.requesterIdsWithPhone(from));
      const ticket = desk
        .tickets()
        .find(
          (t) =>
            requesters.has(t.requesterId) &&
            t.comments.some((c) => c.authorId === t.requesterId && c.body.includes(body)),
        );
      return ticket?.id;
    },
    20_000,
  );
}

/** The app's frame inside the harness page (cross-origin: found by its URL's origin). */
export async function appFrame(page: Page, appOrigin: string): Promise<Frame> {
  return eventually('the app frame', () =>
    page.frames().find((frame) => frame.url().startsWith(`${appOrigin}/`)),
  );
}

/** A screenshot of the whole harness page under test/artifacts/ (git-ignored). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The app's frame once its sidebar is ready (the consent badge shows), after loading `pageUrl`. */
export async function openAppPage(page: Page, pageUrl: string, appOrigin: string): Promise<Frame> {
  await page.goto(pageUrl);
  const frame = await appFrame(page, appOrigin);
  await frame.getByTestId('consent-badge').waitFor({ timeout: 20_000 });
  return frame;
}

/** A new customer's phone number for each call: `+1415555<block + n>` (one block per test file). */
export function customerNumbers(block: number): () => string {
  let count = 0;
  return () => {
    count += 1;
    return `+1415555${String(block + count).padStart(4, '0')}`;
  };
}

/** Types `text` key by key into a field, as an agent does. */
export async function typeInto(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.pressSequentially(text, { delay: 5 });
}

/** The consent status the relay itself answers for a ticket (not what the sidebar shows). */
export async function consentOnRelay(stack: Stack, ticketId: number): Promise<string | undefined> {
  const response = await fetch(
    `${stack.relayUrl}/api/v1/workspaces/${WORKSPACE}/conversations/by-ticket/${ticketId}`,
    { headers: { authorization: `Bearer ${APP_API_TOKEN}` } },
  );
  const body = (await response.json()) as { consent?: { status?: string } };
  return body.consent?.status;
}

/** The customer texts STOP; resolves once the relay itself has recorded the opt-out. */
export async function customerOptsOut(
  stack: Stack,
  customer: string,
  ticketId: number,
): Promise<void> {
  await customerTexts(stack, customer, 'STOP');
  await eventually(
    'the relay to record the opt-out',
    async () => (await consentOnRelay(stack, ticketId)) === 'opted_out',
  );
}

/** Every request the page makes from now on, as `<url> <headers> <body>`, for token-leak checks. */
export function recordRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    seen.push(`${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`);
  });
  return seen;
}

/** The few browser globals the page functions below use (the project's TypeScript has no DOM lib). */
interface BrowserGlobals {
  readonly document: {
    hasFocus(): boolean;
    readonly activeElement: { readonly textContent: string | null } | null;
  };
}

/**
 * Presses Tab until the focused element of the app frame reads `name`; throws after `limit`
 * presses, so an element the keyboard cannot reach fails the test.
 */
export async function tabTo(page: Page, frame: Frame, name: string, limit = 80): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await frame.evaluate(() => {
      const { document } = globalThis as unknown as BrowserGlobals;
      return document.hasFocus() ? (document.activeElement?.textContent ?? '').trim() : '';
    });
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

/** From the `from` field, Tab to the app's control named `name` and press Enter on it. */
export async function pressByKeyboard(
  page: Page,
  frame: Frame,
  from: Locator,
  name: string,
): Promise<void> {
  await from.focus();
  await tabTo(page, frame, name);
  await page.keyboard.press('Enter');
}

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[] }[];
}

/** axe-core's serious and critical violations in the app frame, one line each (empty when none). */
export async function seriousAxeViolations(frame: Frame): Promise<string[]> {
  if (!(await frame.evaluate(() => 'axe' in globalThis))) await frame.evaluate(AXE_SOURCE);
  const violations = await frame.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } })
      .axe;
    return (await axe.run()).violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes[0]?.target)}`);
}
