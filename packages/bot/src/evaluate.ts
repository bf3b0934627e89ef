// Scores an intent classifier on labelled texts: accuracy per intent, out-of-scope hand-offs, confusion.
import type { IntentClassifier } from './classifier.ts';
import { BOT_INTENTS, isIntentLabel, OUT_OF_SCOPE } from './intents.ts';
import type { BotLanguage, IntentLabel } from './intents.ts';

export interface LabelledText {
  readonly text: string;
  readonly intent: IntentLabel;
  readonly language?: BotLanguage;
  /** Written after the classifier was tuned, never used to tune it (reported separately). */
  readonly heldOut?: boolean;
}

export interface IntentScore {
  readonly total: number;
  readonly correct: number;
  /** correct / total; 1 for an intent with no labelled text. */
  readonly accuracy: number;
}

export interface EvaluationMiss {
  readonly text: string;
  readonly expected: IntentLabel;
  readonly predicted: IntentLabel;
  readonly score: number;
}

export interface IntentEvaluation {
  readonly threshold: number;
  readonly total: number;
  /** Top-1 accuracy over texts labelled with a real intent (not 'None'). */
  readonly inScope: IntentScore;
  /**
   * Out-of-scope texts the bot would not answer: predicted 'None' (below the threshold or no
   * intent) or 'agent' (straight to a person). `accuracy` is the hand-off rate.
   */
  readonly outOfScope: IntentScore;
  readonly perIntent: Readonly<Record<IntentLabel, IntentScore>>;
  /** confusion[expected][predicted] = count. */
  readonly confusion: Readonly<Record<IntentLabel, Readonly<Record<IntentLabel, number>>>>;
  readonly misses: readonly EvaluationMiss[];
}

const LABELS: readonly IntentLabel[] = [...BOT_INTENTS, OUT_OF_SCOPE];

function score(total: number, correct: number): IntentScore {
  return { total, correct, accuracy: total === 0 ? 1 : correct / total };
}

/** Reads `{ cases: [{ text, intent, language?, heldOut? }] }`, throwing on any malformed case. */
export function parseLabelledTexts(json: unknown): LabelledText[] {
  const cases = (json as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(cases)) throw new TypeError('labelled texts: expected { cases: [...] }');
  return cases.map((item: unknown, index) => {
    const entry = item as Partial<Record<keyof LabelledText, unknown>> | null;
    if (typeof entry?.text !== 'string' || !isIntentLabel(entry.intent)) {
      throw new TypeError(`labelled texts: cases[${index}] needs a string text and a known intent`);
    }
    if (entry.language !== undefined && entry.language !== 'en' && entry.language !== 'es') {
      throw new TypeError(`labelled texts: cases[${index}].language must be 'en' or 'es'`);
    }
    return {
      text: entry.text,
      intent: entry.intent,
      ...(entry.language === undefined ? {} : { language: entry.language }),
      ...(entry.heldOut === true ? { heldOut: true } : {}),
    };
  });
}

/** Runs every text through the classifier; below `threshold` counts as 'None', as in the engine. */
export async function evaluateIntents(
  classifier: IntentClassifier,
  cases: readonly LabelledText[],
  threshold: number,
): Promise<IntentEvaluation> {
  const confusion = Object.fromEntries(
    LABELS.map((expected) => [expected, Object.fromEntries(LABELS.map((label) => [label, 0]))]),
  ) as Record<IntentLabel, Record<IntentLabel, number>>;
  const misses: EvaluationMiss[] = [];
  let inScopeTotal = 0;
  let inScopeCorrect = 0;
  let outTotal = 0;
  let outHandedOff = 0;
  for (const item of cases) {
    const result = await classifier.classify(item.text);
    const predicted = result.score >= threshold ? result.intent : OUT_OF_SCOPE;
    confusion[item.intent][predicted] += 1;
    if (item.intent === OUT_OF_SCOPE) {
      outTotal += 1;
      if (predicted === OUT_OF_SCOPE || predicted === 'agent') outHandedOff += 1;
      else misses.push({ text: item.text, expected: item.intent, predicted, score: result.score });
    } else {
      inScopeTotal += 1;
      if (predicted === item.intent) inScopeCorrect += 1;
      else misses.push({ text: item.text, expected: item.intent, predicted, score: result.score });
    }
  }
  const perIntent = Object.fromEntries(
    LABELS.map((label) => {
      const row = confusion[label];
      const total = Object.values(row).reduce((sum, count) => sum + count, 0);
      const correct = label === OUT_OF_SCOPE ? row[OUT_OF_SCOPE] + row.agent : (row[label] ?? 0);
      return [label, score(total, correct)];
    }),
  ) as Record<IntentLabel, IntentScore>;
  return {
    threshold,
    total: cases.length,
    inScope: score(inScopeTotal, inScopeCorrect),
    outOfScope: score(outTotal, outHandedOff),
    perIntent,
    confusion,
    misses,
  };
}

const SHORT_LABELS: Readonly<Record<IntentLabel, string>> = {
  order_status: 'order',
  password_reset: 'passw',
  profile_update: 'profil',
  close_account: 'close',
  billing: 'bill',
  technical_issue: 'tech',
  hours_location: 'hours',
  agent: 'agent',
  greeting: 'greet',
  thanks: 'thanks',
  None: 'None',
};

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** Plain-text report: per-intent accuracy, the two goals, the confusion matrix and the misses. */
export function formatEvaluation(
  evaluation: IntentEvaluation,
  title = 'Intent evaluation',
): string {
  const lines: string[] = [];
  lines.push(`${title} (${evaluation.total} texts, threshold ${evaluation.threshold})`);
  lines.push('');
  lines.push('intent            texts  correct  accuracy');
  for (const label of LABELS) {
    const row = evaluation.perIntent[label];
    const name = label === OUT_OF_SCOPE ? 'None (handed off)' : label;
    lines.push(
      `${name.padEnd(17)} ${String(row.total).padStart(6)} ${String(row.correct).padStart(8)} ${percent(row.accuracy).padStart(9)}`,
    );
  }
  lines.push('');
  lines.push(
    `in-scope top-1 accuracy: ${percent(evaluation.inScope.accuracy)} (${evaluation.inScope.correct}/${evaluation.inScope.total})`,
  );
  lines.push(
    `out-of-scope handed to an agent: ${percent(evaluation.outOfScope.accuracy)} (${evaluation.outOfScope.correct}/${evaluation.outOfScope.total})`,
  );
  lines.push('');
  lines.push('confusion matrix (rows: expected, columns: predicted)');
  lines.push(`${''.padEnd(8)}${LABELS.map((label) => SHORT_LABELS[label].padStart(7)).join('')}`);
  for (const expected of LABELS) {
    const row = evaluation.confusion[expected];
    lines.push(
      `${SHORT_LABELS[expected].padEnd(8)}${LABELS.map((predicted) => String(row[predicted] || '.').padStart(7)).join('')}`,
    );
  }
  if (evaluation.misses.length > 0) {
    lines.push('');
    lines.push(`misses (${evaluation.misses.length})`);
    for (const miss of evaluation.misses) {
      lines.push(
        `  ${miss.expected} -> ${miss.predicted} (${miss.score.toFixed(2)}): ${JSON.stringify(miss.text)}`,
      );
    }
  }
  return lines.join('\n');
}
