// The nlp.js classifier: SMS-style texts, Spanish, out-of-scope, workspace phrases, bad input.
import { describe, expect, it } from 'vitest';
import { trainIntentClassifier } from './classifier.ts';
import { OUT_OF_SCOPE } from './intents.ts';

const classifier = await trainIntentClassifier();

describe('trainIntentClassifier', () => {
  it.each([
    ['WHERES MY PACKAGE', 'order_status', 'en'],
    ['i forgot my pasword 😭', 'password_reset', 'en'],
    ['wat time u open tmrw', 'hours_location', 'en'],
    ['my app keeps crashng', 'technical_issue', 'en'],
    ['can i get a refund pls', 'billing', 'en'],
    ['quiero hablar con una persona', 'agent', 'es'],
    ['me cobraron 2 veces', 'billing', 'es'],
    ['no puedo entrar a mi cuenta', 'password_reset', 'es'],
  ])('%j → %s (%s)', async (text, intent, language) => {
    const result = await classifier.classify(text);
    expect(result.intent).toBe(intent);
    expect(result.language).toBe(language);
    expect(result.score).toBeGreaterThanOrEqual(0.6);
  });

  it.each(['what is the capital of france', 'my cat is sick', 'lmao', '🤷', '12345'])(
    'says None for %j',
    async (text) => {
      expect((await classifier.classify(text)).intent).toBe(OUT_OF_SCOPE);
    },
  );

  it('learns a workspace phrase the built-in ones do not know', async () => {
    const before = await classifier.classify('is my kayak rental confirmed');
    expect(before.intent === 'order_status' && before.score >= 0.6).toBe(false);
    const workspace = await trainIntentClassifier({
      languages: ['en'],
      examplePhrases: {
        en: { order_status: ['is my kayak rental confirmed', 'kayak booking status'] },
      },
    });
    const after = await workspace.classify('is my kayak rental confirmed?');
    expect(after.intent).toBe('order_status');
    expect(after.score).toBeGreaterThanOrEqual(0.6);
  });

  it('trains one language only when asked, and refuses to train nothing', async () => {
    const english = await trainIntentClassifier({ languages: ['en'] });
    expect(english.normalizedTrainingPhrases.es).toEqual([]);
    await expect(trainIntentClassifier({ languages: [] })).rejects.toThrow(RangeError);
    await expect(
      trainIntentClassifier({
        includeDefaults: false,
        examplePhrases: { en: { None: ['hello'] } },
      }),
    ).rejects.toThrow(RangeError);
  });

  it('throws on a non-string and copes with huge text', async () => {
    await expect(classifier.classify(undefined as unknown as string)).rejects.toThrow(TypeError);
    const huge = await classifier.classify(`where is my order ${'x'.repeat(20_000)}`);
    expect(['order_status', OUT_OF_SCOPE]).toContain(huge.intent);
  });
});
