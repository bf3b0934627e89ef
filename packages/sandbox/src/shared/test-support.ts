// Helpers for the stand-ins' own tests: a JSON API client and a webhook receiver over real HTTP.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
}

export type ApiCallFn = (
  method: string,
  path: string,
  body?: unknown,
  init?: { headers?: Record<string, string>; raw?: Buffer | FormData },
) => Promise<ApiAnswer>;

/** Sends JSON (or `raw`) with this Authorization header and parses JSON answers. */
export function jsonClient(apiBaseUrl: string, authorization: string | undefined): ApiCallFn {
  return async function call(method, path, body, init = {}) {
    const response = await fetch(`${apiBaseUrl}${path}`, {
      method,
      headers: {
        ...(authorization === undefined ? {} : { authorization }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
}

export interface ReceivedWebhook {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
}

/** An HTTP server that records every request and answers with the next scripted status (200). */
export async function startReceiver(path = '/hooks') {
  const received: ReceivedWebhook[] = [];
  const script: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
      });
      res.statusCode = script.shift() ?? 200;
      res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return {
    url,
    received,
    /** The next requests are answered with these statuses, in order. */
    answerWith(...statuses: number[]) {
      script.push(...statuses);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
