// Runs the helpdesk contract against the Zendesk adapter and the sandbox's Zendesk stand-in.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from '@smsbridge/sandbox';
import {
  describeHelpdeskContract,
  type ContractTicket,
  type HelpdeskContractHarness,
} from '../contract/helpdesk-contract.ts';
import type { RawHelpdeskWebhook } from '../helpdesk-adapter.ts';
import { SMS_TICKET_FIELDS } from './provision.ts';
import { createZendeskAdapter } from './zendesk-adapter.ts';

const SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const CREDENTIALS = { subdomain: 'acme', email: 'relay@acme.example', apiToken: 'zd-token-1' };

/** Records every request the helpdesk posts, exactly as the relay's route would see it. */
async function startWebhookReceiver() {
  const received: RawHelpdeskWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      received.push({
        method: req.method ?? 'POST',
        publicUrl: `${url}${req.url ?? ''}`,
        headers,
        rawBody: Buffer.concat(chunks),
      });
      res.statusCode = 200;
      res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${url}/webhooks/zendesk/ws_1`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function digits(phone: string | null): string {
  return (phone ?? '').replace(/\D/g, '');
}

async function setup(): Promise<HelpdeskContractHarness> {
  const sandbox: Sandbox = await startSandbox({
    twilio: {
      accountSid: 'AC00000000000000000000000000000000',
      authToken: 'tw',
      numbers: [{ number: '+15550001111', smsUrl: 'http://127.0.0.1:9/unused' }],
    },
    zendesk: { ...CREDENTIALS, webhookSigningSecret: SECRET, webhookRetryDelayMs: 20 },
  });
  const receiver = await startWebhookReceiver();
  const zd = sandbox.zendesk;
  const makeAdapter = () =>
    createZendeskAdapter(
      { ...CREDENTIALS, webhookSigningSecret: SECRET, apiBaseUrl: sandbox.zendeskApiBaseUrl },
      { fetch },
    );
  let adapter = makeAdapter();

  return {
    // A fresh adapter after each reset: its memoised field ids belong to the forgotten account.
    get adapter() {
      return adapter;
    },
    webhookUrl: receiver.url,
    async deliveredWebhooks() {
      await zd.flushWebhooks();
      return [...receiver.received];
    },
    duplicateNextWebhook() {
      zd.duplicateNextWebhook();
    },
    ticket(ticketId) {
      return Promise.resolve(contractTicket(ticketId));
    },
    ticketCount() {
      return Promise.resolve(zd.tickets().length);
    },
    usersWithPhone(phone) {
      return Promise.resolve(
        zd
          .users()
          .filter(
            (u) =>
              u.role === 'end-user' &&
              (digits(u.phone) === digits(phone) ||
                u.identities.some(
                  (i) => i.type === 'phone_number' && digits(i.value) === digits(phone),
                )),
          )
          .map((u) => String(u.id)),
      );
    },
    seedEndUser(input) {
      return Promise.resolve(String(zd.createEndUser(input).id));
    },
    setRequesterTags(requesterId, tags) {
      zd.setUserTags(Number(requesterId), tags);
      return Promise.resolve();
    },
    addTagsAsAgent(ticketId, tags) {
      zd.addTicketTags(Number(ticketId), tags);
      return Promise.resolve();
    },
    agentComment(ticketId, body, options) {
      zd.addAgentComment(Number(ticketId), { body, public: options.public });
      return Promise.resolve();
    },
    setStatus(ticketId, status) {
      zd.setTicketStatus(Number(ticketId), status);
      return Promise.resolve();
    },
    apiCalls() {
      return zd.apiCalls();
    },
    injectFaults(fault) {
      zd.injectFaults(fault);
    },
    clearFaults() {
      zd.clearFaults();
    },
    reset() {
      sandbox.reset();
      receiver.received.length = 0;
      adapter = makeAdapter();
      return Promise.resolve();
    },
    async close() {
      await receiver.close();
      await sandbox.close();
    },
  };

  function contractTicket(ticketId: string): ContractTicket | undefined {
    const ticket = zd.ticket(Number(ticketId));
    if (ticket === undefined) return undefined;
    const titles = new Map(zd.ticketFields().map((f) => [f.id, f.title] as const));
    const fields: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(SMS_TICKET_FIELDS)) {
      const value = ticket.custom_fields.find((f) => titles.get(f.id) === spec.title);
      if (value !== undefined) fields[key] = value.value;
    }
    return {
      ticketId: String(ticket.id),
      requesterId: String(ticket.requester_id),
      status: ticket.status,
      priority: ticket.priority,
      tags: ticket.tags,
      externalId: ticket.external_id,
      followUpOf:
        ticket.via_followup_source_id === null ? null : String(ticket.via_followup_source_id),
      fields,
      comments: ticket.comments.map((c) => ({
        authorId: String(c.author_id),
        body: c.body,
        public: c.public,
        attachments: c.attachments.map((a) => ({
          filename: a.file_name,
          contentType: a.content_type,
          size: a.size,
        })),
      })),
    };
  }
}

describeHelpdeskContract('Zendesk (Tickets API) against the sandbox', setup);
