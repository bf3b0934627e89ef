// What both app host harnesses serve alike: the app from an origin of its own, the host page's files under a CSP, one-time close.
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { transform } from 'esbuild';
import express from 'express';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The HTTP status an error carries (express's static files, the stand-ins' 404/409/422), else 500. */
export function statusOf(error: unknown): number {
  return isRecord(error) && typeof error.status === 'number' ? error.status : 500;
}

export async function readJsonObject(path: string): Promise<Record<string, unknown>> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!isRecord(parsed)) throw new Error(`${path} is not a JSON object`);
  return parsed;
}

/** `close` may be called by its owner and again by the sandbox's close: the second call waits for the first. */
export function onlyOnce(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

/**
 * The built app's directory, from a path or a function that builds it on first use. A failed
 * build is retried on the next request.
 */
export function lazyAppDir(appDir: string | (() => Promise<string>)): () => Promise<string> {
  let dirPromise: Promise<string> | undefined;
  return () => {
    dirPromise ??= (typeof appDir === 'string' ? Promise.resolve(appDir) : appDir()).then((dir) =>
      resolve(dir),
    );
    dirPromise.catch(() => (dirPromise = undefined));
    return dirPromise;
  };
}

export interface LocalServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  /** Closes the server and its connections; a second call waits for the first. */
  readonly close: () => Promise<void>;
}

/** `app` on 127.0.0.1 at a free port. */
export async function listenLocally(app: express.Express): Promise<LocalServer> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: onlyOnce(async () => {
      server.closeAllConnections();
      await new Promise<void>((done, fail) =>
        server.close((error) => (error ? fail(error) : done())),
      );
    }),
  };
}

export interface AppOriginOptions {
  readonly resolveDir: () => Promise<string>;
  /** The folder of the package whose files are served (Freshworks: `app`); default its root. */
  readonly filesFolder?: string;
  /** Routes answered before the app's files (the helpdesk's client script, rewritten pages...). */
  readonly routes?: (app: express.Express) => void;
}

/**
 * The origin that plays the helpdesk's app CDN: the app's files, and nothing else, on a second
 * listener, so the app frame is cross-origin to the host page as in the real helpdesk.
 */
export async function startAppOrigin(options: AppOriginOptions): Promise<LocalServer> {
  const app = express();
  app.disable('x-powered-by');
  options.routes?.(app);
  app.use((req, res, next) => {
    options.resolveDir().then(
      (dir) => {
        express.static(join(dir, options.filesFolder ?? ''), {
          index: false,
          dotfiles: 'deny',
          fallthrough: false,
          etag: false,
        })(req, res, next);
      },
      (error: unknown) => next(error),
    );
  });
  app.use(
    (error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      const status = statusOf(error);
      res
        .status(status)
        .type('text/plain')
        .send(
          status === 404 ? 'no such app file' : `the app could not be served: ${String(error)}`,
        );
    },
  );
  return listenLocally(app);
}

const PAGE_FILE_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The helpdesk's own page files (its page/ folder) and the ones every host page shares (./page/). */
const OWN_PAGE_FILES = ['host.js', 'host.css']; // and composer.html, inside index.html
const SHARED_PAGE_FILES = ['agent-page.js', 'agent-page.css'];
const SHARED_PAGE_DIR = new URL('./page/', import.meta.url);

/** What the shared page (./page/index.html) says of the helpdesk it plays. */
export interface HostPageText {
  /** Where the router is mounted, e.g. `/_harness/zendesk`: the page loads its files from there. */
  readonly base: string;
  readonly title: string;
  readonly heading: string;
  /** The summary of the protocol log. */
  readonly logTitle: string;
}

/** The shared page with the helpdesk's words and its composer (page/composer.html) filled in. */
async function renderIndex(pageDir: URL, text: HostPageText): Promise<string> {
  const [template, composer] = await Promise.all([
    readFile(new URL('index.html', SHARED_PAGE_DIR), 'utf8'),
    readFile(new URL('composer.html', pageDir), 'utf8'),
  ]);
  const slots: Readonly<Record<string, string>> = { ...text, composer };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => slots[name] ?? whole);
}

export interface HostPageOptions {
  /** The helpdesk's page/ folder (composer.html, host.js, host.css), as a file URL ending in `/`. */
  readonly pageDir: URL;
  readonly text: HostPageText;
  /** The helpdesk's DOM-free protocol.ts, served type-stripped as protocol.js. */
  readonly protocolSource: URL;
  /** The app origin: the one origin the page may frame. */
  readonly appOrigin: string;
  /** express.json's limit for the page's API calls. */
  readonly jsonLimit: string;
  /** The helpdesk's own API for its page (`/api/...`), behind the JSON body parser. */
  readonly api: express.Router;
}

/**
 * The host page's router: the page (`/`), its files, the protocol module and the helpdesk's API;
 * errors answer 500 with `{ error }`.
 */
export function createHostPageRouter(options: HostPageOptions): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: options.jsonLimit }));
  let protocolJs: Promise<string> | undefined;

  const readPageFile = (name: string): Promise<string | Buffer> | undefined => {
    if (name === 'index.html') return renderIndex(options.pageDir, options.text);
    if (OWN_PAGE_FILES.includes(name)) return readFile(new URL(name, options.pageDir));
    if (SHARED_PAGE_FILES.includes(name)) return readFile(new URL(name, SHARED_PAGE_DIR));
    return undefined;
  };

  const sendPageFile = async (res: express.Response, name: string) => {
    const reading = readPageFile(name);
    const contentType = PAGE_FILE_TYPES[name.slice(name.lastIndexOf('.') + 1)];
    if (reading === undefined || contentType === undefined) {
      res.status(404).type('text/plain').send('no such harness file');
      return;
    }
    const content = await reading;
    res
      .status(200)
      .set({
        'content-type': contentType,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        // The page talks to its own origin only; the app frame comes from the app origin.
        'content-security-policy': [
          "default-src 'self'",
          `frame-src ${options.appOrigin}`,
          "img-src 'self' data:",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'none'",
        ].join('; '),
      })
      .send(content);
  };

  router.get('/', (_req, res) => sendPageFile(res, 'index.html'));
  router.get('/protocol.js', async (_req, res) => {
    // protocol.ts, types stripped; it imports nothing, so the browser loads it as is.
    protocolJs ??= readFile(options.protocolSource, 'utf8').then(
      async (source) =>
        (await transform(source, { loader: 'ts', format: 'esm', target: 'es2022' })).code,
    );
    res
      .status(200)
      .set({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' })
      .send(await protocolJs);
  });
  router.get('/:file', (req, res) => sendPageFile(res, String(req.params.file)));

  router.use(options.api);

  router.use(
    (error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).json({ error: error instanceof Error ? error.message : String(error) });
    },
  );
  return router;
}

/** A harness the sandbox mounts: its router, the origin serving the app, and close. */
export interface AppHarness {
  /** Mount at the harness's path on a server. */
  readonly router: express.Router;
  /** The origin serving the app's files (plays the helpdesk's app CDN), e.g. http://127.0.0.1:41234. */
  readonly appOrigin: string;
  close(): Promise<void>;
}

export interface RunningAppHarness {
  /** e.g. http://127.0.0.1:41000 (the helpdesk page's origin). */
  readonly url: string;
  /** The helpdesk page for one ticket. */
  pageUrl(ticketId: number): string;
  readonly appOrigin: string;
  close(): Promise<void>;
}

/** A harness on a server of its own (127.0.0.1, a free port), mounted at `path`. */
export async function serveHarness(path: string, harness: AppHarness): Promise<RunningAppHarness> {
  const app = express();
  app.disable('x-powered-by');
  app.use(path, harness.router);
  const server = await listenLocally(app);
  return {
    url: server.origin,
    pageUrl: (ticketId) => `${server.origin}${path}?ticket=${ticketId}`,
    appOrigin: harness.appOrigin,
    close: onlyOnce(async () => {
      await server.close();
      await harness.close();
    }),
  };
}
