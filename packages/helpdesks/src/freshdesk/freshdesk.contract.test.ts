// Runs the helpdesk contract against the Freshdesk adapter and the sandbox's Freshdesk stand-in.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type FreshdeskStandIn, type Sandbox } from '@smsbridge/sandbox';
import {
  describeHelpdeskContract,
  type ContractTicket,
  type HelpdeskContractHarness,
} from '../contract/helpdesk-contract.ts';
import type { RawHelpdeskWebhook, TicketStatus } from '../helpdesk-adapter.ts';
import {
  EXTERNAL_ID_TAG_PREFIX,
  FOLLOW_UP_TAG_PREFIX,
  createFreshdeskAdapter,
} from './freshdesk-adapter.ts';
import { SMS_TICKET_FIELDS } from './provision.ts';
import { DEFAULT_SECRET_HEADER } from './webhook.ts';

const SECRET = 'freshdesk-shared-secret-for-tests-0123456789';
const CREDENTIALS = { domain: 'acme', apiKey: 'fd-api-key-1' };

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
    url: `${url}/webhooks/ws_1/helpdesk`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const digits = (phone: string | null) => (phone ?? '').replace(/\D/g, '');
const PRIORITIES = { 1: 'low', 2: 'normal', 3: 'high', 4: 'urgent' } as const;
const STATUSES: Record<number, TicketStatus> = {
  2: 'open',
  3: 'pending',
  4: 'solved',
  5: 'closed',
};
const TO_FRESHDESK = { open: 2, pending: 3, solved: 4, closed: 5 } as const;

async function setup(): Promise<HelpdeskContractHarness> {
  const sandbox: Sandbox = await startSandbox({
    twilio: {
      accountSid: 'AC00000000000000000000000000000000',
      authToken: 'tw',
      numbers: [{ number: '+15550001111', smsUrl: 'http://127.0.0.1:9/unused' }],
    },
    zendesk: { subdomain: 'unused', email: 'unused@example.com', apiToken: 'unused' },
    freshdesk: { ...CREDENTIALS, webhookRetryDelaysMs: [20, 20, 20] },
  });
  const receiver = await startWebhookReceiver();
  const fd = sandbox.freshdesk as FreshdeskStandIn;
  const makeAdapter = () =>
    createFreshdeskAdapter(
      { ...CREDENTIALS, webhookSecret: SECRET, apiBaseUrl: sandbox.freshdeskApiBaseUrl },
      { fetch },
    );
  let adapter = makeAdapter();

  function contractTicket(ticketId: string): ContractTicket | undefined {
    const ticket = fd.ticket(Number(ticketId));
    if (ticket === undefined) return undefined;
    const names = new Map(fd.ticketFields().map((f) => [f.label, f.name] as const));
    const fields: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(SMS_TICKET_FIELDS)) {
      const name = names.get(spec.label);
      if (name !== undefined && ticket.custom_fields[name] != null)
        fields[key] = ticket.custom_fields[name];
    }
    const tagged = (prefix: string) =>
      ticket.tags.find((t) => t.startsWith(prefix))?.slice(prefix.length) ?? null;
    const attachments = (list: typeof ticket.attachments) =>
      list.map((a) => ({ filename: a.name, contentType: a.content_type, size: a.size }));
    return {
      ticketId: String(ticket.id),
      requesterId: String(ticket.requester_id),
      status: STATUSES[ticket.status] ?? 'open',
      priority: PRIORITIES[ticket.priority],
      tags: ticket.tags,
      externalId: tagged(EXTERNAL_ID_TAG_PREFIX),
      followUpOf: tagged(FOLLOW_UP_TAG_PREFIX),
      fields,
      // The description is the requester's first message; notes and replies follow.
      comments: [
        {
          authorId: String(ticket.requester_id),
          body: ticket.description_text ?? '',
          public: true,
          attachments: attachments(ticket.attachments),
        },
        ...ticket.conversations.map((c) => ({
          authorId: String(c.user_id),
          body: c.body_text,
          public: !c.private,
          attachments: attachments(c.attachments),
        })),
      ],
    };
  }

  return {
    get adapter() {
      return adapter;
    },
    webhookUrl: receiver.url,
    async deliveredWebhooks() {
      await fd.flushWebhooks();
      return [...receiver.received];
    },
    duplicateNextWebhook() {
      fd.duplicateNextWebhook();
    },
    ticket(ticketId) {
      return Promise.resolve(contractTicket(ticketId));
    },
    ticketCount() {
      return Promise.resolve(fd.tickets().length);
    },
    usersWithPhone(phone) {
      return Promise.resolve(
        fd
          .contacts()
          .filter((c) => digits(c.phone) === digits(phone) || digits(c.mobile) === digits(phone))
          .map((c) => String(c.id)),
      );
    },
    seedEndUser(input) {
      return Promise.resolve(String(fd.createContact(input).id));
    },
    setRequesterTags(requesterId, tags) {
      fd.setContactTags(Number(requesterId), tags);
      return Promise.resolve();
    },
    addTagsAsAgent(ticketId, tags) {
      fd.addTicketTags(Number(ticketId), tags);
      return Promise.resolve();
    },
    agentComment(ticketId, body, options) {
      if (options.public) fd.addAgentReply(Number(ticketId), { body });
      else fd.addAgentNote(Number(ticketId), { body, private: true });
      return Promise.resolve();
    },
    setStatus(ticketId, status) {
      fd.setTicketStatus(Number(ticketId), TO_FRESHDESK[status]);
      return Promise.resolve();
    },
    apiCalls() {
      return fd.apiCalls();
    },
    injectFaults(fault) {
      fd.injectFaults(fault);
    },
    clearFaults() {
      fd.clearFaults();
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
}

describeHelpdeskContract('Freshdesk (REST API v2) against the sandbox', setup, {
  webhookAuthentication: { kind: 'shared_secret', header: DEFAULT_SECRET_HEADER },
});
