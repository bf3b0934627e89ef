// The harness's Request Method: templates rendered server-side, secure iparams only in headers, never back to the app.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeTemplate, prepareTemplateRequest, type TemplateInstallation } from './templates.ts';

const TEMPLATES = {
  getThing: {
    schema: {
      protocol: 'https',
      method: 'GET',
      host: '<%= iparam.relay_host %>',
      path: '/api/v1/workspaces/<%= iparam.workspace_id %>/things/<%= context.ticket_id %>',
      query: { limit: '<%= context.limit %>' },
      headers: { Authorization: 'Bearer <%= iparam.relay_token %>', Accept: 'application/json' },
    },
    options: { maxAttempts: 2, retryDelay: 100 },
  },
  postThing: {
    schema: {
      method: 'POST',
      host: '<%= iparam.relay_host %>',
      path: '/things',
      headers: {
        Authorization: 'Basic <%= encode(iparam.relay_token) %>',
        'Content-Type': 'application/json',
      },
    },
  },
  undeclared: { schema: { method: 'GET', host: 'relay.example.com', path: '/' } },
};

function installation(overrides: Partial<TemplateInstallation> = {}): TemplateInstallation {
  return {
    templates: TEMPLATES,
    declared: new Set(['getThing', 'postThing']),
    iparamDeclarations: {
      relay_host: {},
      workspace_id: {},
      relay_token: { secure: true },
    },
    iparams: { relay_host: 'relay.example.com', workspace_id: 'acme', relay_token: 's3cret' },
    ...overrides,
  };
}

function withTemplate(schema: Record<string, unknown>) {
  return installation({
    templates: {
      ...TEMPLATES,
      odd: { schema: { method: 'GET', host: 'relay.example.com', path: '/', ...schema } },
    },
    declared: new Set(['getThing', 'postThing', 'odd']),
  });
}

describe('prepareTemplateRequest', () => {
  it('fills iparams and context, encodes path values, and sends https to a real host', () => {
    const prepared = prepareTemplateRequest(
      'getThing',
      { context: { ticket_id: '42/../quick-replies', limit: 5 } },
      installation(),
    );
    expect(prepared.url).toBe(
      'https://relay.example.com/api/v1/workspaces/acme/things/42%2F..%2Fquick-replies?limit=5',
    );
    expect(prepared.headers).toEqual({
      Authorization: 'Bearer s3cret',
      Accept: 'application/json',
    });
    expect(prepared).toMatchObject({
      method: 'GET',
      maxAttempts: 2,
      retryDelayMs: 100,
      body: undefined,
    });
  });

  it('base64-encodes with encode() and forwards a string body', () => {
    const prepared = prepareTemplateRequest('postThing', { body: '{"a":1}' }, installation());
    expect(prepared.headers.Authorization).toBe(
      `Basic ${Buffer.from('s3cret').toString('base64')}`,
    );
    expect(prepared.body).toBe('{"a":1}');
  });

  it('refuses templates the manifest does not declare, and unknown ones', () => {
    expect(() => prepareTemplateRequest('undeclared', {}, installation())).toThrow(
      'Request template not found: undeclared',
    );
    expect(() => prepareTemplateRequest('nope', {}, installation())).toThrow(/not found: nope/);
  });

  it('keeps secure iparams out of hosts, paths and queries', () => {
    for (const schema of [
      { path: '/x/<%= iparam.relay_token %>' },
      { query: { t: '<%= iparam.relay_token %>' } },
      { host: '<%= iparam.relay_token %>.example.com' },
    ]) {
      expect(() => prepareTemplateRequest('odd', {}, withTemplate(schema))).toThrow(
        /secure iparam relay_token may only be used in headers/,
      );
    }
  });

  it('refuses what the platform would not render', () => {
    const refuse = (schema: Record<string, unknown>, call: unknown, message: RegExp) =>
      expect(() => prepareTemplateRequest('odd', call, withTemplate(schema))).toThrow(message);
    refuse({ path: '/<%= iparam.nope %>' }, {}, /iparam\.nope is not declared/);
    refuse({ path: '/<%= context.id.toString() %>' }, {}, /unsupported template expression/);
    refuse({ path: '/<% evil() %>' }, {}, /unsupported template expression/);
    refuse(
      { path: '/<%= context.id %>' },
      { context: { id: { nested: true } } },
      /context\.id must be a string/,
    );
    refuse({}, { context: 'ticket 1' }, /context must be an object/);
    refuse({}, { body: '{}' }, /a GET request takes no body/);
    refuse({ method: 'TRACE' }, {}, /unsupported method TRACE/);
    refuse({ path: 'x' }, {}, /must start with \//);
    refuse(
      { headers: { X: '<%= context.v %>' } },
      { context: { v: 'a\r\nInjected: 1' } },
      /span lines/,
    );
    expect(() => prepareTemplateRequest('postThing', { body: { a: 1 } }, installation())).toThrow(
      /body must be a string/,
    );
    // An admin who typed a URL where the host goes gets told so.
    expect(() =>
      prepareTemplateRequest(
        'getThing',
        {},
        installation({
          iparams: { ...installation().iparams, relay_host: 'https://relay.example.com/' },
        }),
      ),
    ).toThrow(/is not a host name \(no protocol, no path\)/);
  });
});

describe('invokeTemplate', () => {
  let server: ReturnType<typeof createServer>;
  let host = '';
  const seen: { url: string; authorization: string | undefined; body: string }[] = [];
  let answers: { status: number; body: string }[] = [];

  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => resolve(text));
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      void body(req).then((text) => {
        seen.push({ url: req.url ?? '', authorization: req.headers.authorization, body: text });
        const answer = answers.shift() ?? { status: 200, body: '{"ok":true}' };
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const local = () => installation({ iparams: { ...installation().iparams, relay_host: host } });

  it('makes the call from the server: the relay sees the token, the answer never carries it', async () => {
    seen.length = 0;
    const outcome = await invokeTemplate(
      'getThing',
      { context: { ticket_id: 7, limit: 5 } },
      local(),
    );
    expect(outcome).toMatchObject({ status: 200, response: '{"ok":true}', attempts: 1 });
    expect(outcome.errorSource).toBeUndefined();
    expect(outcome.headers['content-type']).toBe('application/json');
    expect(seen).toEqual([
      { url: '/api/v1/workspaces/acme/things/7?limit=5', authorization: 'Bearer s3cret', body: '' },
    ]);
    expect(JSON.stringify(outcome)).not.toContain('s3cret');
  });

  it('retries 5xx up to maxAttempts, and not a 404', async () => {
    answers = [{ status: 503, body: '{}' }];
    await expect(
      invokeTemplate('getThing', { context: { ticket_id: 1, limit: 1 } }, local()),
    ).resolves.toMatchObject({
      status: 200,
      attempts: 2,
    });
    answers = [{ status: 404, body: '{"error":"no SMS conversation"}' }];
    await expect(
      invokeTemplate('getThing', { context: { ticket_id: 1, limit: 1 } }, local()),
    ).resolves.toEqual({
      status: 404,
      headers: expect.objectContaining({ 'content-type': 'application/json' }) as unknown,
      response: '{"error":"no SMS conversation"}',
      attempts: 1,
      errorSource: 'APP',
    });
  });

  it('posts the body as given', async () => {
    seen.length = 0;
    await invokeTemplate('postThing', { body: '{"text":"hi"}' }, local());
    expect(seen[0]?.body).toBe('{"text":"hi"}');
  });

  it('answers refusals and unreachable hosts as PLATFORM failures, never throwing', async () => {
    await expect(invokeTemplate('undeclared', {}, local())).resolves.toMatchObject({
      status: 404,
      errorSource: 'PLATFORM',
      attempts: 0,
    });
    const closed = installation({
      iparams: { ...installation().iparams, relay_host: '127.0.0.1:1' },
    });
    await expect(invokeTemplate('postThing', {}, closed)).resolves.toMatchObject({
      status: 502,
      errorSource: 'PLATFORM',
      response: expect.stringMatching(/could not be reached/) as unknown,
    });
  });

  it('times out a host that never answers', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const outcome = await invokeTemplate(
        'postThing',
        {},
        installation({
          iparams: { ...installation().iparams, relay_host: `127.0.0.1:${port}` },
          timeoutMs: 100,
        }),
      );
      expect(outcome).toMatchObject({ status: 504, errorSource: 'PLATFORM' });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
