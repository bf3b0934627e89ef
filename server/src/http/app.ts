// The relay's HTTP surface: carrier and helpdesk webhooks, the sidebar apps' API, health, readiness and metrics.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { RawWebhookRequest } from '@smsbridge/carriers';
import { webhookRejectionStatus } from '@smsbridge/helpdesks';
import type { RelayContext, WorkspaceRuntime } from '../relay/context.ts';
import { ingestHelpdeskEvents } from '../relay/ingest-helpdesk.ts';
import { createInboundIngester } from '../relay/ingest-inbound.ts';
import { ingestStatus } from '../relay/ingest-status.ts';
import { mergedMetrics } from '../observability/metrics.ts';
import { createAppApiRouter } from './app-api.ts';
import { APP_API_PREFIX, APP_API_ROUTES } from './app-api-routes.ts';
import { OPENAPI_PATH, buildOpenApiDocument } from './openapi.ts';

type WebhookRoute = 'sms_inbound' | 'sms_status' | 'helpdesk';

function rawRequest(context: RelayContext, req: Request): RawWebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method,
    // Carriers sign the URL they called; behind proxies only the configured public URL is right
    // (carriers.md §1.4 "Known failure modes").
    publicUrl: `${context.config.publicUrl}${req.originalUrl}`,
    headers,
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
  };
}

function reject(
  context: RelayContext,
  res: Response,
  route: WebhookRoute,
  status: number,
  reason: string,
  detail: string,
): void {
  context.metrics.webhookRejections.inc({ route, reason });
  context.logger.warn({ route, reason }, 'webhook rejected');
  res.status(status).type('text/plain').send(`${detail}\n`);
}

export function createApp(context: RelayContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const rawBody = express.raw({ type: () => true, limit: context.config.server.maxBodyBytes });
  const inbound = createInboundIngester(context);

  const workspaceOf = (
    req: Request,
    res: Response,
    route: WebhookRoute,
  ): WorkspaceRuntime | undefined => {
    const workspace = context.workspaces.get(String(req.params.workspaceId));
    if (workspace === undefined)
      reject(context, res, route, 404, 'unknown_workspace', 'unknown workspace');
    return workspace;
  };

  /** Verifies a carrier webhook; answers the rejection itself and returns undefined when it fails. */
  const verifiedCarrierRequest = (
    req: Request,
    res: Response,
    route: WebhookRoute,
  ): { workspace: WorkspaceRuntime; request: RawWebhookRequest } | undefined => {
    const workspace = workspaceOf(req, res, route);
    if (workspace === undefined) return undefined;
    const request = rawRequest(context, req);
    const verified = workspace.carrier.verifyWebhook(request);
    if (verified.ok) return { workspace, request };
    const status =
      verified.reason === 'unsupported_media_type'
        ? 415
        : verified.reason === 'malformed_body'
          ? 400
          : 403;
    reject(
      context,
      res,
      route,
      status,
      verified.reason,
      `webhook rejected: ${verified.reason.replace(/_/g, ' ')}`,
    );
    return undefined;
  };

  app.post('/webhooks/:workspaceId/sms/inbound', rawBody, async (req, res) => {
    const route = 'sms_inbound';
    const verified = verifiedCarrierRequest(req, res, route);
    if (verified === undefined) return;
    const { workspace, request } = verified;
    const parsed = workspace.carrier.parseInbound(request);
    if (!parsed.ok) {
      reject(context, res, route, 400, 'malformed_message', `malformed message: ${parsed.reason}`);
      return;
    }
    if (!workspace.config.businessNumbers.includes(parsed.value.to)) {
      reject(
        context,
        res,
        route,
        400,
        'unknown_business_number',
        'the To number is not a business number of this workspace',
      );
      return;
    }
    await inbound.ingest(workspace, parsed.value);
    // Acknowledge only now: the message and its job are committed (DESIGN.md, data flow step 2).
    const ack = workspace.carrier.inboundAck();
    res.status(ack.status).type(ack.contentType).send(ack.body);
  });

  app.post('/webhooks/:workspaceId/sms/status', rawBody, async (req, res) => {
    const route = 'sms_status';
    const verified = verifiedCarrierRequest(req, res, route);
    if (verified === undefined) return;
    const { workspace, request } = verified;
    const parsed = workspace.carrier.parseStatus(request);
    if (!parsed.ok) {
      reject(
        context,
        res,
        route,
        400,
        'malformed_status',
        `malformed status callback: ${parsed.reason}`,
      );
      return;
    }
    const result = await ingestStatus(context, workspace, parsed.value);
    res.status(200).type('text/plain').send(`${result}\n`);
  });

  app.post('/webhooks/:workspaceId/helpdesk', rawBody, async (req, res) => {
    const route = 'helpdesk';
    const workspace = workspaceOf(req, res, route);
    if (workspace === undefined) return;
    const request = rawRequest(context, req);
    const verified = workspace.helpdesk.verifyWebhook(request, context.now());
    if (!verified.ok) {
      reject(
        context,
        res,
        route,
        webhookRejectionStatus(verified.reason),
        verified.reason,
        `webhook rejected: ${verified.reason.replace(/_/g, ' ')}`,
      );
      return;
    }
    const parsed = workspace.helpdesk.parseWebhook(request);
    if (!parsed.ok) {
      reject(context, res, route, 400, 'malformed_event', `malformed event: ${parsed.reason}`);
      return;
    }
    // For a helpdesk whose webhook names no reply (Freshdesk), this reads the reply's id from the
    // helpdesk first: one API call per agent reply, made while the helpdesk waits for the answer.
    const summary = await ingestHelpdeskEvents(context, workspace, parsed.value);
    res.status(200).json(summary);
  });

  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const ready = await context.store.isReady();
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', store: context.store.dialect });
  });

  app.get('/metrics', async (_req, res) => {
    const { registry } = context.metrics;
    res
      .type(registry.contentType)
      .send(await mergedMetrics(registry, await context.workerMetrics()));
  });

  // The sidebar apps' read API. No CORS headers: the helpdesks call it from their servers (ZAF
  // secure requests, Freshworks request templates), never from the agent's browser (docs/app-api.md).
  app.use(APP_API_PREFIX, createAppApiRouter(context));
  const openApiDocument = buildOpenApiDocument(APP_API_ROUTES, context.config.publicUrl);
  app.get(OPENAPI_PATH, (_req, res) => {
    res.status(200).json(openApiDocument);
  });

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found\n');
  });

  // Body-parser errors (too large, aborted) and anything unexpected: one line, no stack.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (status === 413) {
      context.metrics.webhookRejections.inc({ route: 'any', reason: 'too_large' });
      res
        .status(413)
        .type('text/plain')
        .send(`body too large (limit ${context.config.server.maxBodyBytes} bytes)\n`);
      return;
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).type('text/plain').send('bad request\n');
      return;
    }
    context.logger.error(
      { error: error instanceof Error ? error.message : String(error) },
      'request failed',
    );
    // 5xx makes the carrier retry (carriers.md §1.3); nothing was acknowledged, nothing is lost.
    res.status(500).type('text/plain').send('internal error\n');
  });

  return app;
}
