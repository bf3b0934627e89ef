// The app API against a seeded store: route table = router = OpenAPI document, answers match their schemas.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/load.ts';
import { createLogger } from '../observability/logger.ts';
import { createRelayContext } from '../relay.ts';
import type { RelayContext } from '../relay/context.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { createApp } from './app.ts';
import { createAppApiRouter, parseParameter } from './app-api.ts';
import { APP_API_ROUTES, APP_API_PREFIX, documentPath, expressPath } from './app-api-routes.ts';
import { APP_API_SCHEMAS } from './app-api-schemas.ts';
import { buildOpenApiDocument } from './openapi.ts';

const ACME_TOKEN = 'acme-0123456789abcdef0123456789abcdef';
const GLOBEX_TOKEN = 'globex-0123456789abcdef0123456789abcdef';
const ACME_PHONE = '+14155550123';
const GLOBEX_PHONE = '+14155550777';

function workspace(id: string, number: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: id,
    businessNumbers: [number],
    carrier: {
      kind: 'twilio',
      accountSid: `AC${'a'.repeat(32)}`,
      authToken: { env: 'TWILIO_TOKEN' },
    },
    helpdesk: {
      kind: 'zendesk',
      subdomain: id,
      email: `relay@${id}.test`,
      apiToken: { env: 'ZENDESK_TOKEN' },
      webhookSigningSecret: { env: 'ZENDESK_SECRET' },
    },
    ...extra,
  };
}

const config = resolveConfig(
  'app-api.yaml',
  {
    server: { publicUrl: 'https://sms.example.com' },
    store: { sqlitePath: ':memory:' },
    workspaces: [
      workspace('acme', '+14155550100', { appApiToken: { env: 'ACME_APP_TOKEN' } }),
      workspace('globex', '+14155550200', { appApiToken: { env: 'GLOBEX_APP_TOKEN' } }),
      // No appApiToken: the app API stays closed for this one.
      workspace('beta', '+14155550300'),
    ],
  },
  {
    TWILIO_TOKEN: 'twilio',
    ZENDESK_TOKEN: 'zendesk',
    ZENDESK_SECRET: 'secret',
    ACME_APP_TOKEN: ACME_TOKEN,
    GLOBEX_APP_TOKEN: GLOBEX_TOKEN,
  },
);

const T0 = '2026-03-01T10:00:00.000Z';
const T1 = '2026-03-02T10:00:00.000Z';

async function seed(store: Store): Promise<void> {
  const db = store.db;
  const conversation = async (workspaceId: string, business: string, phone: string) => {
    const row = await db
      .insertInto('conversations')
      .values({
        workspace_id: workspaceId,
        business_number: business,
        customer_phone: phone,
        // The same ticket number in two workspaces (two Zendesk accounts): never mixed up.
        ticket_id: '42',
        ticket_status: 'open',
        ticket_status_at: T0,
        ticket_checked_at: T0,
        last_inbound_at: T0,
        created_at: T0,
        updated_at: T0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const acme = await conversation('acme', '+14155550100', ACME_PHONE);
  const globex = await conversation('globex', '+14155550200', GLOBEX_PHONE);
  await conversation('beta', '+14155550300', ACME_PHONE);

  const outbound = [
    ['pending', null, 'agent_reply'],
    ['held', null, 'agent_reply'],
    ['blocked_opted_out', null, 'agent_reply'],
    ['blocked_pii', null, 'agent_reply'],
    ['blocked_too_long', null, 'agent_reply'],
    ['delivered', null, 'agent_reply'],
    ['undelivered', '30003', 'agent_reply'],
    ['failed', '21610', 'agent_reply'],
    ['failed', null, 'agent_reply'],
    ['sent', null, 'keyword_reply'],
  ] as const;
  for (const [index, [status, errorCode, origin]] of outbound.entries()) {
    await db
      .insertInto('messages')
      .values({
        workspace_id: 'acme',
        conversation_id: acme,
        direction: 'outbound',
        carrier: 'twilio',
        carrier_message_id: `SM${index}`,
        body: `reply ${index}`,
        media_json: '[]',
        status,
        error_code: errorCode,
        origin,
        origin_id: `c${index}`,
        author_name: origin === 'agent_reply' ? 'Alex Agent' : null,
        segments: origin === 'agent_reply' ? 1 : null,
        created_at: T1,
        updated_at: T1,
      })
      .execute();
  }
  await db
    .insertInto('messages')
    .values({
      workspace_id: 'globex',
      conversation_id: globex,
      direction: 'outbound',
      carrier: 'twilio',
      carrier_message_id: 'SMglobex',
      body: 'globex reply',
      media_json: '[]',
      status: 'delivered',
      error_code: null,
      origin: 'agent_reply',
      origin_id: 'g1',
      author_name: 'Globex Agent',
      segments: 2,
      created_at: T1,
      updated_at: T1,
    })
    .execute();

  const event = (
    workspaceId: string,
    phone: string,
    kind: string,
    source: string,
    at: string,
    extra: { keyword?: string; scope?: string } = {},
  ) =>
    db
      .insertInto('consent_events')
      .values({
        workspace_id: workspaceId,
        phone,
        scope: extra.scope ?? 'support',
        kind,
        source,
        keyword: extra.keyword ?? null,
        text: extra.keyword ?? null,
        ref: null,
        detail: null,
        message_id: null,
        occurred_at: at,
      })
      .execute();
  await event('acme', ACME_PHONE, 'customer_initiated', 'inbound_message', T0);
  // STOP and START in the same millisecond: the one appended last wins, and is listed first.
  await event('acme', ACME_PHONE, 'opt_out', 'keyword', T1, { keyword: 'STOP', scope: 'all' });
  await event('acme', ACME_PHONE, 'opt_in', 'keyword', T1, { keyword: 'START' });
  await event('globex', GLOBEX_PHONE, 'opt_out', 'keyword', T0, { keyword: 'STOP', scope: 'all' });
  // The same person in another workspace opted out there; acme must not see it.
  await event('beta', ACME_PHONE, 'opt_out', 'carrier_error', T1, { scope: 'all' });
  // Globex's ticket 42 came from a bot hand-off; acme's ticket 42 (same number) did not.
  await db
    .insertInto('bot_sessions')
    .values({
      workspace_id: 'globex',
      conversation_id: globex,
      status: 'handed_off',
      state_json: JSON.stringify({
        version: 1,
        language: 'en',
        phase: 'handed_off',
        greeted: true,
        misses: 0,
        reasks: 0,
        intent: 'order_status',
        turns: [
          { at: T0, from: 'customer', text: 'where is order 99999999', intent: 'order_status' },
          { at: T0, from: 'bot', text: "I couldn't find order 99999999. Connecting you..." },
        ],
      }),
      intent: 'order_status',
      handoff_reason: 'order_not_found',
      sla_tier: 'P3',
      ticket_id: '42',
      started_at: T0,
      updated_at: T0,
    })
    .execute();
}

describe('app API (seeded store)', () => {
  let store: Store;
  let context: RelayContext;
  let server: Server;
  let base: string;
  const document = buildOpenApiDocument(APP_API_ROUTES, 'https://sms.example.com');

  beforeAll(async () => {
    store = openStore({ kind: 'sqlite', path: ':memory:' });
    await store.migrate();
    await seed(store);
    context = createRelayContext(config, store, {
      fetch: () => Promise.reject(new Error('no network in this test')),
      logger: createLogger({ level: 'silent', includeBodies: false }),
      now: () => new Date(T1),
      notifyWorker: () => undefined,
    });
    server = createApp(context).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close().catch(() => undefined);
  });

  const get = async (target: string, token: string | null = ACME_TOKEN) => {
    const response = await fetch(`${base}${target}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('date-time', (value: string) =>
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value),
  );
  // The component schemas as one JSON Schema document: their refs point into $defs instead.
  ajv.addSchema(
    JSON.parse(
      JSON.stringify({ $id: 'app-api', $defs: APP_API_SCHEMAS }).replaceAll(
        '#/components/schemas/',
        '#/$defs/',
      ),
    ) as object,
  );
  const conforms = (schemaName: string, body: unknown) => {
    const validate = ajv.compile({ $ref: `app-api#/$defs/${schemaName}` });
    const valid = validate(body);
    expect(validate.errors ?? [], `${schemaName}: ${JSON.stringify(body)}`).toEqual([]);
    return valid;
  };

  describe('one route table', () => {
    it('serves exactly the documented operations, and documents every route served', () => {
      const router = createAppApiRouter(context);
      const served = router.stack
        .filter((layer) => layer.route !== undefined)
        .flatMap((layer) =>
          Object.keys((layer.route as unknown as { methods: Record<string, boolean> }).methods).map(
            (method) => `${method.toUpperCase()} ${APP_API_PREFIX}${layer.route!.path}`,
          ),
        )
        .sort();
      const documented = Object.entries(document.paths as Record<string, object>)
        .flatMap(([path, operations]) =>
          Object.keys(operations).map((method) => `${method.toUpperCase()} ${expressPath(path)}`),
        )
        .sort();
      expect(served).toEqual(documented);
      expect(served).toHaveLength(5);
      expect(served.filter((route) => route.startsWith('POST '))).toEqual([
        `POST ${APP_API_PREFIX}/workspaces/:workspaceId/conversations/by-ticket/:ticketId/messages`,
      ]);
    });

    it('is a valid OpenAPI 3.1 document', async () => {
      const result = await new Validator().validate(document);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
    });

    it('declares every path parameter of each path, with the bearer scheme required everywhere', () => {
      for (const route of APP_API_ROUTES) {
        const path = documentPath(route);
        const operation = (
          document.paths as Record<
            string,
            Record<string, { parameters: { name: string; in: string }[] }>
          >
        )[path]![route.method]!;
        const declared = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        expect(declared).toEqual(inPath);
      }
      expect(document.security).toEqual([{ appApiToken: [] }]);
    });

    it('is what /openapi.json serves', async () => {
      const response = await fetch(`${base}/openapi.json`);
      expect(await response.json()).toEqual(JSON.parse(JSON.stringify(document)));
    });
  });

  describe('answers match the document', () => {
    it('conversation: masked number, business number and consent from this workspace only', async () => {
      const answer = await get('/api/v1/workspaces/acme/conversations/by-ticket/42');
      expect(answer.status).toBe(200);
      conforms('ConversationView', answer.body);
      expect(answer.body).toEqual({
        conversation: {
          customerPhoneMasked: '+1415***0123',
          businessNumber: '+14155550100',
          ticketId: '42',
          ticketStatus: 'open',
          createdAt: T0,
        },
        // START came after STOP (same instant, appended later); beta's carrier opt-out is not ours.
        consent: {
          status: 'opted_in',
          canSend: true,
          since: T1,
          decidingEvent: { kind: 'opt_in', source: 'keyword', keyword: 'START', at: T1 },
        },
        bot: null,
      });
      const globex = await get(
        '/api/v1/workspaces/globex/conversations/by-ticket/42',
        GLOBEX_TOKEN,
      );
      conforms('ConversationView', globex.body);
      expect(globex.body.consent).toMatchObject({ status: 'opted_out', canSend: false });
      expect(globex.body.conversation).toMatchObject({ customerPhoneMasked: '+1415***0777' });
      expect(globex.body.bot).toEqual({
        status: 'handed_off',
        intent: 'order_status',
        handoffReason: 'order_not_found',
        slaTier: 'P3',
        startedAt: T0,
        updatedAt: T0,
        // What the bot understood (intent, score) stays out: the transcript is what was said.
        transcript: [
          { at: T0, from: 'customer', text: 'where is order 99999999' },
          { at: T0, from: 'bot', text: "I couldn't find order 99999999. Connecting you..." },
        ],
      });
    });

    it('consent history: newest first, ties in reverse order of appending, limited on request', async () => {
      const answer = await get(
        '/api/v1/workspaces/acme/conversations/by-ticket/42/consent-history',
      );
      conforms('ConsentHistory', answer.body);
      const events = answer.body.events as { kind: string; at: string }[];
      expect(events.map((event) => event.kind)).toEqual([
        'opt_in',
        'opt_out',
        'customer_initiated',
      ]);
      const limited = await get(
        '/api/v1/workspaces/acme/conversations/by-ticket/42/consent-history?limit=1',
      );
      expect((limited.body.events as { kind: string }[]).map((event) => event.kind)).toEqual([
        'opt_in',
      ]);
    });

    it('deliveries: newest first, with plain reasons for every state that needs one', async () => {
      const answer = await get(
        '/api/v1/workspaces/acme/conversations/by-ticket/42/deliveries?limit=100',
      );
      conforms('Deliveries', answer.body);
      const deliveries = answer.body.deliveries as {
        id: number;
        status: string;
        errorCode: string | null;
        plainReason: string | null;
        origin: string | null;
      }[];
      expect(deliveries).toHaveLength(10);
      expect(deliveries.map((delivery) => delivery.id)).toEqual(
        [...deliveries.map((delivery) => delivery.id)].sort((a, b) => b - a),
      );
      const reason = (status: string, code: string | null = null) =>
        deliveries.find((d) => d.status === status && d.errorCode === code)?.plainReason;
      const carrier = context.workspaces.get('acme')!.carrier;
      expect(reason('undelivered', '30003')).toBe(carrier.describeError('30003').agentMessage);
      expect(reason('failed', '21610')).toMatch(/opted out/);
      expect(reason('failed')).toBe('The carrier could not deliver the text.');
      expect(reason('blocked_opted_out')).toMatch(/^Not sent: the customer has opted out/);
      expect(reason('blocked_pii')).toMatch(/^Not sent: .*card number/);
      expect(reason('blocked_too_long')).toMatch(/^Not sent: .*1,600 characters/);
      expect(reason('held')).toMatch(/^Held: /);
      for (const status of ['pending', 'delivered', 'sent']) expect(reason(status)).toBeNull();
      expect(deliveries[0]).toMatchObject({ origin: 'keyword_reply', status: 'sent' });

      const two = await get(
        '/api/v1/workspaces/acme/conversations/by-ticket/42/deliveries?limit=2',
      );
      expect((two.body.deliveries as unknown[]).length).toBe(2);
      const globex = await get(
        '/api/v1/workspaces/globex/conversations/by-ticket/42/deliveries',
        GLOBEX_TOKEN,
      );
      expect(globex.body.deliveries).toEqual([
        expect.objectContaining({ authorName: 'Globex Agent', segments: 2 }),
      ]);
    });

    it('quick replies: the defaults with their segment counts', async () => {
      const answer = await get('/api/v1/workspaces/acme/quick-replies');
      conforms('QuickReplies', answer.body);
      expect((answer.body.quickReplies as unknown[]).length).toBe(5);
    });

    it('errors: one-line JSON in the Error schema', async () => {
      for (const [target, token, status] of [
        ['/api/v1/workspaces/acme/quick-replies', null, 401],
        ['/api/v1/workspaces/acme/quick-replies', GLOBEX_TOKEN, 403],
        ['/api/v1/workspaces/acme/conversations/by-ticket/x', ACME_TOKEN, 400],
        ['/api/v1/workspaces/acme/conversations/by-ticket/7', ACME_TOKEN, 404],
        ['/api/v1/workspaces/acme/conversations/by-ticket/%E0%A4%A', ACME_TOKEN, 400],
        ['/api/v1/nothing-here', ACME_TOKEN, 404],
      ] as const) {
        const answer = await get(target, token);
        expect(answer.status, target).toBe(status);
        conforms('Error', answer.body);
        expect(answer.body.error).toMatch(/^[^\n]+$/);
      }
    });
  });

  it('keeps a workspace without an app API token closed, indistinguishable from an unknown one', async () => {
    const closed = await get('/api/v1/workspaces/beta/quick-replies', ACME_TOKEN);
    const unknown = await get('/api/v1/workspaces/nosuch/quick-replies', ACME_TOKEN);
    const wrong = await get('/api/v1/workspaces/acme/quick-replies', 'x'.repeat(40));
    expect(closed).toEqual(wrong);
    expect(unknown).toEqual(wrong);
    expect(wrong.status).toBe(403);
    expect((await get('/api/v1/workspaces/beta/quick-replies', null)).status).toBe(401);
  });

  it('answers a store failure with a one-line 500 and no details', async () => {
    const broken = openStore({ kind: 'sqlite', path: ':memory:' });
    await broken.migrate();
    await broken.close();
    const app = createApp({ ...context, store: broken });
    const failing = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => failing.once('listening', resolve));
    try {
      const port = (failing.address() as AddressInfo).port;
      const response = await fetch(
        `http://127.0.0.1:${port}/api/v1/workspaces/acme/conversations/by-ticket/42`,
        { headers: { authorization: `Bearer ${ACME_TOKEN}` } },
      );
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'internal error' });
    } finally {
      await new Promise((resolve) => failing.close(resolve));
    }
  });
});

describe('parseParameter', () => {
  const ticketId = APP_API_ROUTES[0]!.parameters[0]!;
  const limit = APP_API_ROUTES[2]!.parameters[1]!;

  it('accepts ticket ids of digits, without leading zeros, up to 19 digits', () => {
    for (const value of ['1', '42', '9'.repeat(19)]) {
      expect(parseParameter(ticketId, value)).toEqual({ ok: true, value });
    }
    for (const value of [
      '0',
      '01',
      '9'.repeat(20),
      '',
      ' 1',
      '1 ',
      '١٢',
      '1e3',
      '0x1',
      '\uD800',
      'x'.repeat(10_000),
    ]) {
      expect(parseParameter(ticketId, value).ok, value.slice(0, 20)).toBe(false);
    }
    expect(parseParameter(ticketId, undefined).ok).toBe(false);
  });

  it('takes limits from 1 to 100, with the route default when absent', () => {
    expect(parseParameter(limit, undefined)).toEqual({ ok: true, value: 20 });
    expect(parseParameter(limit, '1')).toEqual({ ok: true, value: 1 });
    expect(parseParameter(limit, '100')).toEqual({ ok: true, value: 100 });
    expect(parseParameter(limit, '007')).toEqual({ ok: true, value: 7 });
    for (const value of [
      '0',
      '101',
      '1000000',
      '-1',
      '1.0',
      '1e1',
      '',
      'ten',
      ['1', '2'],
      { a: '1' },
    ]) {
      expect(parseParameter(limit, value).ok, JSON.stringify(value)).toBe(false);
    }
    expect(parseParameter(limit, ['1', '2'])).toEqual({
      ok: false,
      error: 'limit must be given once',
    });
  });
});
