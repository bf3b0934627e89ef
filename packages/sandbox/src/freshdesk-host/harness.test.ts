// The Freshdesk app harness over HTTP: the ticket page's data from the stand-in, the app on its own origin, templates made server-side.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.ts';
import { APP_CLIENT_PATH } from './harness.ts';

const TOKEN = 'harness-test-relay-token';
const TWILIO = {
  accountSid: `AC${'0'.repeat(32)}`,
  authToken: 'x',
  numbers: [{ number: '+14155550100', smsUrl: 'http://127.0.0.1:9/sms' }],
};
const ZENDESK = {
  subdomain: 'acme',
  email: 'a@acme.test',
  apiToken: 'z',
  webhookSigningSecret: 's',
};

/** The smallest FDK-layout app: one page, one template that calls the relay with the secure token. */
function writeApp(dir: string): void {
  mkdirSync(join(dir, 'app'), { recursive: true });
  mkdirSync(join(dir, 'config'), { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      'platform-version': '3.0',
      modules: {
        common: { requests: { relayPing: {} } },
        support_ticket: { location: { ticket_sidebar: { url: 'index.html', icon: 'icon.svg' } } },
      },
      engines: { node: '24.11.0', fdk: '10.1.2' },
    }),
  );
  writeFileSync(
    join(dir, 'config', 'iparams.json'),
    JSON.stringify({
      relay_host: { display_name: 'Relay host', type: 'text' },
      relay_token: { display_name: 'Token', type: 'text', secure: true },
    }),
  );
  writeFileSync(
    join(dir, 'config', 'requests.json'),
    JSON.stringify({
      relayPing: {
        schema: {
          method: 'GET',
          host: '<%= iparam.relay_host %>',
          path: '/ping/<%= context.ticket_id %>',
          headers: { Authorization: 'Bearer <%= iparam.relay_token %>' },
        },
      },
    }),
  );
  writeFileSync(
    join(dir, 'app', 'index.html'),
    '<!doctype html><html><head><script src="{{{appclient}}}"></script></head><body>app</body></html>',
  );
}

describe('the Freshdesk app harness', () => {
  let sandbox: Sandbox;
  let appDir = '';
  let relay: ReturnType<typeof createServer>;
  const relayCalls: { url: string; authorization: string | undefined }[] = [];
  let ticketId = 0;

  beforeAll(async () => {
    appDir = mkdtempSync(join(tmpdir(), 'smsbridge-fd-harness-'));
    writeApp(appDir);
    relay = createServer((req, res) => {
      relayCalls.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"pong":true}');
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    sandbox = await startSandbox({
      twilio: TWILIO,
      zendesk: ZENDESK,
      freshdesk: { domain: 'acme', apiKey: 'fd-key' },
      freshdeskApp: {
        appDir,
        iparams: {
          relay_host: `127.0.0.1:${(relay.address() as AddressInfo).port}`,
          relay_token: TOKEN,
        },
      },
    });
    // A customer's ticket, as the relay files it (freshdesk.md §1.6: phone requester needs a name).
    const created = await fetch(`${sandbox.freshdeskApiBaseUrl}/api/v2/tickets`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('fd-key:X').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: 'Ana Lima',
        phone: '+14155550123',
        subject: 'SMS from +14155550123',
        description: 'Where is my order?',
        source: 3,
      }),
    });
    ticketId = ((await created.json()) as { id: number }).id;
  });
  afterAll(async () => {
    await sandbox?.close();
    await new Promise((resolve) => relay?.close(resolve));
    rmSync(appDir, { recursive: true, force: true });
  });

  const page = (path: string, init?: RequestInit) =>
    fetch(`${sandbox.url}/_harness/freshdesk${path}`, init);

  it('serves the ticket page, which may frame only the app origin', async () => {
    const response = await page(`/?ticket=${ticketId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain(
      `frame-src ${sandbox.freshdeskAppOrigin}`,
    );
    expect(sandbox.freshdeskAppOrigin).not.toBe(sandbox.url);
    expect(sandbox.freshdeskAppHarnessUrl(ticketId)).toBe(
      `${sandbox.url}/_harness/freshdesk?ticket=${ticketId}`,
    );
  });

  it('gives the client data the stand-in holds, in the platform shapes, without secure iparams', async () => {
    const snapshot = (await (await page(`/api/tickets/${ticketId}`)).json()) as {
      data: Record<string, Record<string, unknown>>;
      app: { iparams: Record<string, unknown>; locationUrl: string };
    };
    expect(snapshot.data.ticket).toMatchObject({ id: ticketId, subject: 'SMS from +14155550123' });
    expect(snapshot.data.contact).toMatchObject({ name: 'Ana Lima', phone: '+14155550123' });
    expect(snapshot.data.loggedInUser).toMatchObject({
      id: sandbox.freshdesk?.agentId,
      contact: { name: 'Alex Agent', language: 'en' },
    });
    expect(snapshot.app.locationUrl).toBe('index.html');
    expect(Object.keys(snapshot.app.iparams)).toEqual(['relay_host']);
    expect(JSON.stringify(snapshot)).not.toContain(TOKEN);
    expect((await page('/api/tickets/999999')).status).toBe(404);
  });

  it('serves the app from its own origin with the client in place of {{{appclient}}}, and nothing outside app/', async () => {
    const origin = sandbox.freshdeskAppOrigin ?? '';
    const html = await (await fetch(`${origin}/index.html`)).text();
    expect(html).toContain(`<script src="${APP_CLIENT_PATH}"></script>`);
    expect(html).not.toContain('{{{appclient}}}');
    const client = await fetch(`${origin}${APP_CLIENT_PATH}`);
    expect(client.headers.get('content-type')).toMatch(/javascript/);
    expect(await client.text()).toMatch(/fw_instance/);
    for (const path of [
      '/config/iparams.json',
      '/manifest.json',
      '/%2e%2e/manifest.json',
      '/..%2fconfig/requests.json',
      '/..%2f..%2fapp%2findex.html',
    ]) {
      const response = await fetch(`${origin}${path}`);
      expect([403, 404], path).toContain(response.status);
      expect(await response.text(), path).not.toMatch(/relay_token|platform-version/);
    }
  });

  it('makes template calls on the server: the relay gets the token, the page never does', async () => {
    relayCalls.length = 0;
    const response = await page('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'relayPing', options: { context: { ticket_id: ticketId } } }),
    });
    const outcome = (await response.json()) as Record<string, unknown>;
    expect(outcome).toMatchObject({ status: 200, response: '{"pong":true}' });
    expect(relayCalls).toEqual([{ url: `/ping/${ticketId}`, authorization: `Bearer ${TOKEN}` }]);
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
    const unknown = (await (
      await page('/api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'relaySteal', options: {} }),
      })
    ).json()) as Record<string, unknown>;
    expect(unknown).toMatchObject({ status: 404, errorSource: 'PLATFORM' });
    expect((await page('/api/invoke', { method: 'POST' })).status).toBe(400);
  });

  it('sends an agent reply from the ticket view to the stand-in', async () => {
    const response = await page(`/api/tickets/${ticketId}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'We are on it.' }),
    });
    expect(response.status).toBe(201);
    expect(sandbox.freshdesk?.notes(ticketId).at(-1)?.body_text).toBe('We are on it.');
    const empty = await page(`/api/tickets/${ticketId}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: '  ' }),
    });
    expect(empty.status).toBe(400);
  });

  it('starts a harness on its own port over the same stand-in', async () => {
    const running = await sandbox.startFreshdeskAppHarness({ appDir, iparams: {} });
    try {
      const response = await fetch(`${running.url}/_harness/freshdesk/api/tickets/${ticketId}`);
      expect(response.status).toBe(200);
      expect(running.pageUrl(ticketId)).toBe(
        `${running.url}/_harness/freshdesk?ticket=${ticketId}`,
      );
    } finally {
      await running.close();
    }
  });
});

describe('the Freshdesk app harness without a Freshdesk stand-in', () => {
  it('is refused at start, and answers 404 when not asked for', async () => {
    await expect(
      startSandbox({
        twilio: TWILIO,
        zendesk: ZENDESK,
        freshdeskApp: { appDir: '.', iparams: {} },
      }),
    ).rejects.toThrow(/freshdeskApp needs freshdesk/);
    const sandbox = await startSandbox({ twilio: TWILIO, zendesk: ZENDESK });
    try {
      const response = await fetch(`${sandbox.url}/_harness/freshdesk?ticket=1`);
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/without freshdeskApp/);
      await expect(sandbox.startFreshdeskAppHarness({ appDir: '.', iparams: {} })).rejects.toThrow(
        /started without freshdesk/,
      );
    } finally {
      await sandbox.close();
    }
  });
});
