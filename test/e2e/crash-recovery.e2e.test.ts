// The relay killed with SIGKILL during a burst and restarted: every acknowledged text arrives exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '@smsbridge/server';
import { stringify } from 'yaml';
import { customerTexts, ticketsOf } from './helpers.ts';
import { BUSINESS_NUMBER, eventually, startStack, type Stack } from './stack.ts';

const CLI = fileURLToPath(new URL('../../server/bin/smsbridge.js', import.meta.url));
const CUSTOMERS = ['+14155550131', '+14155550132', '+14155550133'];

function spawnRelay(stack: Stack, configPath: string): ChildProcess {
  const child = spawn(process.execPath, [CLI, 'start', '--config', configPath], {
    env: { PATH: process.env.PATH, ...stack.env }, // eslint-disable-line no-restricted-properties -- child process environment
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[relay] ${chunk.toString()}`));
  return child;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitForExit(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

async function relayReady(stack: Stack): Promise<void> {
  await eventually(
    'the relay to answer /readyz',
    async () => {
      const response = await fetch(`${stack.relayUrl}/readyz`).catch(() => undefined);
      return response?.status === 200;
    },
    30_000,
  );
}

describe('crash recovery', () => {
  let stack: Stack | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child !== undefined && !exited(child)) {
      child.kill('SIGKILL');
      await waitForExit(child);
    }
    await stack?.close();
  });

  it('loses and duplicates nothing it acknowledged when killed with SIGKILL mid-burst', async () => {
    stack = await startStack({ relayInProcess: false, zendesk: { rateLimitPerMinute: 100_000 } });
    const configPath = join(stack.dataDir, 'relay.yaml');
    writeFileSync(configPath, stringify(stack.rawConfig));
    child = spawnRelay(stack, configPath);
    await relayReady(stack);

    // Zendesk is down during the burst, so acknowledged texts are still queued (and being retried)
    // when the relay dies.
    stack.sandbox.zendesk.injectFaults({ status: 503, retryAfterSeconds: 1 });
    const acknowledged: string[] = [];
    const unacknowledged: string[] = [];
    const sids = new Map<string, string>();
    const sends: Promise<void>[] = [];
    let sentAfterKill = 0;
    for (let index = 0; index < 400 && sentAfterKill < 20; index += 1) {
      const from = CUSTOMERS[index % CUSTOMERS.length]!;
      const body = `crash burst ${index}`;
      const webhook = stack.sandbox.twilio.prepareInbound({ from, to: BUSINESS_NUMBER, body });
      sids.set(body, webhook.messageSid);
      sends.push(
        fetch(webhook.url, { method: 'POST', body: webhook.rawBody, headers: webhook.headers })
          .then((response) => {
            (response.status === 200 ? acknowledged : unacknowledged).push(body);
          })
          .catch(() => {
            unacknowledged.push(body);
          }),
      );
      if (exited(child) || child.killed) sentAfterKill += 1;
      else if (acknowledged.length >= 30) {
        // Mid-burst, with texts in flight: no chance to finish anything.
        child.kill('SIGKILL');
      }
      await new Promise((resolve) => setTimeout(resolve, 8));
    }
    await Promise.all(sends);
    await waitForExit(child);
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);
    expect(unacknowledged.length).toBeGreaterThan(0);

    // The crash left acknowledged texts that had not reached Zendesk yet: the restart must deliver them.
    const deliveredBeforeRestart = CUSTOMERS.flatMap((customer) =>
      ticketsOf(stack!, customer).flatMap(customerTexts),
    ).length;
    expect(deliveredBeforeRestart).toBeLessThan(acknowledged.length);
    stack.sandbox.zendesk.clearFaults();

    child = spawnRelay(stack, configPath);
    await relayReady(stack);
    // Twilio retries what was not acknowledged (carriers.md §1.3); the relay must dedupe any it had stored.
    for (const body of unacknowledged) {
      const answer = await stack.sandbox.twilio.replayInbound(sids.get(body)!);
      expect(answer.status).toBe(200);
    }

    const all = [...acknowledged, ...unacknowledged];
    await eventually(
      'every text on the tickets',
      () => {
        const onTickets = CUSTOMERS.flatMap((customer) =>
          ticketsOf(stack!, customer).flatMap(customerTexts),
        );
        return onTickets.length >= all.length ? onTickets : undefined;
      },
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const store = openStore(stack.config.store);
    for (const customer of CUSTOMERS) {
      const tickets = ticketsOf(stack, customer);
      expect(tickets).toHaveLength(1);
      const texts = customerTexts(tickets[0]!);
      const expected = all.filter(
        (body) => Number(body.split(' ').at(-1)) % CUSTOMERS.length === CUSTOMERS.indexOf(customer),
      );
      // Exactly once each: no loss, no duplicate.
      expect([...texts].sort()).toEqual([...expected].sort());
      // In the order the relay committed them.
      const stored = await store.db
        .selectFrom('messages')
        .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
        .select('messages.body as body')
        .where('conversations.customer_phone', '=', customer)
        .where('messages.direction', '=', 'inbound')
        .orderBy('messages.id')
        .execute();
      expect(texts).toEqual(stored.map((row) => row.body));
    }
    await store.close();
  }, 120_000);
});
