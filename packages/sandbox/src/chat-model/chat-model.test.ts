// The chat model stand-in over real HTTP: Bearer key, request validation, scripted answers, faults, request log, control routes.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- assertions read the stand-in's untyped JSON answers */
import { afterEach, describe, expect, it } from 'vitest';
import { jsonClient } from '../shared/test-support.ts';
import { startChatModelStandIn, type RunningChatModelStandIn } from './server.ts';
import type { ChatModelStandInOptions } from './stand-in.ts';

const KEY = 'sk-sandbox-test';
let running: RunningChatModelStandIn[] = [];

afterEach(async () => {
  await Promise.all(running.map((r) => r.close()));
  running = [];
});

async function start(options: Partial<ChatModelStandInOptions> = {}) {
  const model = await startChatModelStandIn({ apiKey: KEY, ...options });
  running.push(model);
  return {
    model,
    standIn: model.standIn,
    api: jsonClient(`${model.apiBaseUrl}/v1`, `Bearer ${KEY}`),
    control: jsonClient(model.controlUrl, undefined),
  };
}

/** A request as the relay sends it: system prompt asking for JSON, the customer's text. */
function classification(text: string, extra: Record<string, unknown> = {}) {
  return {
    model: 'gpt-4o-mini',
    temperature: 0,
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: 'Reply with a JSON object {"intent", "confidence"}.' },
      { role: 'user', content: text },
    ],
    ...extra,
  };
}

describe('authentication', () => {
  it("answers 401 in OpenAI's error shape without a key and with a wrong key, never echoing it", async () => {
    const { model, standIn } = await start();
    standIn.answerNext({ intent: 'billing', confidence: 0.9 });
    const missing = await jsonClient(`${model.apiBaseUrl}/v1`, undefined)(
      'POST',
      '/chat/completions',
      classification('refund please'),
    );
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ type: 'invalid_request_error', param: null });
    expect(missing.body.error.message).toMatch(/didn't provide an API key/);

    const wrong = await jsonClient(`${model.apiBaseUrl}/v1`, 'Bearer sk-wrong-key')(
      'POST',
      '/chat/completions',
      classification('refund please'),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_api_key');
    expect(JSON.stringify(wrong.body)).not.toContain('sk-wrong-key');
    expect(standIn.requests().map((r) => [r.status, r.authorized])).toEqual([
      [401, false],
      [401, false],
    ]);
  });
});

describe('answers', () => {
  it('answers a chat.completion whose content is the scripted intent as JSON', async () => {
    const { standIn, api } = await start();
    standIn.answerNext({ intent: 'order_status', confidence: 0.87 });
    const answer = await api('POST', '/chat/completions', classification('where is my package'));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant' }, finish_reason: 'stop' }],
    });
    expect(JSON.parse(answer.body.choices[0].message.content)).toEqual({
      intent: 'order_status',
      confidence: 0.87,
    });
    expect(answer.body.usage.total_tokens).toBeGreaterThan(0);
  });

  it('uses queued answers in order, then the rule, which sees the request', async () => {
    const { standIn, api } = await start();
    standIn.answerNext({ intent: 'billing', confidence: 0.9 }, { content: '```json\n{}\n```' });
    standIn.answerWith((request) => ({
      intent: request.messages.some((m) => m.content.includes('open')) ? 'hours_location' : 'none',
      confidence: 0.7,
    }));
    const contents: string[] = [];
    for (const text of ['refund', 'x', 'are you open', 'hello']) {
      const answer = await api('POST', '/chat/completions', classification(text));
      contents.push(answer.body.choices[0].message.content);
    }
    expect(contents).toEqual([
      '{"intent":"billing","confidence":0.9}',
      '```json\n{}\n```',
      '{"intent":"hours_location","confidence":0.7}',
      '{"intent":"none","confidence":0.7}',
    ]);
  });

  it('answers 500 saying nothing was scripted rather than inventing an answer', async () => {
    const { api } = await start();
    const answer = await api('POST', '/chat/completions', classification('hi'));
    expect(answer.status).toBe(500);
    expect(answer.body.error.code).toBe('sandbox_no_answer');
    expect(answer.body.error.message).toMatch(/answerNext/);
  });

  it('refuses models it does not serve when a list is given', async () => {
    const { standIn, api } = await start({ models: ['gpt-4o-mini'] });
    standIn.answerWith(() => ({ intent: 'none', confidence: 0.1 }));
    const unknown = await api(
      'POST',
      '/chat/completions',
      classification('hi', { model: 'gpt-9' }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('model_not_found');
    expect((await api('POST', '/chat/completions', classification('hi'))).status).toBe(200);
  });

  it('records each request with its system and user text', async () => {
    const { standIn, api } = await start();
    standIn.answerNext({ intent: 'billing', confidence: 0.9 });
    await api(
      'POST',
      '/chat/completions',
      classification('charged twice on card                    '),
    );
    const [record] = standIn.requests();
    expect(record).toMatchObject({
      status: 200,
      authorized: true,
      systemText: 'Reply with a JSON object {"intent", "confidence"}.',
      userText: 'charged twice on card                    ',
      request: { model: 'gpt-4o-mini', temperature: 0, responseFormat: 'json_object' },
    });
    expect(record?.body).toEqual(classification('charged twice on card                    '));
  });
});

describe('request validation', () => {
  const cases: [string, unknown, string | null, RegExp][] = [
    ['no model', { messages: [{ role: 'user', content: 'hi' }] }, 'model', /provide a model/],
    ['no messages', { model: 'm' }, 'messages', /Missing required parameter: 'messages'/],
    ['messages not an array', { model: 'm', messages: 'hi' }, 'messages', /expected an array/],
    ['empty messages', { model: 'm', messages: [] }, 'messages', /empty array/],
    [
      'unknown role',
      { model: 'm', messages: [{ role: 'customer', content: 'hi' }] },
      'messages[0].role',
      /Supported values are/,
    ],
    [
      'content an object',
      { model: 'm', messages: [{ role: 'user', content: { text: 'hi' } }] },
      'messages[0].content',
      /expected a string or an array/,
    ],
    [
      'temperature out of range',
      { model: 'm', temperature: 3, messages: [{ role: 'user', content: 'hi' }] },
      'temperature',
      /from 0 to 2/,
    ],
    [
      'a misspelt argument',
      {
        model: 'm',
        responseFormat: { type: 'json_object' },
        messages: [{ role: 'user', content: 'hi' }],
      },
      'responseFormat',
      /Unrecognized request argument supplied: responseFormat/,
    ],
    [
      'an unknown response_format',
      {
        model: 'm',
        response_format: { type: 'yaml' },
        messages: [{ role: 'user', content: 'hi' }],
      },
      'response_format',
      /json_object/,
    ],
    [
      'JSON mode without asking for JSON',
      {
        model: 'm',
        response_format: { type: 'json_object' },
        messages: [{ role: 'user', content: 'hi' }],
      },
      'messages',
      /must contain the word 'json'/,
    ],
  ];
  for (const [name, body, param, message] of cases) {
    it(`answers 400 naming the parameter for ${name}`, async () => {
      const { standIn, api } = await start();
      standIn.answerWith(() => ({ intent: 'none', confidence: 0 }));
      const answer = await api('POST', '/chat/completions', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.type).toBe('invalid_request_error');
      expect(answer.body.error.param).toBe(param);
      expect(answer.body.error.message).toMatch(message);
    });
  }

  it('answers 400 for a body that is not JSON', async () => {
    const { api } = await start();
    const answer = await api('POST', '/chat/completions', undefined, {
      headers: { 'content-type': 'application/json' },
      raw: Buffer.from('{"model": '),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/could not parse the JSON body/);
  });

  it('answers 404 for other paths under /v1', async () => {
    const { api } = await start();
    const answer = await api('POST', '/completions', classification('hi'));
    expect(answer.status).toBe(404);
    expect(answer.body.error.message).toBe('Invalid URL (POST /v1/completions)');
  });
});

describe('faults', () => {
  it('answers 500 server_error for the next N requests, then the scripted answer', async () => {
    const { standIn, api } = await start();
    standIn.answerNext({ intent: 'billing', confidence: 0.9 });
    standIn.injectFault({ kind: 'server_error', count: 1 });
    const failed = await api('POST', '/chat/completions', classification('refund'));
    expect(failed.status).toBe(500);
    expect(failed.body.error.type).toBe('server_error');
    const next = await api('POST', '/chat/completions', classification('refund'));
    expect(JSON.parse(next.body.choices[0].message.content)).toEqual({
      intent: 'billing',
      confidence: 0.9,
    });
  });

  it('answers prose (non_json_content) or JSON of another shape (wrong_shape) as the content', async () => {
    const { standIn, api } = await start();
    standIn.answerWith(() => ({ intent: 'billing', confidence: 0.9 }));
    standIn.injectFault({ kind: 'non_json_content', count: 1 });
    const prose = await api('POST', '/chat/completions', classification('refund'));
    expect(prose.status).toBe(200);
    expect(() => JSON.parse(prose.body.choices[0].message.content) as unknown).toThrow();
    standIn.injectFault({ kind: 'wrong_shape', count: 1 });
    const wrong = await api('POST', '/chat/completions', classification('refund'));
    const content = JSON.parse(wrong.body.choices[0].message.content);
    expect(content).not.toHaveProperty('intent');
    expect(content).not.toHaveProperty('confidence');
    expect(standIn.requests().map((r) => r.fault)).toEqual(['non_json_content', 'wrong_shape']);
  });

  it('holds the answer for a delay', async () => {
    const { standIn, api } = await start();
    standIn.answerNext({ intent: 'billing', confidence: 0.9 });
    standIn.injectFault({ kind: 'delay', ms: 300 });
    const started = performance.now();
    const answer = await api('POST', '/chat/completions', classification('refund'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.status).toBe(200);
  });

  it('keeps faults until cleared when no count is given', async () => {
    const { standIn, api } = await start();
    standIn.answerWith(() => ({ intent: 'billing', confidence: 0.9 }));
    standIn.injectFault({ kind: 'server_error' });
    expect((await api('POST', '/chat/completions', classification('a'))).status).toBe(500);
    expect((await api('POST', '/chat/completions', classification('b'))).status).toBe(500);
    standIn.clearFaults();
    expect((await api('POST', '/chat/completions', classification('c'))).status).toBe(200);
  });
});

describe('control routes', () => {
  it('queues answers, shows requests, injects faults and resets over HTTP', async () => {
    const { api, control } = await start();
    expect(
      (
        await control('POST', '/answers', {
          answers: [{ intent: 'thanks', confidence: 0.99 }, { content: 'nope' }],
        })
      ).status,
    ).toBe(204);
    const first = await api('POST', '/chat/completions', classification('thx'));
    expect(first.body.choices[0].message.content).toBe('{"intent":"thanks","confidence":0.99}');
    const second = await api('POST', '/chat/completions', classification('thx'));
    expect(second.body.choices[0].message.content).toBe('nope');

    expect((await control('POST', '/faults', { kind: 'server_error', count: 1 })).status).toBe(204);
    expect((await control('POST', '/answers', { intent: 'agent', confidence: 1 })).status).toBe(
      204,
    );
    expect((await api('POST', '/chat/completions', classification('human'))).status).toBe(500);
    const requests = await control('GET', '/requests');
    expect((requests.body.requests as { userText: string }[]).map((r) => r.userText)).toEqual([
      'thx',
      'thx',
      'human',
    ]);

    expect((await control('DELETE', '/answers')).status).toBe(204);
    expect((await api('POST', '/chat/completions', classification('human'))).body.error.code).toBe(
      'sandbox_no_answer',
    );
    expect((await control('POST', '/reset')).status).toBe(204);
    expect((await control('GET', '/requests')).body.requests).toEqual([]);
  });

  it('answers one-line 400s for bad answers and faults', async () => {
    const { control } = await start();
    const badAnswer = await control('POST', '/answers', { intent: 'billing' });
    expect(badAnswer.status).toBe(400);
    expect(badAnswer.body).toEqual({ error: 'confidence must be a finite number' });
    const badFault = await control('POST', '/faults', { kind: 'timeout' });
    expect(badFault.status).toBe(400);
    expect(badFault.body.error).toMatch(/^kind must be one of delay/);
  });
});
