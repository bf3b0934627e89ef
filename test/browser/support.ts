// Shared set-up of the browser tests and the render bench: Debian's Chromium, the built app, relay + sandbox + harness.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import type { RunningZendeskAppHarness } from '@smsbridge/sandbox';
import { BUSINESS_NUMBER, WORKSPACE, eventually, startStack, type Stack } from '../e2e/stack.ts';

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

/**
 * Builds the Zendesk app into a directory of its own (not apps/zendesk/dist, which the package
 * test rebuilds in parallel) with the real build script, as `pnpm --filter ... build` does.
 */
export async function buildZendeskApp(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'smsbridge-zendesk-app-'));
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const script = join(ROOT, 'apps', 'zendesk', 'scripts', 'build.ts');
  const child = spawn(process.execPath, [tsx, script, '--out-dir', outDir], {
    cwd: join(ROOT, 'apps', 'zendesk'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`building the Zendesk app failed (${code}):\n${output}`);
  return outDir;
}

export interface HarnessStack {
  readonly stack: Stack;
  readonly harness: RunningZendeskAppHarness;
  readonly appDir: string;
  close(): Promise<void>;
}

/** Relay + sandbox (startStack) with the app API open, and the harness serving a fresh build. */
export async function startHarnessStack(
  options: { workspace?: Record<string, unknown>; appDir?: string } = {},
): Promise<HarnessStack> {
  const appDir = options.appDir ?? (await buildZendeskApp());
  const stack = await startStack({
    workspace: { appApiToken: { env: 'ACME_APP_API_TOKEN' }, ...options.workspace },
    env: { ACME_APP_API_TOKEN: APP_API_TOKEN },
  });
  const harness = await stack.sandbox.startZendeskAppHarness({
    appDir,
    settings: {
      relay_url: stack.relayUrl,
      workspace_id: WORKSPACE,
      relay_token: APP_API_TOKEN,
    },
    // The installation's whitelist: the relay of this run (the manifest's is the placeholder host).
    domainWhitelist: ['127.0.0.1'],
  });
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

/** The customer texts the business number; resolves with their ticket once the relay filed it. */
export async function customerTexts(stack: Stack, from: string, body: string): Promise<number> {
  await stack.sandbox.twilio.sendInbound({ from, to: BUSINESS_NUMBER, body });
  return eventually(
    `a ticket for ${from}`,
    () => {
      const requester = stack.sandbox.zendesk.users().find((u) => u.phone === from);
      const ticket = stack.sandbox.zendesk
        .tickets()
        .find(
          (t) =>
            t.requester_id === requester?.id &&
            t.comments.some((c) => c.author_id === requester.id && c.body.includes(body)),
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
