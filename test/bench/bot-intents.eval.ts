// Evaluation of the bot's intent classifier on the labelled customer texts: accuracy per intent,
// out-of-scope hand-off rate and the confusion matrix, plus training time and time per text.
//
// Run: npx tsx test/bench/bot-intents.eval.ts [threshold]
import { readFileSync } from 'node:fs';
import {
  BOT_CONFIG_DEFAULTS,
  evaluateIntents,
  formatEvaluation,
  parseLabelledTexts,
  trainIntentClassifier,
} from '../../packages/bot/src/index.ts';

/** Goals from issue 6: ≥ 90 % top-1 in scope, ≥ 85 % of out-of-scope texts handed to an agent. */
const IN_SCOPE_GOAL = 0.9;
const OUT_OF_SCOPE_GOAL = 0.85;

const fixture = new URL('../fixtures/bot-intents.json', import.meta.url);
const cases = parseLabelledTexts(JSON.parse(readFileSync(fixture, 'utf8')));
const thresholdArgument = process.argv[2];
const threshold =
  thresholdArgument === undefined
    ? BOT_CONFIG_DEFAULTS.confidenceThreshold
    : Number(thresholdArgument);
if (!(threshold >= 0 && threshold <= 1))
  throw new RangeError(`threshold must be 0-1, got ${thresholdArgument}`);

const trainingStart = performance.now();
const classifier = await trainIntentClassifier();
const trainingMs = performance.now() - trainingStart;

// Warm up on other texts (nlp.js caches each text it has prepared), then time one pass over texts
// the classifier has never seen, and a second pass that hits that cache.
for (let index = 0; index < 200; index += 1)
  await classifier.classify(`warm up text number ${index} please`);
const timePass = async (): Promise<number> => {
  const start = performance.now();
  for (const item of cases) await classifier.classify(item.text);
  return ((performance.now() - start) * 1000) / cases.length;
};
const microsPerNewText = await timePass();
const microsPerRepeatedText = await timePass();

const all = await evaluateIntents(classifier, cases, threshold);
const heldOut = await evaluateIntents(
  classifier,
  cases.filter((item) => item.heldOut),
  threshold,
);
const spanish = await evaluateIntents(
  classifier,
  cases.filter((item) => item.language === 'es'),
  threshold,
);

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
console.log(
  formatEvaluation(all, `Bot intents, ${fixture.pathname.split('/').slice(-3).join('/')}`),
);
console.log('');
console.log(
  `held out (${heldOut.total} texts written after the last change to the built-in phrases): ` +
    `in scope ${percent(heldOut.inScope.accuracy)} (${heldOut.inScope.correct}/${heldOut.inScope.total}), ` +
    `out of scope handed off ${percent(heldOut.outOfScope.accuracy)} (${heldOut.outOfScope.correct}/${heldOut.outOfScope.total})`,
);
console.log(
  `Spanish (${spanish.total} texts): in scope ${percent(spanish.inScope.accuracy)}, ` +
    `out of scope handed off ${percent(spanish.outOfScope.accuracy)}`,
);
console.log(
  `training: ${trainingMs.toFixed(0)} ms (nlp.js, English and Spanish, built-in phrases)`,
);
console.log(
  `classification: ${microsPerNewText.toFixed(0)} µs per new text, ${microsPerRepeatedText.toFixed(0)} µs per repeated text (mean over ${cases.length})`,
);

const met = all.inScope.accuracy >= IN_SCOPE_GOAL && all.outOfScope.accuracy >= OUT_OF_SCOPE_GOAL;
console.log(
  `goals (≥ ${percent(IN_SCOPE_GOAL)} in scope, ≥ ${percent(OUT_OF_SCOPE_GOAL)} out of scope handed off): ${met ? 'met' : 'NOT met'}`,
);
if (!met) process.exitCode = 1;
