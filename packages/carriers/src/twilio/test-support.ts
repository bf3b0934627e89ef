// Test support for the Twilio adapter: requests as the relay would hand them over, and a fake Twilio.
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawWebhookRequest } from '../carrier-adapter.ts';

export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'unit-test-auth-token';
export const SMS_URL = 'https://relay.example.com/twilio/sms?workspace=acme';

/** carriers.md §1.4 computed by hand with node:crypto, independent of both the library and the sandbox. */
export function signForm(
  token: string,
  url: string,
  fields: readonly (readonly [string, string])[],
): string {
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of fields) byName.set(name, (byName.get(name) ?? new Set()).add(value));
  let data = url;
  for (const name of [...byName.keys()].sort()) {
    for (const value of [...(byName.get(name) ?? [])].sort()) data += name + value;
  }
  return createHmac('sha1', token).update(data, 'utf8').digest('base64');
}

/** A form webhook as received: body encoded like Twilio's, signed unless `signature` says otherwise. */
export function formRequest(
  fields: readonly (readonly [string, string])[],
  options: { url?: string; token?: string; signature?: string | null; contentType?: string } = {},
): RawWebhookRequest {
  const url = options.url ?? SMS_URL;
  const signature =
    options.signature === undefined
      ? signForm(options.token ?? AUTH_TOKEN, url, fields)
      : options.signature;
  const body = new URLSearchParams(fields.map(([n, v]): [string, string] => [n, v])).toString();
  return {
    method: 'POST',
    publicUrl: url,
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    },
    rawBody: Buffer.from(body, 'utf8'),
  };
}

export const MESSAGE_SID = 'SM0f8c4e2b1a7d6c5b4a39281706f5e4d3';
export const CUSTOMER = '+14155550123';
export const BUSINESS = '+15005550006';

/** An inbound SMS with the parameters of the captured payloads in carriers.md §1.1. */
export function inboundFields(overrides: Record<string, string> = {}): [string, string][] {
  const fields: Record<string, string> = {
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: MESSAGE_SID,
    NumMedia: '0',
    ToCity: 'SAN FRANCISCO',
    FromZip: '94105',
    SmsSid: MESSAGE_SID,
    FromState: 'CA',
    SmsStatus: 'received',
    FromCity: 'SAN FRANCISCO',
    Body: 'Hi, where is my order?',
    FromCountry: 'US',
    To: BUSINESS,
    ToZip: '94105',
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: MESSAGE_SID,
    AccountSid: ACCOUNT_SID,
    From: CUSTOMER,
    ApiVersion: '2010-04-01',
    ...overrides,
  };
  return Object.entries(fields);
}

export interface FakeTwilio {
  readonly url: string;
  readonly requests: {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[];
  close(): Promise<void>;
}

/** A local server answering every request with `handler`, for answers the stand-in never gives. */
export async function startFakeTwilio(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<FakeTwilio> {
  const requests: FakeTwilio['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
