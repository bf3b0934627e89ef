// Scoring a classifier on labelled texts, with a stub classifier, and reading malformed label files.
import { describe, expect, it } from 'vitest';
import type { IntentClassifier } from './classifier.ts';
import { evaluateIntents, formatEvaluation, parseLabelledTexts } from './evaluate.ts';

const stub: IntentClassifier = {
  classify: (text) =>
    Promise.resolve(
      text.startsWith('order')
        ? { intent: 'order_status', score: 0.9, language: 'en' }
        : text.startsWith('weak')
          ? { intent: 'billing', score: 0.4, language: 'en' }
          : { intent: 'agent', score: 0.95, language: 'en' },
    ),
};

describe('evaluateIntents', () => {
  it('counts top-1 hits, below-threshold as None, and None or agent as handed off', async () => {
    const evaluation = await evaluateIntents(
      stub,
      [
        { text: 'order 1', intent: 'order_status' },
        { text: 'weak refund', intent: 'billing' },
        { text: 'weak joke', intent: 'None' },
        { text: 'order of pizza', intent: 'None' },
        { text: 'call the police', intent: 'None' },
      ],
      0.6,
    );
    expect(evaluation.inScope).toEqual({ total: 2, correct: 1, accuracy: 0.5 });
    expect(evaluation.outOfScope).toEqual({ total: 3, correct: 2, accuracy: 2 / 3 });
    expect(evaluation.confusion.billing.None).toBe(1);
    expect(evaluation.confusion.None.order_status).toBe(1);
    expect(evaluation.misses.map((miss) => miss.text)).toEqual(['weak refund', 'order of pizza']);
    expect(formatEvaluation(evaluation)).toMatch(/in-scope top-1 accuracy: 50\.0% \(1\/2\)/);
  });
});

describe('parseLabelledTexts', () => {
  it.each([
    [null, 'expected { cases: [...] }'],
    [{ cases: 'x' }, 'expected { cases: [...] }'],
    [
      { cases: [{ text: 'hi', intent: 'smalltalk' }] },
      'cases[0] needs a string text and a known intent',
    ],
    [
      { cases: [{ text: 3, intent: 'greeting' }] },
      'cases[0] needs a string text and a known intent',
    ],
    [
      { cases: [{ text: 'hi', intent: 'greeting', language: 'fr' }] },
      "cases[0].language must be 'en' or 'es'",
    ],
  ])('rejects %j', (json, message) => {
    expect(() => parseLabelledTexts(json)).toThrow(message);
  });

  it('keeps language and heldOut', () => {
    expect(
      parseLabelledTexts({
        cases: [{ text: 'hola', intent: 'greeting', language: 'es', heldOut: true }],
      }),
    ).toEqual([{ text: 'hola', intent: 'greeting', language: 'es', heldOut: true }]);
  });
});
