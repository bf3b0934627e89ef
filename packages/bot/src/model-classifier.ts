// Optional model-assisted understanding: an injected OpenAI-compatible call, validated, with the local classifier as fallback.
import { z } from 'zod';
import type { IntentClassification, IntentClassifier } from './classifier.ts';
import { BOT_INTENTS, OUT_OF_SCOPE } from './intents.ts';
import type { BotIntent } from './intents.ts';

/** What the model is told each intent means (also the labelling guide of the evaluation set). */
export const INTENT_DESCRIPTIONS: Readonly<Record<BotIntent, string>> = {
  order_status:
    'where an existing order or delivery is, when it arrives, tracking, late or missing deliveries',
  password_reset: 'forgotten or failing password, cannot log in or sign in, locked out',
  profile_update:
    'change personal details on the account: name, email, phone, address, preferences',
  close_account: 'close, delete or deactivate the account, erase personal data',
  billing: 'charges, refunds, invoices, receipts, payment methods, subscriptions and plans',
  technical_issue:
    'app or website errors, crashes, slowness, codes or links that do not arrive or work',
  hours_location: 'opening hours, open now or on a given day, address and location',
  agent: 'asks for a person, agent, manager or a call',
  greeting: 'a greeting with no request yet',
  thanks: 'thanks or a closing remark',
};

export interface ModelIntentOption {
  readonly name: BotIntent | 'none';
  readonly description: string;
}

/**
 * The relay's call to the workspace's chat endpoint (OpenAI-compatible chat completions): send the
 * options and the (already redacted) text, return the model's answer as JSON text or an object.
 * Asked for: `{"intent": "<name or none>", "confidence": 0.0-1.0}`. Untrusted: validated here.
 */
export type ClassifyWithModel = (
  intents: readonly ModelIntentOption[],
  text: string,
) => Promise<unknown>;

export interface ModelAssistedClassifierOptions {
  /** The trained local classifier: the fallback, and the source of the text's language. */
  readonly local: IntentClassifier;
  readonly classifyWithModel: ClassifyWithModel;
  /**
   * Settles when the model has taken too long (the relay passes e.g. a `setTimeout` promise for
   * the workspace's timeout); the local answer is used then. Without it, only a rejection of
   * `classifyWithModel` (say, an aborted fetch) falls back.
   */
  readonly deadline?: () => Promise<void>;
}

const modelAnswerSchema = z.object({
  intent: z.string().trim().min(1).max(60),
  confidence: z.number().min(0).max(1),
});

export type ModelVerdict =
  | { readonly ok: true; readonly intent: BotIntent | typeof OUT_OF_SCOPE; readonly score: number }
  | { readonly ok: false; readonly problem: string };

/** Validates a model answer (JSON text, possibly in a ```json fence, or an object). */
export function parseModelAnswer(answer: unknown): ModelVerdict {
  let value = answer;
  if (typeof value === 'string') {
    const unfenced = value
      .trim()
      .replace(/^```(?:json)?\s*/i, '')
      .replace(/\s*```$/, '');
    try {
      value = JSON.parse(unfenced);
    } catch {
      return { ok: false, problem: 'not JSON' };
    }
  }
  const parsed = modelAnswerSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problem: 'expected { intent, confidence 0-1 }' };
  const name = parsed.data.intent.toLowerCase();
  if (name === 'none' || name === 'out_of_scope') {
    return { ok: true, intent: OUT_OF_SCOPE, score: parsed.data.confidence };
  }
  const intent = BOT_INTENTS.find((candidate) => candidate === name);
  if (!intent)
    return { ok: false, problem: `unknown intent ${JSON.stringify(parsed.data.intent)}` };
  return { ok: true, intent, score: parsed.data.confidence };
}

export const MODEL_INTENT_OPTIONS: readonly ModelIntentOption[] = [
  ...BOT_INTENTS.map((name) => ({ name, description: INTENT_DESCRIPTIONS[name] })),
  {
    name: 'none',
    description: 'anything else; the bot will not answer it and a person takes over',
  },
];

const TIMED_OUT = Symbol('timed out');

/**
 * A classifier that asks the model first and falls back to the local classifier when the model
 * is slow, fails, or answers nonsense (not JSON, an unknown intent, a confidence outside 0–1).
 * The language always comes from the local classifier.
 */
export function createModelAssistedClassifier(
  options: ModelAssistedClassifierOptions,
): IntentClassifier {
  return {
    async classify(text: string): Promise<IntentClassification> {
      const localPromise = options.local.classify(text);
      let answer: unknown;
      try {
        const call = options.classifyWithModel(MODEL_INTENT_OPTIONS, text);
        answer = options.deadline
          ? await Promise.race([call, options.deadline().then(() => TIMED_OUT)])
          : await call;
      } catch {
        answer = TIMED_OUT;
      }
      const local = await localPromise;
      if (answer === TIMED_OUT) return local;
      const verdict = parseModelAnswer(answer);
      if (!verdict.ok) return local;
      return { intent: verdict.intent, score: verdict.score, language: local.language };
    },
  };
}
