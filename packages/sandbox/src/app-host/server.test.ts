// The serving both app host harnesses share: the host page and its files under the CSP, the app's own origin, one-time close.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHostPageRouter,
  lazyAppDir,
  serveHarness,
  startAppOrigin,
  type LocalServer,
  type RunningAppHarness,
} from './server.ts';

const BASE = '/_harness/test-desk';
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smsbridge-app-host-'));
  mkdirSync(join(dir, 'page'));
  writeFileSync(join(dir, 'page', 'host.js'), 'export const desk = 1;\n');
  writeFileSync(join(dir, 'page', 'host.css'), '.desk { color: red; }\n');
  writeFileSync(join(dir, 'page', 'composer.html'), '<form id="desk-composer"></form>\n');
  writeFileSync(
    join(dir, 'protocol.ts'),
    'export function answer(question: string): number { return question.length; }\n',
  );
  mkdirSync(join(dir, 'app', 'files'), { recursive: true });
  writeFileSync(join(dir, 'app', 'files', 'index.html'), '<p>the app</p>');
  writeFileSync(join(dir, 'app', 'files', '.secret'), 'hidden');
  writeFileSync(join(dir, 'app', 'manifest.json'), '{}');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the host page router', () => {
  const appOrigin = 'http://127.0.0.1:9';
  let harness: RunningAppHarness;

  beforeAll(async () => {
    const api = express.Router();
    api.get('/api/ping', (_req, res) => {
      res.json({ pong: true });
    });
    api.get('/api/broken', () => {
      throw new Error('the stand-in failed');
    });
    const router = createHostPageRouter({
      pageDir: pathToFileURL(join(dir, 'page/')),
      text: {
        base: BASE,
        title: 'Test desk harness',
        heading: 'Test ticket',
        logTitle: 'Wire log',
      },
      protocolSource: pathToFileURL(join(dir, 'protocol.ts')),
      appOrigin,
      jsonLimit: '1kb',
      api,
    });
    harness = await serveHarness(BASE, { router, appOrigin, close: () => Promise.resolve() });
  });
  afterAll(() => harness.close());

  const get = (path: string) => fetch(`${harness.url}${BASE}${path}`);

  it("serves the shared page with the helpdesk's words, files and composer, framing only the app origin", async () => {
    const response = await fetch(harness.pageUrl(3));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain(`frame-src ${appOrigin}`);
    const html = await response.text();
    expect(html).toContain('<title>Test desk harness</title>');
    expect(html).toContain('<h1>Test ticket');
    expect(html).toContain('<summary>Wire log</summary>');
    expect(html).toContain('<form id="desk-composer"></form>');
    for (const file of ['agent-page.css', 'host.css', 'host.js'])
      expect(html).toContain(`"${BASE}/${file}"`);
    expect(html).not.toMatch(/\{\{\w+\}\}/);
  });

  it("serves the helpdesk's own files and the shared ones, each with its type", async () => {
    expect(await (await get('/host.css')).text()).toContain('.desk');
    expect((await get('/host.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
    const shared = await get('/agent-page.js');
    expect(shared.status).toBe(200);
    expect(await shared.text()).toContain('export function runTicketPage');
    expect((await get('/agent-page.css')).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('serves protocol.ts with its types stripped, so the browser can import it', async () => {
    const code = await (await get('/protocol.js')).text();
    expect(code).toContain('function answer(question)');
    expect(code).not.toContain(': string');
  });

  it('serves nothing else: not the composer fragment, not its own sources, not a path outside', async () => {
    for (const path of ['/composer.html', '/server.ts', '/protocol.ts', '/..%2fserver.ts']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
    }
  });

  it("answers the helpdesk's API, and its failures as JSON", async () => {
    expect(await (await get('/api/ping')).json()).toEqual({ pong: true });
    const broken = await get('/api/broken');
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({ error: 'the stand-in failed' });
  });
});

describe('the app origin', () => {
  let origin: LocalServer;
  let builds = 0;

  beforeAll(async () => {
    // The first build fails; the next request builds again.
    const resolveDir = lazyAppDir(() => {
      builds += 1;
      return builds === 1
        ? Promise.reject(new Error('the build failed'))
        : Promise.resolve(join(dir, 'app'));
    });
    origin = await startAppOrigin({
      resolveDir,
      filesFolder: 'files',
      routes: (app) => app.get('/_extra', (_req, res) => void res.send('extra')),
    });
  });

  it('retries a failed build on the next request, then serves the files from their folder only', async () => {
    const failed = await fetch(`${origin.origin}/index.html`);
    expect(failed.status).toBe(500);
    expect(await failed.text()).toMatch(/the app could not be served: .*the build failed/);
    expect(await (await fetch(`${origin.origin}/index.html`)).text()).toBe('<p>the app</p>');
    expect(builds).toBe(2);
    const missing = await fetch(`${origin.origin}/missing.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('no such app file');
    const outside = await fetch(`${origin.origin}/..%2fmanifest.json`);
    expect(outside.status).toBeGreaterThanOrEqual(400);
    expect(await outside.text()).not.toBe('{}');
    const dotfile = await fetch(`${origin.origin}/.secret`);
    expect(dotfile.status).toBeGreaterThanOrEqual(400);
    expect(await dotfile.text()).not.toBe('hidden');
  });

  it("answers the helpdesk's own routes before the files", async () => {
    expect(await (await fetch(`${origin.origin}/_extra`)).text()).toBe('extra');
  });

  it('closes once, however often close is called', async () => {
    await Promise.all([origin.close(), origin.close()]);
    await expect(fetch(`${origin.origin}/index.html`)).rejects.toThrow();
  });
});
