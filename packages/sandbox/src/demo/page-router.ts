// Serves the demo page (customer's phone + the helpdesk's agent view) as static files: no build step, no CDN.
import { readFile } from 'node:fs/promises';
import express from 'express';

/** Every file the page is made of; anything else under /demo/ is a 404, never a file lookup. */
const DEMO_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'demo.js': 'text/javascript; charset=utf-8',
  'demo.css': 'text/css; charset=utf-8',
};

/**
 * The page only talks to its own origin (the sandbox's control routes); the policy makes the browser
 * refuse anything else, so a stray external URL fails loudly instead of phoning home.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

async function sendDemoFile(res: express.Response, name: string): Promise<void> {
  const contentType = DEMO_FILES[name];
  if (contentType === undefined) {
    res.status(404).type('text/plain').send('no such demo file');
    return;
  }
  // Read on each request so the page can be edited while the demo runs.
  const content = await readFile(new URL(`./${name}`, import.meta.url));
  res
    .status(200)
    .set({
      'content-type': contentType,
      'cache-control': 'no-cache',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    })
    .send(content);
}

/** The helpdesks the page can play the agent's side of. */
export type DemoHelpdesk = 'zendesk' | 'freshdesk';

/** What the page plays, as `GET /demo/config.json` tells it (the page never guesses). */
export interface DemoPageConfig {
  /** Whose stand-in the agent column shows and answers through (`/_sandbox/<helpdesk>`). */
  readonly helpdesk: DemoHelpdesk;
  /** The path of that helpdesk's app harness (`?ticket=<id>` appended), or null when none runs. */
  readonly appHarness: string | null;
}

/** `GET /` is the page; `GET /demo/config.json` what it plays; `GET /demo/<file>` its script and stylesheet. */
export function createDemoPageRouter(config: DemoPageConfig): express.Router {
  const router = express.Router();
  const configJson = JSON.stringify(config);
  router.get('/', (_req, res) => sendDemoFile(res, 'index.html'));
  router.get('/demo/config.json', (_req, res) => {
    res
      .status(200)
      .set({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
      .type('application/json')
      .send(configJson);
  });
  router.get('/demo/:file', (req, res) => sendDemoFile(res, String(req.params.file)));
  return router;
}
