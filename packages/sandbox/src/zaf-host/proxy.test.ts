// The harness's request proxy: secure settings filled server-side, only in their scopes and for whitelisted hosts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { prepareProxyRequest, proxyRequest, type ProxyInstallation } from './proxy.ts';

const INSTALLATION: ProxyInstallation = {
  parameters: [{ name: 'relay_url' }, { name: 'relay_token', secure: true, scopes: ['header'] }],
  settings: { relay_url: 'https://relay.example.com', relay_token: 's3cret' },
  domainWhitelist: ['relay.example.com'],
  zendeskApiBaseUrl: 'http://127.0.0.1:1/zendesk',
  zendeskAuthorization: 'Basic YWdlbnQ=',
};

describe('prepareProxyRequest', () => {
  it('fills a secure setting in a header of a secure request', () => {
    const prepared = prepareProxyRequest(
      {
        url: 'https://relay.example.com/api/v1/x',
        secure: true,
        headers: { Authorization: 'Bearer {{setting.relay_token}}' },
      },
      INSTALLATION,
    );
    expect(prepared.headers.Authorization).toBe('Bearer s3cret');
    expect(prepared.method).toBe('GET');
  });

  it('leaves placeholders alone when the request is not secure', () => {
    const prepared = prepareProxyRequest(
      {
        url: 'https://relay.example.com/x',
        headers: { Authorization: 'Bearer {{setting.relay_token}}' },
      },
      INSTALLATION,
    );
    expect(prepared.headers.Authorization).toBe('Bearer {{setting.relay_token}}');
  });

  it('refuses a secure setting outside its scopes, an unknown setting and a host off the whitelist', () => {
    expect(() =>
      prepareProxyRequest(
        { url: 'https://relay.example.com/x?t={{setting.relay_token}}', secure: true },
        INSTALLATION,
      ),
    ).toThrow(/allowed only in header, not in the url/);
    expect(() =>
      prepareProxyRequest(
        { url: 'https://relay.example.com/x', secure: true, headers: { X: '{{setting.nope}}' } },
        INSTALLATION,
      ),
    ).toThrow(/no such setting/);
    expect(() =>
      prepareProxyRequest(
        {
          url: 'https://evil.example.net/x',
          secure: true,
          headers: { Authorization: 'Bearer {{setting.relay_token}}' },
        },
        INSTALLATION,
      ),
    ).toThrow(/domainWhitelist/);
  });

  it('sends relative /api/v2 URLs to the Zendesk account as the agent', () => {
    const prepared = prepareProxyRequest({ url: '/api/v2/tickets/1.json' }, INSTALLATION);
    expect(prepared.url).toBe('http://127.0.0.1:1/zendesk/api/v2/tickets/1.json');
    expect(prepared.headers.Authorization).toBe('Basic YWdlbnQ=');
  });
});

describe('proxyRequest', () => {
  it('makes the request from the server and returns the answer, never the token', async () => {
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ sawToken: req.headers.authorization === 'Bearer s3cret' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const outcome = await proxyRequest(
        {
          url: `http://127.0.0.1:${port}/x`,
          secure: true,
          headers: { Authorization: 'Bearer {{setting.relay_token}}' },
        },
        { ...INSTALLATION, domainWhitelist: ['127.0.0.1'] },
      );
      expect(outcome.status).toBe(200);
      expect(JSON.parse(outcome.responseText)).toEqual({ sawToken: true });
      expect(JSON.stringify(outcome)).not.toContain('s3cret');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers a refusal as a failed request with the reason', async () => {
    const outcome = await proxyRequest(
      { url: 'https://evil.example.net/x', secure: true },
      INSTALLATION,
    );
    expect(outcome.status).toBe(403);
    expect(outcome.responseText).toMatch(/domainWhitelist/);
  });
});
