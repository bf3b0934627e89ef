// The optional model-assisted classifier, against a stand-in for an OpenAI-compatible endpoint.
import { describe, expect, it, vi } from 'vitest';
import type { IntentClassification, IntentClassifier } from './classifier.ts';
import {
  createModelAssistedClassifier,
  MODEL_INTENT_OPTIONS,
  parseModelAnswer,
} from './model-classifier.ts';

const LOCAL_ANSWER: IntentClassification = { intent: 'billing', score: 0.7, language: 'es' };
const local: IntentClassifier = { classify: () => Promise.resolve(LOCAL_ANSWER) };

describe('parseModelAnswer', () => {
  it.each([
    [
      '{"intent":"order_status","confidence":0.93}',
      { ok: true, intent: 'order_status', score: 0.93 },
    ],
    [
      '```json\n{"intent":"ORDER_STATUS","confidence":1}\n```',
      { ok: true, intent: 'order_status', score: 1 },
    ],
    [
      { intent: 'none', confidence: 0.9, reasoning: 'weather' },
      { ok: true, intent: 'None', score: 0.9 },
    ],
    ['Sure! The intent is order_status.', { ok: false, problem: 'not JSON' }],
    [
      '{"intent":"refund_fraud","confidence":0.99}',
      { ok: false, problem: 'unknown intent "refund_fraud"' },
    ],
    [
      '{"intent":"billing","confidence":7}',
      { ok: false, problem: 'expected { intent, confidence 0-1 }' },
    ],
    [null, { ok: false, problem: 'expected { intent, confidence 0-1 }' }],
  ])('%j → %j', (answer, verdict) => {
    expect(parseModelAnswer(answer)).toEqual(verdict);
  });
});

describe('createModelAssistedClassifier', () => {
  it('sends the intent list and the text, and uses a valid answer with the local language', async () => {
    const classifyWithModel = vi.fn(() =>
      Promise.resolve('{"intent":"order_status","confidence":0.9}'),
    );
    const classifier = createModelAssistedClassifier({ local, classifyWithModel });
    expect(await classifier.classify('¿dónde está mi pedido?')).toEqual({
      intent: 'order_status',
      score: 0.9,
      language: 'es',
    });
    expect(classifyWithModel).toHaveBeenCalledWith(MODEL_INTENT_OPTIONS, '¿dónde está mi pedido?');
    expect(MODEL_INTENT_OPTIONS.map((option) => option.name)).toContain('none');
  });

  it('falls back to the local classifier on nonsense, an error, or a timeout', async () => {
    const nonsense = createModelAssistedClassifier({
      local,
      classifyWithModel: () => Promise.resolve('I think billing?'),
    });
    expect(await nonsense.classify('x')).toEqual(LOCAL_ANSWER);
    const failing = createModelAssistedClassifier({
      local,
      classifyWithModel: () => Promise.reject(new Error('HTTP 500')),
    });
    expect(await failing.classify('x')).toEqual(LOCAL_ANSWER);
    const hanging = createModelAssistedClassifier({
      local,
      classifyWithModel: () => new Promise<unknown>(() => undefined),
      deadline: () => Promise.resolve(),
    });
    expect(await hanging.classify('x')).toEqual(LOCAL_ANSWER);
  });
});
