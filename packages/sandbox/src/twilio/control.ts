// HTTP JSON controls for the Twilio stand-in (demo page, manual testing): the customer's phone and faults.
import express, { type Request, type Response } from 'express';
import { DuplicateMessageError, UnknownMessageError, type TwilioStandInCore } from './core.ts';
import { isTwilioMessageStatus } from './model.ts';
import type { TwilioStandIn } from './index.ts';
import { WebhookDeliveryError } from './webhook-client.ts';

type Operations = Omit<TwilioStandIn, 'control'>;

/** A request the control API refuses: 400 with a one-line reason. */
class BadRequest extends Error {}

function fail(reason: string): never {
  throw new BadRequest(reason);
}

function objectBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    fail('expected a JSON object body');
  }
  return body as Record<string, unknown>;
}

function decodeMedia(value: unknown): { contentType: string; data: Buffer }[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail('media must be an array of {contentType, base64}');
  return value.map((item: unknown, index) => {
    const { contentType, base64 } = (item ?? {}) as Record<string, unknown>;
    if (typeof contentType !== 'string') fail(`media[${index}].contentType must be a string`);
    if (typeof base64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
      fail(`media[${index}].base64 must be base64 text`);
    }
    return { contentType, data: Buffer.from(base64, 'base64') };
  });
}

/** Runs an operation; input mistakes become 400, a relay that cannot be reached 502. */
async function answer(res: Response, run: () => unknown, okStatus = 200): Promise<void> {
  try {
    const result = await run();
    if (okStatus === 204) res.status(204).end();
    else res.status(okStatus).json(result);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const oneLine = message.split('\n')[0] ?? message;
    if (error instanceof WebhookDeliveryError) {
      res.status(502).json({ error: `the relay could not be reached: ${oneLine}` });
    } else if (
      error instanceof BadRequest ||
      error instanceof TypeError ||
      error instanceof RangeError
    ) {
      res.status(400).json({ error: oneLine });
    } else if (error instanceof UnknownMessageError) {
      res.status(404).json({ error: oneLine });
    } else if (error instanceof DuplicateMessageError) {
      res.status(409).json({ error: oneLine });
    } else {
      res.status(500).json({ error: oneLine });
    }
  }
}

export function createControlRouter(standIn: Operations, core: TwilioStandInCore): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '25mb' }));

  router.get('/numbers', (_req, res) => {
    res.json({ numbers: [...core.numbers].map(([number, smsUrl]) => ({ number, smsUrl })) });
  });

  router.post('/inbound', (req, res) =>
    answer(res, () => {
      const body = objectBody(req);
      const media = decodeMedia(body.media);
      if (body.messageSid !== undefined && typeof body.messageSid !== 'string') {
        fail('messageSid must be a string');
      }
      return standIn.sendInbound({
        from: body.from as string,
        to: body.to as string,
        body: body.body as string,
        ...(media ? { media } : {}),
        ...(typeof body.messageSid === 'string' ? { messageSid: body.messageSid } : {}),
      });
    }),
  );

  router.get('/inbound', (_req, res) => {
    res.json({ messages: standIn.inboundLog() });
  });

  router.post('/inbound/:messageSid/replay', (req, res) =>
    answer(res, () => standIn.replayInbound(String(req.params.messageSid))),
  );

  router.get('/messages', (_req, res) => {
    res.json({ messages: standIn.outbox() });
  });

  router.post('/messages/:messageSid/status', (req, res) =>
    answer(res, async () => {
      const body = objectBody(req);
      if (!isTwilioMessageStatus(body.status))
        fail('status must be a Twilio MessageStatus such as delivered');
      if (
        body.errorCode !== undefined &&
        (typeof body.errorCode !== 'number' || !Number.isInteger(body.errorCode))
      ) {
        fail('errorCode must be an integer');
      }
      const errorCode = body.errorCode;
      const delivery = await standIn.emitStatus(
        String(req.params.messageSid),
        body.status,
        errorCode,
      );
      return { delivery: delivery ?? null };
    }),
  );

  router.get('/callbacks', (_req, res) => {
    res.json({ pending: standIn.pendingCallbacks(), deliveries: standIn.callbackDeliveries() });
  });

  router.post('/callback-mode', (req, res) =>
    answer(res, () => standIn.setCallbackMode(objectBody(req).mode as 'auto' | 'manual'), 204),
  );

  router.post('/faults', (req, res) =>
    answer(
      res,
      () => {
        const body = objectBody(req);
        standIn.failNumber(body.number as string, body.errorCode as number);
      },
      204,
    ),
  );

  router.delete('/faults', (_req, res) => answer(res, () => standIn.clearFaults(), 204));

  router.post('/outage', (req, res) =>
    answer(
      res,
      () => {
        const body = objectBody(req);
        standIn.setOutage(body.status === null ? null : (body as never));
      },
      204,
    ),
  );

  router.delete('/outage', (_req, res) => answer(res, () => standIn.setOutage(null), 204));

  router.post('/reset', (_req, res) => answer(res, () => standIn.reset(), 204));

  router.use((_req, res) => {
    res.status(404).json({ error: 'no such sandbox control' });
  });
  // Malformed JSON or an oversized body.
  router.use((error: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const status = (error as { status?: unknown }).status === 413 ? 413 : 400;
    const reason = status === 413 ? 'body too large' : 'body is not valid JSON';
    res.status(status).json({ error: reason });
  });
  return router;
}
