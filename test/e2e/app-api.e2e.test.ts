// The sidebar apps' API over real HTTP: bearer tokens, tenant isolation, consent, deliveries, quick replies.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSms } from '@smsbridge/sms';
import {
  createPostgresSchema,
  postgresAvailable,
  type PostgresSchema,
} from '@smsbridge/server/test-support';
import {
  SECOND_BUSINESS_NUMBER,
  SECOND_WORKSPACE,
  WORKSPACE,
  eventually,
  startStack,
  type Stack,
} from './stack.ts';
import { onlyTicket, settled, textIn, ticketsOf } from './helpers.ts';

const ACME_TOKEN = randomBytes(24).toString('hex');
const GLOBEX_TOKEN = randomBytes(24).toString('base64url');

/** One script that needs UCS-2 (the emoji) and one that needs two GSM-7 segments. */
const GLOBEX_QUICK_REPLIES = [
  {
    id: 'outage-apology',
    category: 'outage',
    title: 'Apologise for the outage',
    body: 'Sorry {{first_name}} 🙏 we are on it. Reply AGENT if it is still down in an hour.',
  },
  {
    id: 'billing-refund-steps',
    category: 'billing',
    title: 'Refund steps',
    body: `Hi {{first_name}}, ${'to get a refund open your account, choose Orders, pick order {{order_id}} and press Refund. '.repeat(2)}If that does not help, reply AGENT.`,
  },
];

interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

// The same scenarios on both stores (DESIGN.md: "the same test suite runs against both").
for (const { store, available } of [
  { store: 'SQLite', available: true },
  { store: 'PostgreSQL', available: postgresAvailable },
]) {
  describe.skipIf(!available)(`app API on ${store}`, () => {
    let stack: Stack;
    let schema: PostgresSchema | undefined;

    beforeAll(async () => {
      schema = store === 'PostgreSQL' ? await createPostgresSchema() : undefined;
      stack = await startStack({
        workspace: { appApiToken: { env: 'ACME_APP_API_TOKEN' } },
        secondWorkspace: {
          appApiToken: { env: 'GLOBEX_APP_API_TOKEN' },
          quickReplies: GLOBEX_QUICK_REPLIES,
        },
        env: { ACME_APP_API_TOKEN: ACME_TOKEN, GLOBEX_APP_API_TOKEN: GLOBEX_TOKEN },
        ...(schema === undefined ? {} : { postgres: schema }),
      });
    });
    afterAll(async () => {
      await stack.close();
      await schema?.drop();
    });

    const path = (workspace: string, rest: string) => `/api/v1/workspaces/${workspace}${rest}`;

    async function call(
      target: string,
      authorization: string | undefined,
      init: RequestInit = {},
    ): Promise<ApiAnswer> {
      const response = await fetch(`${stack.relayUrl}${target}`, {
        ...init,
        headers: {
          ...(authorization === undefined ? {} : { authorization }),
          ...(init.headers as Record<string, string> | undefined),
        },
      });
      const text = await response.text();
      expect(response.headers.get('content-type'), `${target}: ${text}`).toMatch(
        /^application\/json/,
      );
      return {
        status: response.status,
        headers: response.headers,
        body: JSON.parse(text) as Record<string, unknown>,
      };
    }
    const asAcme = (rest: string) => call(path(WORKSPACE, rest), `Bearer ${ACME_TOKEN}`);
    const asGlobex = (rest: string) => call(path(SECOND_WORKSPACE, rest), `Bearer ${GLOBEX_TOKEN}`);

    /** The customer texts the second workspace's number; resolves with the ticket the relay made. */
    async function textGlobex(from: string, body: string) {
      const answer = await stack.sandbox.twilio.sendInbound({
        from,
        to: SECOND_BUSINESS_NUMBER,
        body,
      });
      expect(answer.status).toBe(200);
      const tag = `sms_to_${SECOND_BUSINESS_NUMBER.slice(1)}`;
      const ticket = await eventually('the second workspace ticket', () =>
        ticketsOf(stack, from).find((candidate) => candidate.tags.includes(tag)),
      );
      await settled(stack);
      return ticket;
    }

    async function acmeTicket(from: string, body: string) {
      await textIn(stack, from, body);
      const ticket = await onlyTicket(stack, from, 1);
      await settled(stack);
      return ticket;
    }

    async function agentReply(ticketId: number, body: string) {
      stack.sandbox.zendesk.addAgentComment(ticketId, { body });
      await stack.sandbox.zendesk.flushWebhooks();
      await settled(stack);
    }

    describe('authentication', () => {
      const target = () => path(WORKSPACE, '/quick-replies');

      it('answers 200 to the workspace token, whatever the case of "Bearer"', async () => {
        expect((await call(target(), `Bearer ${ACME_TOKEN}`)).status).toBe(200);
        expect((await call(target(), `bearer ${ACME_TOKEN}`)).status).toBe(200);
        expect((await call(target(), `BEARER  ${ACME_TOKEN}`)).status).toBe(200);
      });

      it('answers 401 with a Bearer challenge when the token is missing or not a bearer token', async () => {
        for (const authorization of [
          undefined,
          '',
          `Basic ${Buffer.from(`acme:${ACME_TOKEN}`).toString('base64')}`,
          ACME_TOKEN,
          'Bearer',
          'Bearer ',
          `Bearer ${ACME_TOKEN} extra`,
          `Bearer "${ACME_TOKEN}"`,
        ]) {
          const answer = await call(target(), authorization);
          expect(answer.status, String(authorization)).toBe(401);
          expect(answer.headers.get('www-authenticate')).toMatch(
            /^Bearer realm="smsbridge-app-api"/,
          );
          expect(answer.body).toEqual({ error: expect.stringMatching(/^[^\n]+$/) as unknown });
        }
      });

      it('refuses wrong tokens of the same length, shorter and longer, with 403', async () => {
        const last = ACME_TOKEN.at(-1) === 'a' ? 'b' : 'a';
        const wrong = [
          `${ACME_TOKEN.slice(0, -1)}${last}`,
          ACME_TOKEN.toUpperCase(),
          ACME_TOKEN.slice(0, -1),
          `${ACME_TOKEN}0`,
          'x',
          'a'.repeat(8000),
        ];
        for (const token of wrong) {
          const answer = await call(target(), `Bearer ${token}`);
          expect(answer.status, `token of ${token.length} characters`).toBe(403);
          expect(answer.body).toEqual({
            error: 'this token does not give access to this workspace',
          });
        }
      });

      it("refuses another workspace's token exactly like a wrong one, and never says which workspaces exist", async () => {
        const wrongToken = await call(target(), `Bearer ${'b'.repeat(48)}`);
        const otherWorkspaceToken = await call(target(), `Bearer ${GLOBEX_TOKEN}`);
        const unknownWorkspace = await call(
          path('initech', '/quick-replies'),
          `Bearer ${ACME_TOKEN}`,
        );
        const malformedWorkspace = await call(
          path('NOT%20A%20ID', '/quick-replies'),
          `Bearer ${ACME_TOKEN}`,
        );
        for (const answer of [otherWorkspaceToken, unknownWorkspace, malformedWorkspace]) {
          expect(answer.status).toBe(wrongToken.status);
          expect(answer.body).toEqual(wrongToken.body);
        }
        expect(wrongToken.status).toBe(403);
      });

      it('answers 400 to two Authorization headers, even when both carry the right token', async () => {
        const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const outgoing = request(
            `${stack.relayUrl}${target()}`,
            // An array value goes out as one header line per value.
            { headers: { Authorization: [`Bearer ${ACME_TOKEN}`, `Bearer ${ACME_TOKEN}`] } },
            (incoming) => {
              let body = '';
              incoming.setEncoding('utf8');
              incoming.on('data', (chunk: string) => (body += chunk));
              incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
            },
          );
          outgoing.on('error', reject);
          outgoing.end();
        });
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body)).toEqual({
          error: 'send one Authorization header, not several',
        });
      });

      it('survives an oversized Authorization header and keeps serving', async () => {
        // Node refuses headers over 16 KiB itself (431) before any of our code runs.
        const oversized = await fetch(`${stack.relayUrl}${target()}`, {
          headers: { authorization: `Bearer ${'a'.repeat(40_000)}` },
        });
        expect(oversized.status).toBe(431);
        // Just under the limit it reaches the token check, which hashes any length.
        const large = await call(target(), `Bearer ${'a'.repeat(15_000)}`);
        expect(large.status).toBe(403);
        expect((await asAcme('/quick-replies')).status).toBe(200);
      });

      it('opens no cross-origin access: no CORS headers, even on a preflight', async () => {
        const preflight = await fetch(`${stack.relayUrl}${target()}`, {
          method: 'OPTIONS',
          headers: {
            origin: 'https://acme.zendesk.com',
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'authorization',
          },
        });
        expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
        expect(preflight.ok).toBe(false);
        const simple = await call(target(), `Bearer ${ACME_TOKEN}`, {
          headers: { origin: 'https://acme.zendesk.com' },
        });
        expect(simple.status).toBe(200);
        expect(simple.headers.get('access-control-allow-origin')).toBeNull();
        expect(simple.headers.get('cache-control')).toBe('no-store');
      });
    });

    describe('quick replies', () => {
      it('lists the default scripts, one per category, each one GSM-7 segment', async () => {
        const answer = await asAcme('/quick-replies');
        expect(answer.status).toBe(200);
        const replies = answer.body.quickReplies as {
          category: string;
          body: string;
          encoding: string;
          segments: number;
          variables: string[];
        }[];
        expect(replies.map((reply) => reply.category).sort()).toEqual([
          'billing',
          'general_inquiry',
          'order_status',
          'outage',
          'technical',
        ]);
        for (const reply of replies) {
          expect(reply.encoding).toBe('GSM-7');
          expect(reply.segments).toBe(1);
          expect(reply.variables).toContain('first_name');
          // One action and a way out: every script ends by telling the customer what to do if stuck.
          expect(reply.body).toMatch(/reply AGENT/i);
          expect(reply.body).not.toMatch(/\b(STOP|START|HELP)\b/);
        }
      });

      it('serves each workspace its own scripts with segment counts as carriers bill them', async () => {
        const answer = await asGlobex('/quick-replies');
        expect(answer.status).toBe(200);
        expect(answer.body.quickReplies).toEqual(
          GLOBEX_QUICK_REPLIES.map((reply) => ({
            ...reply,
            variables: reply.id === 'outage-apology' ? ['first_name'] : ['first_name', 'order_id'],
            encoding: analyzeSms(reply.body).encoding,
            segments: analyzeSms(reply.body).segmentCount,
          })),
        );
        const [apology, refund] = answer.body.quickReplies as {
          encoding: string;
          segments: number;
        }[];
        expect(apology).toMatchObject({ encoding: 'UCS-2', segments: 2 });
        expect(refund).toMatchObject({ encoding: 'GSM-7', segments: 2 });
      });
    });

    describe('conversations', () => {
      it('shows the conversation behind a ticket with a masked number and implied consent', async () => {
        const customer = '+14155550301';
        const ticket = await acmeTicket(customer, 'hi, where is my parcel?');
        const answer = await asAcme(`/conversations/by-ticket/${ticket.id}`);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({
          conversation: {
            customerPhoneMasked: '+1415***0301',
            businessNumber: '+14155550100',
            ticketId: String(ticket.id),
            ticketStatus: expect.stringMatching(/^(new|open)$/) as unknown,
            createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
          },
          consent: {
            status: 'implied',
            canSend: true,
            since: expect.any(String) as unknown,
            decidingEvent: {
              kind: 'customer_initiated',
              source: 'inbound_message',
              keyword: null,
              at: expect.any(String) as unknown,
            },
          },
          // This workspace has no bot.
          bot: null,
        });
        expect(JSON.stringify(answer.body)).not.toContain(customer);
      });

      it('shows opted out after STOP, with the keyword and when, and the history newest first', async () => {
        const customer = '+14155550302';
        const ticket = await acmeTicket(customer, 'my router keeps dropping');
        await textIn(stack, customer, 'STOP');
        await settled(stack);
        const view = await asAcme(`/conversations/by-ticket/${ticket.id}`);
        const consent = view.body.consent as Record<string, unknown>;
        expect(consent).toMatchObject({
          status: 'opted_out',
          canSend: false,
          decidingEvent: { kind: 'opt_out', source: 'keyword', keyword: 'STOP' },
        });
        expect(consent.since).toBe((consent.decidingEvent as { at: string }).at);

        const history = await asAcme(`/conversations/by-ticket/${ticket.id}/consent-history`);
        expect(history.status).toBe(200);
        expect(history.body.events).toEqual([
          expect.objectContaining({ kind: 'opt_out', keyword: 'STOP', text: 'STOP', scope: 'all' }),
          expect.objectContaining({ kind: 'customer_initiated', source: 'inbound_message' }),
        ]);

        await textIn(stack, customer, 'START');
        await settled(stack);
        const back = await asAcme(`/conversations/by-ticket/${ticket.id}`);
        expect(back.body.consent).toMatchObject({ status: 'opted_in', canSend: true });
        const latest = await asAcme(
          `/conversations/by-ticket/${ticket.id}/consent-history?limit=1`,
        );
        expect(latest.body.events).toEqual([
          expect.objectContaining({ kind: 'opt_in', keyword: 'START' }),
        ]);
      });

      it('lists an agent reply as delivered, with its author and segments', async () => {
        const customer = '+14155550303';
        const ticket = await acmeTicket(customer, 'can you confirm my address?');
        await agentReply(ticket.id, 'Confirmed: 12 Main St. Anything else?');
        const answer = await eventually('the reply delivered', async () => {
          const current = await asAcme(`/conversations/by-ticket/${ticket.id}/deliveries`);
          const [latest] = current.body.deliveries as { status: string }[];
          return latest?.status === 'delivered' ? current : undefined;
        });
        expect(answer.body.deliveries).toEqual([
          {
            id: expect.any(Number) as unknown,
            createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
            origin: 'agent_reply',
            authorName: 'Alex Agent',
            status: 'delivered',
            errorCode: null,
            plainReason: null,
            segments: 1,
          },
        ]);
      });

      it('gives the plain reason of a 30003 failure, and of a reply refused after STOP', async () => {
        const customer = '+14155550304';
        stack.sandbox.twilio.failNumber(customer, 30003);
        const ticket = await acmeTicket(customer, 'text me when it ships');
        await agentReply(ticket.id, 'It shipped this morning.');
        const failed = await eventually('the failure recorded', async () => {
          const current = await asAcme(`/conversations/by-ticket/${ticket.id}/deliveries`);
          const [latest] = current.body.deliveries as { errorCode: string | null }[];
          return latest?.errorCode === '30003' ? latest : undefined;
        });
        const expected = stack
          .relay!.context.workspaces.get(WORKSPACE)!
          .carrier.describeError('30003');
        expect(failed).toMatchObject({
          status: expect.stringMatching(/^(undelivered|failed)$/) as unknown,
          errorCode: '30003',
          plainReason: expected.agentMessage,
        });
        expect(expected.agentMessage).not.toMatch(/30003/);

        stack.sandbox.twilio.clearFaults();
        await textIn(stack, customer, 'STOP');
        await settled(stack);
        await agentReply(ticket.id, 'One more thing about your order');
        const after = await asAcme(`/conversations/by-ticket/${ticket.id}/deliveries?limit=2`);
        expect(after.body.deliveries).toEqual([
          expect.objectContaining({
            origin: 'agent_reply',
            status: 'blocked_opted_out',
            plainReason: expect.stringMatching(/opted out/) as unknown,
          }),
          // The STOP confirmation the relay sent.
          expect.objectContaining({ origin: 'keyword_reply', authorName: null }),
        ]);
      });

      it('answers 404 for a ticket that is not an SMS conversation', async () => {
        const answer = await asAcme('/conversations/by-ticket/999999');
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual({
          error: 'no SMS conversation for ticket 999999 in this workspace',
        });
        for (const rest of ['/consent-history', '/deliveries']) {
          expect((await asAcme(`/conversations/by-ticket/999999${rest}`)).status).toBe(404);
        }
      });

      it('answers 400, naming the parameter, to a malformed ticket id or limit', async () => {
        for (const ticketId of [
          'abc',
          '12a',
          '0',
          '007',
          '-1',
          '1.5',
          '9'.repeat(20),
          '%20',
          '1%2F2',
        ]) {
          const answer = await asAcme(`/conversations/by-ticket/${ticketId}`);
          expect(answer.status, ticketId).toBe(400);
          expect(answer.body.error).toMatch(/^ticketId must be /);
        }
        const ticket = await acmeTicket('+14155550305', 'hello');
        for (const limit of ['0', '101', 'abc', '1.5', '-1', '1e2', '', ' 5', '5&limit=6']) {
          const answer = await asAcme(
            `/conversations/by-ticket/${ticket.id}/deliveries?limit=${limit}`,
          );
          expect(answer.status, limit).toBe(400);
          expect(answer.body.error).toMatch(/^limit must be /);
        }
        expect(
          (await asAcme(`/conversations/by-ticket/${ticket.id}/deliveries?limit=100`)).status,
        ).toBe(200);
      });

      it('answers JSON 404 to a path the API does not have', async () => {
        for (const target of [
          '/api/v1',
          '/api/v1/workspaces/acme/conversations',
          '/api/v2/anything',
        ]) {
          const response = await fetch(`${stack.relayUrl}${target}`, {
            headers: { authorization: `Bearer ${ACME_TOKEN}` },
          });
          expect(response.status, target).toBe(404);
          if (target.startsWith('/api/v1')) {
            expect(await response.json()).toEqual({
              error: 'no such app API route (see /openapi.json)',
            });
          }
        }
      });
    });

    describe('tenant isolation', () => {
      it('shows each workspace only its own conversation of the same customer, and keeps consent apart', async () => {
        const customer = '+14155550306';
        const acme = await acmeTicket(customer, 'question for acme');
        const globex = await textGlobex(customer, 'question for globex');
        expect(globex.id).not.toBe(acme.id);

        const own = await asGlobex(`/conversations/by-ticket/${globex.id}`);
        expect(own.status).toBe(200);
        expect(own.body.conversation).toMatchObject({ businessNumber: SECOND_BUSINESS_NUMBER });

        // A token reads its own workspace only: another workspace's ticket is simply not there...
        for (const rest of ['', '/consent-history', '/deliveries']) {
          expect((await asAcme(`/conversations/by-ticket/${globex.id}${rest}`)).status).toBe(404);
          expect((await asGlobex(`/conversations/by-ticket/${acme.id}${rest}`)).status).toBe(404);
          // ...and another workspace's URL is closed to it.
          const crossed = await call(
            path(WORKSPACE, `/conversations/by-ticket/${acme.id}${rest}`),
            `Bearer ${GLOBEX_TOKEN}`,
          );
          expect(crossed.status).toBe(403);
          expect(JSON.stringify(crossed.body)).not.toMatch(/acme|\+1415/);
        }

        // STOP to one business's number is that business's ledger; the other still has implied consent.
        await textIn(stack, customer, 'STOP');
        await settled(stack);
        expect((await asAcme(`/conversations/by-ticket/${acme.id}`)).body.consent).toMatchObject({
          status: 'opted_out',
        });
        expect(
          (await asGlobex(`/conversations/by-ticket/${globex.id}`)).body.consent,
        ).toMatchObject({
          status: 'implied',
        });
        const history = await asGlobex(`/conversations/by-ticket/${globex.id}/consent-history`);
        expect(history.body.events).toEqual([
          expect.objectContaining({ kind: 'customer_initiated' }),
        ]);
        expect((await asGlobex(`/conversations/by-ticket/${globex.id}/deliveries`)).body).toEqual({
          deliveries: [],
        });
      });
    });

    describe('OpenAPI document', () => {
      it('is served at /openapi.json without a token and describes exactly the routes served', async () => {
        const response = await fetch(`${stack.relayUrl}/openapi.json`);
        expect(response.status).toBe(200);
        const document = (await response.json()) as {
          openapi: string;
          servers: { url: string }[];
          paths: Record<string, Record<string, unknown>>;
          components: { securitySchemes: Record<string, unknown> };
        };
        expect(document.openapi).toBe('3.1.0');
        expect(document.servers).toEqual([{ url: stack.relayUrl }]);
        expect(document.components.securitySchemes).toEqual({
          appApiToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }) as unknown,
        });
        expect(Object.keys(document.paths).sort()).toEqual([
          '/api/v1/workspaces/{workspaceId}/conversations/by-ticket/{ticketId}',
          '/api/v1/workspaces/{workspaceId}/conversations/by-ticket/{ticketId}/consent-history',
          '/api/v1/workspaces/{workspaceId}/conversations/by-ticket/{ticketId}/deliveries',
          '/api/v1/workspaces/{workspaceId}/conversations/by-ticket/{ticketId}/messages',
          '/api/v1/workspaces/{workspaceId}/quick-replies',
        ]);

        // Every documented operation is served (answers 200, or 202 for a send, with a real ticket).
        const ticket = await acmeTicket('+14155550307', 'hello there');
        for (const [documented, operations] of Object.entries(document.paths)) {
          const [method, ...others] = Object.keys(operations);
          expect(others).toEqual([]);
          const target = documented
            .replace('{workspaceId}', WORKSPACE)
            .replace('{ticketId}', String(ticket.id));
          const answer =
            method === 'post'
              ? await call(target, `Bearer ${ACME_TOKEN}`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({
                    text: 'Checking now.',
                    agentName: 'Dana',
                    requestId: 'openapi-check-1',
                  }),
                })
              : await call(target, `Bearer ${ACME_TOKEN}`);
          expect(answer.status, target).toBe(method === 'post' ? 202 : 200);
          expect(method).toBe(documented.endsWith('/messages') ? 'post' : 'get');
        }
      });
    });
  });
}
