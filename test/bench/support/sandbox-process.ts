// Child process of the relay benchmark: the sandbox (Twilio + Zendesk stand-ins) on its own event
// loop, so the relay's Zendesk calls never delay the load generator. Driven over the IPC channel.
import { startSandbox, type Sandbox } from '@smsbridge/sandbox';
import type {
  PreparedInbound,
  SandboxCommand,
  SandboxReply,
  SandboxStats,
} from './sandbox-protocol.ts';
import { tallyCalls } from './zendesk-calls.ts';

let sandbox: Sandbox | undefined;

function send(reply: SandboxReply): void {
  process.send?.(reply);
}

function stats(current: Sandbox): SandboxStats {
  const calls = tallyCalls(current.zendesk.apiCalls());
  const tickets = current.zendesk.tickets();
  // A customer's texts are the requester's public comments; coalesced texts share one comment,
  // separated by a blank line (test/e2e/helpers.ts customerTexts).
  const textsOnTickets = tickets.reduce(
    (sum, ticket) =>
      sum +
      ticket.comments
        .filter((comment) => comment.public && comment.author_id === ticket.requester_id)
        .reduce((count, comment) => count + comment.body.split('\n\n').length, 0),
    0,
  );
  return { ...calls, tickets: tickets.length, textsOnTickets };
}

async function handle(command: SandboxCommand): Promise<void> {
  switch (command.type) {
    case 'start': {
      sandbox = await startSandbox({
        twilio: {
          accountSid: command.accountSid,
          authToken: command.twilioAuthToken,
          numbers: [{ number: command.businessNumber, smsUrl: command.smsUrl }],
        },
        zendesk: command.zendesk,
      });
      send({
        type: 'ready',
        url: sandbox.url,
        twilioApiBaseUrl: sandbox.twilioApiBaseUrl,
        zendeskApiBaseUrl: sandbox.zendeskApiBaseUrl,
      });
      return;
    }
    case 'prepare': {
      if (sandbox === undefined) throw new Error('prepare before start');
      const current = sandbox;
      const webhooks: PreparedInbound[] = command.texts.map((text) => {
        const prepared = current.twilio.prepareInbound({
          from: text.from,
          to: command.businessNumber,
          body: text.body,
        });
        return {
          url: prepared.url,
          signature: prepared.headers['x-twilio-signature'] ?? '',
          body: prepared.rawBody.toString('utf8'),
        };
      });
      send({ type: 'prepared', id: command.id, webhooks });
      return;
    }
    case 'stats': {
      if (sandbox === undefined) throw new Error('stats before start');
      send({ type: 'stats', id: command.id, stats: stats(sandbox) });
      return;
    }
    case 'reset': {
      sandbox?.reset();
      send({ type: 'reset', id: command.id });
      return;
    }
  }
}

process.on('message', (command: SandboxCommand) => {
  handle(command).catch((error: unknown) => {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
});
// The parent disconnects when it is done (or dies): close and never outlive it.
process.on('disconnect', () => {
  const closing = sandbox?.close() ?? Promise.resolve();
  void closing.finally(() => process.exit(0));
});
