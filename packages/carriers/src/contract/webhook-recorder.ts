// Test support: a local HTTP endpoint standing in for the relay, recording webhooks exactly as received.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawWebhookRequest, WebhookAck } from '../carrier-adapter.ts';

export interface WebhookRecorder {
  /** e.g. http://127.0.0.1:PORT (no trailing slash); used as the public URL. */
  readonly url: string;
  /** Every request so far, in arrival order, with `publicUrl` = url + path and query as received. */
  readonly received: readonly RawWebhookRequest[];
  /** Resolves with the first request (past or future) that matches. */
  waitFor(
    match: (request: RawWebhookRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RawWebhookRequest>;
  close(): Promise<void>;
}

function lowerCaseHeaders(request: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Answers every request with `answer(request)` (empty 200 by default). */
export async function startWebhookRecorder(
  answer: (request: RawWebhookRequest) => WebhookAck = () => ({
    status: 200,
    contentType: 'text/plain',
    body: '',
  }),
): Promise<WebhookRecorder> {
  const received: RawWebhookRequest[] = [];
  const waiters: {
    match: (r: RawWebhookRequest) => boolean;
    resolve: (r: RawWebhookRequest) => void;
  }[] = [];
  let base = '';

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RawWebhookRequest = {
        method: req.method ?? 'GET',
        publicUrl: base + (req.url ?? '/'),
        headers: lowerCaseHeaders(req),
        rawBody: Buffer.concat(chunks),
      };
      received.push(request);
      for (const waiter of waiters.filter((w) => w.match(request))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(request);
      }
      const ack = answer(request);
      res.writeHead(ack.status, { 'content-type': ack.contentType }).end(ack.body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    received,
    waitFor(match, timeoutMs = 5_000) {
      const found = received.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (request: RawWebhookRequest) => {
            clearTimeout(timer);
            resolve(request);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error('no matching webhook arrived in time'));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
