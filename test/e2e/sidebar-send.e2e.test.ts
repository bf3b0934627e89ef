// Texts sent from the sidebar app (POST .../messages) over real HTTP: the SMS, the note on the ticket, refusals, bad input.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresSchema,
  postgresAvailable,
  type PostgresSchema,
} from '@smsbridge/server/test-support';
import { deskOf } from './desk.ts';
import { countRows, onlyTicket, phoneInbox, settled, textIn } from './helpers.ts';
import { WORKSPACE, eventually, startStack, type HelpdeskKind, type Stack } from './stack.ts';

const TOKEN = randomBytes(24).toString('hex');

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const TARGETS: readonly { helpdesk: HelpdeskKind; store: 'SQLite' | 'PostgreSQL' }[] = [
  { helpdesk: 'freshdesk', store: 'SQLite' },
  { helpdesk: 'freshdesk', store: 'PostgreSQL' },
  { helpdesk: 'zendesk', store: 'SQLite' },
];

for (const { helpdesk, store } of TARGETS) {
  describe.skipIf(store === 'PostgreSQL' && !postgresAvailable)(
    `sending from the sidebar: ${helpdesk} on ${store}`,
    () => {
      let stack: Stack;
      let schema: PostgresSchema | undefined;

      beforeAll(async () => {
        schema = store === 'PostgreSQL' ? await createPostgresSchema() : undefined;
        stack = await startStack({
          helpdesk,
          workspace: { appApiToken: { env: 'ACME_APP_API_TOKEN' } },
          env: { ACME_APP_API_TOKEN: TOKEN },
          ...(schema === undefined ? {} : { postgres: schema }),
        });
      });
      afterAll(async () => {
        await stack.close();
        await schema?.drop();
      });

      const messagesPath = (ticketId: number | string) =>
        `/api/v1/workspaces/${WORKSPACE}/conversations/by-ticket/${ticketId}/messages`;

      async function post(
        ticketId: number | string,
        body: string,
        headers: Record<string, string> = {},
      ): Promise<Answer> {
        const response = await fetch(`${stack.relayUrl}${messagesPath(ticketId)}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${TOKEN}`,
            'content-type': 'application/json',
            ...headers,
          },
          body,
        });
        const text = await response.text();
        expect(response.headers.get('content-type'), text).toMatch(/^application\/json/);
        return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
      }

      const send = (ticketId: number, fields: Record<string, unknown>) =>
        post(
          ticketId,
          JSON.stringify({ agentName: 'Dana Agent', requestId: randomUUID(), ...fields }),
        );

      async function ticketFor(customer: string, text: string) {
        await textIn(stack, customer, text);
        const ticket = await onlyTicket(stack, customer, 1);
        await settled(stack);
        return ticket;
      }

      const ticketNow = (id: number) =>
        deskOf(stack)
          .tickets()
          .find((t) => t.id === id);

      it('texts the customer once, and shows the text on the ticket as sent by the agent', async () => {
        const customer = '+14155550601';
        const ticket = await ticketFor(customer, 'where is my parcel?');
        const answer = await send(ticket.id, { text: 'It left our warehouse today.' });
        expect(answer.status).toBe(202);
        expect(answer.body.delivery).toMatchObject({
          origin: 'sidebar_send',
          authorName: 'Dana Agent',
          status: 'pending',
          segments: 1,
        });
        const note = await eventually('the sent text on the ticket', () =>
          ticketNow(ticket.id)?.comments.find((c) => c.body.includes('Sent by SMS by Dana Agent')),
        );
        expect(note.body).toContain('It left our warehouse today.');
        // Freshdesk shows it in the thread (a public note: native replies are e-mail only);
        // Zendesk keeps it internal, since a public comment would e-mail the requester.
        expect(note.public).toBe(helpdesk === 'freshdesk');
        await settled(stack);
        // Exactly one SMS: the note never comes back as an agent reply to send again.
        expect(phoneInbox(stack, customer).map((m) => m.body)).toEqual([
          'It left our warehouse today.',
        ]);
        const deliveries = await fetch(
          `${stack.relayUrl}/api/v1/workspaces/${WORKSPACE}/conversations/by-ticket/${ticket.id}/deliveries`,
          { headers: { authorization: `Bearer ${TOKEN}` } },
        ).then((r) => r.json() as Promise<{ deliveries: { id: number; status: string }[] }>);
        expect(deliveries.deliveries[0]).toMatchObject({
          id: (answer.body.delivery as { id: number }).id,
          status: expect.stringMatching(/^(sent|delivered)$/) as unknown,
        });
      });

      it('sends a repeated request once, and refuses a request id reused for another text', async () => {
        const customer = '+14155550602';
        const ticket = await ticketFor(customer, 'hello');
        const requestId = randomUUID();
        const body = JSON.stringify({ text: 'One moment please.', agentName: 'Dana', requestId });
        const first = await post(ticket.id, body);
        const again = await post(ticket.id, body);
        expect(first.status).toBe(202);
        expect(again.status).toBe(200);
        expect(again.body.delivery).toMatchObject({
          id: (first.body.delivery as { id: number }).id,
        });
        const reused = await post(
          ticket.id,
          JSON.stringify({ text: 'Something else', agentName: 'Dana', requestId }),
        );
        expect(reused).toMatchObject({ status: 409, body: { code: 'request_id_reused' } });
        await settled(stack);
        expect(phoneInbox(stack, customer).map((m) => m.body)).toEqual(['One moment please.']);
      });

      it('refuses at once, sending and storing nothing, when the customer opted out', async () => {
        const customer = '+14155550603';
        const ticket = await ticketFor(customer, 'hi');
        await textIn(stack, customer, 'STOP');
        await settled(stack);
        const before = await countRows(stack, 'messages');
        const inbox = phoneInbox(stack, customer).length;
        const answer = await send(ticket.id, { text: 'Are you still there?' });
        expect(answer.status).toBe(409);
        expect(answer.body).toMatchObject({ code: 'opted_out' });
        expect(String(answer.body.error)).toMatch(/opted out.*START/);
        await settled(stack);
        expect(await countRows(stack, 'messages')).toBe(before);
        expect(phoneInbox(stack, customer)).toHaveLength(inbox);
      });

      it('refuses a card number and an over-long text with 422, storing nothing', async () => {
        const customer = '+14155550604';
        const ticket = await ticketFor(customer, 'billing question');
        const before = await countRows(stack, 'messages');
        const pii = await send(ticket.id, { text: 'Your card 4111 1111 1111 1111 is on file' });
        expect(pii).toMatchObject({ status: 422, body: { code: 'pii_blocked' } });
        expect(String(pii.body.error)).not.toContain('4111');
        const long = await send(ticket.id, { text: 'a'.repeat(1601) });
        expect(long).toMatchObject({ status: 422, body: { code: 'too_long' } });
        expect(await countRows(stack, 'messages')).toBe(before);
      });

      it('answers 404 for a ticket that is not an SMS conversation', async () => {
        const answer = await send(987654, { text: 'hello' });
        expect(answer.status).toBe(404);
      });

      it('refuses malformed, forged and oversized requests with a clear error, storing nothing', async () => {
        const customer = '+14155550605';
        const ticket = await ticketFor(customer, 'hello again');
        const before = await countRows(stack, 'messages');
        const valid = { text: 'hi', agentName: 'Dana', requestId: 'abcdefgh12' };
        const cases: [string, () => Promise<Answer>, number, RegExp][] = [
          ['not JSON', () => post(ticket.id, '{"text": "hi",'), 400, /not valid JSON/],
          ['an array', () => post(ticket.id, '[]'), 400, /JSON object/],
          ['null', () => post(ticket.id, 'null'), 400, /JSON object/],
          [
            'no text',
            () => post(ticket.id, JSON.stringify({ ...valid, text: undefined })),
            400,
            /text/,
          ],
          [
            'blank text',
            () => post(ticket.id, JSON.stringify({ ...valid, text: '  \n' })),
            400,
            /empty/,
          ],
          [
            'numeric text',
            () => post(ticket.id, JSON.stringify({ ...valid, text: 5 })),
            400,
            /text/,
          ],
          [
            'short request id',
            () => post(ticket.id, JSON.stringify({ ...valid, requestId: 'abc' })),
            400,
            /requestId/,
          ],
          [
            'request id with spaces',
            () => post(ticket.id, JSON.stringify({ ...valid, requestId: 'abc def ghi' })),
            400,
            /requestId/,
          ],
          [
            'long agent name',
            () => post(ticket.id, JSON.stringify({ ...valid, agentName: 'x'.repeat(101) })),
            400,
            /agentName/,
          ],
          [
            'an unknown field',
            () => post(ticket.id, JSON.stringify({ ...valid, to: '+15550000000' })),
            400,
            /unknown field.*to/,
          ],
          [
            'a 20 KB body',
            () => post(ticket.id, JSON.stringify({ ...valid, text: 'a'.repeat(20_000) })),
            413,
            /too large/,
          ],
          [
            'a form body',
            () =>
              post(ticket.id, 'text=hi', { 'content-type': 'application/x-www-form-urlencoded' }),
            415,
            /application\/json/,
          ],
          ['a malformed ticket id', () => post('12ab', JSON.stringify(valid)), 400, /ticketId/],
          [
            'no token, even with a broken body',
            () => post(ticket.id, '{', { authorization: '' }),
            401,
            /credentials/,
          ],
          [
            'a forged token',
            () =>
              post(ticket.id, JSON.stringify(valid), { authorization: `Bearer ${'f'.repeat(48)}` }),
            403,
            /token/,
          ],
        ];
        for (const [what, answer, status, error] of cases) {
          const { status: got, body } = await answer();
          expect(got, what).toBe(status);
          expect(String(body.error), what).toMatch(error);
        }
        await settled(stack);
        expect(await countRows(stack, 'messages')).toBe(before);
        expect(phoneInbox(stack, customer)).toHaveLength(0);
      });
    },
  );
}
