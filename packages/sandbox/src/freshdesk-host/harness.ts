// The Freshdesk app host harness: serves the ticket page, the built app from its own origin, and the Request Method.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import express from 'express';
import {
  createHostPageRouter,
  isRecord,
  lazyAppDir,
  readJsonObject,
  serveHarness,
  startAppOrigin,
  statusOf,
  type AppHarness,
  type RunningAppHarness,
} from '../app-host/server.ts';
import type { FreshdeskStandIn } from '../freshdesk/index.ts';
import { invokeTemplate, type IparamValue, type TemplateInstallation } from './templates.ts';

export interface FreshdeskAppHarnessOptions {
  /**
   * The built app in the FDK layout (manifest.json, app/, config/; e.g. apps/freshdesk/dist), or
   * a function that builds it on first use and returns the directory.
   */
  readonly appDir: string | (() => Promise<string>);
  /** The installation's iparams by name, secure ones included (they stay on the server). */
  readonly iparams: Readonly<Record<string, IparamValue>>;
  /**
   * The logged-in agent (`client.data.get('loggedInUser')`). Default: the stand-in's UI agent,
   * Alex Agent (freshdesk/stand-in.ts), with language en.
   */
  readonly agent?: { readonly name?: string; readonly email?: string; readonly language?: string };
  /** Hosts request templates reach over http (a local relay); default 127.0.0.1 and localhost. */
  readonly httpHosts?: readonly string[];
}

/** Where the harness lives on a server: the page is `${FRESHDESK_HARNESS_PATH}?ticket=<id>`. */
export const FRESHDESK_HARNESS_PATH = '/_harness/freshdesk';
/** Where the app origin serves the Freshworks client that `{{{appclient}}}` stands for. */
export const APP_CLIENT_PATH = '/_fdk/appclient.js';

export interface FreshdeskHarnessDependencies {
  readonly freshdesk: FreshdeskStandIn;
  /** The account's domain: plays `https://{domain}.freshdesk.com`. */
  readonly domain: string;
}

/** Mount at FRESHDESK_HARNESS_PATH on a server. */
export type FreshdeskAppHarness = AppHarness;

/** The stand-in's agent who works in the agent UI (freshdesk/stand-in.ts `uiAgent`). */
const DEFAULT_AGENT = { name: 'Alex Agent', language: 'en' };

interface AppFiles {
  readonly manifest: Record<string, unknown>;
  readonly requests: Record<string, unknown>;
  readonly iparams: Record<string, Record<string, unknown>>;
}

async function readAppFiles(dir: string): Promise<AppFiles> {
  const manifest = await readJsonObject(join(dir, 'manifest.json'));
  const requests = await readJsonObject(join(dir, 'config', 'requests.json')).catch(() => ({}));
  const iparams = await readJsonObject(join(dir, 'config', 'iparams.json'));
  return {
    manifest,
    requests,
    iparams: Object.fromEntries(
      Object.entries(iparams).filter((entry): entry is [string, Record<string, unknown>] =>
        isRecord(entry[1]),
      ),
    ),
  };
}

function sidebarLocation(manifest: Record<string, unknown>): string | null {
  const modules = isRecord(manifest.modules) ? manifest.modules : {};
  const ticket = isRecord(modules.support_ticket) ? modules.support_ticket : {};
  const location = isRecord(ticket.location) ? ticket.location : {};
  const sidebar = isRecord(location.ticket_sidebar) ? location.ticket_sidebar : {};
  return typeof sidebar.url === 'string' ? sidebar.url : null;
}

function declaredRequests(manifest: Record<string, unknown>): Set<string> {
  const modules = isRecord(manifest.modules) ? manifest.modules : {};
  const common = isRecord(modules.common) ? modules.common : {};
  return new Set(isRecord(common.requests) ? Object.keys(common.requests) : []);
}

/** The app frame's Freshworks client, one classic script (client.ts + installAppClient). */
async function bundleAppClient(): Promise<string> {
  const result = await build({
    stdin: {
      contents: "import { installAppClient } from './client.ts'; installAppClient(window);",
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/**
 * What the app origin answers before the app's files: the client script, and every HTML page with
 * `{{{appclient}}}` replaced by its URL.
 */
function addAppClientRoutes(app: express.Express, resolveDir: () => Promise<string>): void {
  let client: Promise<string> | undefined;
  app.get(APP_CLIENT_PATH, async (_req, res, next) => {
    try {
      client ??= bundleAppClient();
      res
        .type('text/javascript')
        .set('cache-control', 'no-cache')
        .send(await client);
    } catch (error) {
      client = undefined;
      next(error);
    }
  });
  // Pages get the client's URL where the FDK puts its own (freshdesk.md §3.2: {{{appclient}}}).
  app.get(/\.html?$/, async (req, res, next) => {
    try {
      const root = join(await resolveDir(), 'app');
      const file = resolve(root, `.${decodeURIComponent(req.path)}`);
      if (!file.startsWith(`${root}/`)) {
        res.status(404).type('text/plain').send('no such app file');
        return;
      }
      const html = await readFile(file, 'utf8').catch(() => undefined);
      if (html === undefined) {
        res.status(404).type('text/plain').send('no such app file');
        return;
      }
      res
        .type('html')
        .set('cache-control', 'no-cache')
        .send(html.replaceAll('{{{appclient}}}', APP_CLIENT_PATH));
    } catch (error) {
      next(error);
    }
  });
}

export async function createFreshdeskAppHarness(
  options: FreshdeskAppHarnessOptions,
  deps: FreshdeskHarnessDependencies,
): Promise<FreshdeskAppHarness> {
  const resolveDir = lazyAppDir(options.appDir);
  const appFiles = async (): Promise<AppFiles> => readAppFiles(await resolveDir());
  const agent = { ...DEFAULT_AGENT, ...options.agent };

  const appServer = await startAppOrigin({
    resolveDir,
    filesFolder: 'app',
    routes: (app) => addAppClientRoutes(app, resolveDir),
  });
  const appOrigin = appServer.origin;

  /** What the page asks of the ticket view: tickets, replies, the Request Method. */
  const api = express.Router();
  api.get('/api/tickets', (_req, res) => {
    res.set('cache-control', 'no-store').json({
      tickets: deps.freshdesk
        .tickets()
        .map((t) => ({ id: t.id, subject: t.subject, status: t.status })),
    });
  });

  const ticketOf = (param: unknown) =>
    typeof param === 'string' && /^\d{1,15}$/.test(param)
      ? deps.freshdesk.ticket(Number(param))
      : undefined;

  /** Everything the page needs to play the ticket view for one ticket. */
  api.get('/api/tickets/:id', async (req, res) => {
    const ticket = ticketOf(req.params.id);
    if (ticket === undefined) {
      res
        .status(404)
        .json({ error: `no ticket #${String(req.params.id)} in the Freshdesk stand-in` });
      return;
    }
    const contacts = new Map(deps.freshdesk.contacts().map((c) => [c.id, c]));
    const requester = contacts.get(ticket.requester_id);
    const person =
      requester === undefined
        ? null
        : {
            id: requester.id,
            name: requester.name,
            email: requester.email,
            mobile: requester.mobile,
            phone: requester.phone,
          };
    const files = await appFiles();
    const authorOf = (userId: number): string => {
      if (userId === deps.freshdesk.agentId) return agent.name;
      if (userId === deps.freshdesk.apiAgentId) return 'API (SMS Bridge relay)';
      return contacts.get(userId)?.name ?? `user ${userId}`;
    };
    res.set('cache-control', 'no-store').json({
      // `client.data.get(name)` answers `{ [name]: value }` (freshdesk.md §3.10).
      data: {
        ticket: {
          id: ticket.id,
          subject: ticket.subject,
          description_text: ticket.description_text,
          status: ticket.status,
          priority: ticket.priority,
          source: ticket.source,
          type: ticket.type,
          tags: ticket.tags,
          requester_id: ticket.requester_id,
          responder_id: ticket.responder_id,
          custom_fields: ticket.custom_fields,
          created_at: ticket.created_at,
          updated_at: ticket.updated_at,
        },
        contact: person,
        requester: person,
        // Listed without its shape in the reference [unverified]: id plus the agent's contact.
        loggedInUser: {
          id: deps.freshdesk.agentId,
          available: true,
          contact: {
            name: agent.name,
            email: agent.email ?? `agent-${deps.freshdesk.agentId}@${deps.domain}.example`,
            language: agent.language,
          },
        },
        // The 3.0 `currentHost` (freshdesk.md §3.7).
        currentHost: {
          subscribed_modules: ['support_ticket'],
          endpoint_urls: { freshdesk: `https://${deps.domain}.freshdesk.com` },
        },
      },
      conversations: ticket.conversations.map((c) => ({
        id: c.id,
        author: authorOf(c.user_id),
        fromRequester: c.user_id === ticket.requester_id,
        text: c.body_text,
        private: c.private,
        note: c.source === 2,
        createdAt: c.created_at,
      })),
      app: {
        origin: appOrigin,
        locationUrl: sidebarLocation(files.manifest),
        // Secure iparams are never readable by the app (freshdesk.md §3.4).
        iparams: Object.fromEntries(
          Object.entries(options.iparams).filter(([name]) => files.iparams[name]?.secure !== true),
        ),
      },
    });
  });

  /** The agent sends an e-mail reply from the ticket view (§1.9); "Reply is sent" rules fire. */
  api.post('/api/tickets/:id/replies', (req, res) => {
    const ticket = ticketOf(req.params.id);
    const body: unknown = req.body;
    if (ticket === undefined) {
      res.status(404).json({ error: `no ticket #${String(req.params.id)}` });
      return;
    }
    if (!isRecord(body) || typeof body.body !== 'string' || body.body.trim() === '') {
      res.status(400).json({ error: 'body must be { body: <non-empty text> }' });
      return;
    }
    try {
      res.status(201).json({ reply: deps.freshdesk.addAgentReply(ticket.id, { body: body.body }) });
    } catch (error) {
      const status = statusOf(error);
      res
        .status(status)
        .json({ error: error instanceof Error ? error.message : 'the reply failed' });
    }
  });

  /** The Request Method behind `client.request.invokeTemplate`: rendered and made here. */
  api.post('/api/invoke', async (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body) || typeof body.name !== 'string') {
      res
        .status(400)
        .json({ error: 'body must be { name: <template>, options: { context, body } }' });
      return;
    }
    const files = await appFiles();
    const installation: TemplateInstallation = {
      templates: files.requests,
      declared: declaredRequests(files.manifest),
      iparamDeclarations: files.iparams,
      iparams: options.iparams,
      ...(options.httpHosts === undefined ? {} : { httpHosts: options.httpHosts }),
    };
    res
      .set('cache-control', 'no-store')
      .json(await invokeTemplate(body.name, body.options, installation));
  });

  const router = createHostPageRouter({
    pageDir: new URL('./page/', import.meta.url),
    text: {
      base: FRESHDESK_HARNESS_PATH,
      title: 'Freshdesk app harness',
      heading: 'Freshdesk ticket',
      logTitle: 'App protocol log',
    },
    protocolSource: new URL('./protocol.ts', import.meta.url),
    appOrigin,
    jsonLimit: '7mb',
    api,
  });

  return { router, appOrigin, close: appServer.close };
}

/** The harness on a server of its own: `url` plays the Freshdesk page's origin. */
export type RunningFreshdeskAppHarness = RunningAppHarness;

/** The harness on a server of its own (127.0.0.1, a free port), mounted at FRESHDESK_HARNESS_PATH. */
export async function startFreshdeskAppHarnessServer(
  options: FreshdeskAppHarnessOptions,
  deps: FreshdeskHarnessDependencies,
): Promise<RunningFreshdeskAppHarness> {
  return serveHarness(FRESHDESK_HARNESS_PATH, await createFreshdeskAppHarness(options, deps));
}
