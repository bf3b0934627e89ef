// Benchmark: the Zendesk app's gzipped JS + CSS size, and time from iframe load to first render in headless Chromium.
//
// Each run mounts a fresh app iframe in the ZAF host harness (relay + sandbox over real HTTP,
// Debian's /usr/bin/chromium) and times, from the moment the host sets the iframe's src:
//   - baseline: an empty page from the same origin in the same iframe (DOMContentLoaded);
//   - first render: the app's first DOM commit into #root (after the ZAF handshake);
//   - ready: the consent badge on screen (three relay reads through the proxy done).
// Times are epoch milliseconds (performance.timeOrigin + now()) taken in the host page and the frame.
//
// Run: npx tsx test/bench/zendesk-app-render.bench.ts [--runs 20]
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Frame, Page } from 'playwright-core';
import { eventually } from '../e2e/stack.ts';
import {
  CHROMIUM_PATH,
  buildZendeskApp,
  chromiumMissing,
  customerTexts,
  launchChromium,
  startHarnessStack,
} from '../browser/support.ts';
import { formatTable } from './table.ts';

/** Issue 4's goals. */
const GOAL_GZIP_KB = 200;
const GOAL_FIRST_RENDER_MS = 300;
const WARMUP_RUNS = 2;

interface FrameMarks {
  readonly domContentLoaded?: number;
  readonly firstRender?: number;
  readonly ready?: number;
}

/** Runs in every frame before its scripts; only the app origin's frames record marks. */
function markScript(appOrigin: string): string {
  return `(() => {
    if (location.origin !== ${JSON.stringify(appOrigin)}) return;
    const now = () => performance.timeOrigin + performance.now();
    const marks = (globalThis.__benchMarks = {});
    document.addEventListener('DOMContentLoaded', () => { marks.domContentLoaded = now(); });
    const observer = new MutationObserver(() => {
      const root = document.getElementById('root');
      if (marks.firstRender === undefined && root && root.childElementCount > 0) marks.firstRender = now();
      if (document.querySelector('[data-testid="consent-badge"]')) { marks.ready = now(); observer.disconnect(); }
    });
    observer.observe(document, { childList: true, subtree: true });
  })();`;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function mountAndMeasure(
  page: Page,
  appOrigin: string,
  path: string | undefined,
  mark: keyof FrameMarks,
): Promise<number> {
  const guid = await page.evaluate((p) => {
    const harness = (globalThis as unknown as { zafHarness: { mountApp(path?: string): void } })
      .zafHarness;
    harness.mountApp(p);
    return (
      globalThis as unknown as {
        document: { querySelector(s: string): { dataset: { appGuid?: string } } | null };
      }
    ).document.querySelector('iframe')?.dataset.appGuid;
  }, path);
  const frame: Frame = await eventually('the new frame', () =>
    page.frames().find((f) => f.url().startsWith(appOrigin) && f.url().includes(guid ?? '?')),
  );
  const marks = await eventually(
    `${mark} in the frame`,
    async () => {
      const value = await frame.evaluate(
        () => (globalThis as unknown as { __benchMarks?: FrameMarks }).__benchMarks,
      );
      return value?.[mark] === undefined ? undefined : value;
    },
    20_000,
  );
  const start = await page.evaluate(
    () =>
      (globalThis as unknown as { zafHarness: { timings: { iframeStart: number } } }).zafHarness
        .timings.iframeStart,
  );
  return (marks[mark] ?? Number.NaN) - start;
}

function gzippedSizes(appDir: string): { file: string; raw: number; gzip: number }[] {
  const assets = join(appDir, 'assets');
  return (
    readdirSync(assets)
      // Everything the iframe downloads besides its HTML: the scripts and Garden's base stylesheet.
      .filter((name) => name.endsWith('.js') || name.endsWith('.css'))
      .sort()
      .map((file) => {
        const content = readFileSync(join(assets, file));
        return { file, raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
      })
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 3) throw new Error('--runs must be a whole number ≥ 3');
  if (chromiumMissing() !== undefined) process.exit(1);

  const appDir = await buildZendeskApp();
  const sizes = gzippedSizes(appDir);
  const totalGzip = sizes.reduce((sum, s) => sum + s.gzip, 0);

  const env = await startHarnessStack({ appDir });
  const browser = await launchChromium();
  try {
    const ticketId = await customerTexts(env.stack, '+14155550123', 'Hi, where is my order?');
    await browser.context.addInitScript(markScript(env.harness.appOrigin));
    const page = await browser.context.newPage();
    await page.goto(env.harness.pageUrl(ticketId));
    await eventually('the harness page', () =>
      page.evaluate(
        () =>
          'zafHarness' in globalThis &&
          (
            globalThis as unknown as { document: { querySelector(s: string): unknown } }
          ).document.querySelector('iframe') !== null,
      ),
    );

    const baseline: number[] = [];
    const firstRender: number[] = [];
    const ready: number[] = [];
    for (let run = 0; run < runs + WARMUP_RUNS; run += 1) {
      // Interleaved, so both see the same machine load.
      const blank = await mountAndMeasure(
        page,
        env.harness.appOrigin,
        '/_blank.html',
        'domContentLoaded',
      );
      const first = await mountAndMeasure(page, env.harness.appOrigin, undefined, 'firstRender');
      const done = await mountAndMeasure(page, env.harness.appOrigin, undefined, 'ready');
      if (run < WARMUP_RUNS) continue;
      baseline.push(blank);
      firstRender.push(first);
      ready.push(done);
    }

    const row = (name: string, values: number[]) => [
      name,
      quantile(values, 0.5).toFixed(1),
      quantile(values, 0.95).toFixed(1),
      Math.min(...values).toFixed(1),
      Math.max(...values).toFixed(1),
    ];
    const medianFirst = quantile(firstRender, 0.5);
    process.stdout.write(
      [
        '',
        `Zendesk app render: ${runs} runs (+${WARMUP_RUNS} warm-up), Chromium ${CHROMIUM_PATH}, headless`,
        '',
        formatTable(
          ['file', 'bytes', 'gzip -9 bytes'],
          [
            ...sizes.map((s) => [s.file, String(s.raw), String(s.gzip)]),
            ['total JS + CSS', String(sizes.reduce((sum, s) => sum + s.raw, 0)), String(totalGzip)],
          ],
        ),
        '',
        `gzipped JS + CSS: ${(totalGzip / 1024).toFixed(1)} KB (goal < ${GOAL_GZIP_KB} KB): ${totalGzip / 1024 < GOAL_GZIP_KB ? 'met' : 'NOT met'}`,
        '',
        formatTable(
          ['from iframe src set to', 'median ms', 'p95 ms', 'min ms', 'max ms'],
          [
            row('empty page loaded (baseline)', baseline),
            row('app first render', firstRender),
            row('app ready (consent badge)', ready),
          ],
        ),
        '',
        `first render: median ${medianFirst.toFixed(1)} ms (goal < ${GOAL_FIRST_RENDER_MS} ms): ${medianFirst < GOAL_FIRST_RENDER_MS ? 'met' : 'NOT met'}; over the baseline: ${(medianFirst - quantile(baseline, 0.5)).toFixed(1)} ms`,
        '',
      ].join('\n'),
    );
  } finally {
    await browser.close();
    await env.close();
    rmSync(appDir, { recursive: true, force: true });
  }
}

await main();
