// Health, readiness, Prometheus metrics and masked logs, as an operator sees them.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, openStore, startRelay } from '@smsbridge/server';
import { onlyTicket, settled, textIn } from './helpers.ts';
import { startStack, type Stack } from './stack.ts';

const CUSTOMER = '+14155550171';

describe('observability', () => {
  let stack: Stack;
  let logs = '';
  beforeAll(async () => {
    stack = await startStack({ relayInProcess: false });
    const relay = await startRelay(stack.config, {
      logger: createLogger({
        level: 'debug',
        includeBodies: false,
        destination: new Writable({
          write(chunk: Buffer, _encoding, callback) {
            logs += chunk.toString();
            callback();
          },
        }),
      }),
    });
    stack.relay = relay;
  });
  afterAll(async () => {
    await stack.close();
  });

  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`${stack.relayUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${stack.relayUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', store: 'sqlite' });
  });

  it('counts inbound texts, rejections, helpdesk calls and the queue in /metrics', async () => {
    await textIn(stack, CUSTOMER, 'metrics please');
    await stack.sandbox.twilio.replayInbound((await textIn(stack, CUSTOMER, 'twice')).messageSid);
    await fetch(`${stack.relayUrl}/webhooks/acme/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'From=%2B1',
    });
    await onlyTicket(stack, CUSTOMER, 2);
    await settled(stack);
    const response = await fetch(`${stack.relayUrl}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(
      /^smsbridge_inbound_messages_total\{workspace="acme",result="stored"\} 2$/m,
    );
    expect(text).toMatch(
      /^smsbridge_inbound_messages_total\{workspace="acme",result="duplicate"\} 1$/m,
    );
    expect(text).toMatch(
      /^smsbridge_webhook_rejections_total\{route="sms_inbound",reason="missing_signature"\} 1$/m,
    );
    expect(text).toMatch(
      /^smsbridge_helpdesk_api_calls_total\{helpdesk="zendesk",status="20\d"\} \d+$/m,
    );
    expect(text).toMatch(/^smsbridge_job_queue_depth\{state="pending"\} 0$/m);
    expect(text).toMatch(/^smsbridge_job_queue_depth\{state="dead"\} 0$/m);
    expect(text).toMatch(/^smsbridge_job_queue_oldest_age_seconds 0$/m);
    expect(text).toMatch(
      /^smsbridge_jobs_finished_total\{kind="deliver_inbound",outcome="done"\} \d+$/m,
    );
  });

  it('masks phone numbers and omits bodies in logs', async () => {
    await textIn(stack, '+14155550172', 'my secret plans');
    await settled(stack);
    expect(logs).toContain('relay started');
    expect(logs).toMatch(/"from":"\+1415\*\*\*0172".*"body":"\[omitted\]".*"msg":"inbound text"/);
    expect(logs).not.toContain('14155550171');
    expect(logs).not.toContain('14155550172');
    expect(logs).not.toContain('my secret plans');
  });

  it('is not ready until migrations are applied', async () => {
    const store = openStore({ kind: 'sqlite', path: ':memory:' });
    expect(await store.isReady()).toBe(false);
    await store.migrate();
    expect(await store.isReady()).toBe(true);
    await store.close();
  });
});

describe('bot warnings at start', () => {
  it('names each bot text over one SMS segment and each flow that will always hand off', async () => {
    const stack = await startStack({
      relayInProcess: false,
      bot: {
        businessName: 'Acme Outdoor',
        // 170 GSM-7 characters: two segments for every customer who texts.
        texts: { en: { thanksReply: `Thanks! ${'x'.repeat(162)}` } },
      },
    });
    let logs = '';
    try {
      stack.relay = await startRelay(stack.config, {
        worker: false,
        logger: createLogger({
          level: 'info',
          includeBodies: false,
          destination: new Writable({
            write(chunk: Buffer, _encoding, callback) {
              logs += chunk.toString();
              callback();
            },
          }),
        }),
      });
    } finally {
      await stack.close();
    }
    const warnings = logs
      .split('\n')
      .filter((line) => line.includes('"level":40'))
      .map((line) => JSON.parse(line) as { key?: string; msg: string; workspace?: string });
    expect(warnings.some((warning) => warning.key === 'bot.texts.en.thanksReply')).toBe(true);
    // No order lookup configured: order questions always go to an agent, and the operator is told.
    expect(warnings.some((warning) => warning.key?.startsWith('bot.orderLookup'))).toBe(true);
    expect(warnings.every((warning) => warning.workspace === 'acme')).toBe(true);
  });
});
