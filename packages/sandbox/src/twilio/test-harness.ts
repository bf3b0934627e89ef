// Test support: the Twilio stand-in on 127.0.0.1 plus a fake app that records the webhooks it gets.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createTwilioStandIn, type TwilioStandIn, type TwilioStandInOptions } from './index.ts';

export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'sandbox-auth-token-0123456789abcd';
export const BUSINESS_NUMBER = '+15005550006';
export const CUSTOMER_NUMBER = '+14155550123';

/** A webhook as the fake app received it. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly rawBody: Buffer;
}

export interface AppAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface TwilioTestRig {
  readonly standIn: TwilioStandIn;
  /** e.g. http://127.0.0.1:PORT/twilio */
  readonly apiBaseUrl: string;
  /** e.g. http://127.0.0.1:PORT/_sandbox/twilio */
  readonly controlUrl: string;
  /** Base URL of the fake app (the relay's place). */
  readonly appUrl: string;
  /** Every request the fake app received, in order. */
  readonly received: ReceivedRequest[];
  /** What the fake app answers next; empty TwiML by default. */
  answerWith(answer: AppAnswer): void;
  /** Basic auth header for the stand-in's account. */
  readonly authorization: string;
  close(): Promise<void>;
}

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
}

export async function startTwilioRig(
  overrides: Partial<TwilioStandInOptions> & { smsPath?: string } = {},
): Promise<TwilioTestRig> {
  const received: ReceivedRequest[] = [];
  let next: AppAnswer = {
    status: 200,
    contentType: 'text/xml',
    body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
  };
  const app = express();
  app.use(express.raw({ type: () => true, limit: '5mb' }));
  app.use((req, res) => {
    received.push({
      method: req.method,
      url: req.originalUrl,
      headers: { ...req.headers },
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    });
    res.status(next.status).type(next.contentType).send(next.body);
  });
  const appServer = await listen(app);

  const sandbox = express();
  const sandboxServer = await listen(sandbox);
  const standIn = createTwilioStandIn(
    {
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      numbers: [
        {
          number: BUSINESS_NUMBER,
          smsUrl: `${appServer.url}${overrides.smsPath ?? '/twilio/sms'}`,
        },
      ],
      statusCallbackDelayMs: 5,
      ...overrides,
    },
    { baseUrl: `${sandboxServer.url}/twilio`, webhookTimeoutMs: 2_000 },
  );
  sandbox.use('/twilio', standIn.api);
  sandbox.use('/_sandbox/twilio', standIn.control);

  return {
    standIn,
    apiBaseUrl: `${sandboxServer.url}/twilio`,
    controlUrl: `${sandboxServer.url}/_sandbox/twilio`,
    appUrl: appServer.url,
    received,
    answerWith(answer) {
      next = answer;
    },
    authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    async close() {
      await standIn.close();
      await stop(sandboxServer.server);
      await stop(appServer.server);
    },
  };
}

/** Posts a form to the stand-in's Messages API. */
export async function postMessage(
  rig: TwilioTestRig,
  fields: Record<string, string>,
  init: { authorization?: string | null; accountSid?: string } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const authorization = init.authorization === undefined ? rig.authorization : init.authorization;
  if (authorization !== null) headers.authorization = authorization;
  const response = await fetch(
    `${rig.apiBaseUrl}/2010-04-01/Accounts/${init.accountSid ?? ACCOUNT_SID}/Messages.json`,
    { method: 'POST', headers, body: new URLSearchParams(fields).toString() },
  );
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

/** Waits until `check` passes or the time runs out. */
export async function eventually(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
