// The Zendesk app host harness: serves the agent-workspace page, the built app from its own origin, and the proxy.
import { join } from 'node:path';
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
import type { ZendeskStandIn } from '../zendesk/index.ts';
import { proxyRequest, type ManifestParameter, type ProxyInstallation } from './proxy.ts';

export interface ZendeskAppHarnessOptions {
  /**
   * The built app package (manifest.json at its root, e.g. apps/zendesk/dist), or a function that
   * builds it on first use and returns the directory.
   */
  readonly appDir: string | (() => Promise<string>);
  /** The installation's settings by parameter name, secure ones included (they stay on the server). */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  /** Hosts secure requests may reach; default: the manifest's domainWhitelist. */
  readonly domainWhitelist?: readonly string[];
  /** `currentUser.locale` of the agent (default en-US). */
  readonly locale?: string;
  /** How long the page waits for the app's answer to `ticket.save` (default 15 s; Zendesk's limit is unverified). */
  readonly saveHookTimeoutMs?: number;
}

/** Where the harness lives on a server: the page is `${HARNESS_PATH}?ticket=<id>`. */
export const HARNESS_PATH = '/_harness/zendesk';

export interface HarnessDependencies {
  readonly zendesk: ZendeskStandIn;
  readonly subdomain: string;
  readonly zendeskApiBaseUrl: string;
  readonly zendeskAuthorization: string;
}

/** Mount at `/_harness/zendesk` on the sandbox's server. */
export type ZendeskAppHarness = AppHarness;

interface AppManifest {
  readonly location?: {
    readonly support?: { readonly ticket_sidebar?: { readonly url?: unknown } };
  };
  readonly parameters?: readonly ManifestParameter[];
  readonly domainWhitelist?: readonly string[];
  readonly version?: unknown;
  readonly name?: unknown;
}

/** Ticket field types of the system fields (zendesk.md §2: subject, description, status...). */
const SYSTEM_FIELD_TYPES = new Set([
  'subject',
  'description',
  'status',
  'tickettype',
  'priority',
  'group',
  'assignee',
]);

/** Fixed ids of the harness's one installation (ZAF metadata: appId, installationId). */
const APP_ID = 1001;
const INSTALLATION_ID = 2001;

/** A user as ZAF's `user` object shows it (camelCase keys). */
function zafUser(user: ReturnType<ZendeskStandIn['users']>[number], locale?: string) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    ...(user.phone === null ? {} : { phone: user.phone }),
    identities: user.identities.map((i) => ({ type: i.type, value: i.value })),
    ...(locale === undefined ? {} : { locale }),
  };
}

export async function createZendeskAppHarness(
  options: ZendeskAppHarnessOptions,
  deps: HarnessDependencies,
): Promise<ZendeskAppHarness> {
  const resolveDir = lazyAppDir(options.appDir);
  const manifest = async (): Promise<AppManifest> =>
    readJsonObject(join(await resolveDir(), 'manifest.json'));
  const installation = async (): Promise<ProxyInstallation> => {
    const m = await manifest();
    return {
      parameters: m.parameters ?? [],
      settings: options.settings,
      domainWhitelist: options.domainWhitelist ?? m.domainWhitelist ?? [],
      zendeskApiBaseUrl: deps.zendeskApiBaseUrl,
      zendeskAuthorization: deps.zendeskAuthorization,
    };
  };

  const appServer = await startAppOrigin({
    resolveDir,
    routes: (app) => {
      // The bench's baseline: an empty page from the same origin, in the same iframe.
      app.get('/_blank.html', (_req, res) => {
        res
          .type('html')
          .set('cache-control', 'no-cache')
          .send('<!doctype html><title>blank</title>');
      });
    },
  });
  const appOrigin = appServer.origin;

  /** What the page asks of the workspace: tickets, comments, the proxy. */
  const api = express.Router();
  api.get('/api/tickets', (_req, res) => {
    res.set('cache-control', 'no-store').json({
      tickets: deps.zendesk
        .tickets()
        .map((t) => ({ id: t.id, subject: t.subject, status: t.status })),
    });
  });

  /** The agent submits the composer: a comment in the agent UI, so Zendesk's webhooks fire. */
  api.post('/api/tickets/:id/comments', (req, res) => {
    const body: unknown = req.body;
    const id = Number(req.params.id);
    if (!/^\d{1,15}$/.test(String(req.params.id)) || deps.zendesk.ticket(id) === undefined) {
      res.status(404).json({ error: `no ticket #${String(req.params.id)}` });
      return;
    }
    if (!isRecord(body) || typeof body.body !== 'string' || body.body.trim() === '') {
      res
        .status(400)
        .json({ error: 'body must be { body: <non-empty text>, public: true|false }' });
      return;
    }
    try {
      const comment = deps.zendesk.addAgentComment(id, {
        body: body.body,
        public: body.public !== false,
      });
      res.status(201).json({ comment });
    } catch (error) {
      // A closed ticket answers 422 in the stand-in, as in Zendesk.
      const status = statusOf(error);
      res
        .status(status)
        .json({ error: error instanceof Error ? error.message : 'the update failed' });
    }
  });

  /** Everything the page needs to play the workspace for one ticket. */
  api.get('/api/tickets/:id', async (req, res) => {
    const id = Number(req.params.id);
    const ticket = /^\d{1,15}$/.test(String(req.params.id)) ? deps.zendesk.ticket(id) : undefined;
    if (ticket === undefined) {
      res
        .status(404)
        .json({ error: `no ticket #${String(req.params.id)} in the Zendesk stand-in` });
      return;
    }
    const users = new Map(deps.zendesk.users().map((u) => [u.id, u]));
    const requester = users.get(ticket.requester_id);
    const agent = users.get(deps.zendesk.agentId);
    const m = await manifest();
    const secure = new Set(
      (m.parameters ?? []).filter((p) => p.secure === true).map((p) => p.name),
    );
    const locationUrl = m.location?.support?.ticket_sidebar?.url;
    // Every custom field reads as null until set, as in the agent UI; set values win.
    const customFields: Record<string, unknown> = {};
    for (const field of deps.zendesk.ticketFields()) {
      if (!SYSTEM_FIELD_TYPES.has(field.type))
        customFields[`customField:custom_field_${field.id}`] = null;
    }
    for (const field of ticket.custom_fields) {
      customFields[`customField:custom_field_${field.id}`] = field.value;
    }
    res.set('cache-control', 'no-store').json({
      // ZAF's data model (Support API, ticket_sidebar: Ticket, User, Comment objects).
      data: {
        ticket: {
          id: ticket.id,
          subject: ticket.subject,
          status: ticket.status,
          priority: ticket.priority,
          tags: ticket.tags,
          externalId: ticket.external_id,
          createdAt: ticket.created_at,
          updatedAt: ticket.updated_at,
          requester: requester === undefined ? null : zafUser(requester),
          ...customFields,
        },
        currentUser: agent === undefined ? null : zafUser(agent, options.locale ?? 'en-US'),
        currentAccount: { subdomain: deps.subdomain },
      },
      comments: ticket.comments.map((c) => ({
        id: c.id,
        author: users.get(c.author_id)?.name ?? `user ${c.author_id}`,
        fromRequester: c.author_id === ticket.requester_id,
        body: c.body,
        public: c.public,
        createdAt: c.created_at,
        attachments: c.attachments.length,
      })),
      customFieldTitles: Object.fromEntries(
        deps.zendesk.ticketFields().map((f) => [String(f.id), f.title]),
      ),
      app: {
        origin: appOrigin,
        locationUrl: typeof locationUrl === 'string' ? locationUrl : null,
        name: typeof m.name === 'string' ? m.name : 'app',
        metadata: {
          appId: APP_ID,
          installationId: INSTALLATION_ID,
          name: typeof m.name === 'string' ? m.name : undefined,
          version: typeof m.version === 'string' ? m.version : undefined,
          // Secure settings are never readable by the app (zendesk.md §4.5).
          settings: Object.fromEntries(
            Object.entries(options.settings).filter(([name]) => !secure.has(name)),
          ),
        },
        saveHookTimeoutMs: options.saveHookTimeoutMs ?? 15_000,
      },
    });
  });

  /** The proxy behind `client.request` (cors: false or secure: true): the page posts the app's options. */
  api.post('/api/proxy', async (req, res) => {
    const body: unknown = req.body;
    const request = isRecord(body) && isRecord(body.options) ? body.options : undefined;
    if (request === undefined || typeof request.url !== 'string') {
      res.status(400).json({ error: 'body must be { options: { url, ... } }' });
      return;
    }
    const outcome = await proxyRequest(
      {
        url: request.url,
        type: typeof request.type === 'string' ? request.type : undefined,
        headers: isRecord(request.headers)
          ? Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]))
          : undefined,
        secure: request.secure === true,
        contentType:
          request.contentType === false || typeof request.contentType === 'string'
            ? request.contentType
            : undefined,
        data: request.data,
      },
      await installation(),
    );
    res.set('cache-control', 'no-store').json(outcome);
  });

  const router = createHostPageRouter({
    pageDir: new URL('./page/', import.meta.url),
    text: {
      base: HARNESS_PATH,
      title: 'Zendesk app harness',
      heading: 'Agent workspace',
      logTitle: 'ZAF protocol log',
    },
    protocolSource: new URL('./protocol.ts', import.meta.url),
    appOrigin,
    jsonLimit: '1mb',
    api,
  });

  return { router, appOrigin, close: appServer.close };
}

/** The harness on a server of its own: `url` plays the agent workspace's origin. */
export type RunningZendeskAppHarness = RunningAppHarness;

/** The harness on a server of its own (127.0.0.1, a free port), mounted at HARNESS_PATH. */
export async function startZendeskAppHarnessServer(
  options: ZendeskAppHarnessOptions,
  deps: HarnessDependencies,
): Promise<RunningZendeskAppHarness> {
  return serveHarness(HARNESS_PATH, await createZendeskAppHarness(options, deps));
}
