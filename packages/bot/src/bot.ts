// One workspace's bot: validated config, trained classifier, start-up warnings and the engine.
import { trainIntentClassifier } from './classifier.ts';
import type { IntentClassifier } from './classifier.ts';
import { parseBotConfig } from './config.ts';
import type { BotConfig } from './config.ts';
import { createConversationEngine } from './engine.ts';
import type { ConversationEngine } from './engine.ts';
import { createModelAssistedClassifier } from './model-classifier.ts';
import type { ClassifyWithModel } from './model-classifier.ts';
import type { SensitiveDataDetector } from './sensitive.ts';
import { botStartupWarnings } from './warnings.ts';
import type { BotWarning } from './warnings.ts';

export interface CreateBotOptions {
  /** Use this classifier instead of training one (tests, or a shared model). */
  readonly classifier?: IntentClassifier;
  /** The relay's OpenAI-compatible call, when the workspace configured a chat endpoint. */
  readonly classifyWithModel?: ClassifyWithModel;
  /** Settles when the model has taken too long (see createModelAssistedClassifier). */
  readonly modelDeadline?: () => Promise<void>;
  /** Defaults to the bot's built-in detector; the relay may pass compliance's detectPii. */
  readonly detectSensitiveData?: SensitiveDataDetector;
}

export interface Bot extends ConversationEngine {
  readonly config: BotConfig;
  readonly classifier: IntentClassifier;
  /** Texts over one SMS segment and flows that will hand off; log these at start-up. */
  readonly warnings: readonly BotWarning[];
}

/**
 * Validates the workspace's bot config (throws BotConfigError naming each bad key) and trains its
 * classifier on the built-in phrases plus the workspace's example phrases. The only async work.
 */
export async function createBot(
  configInput: unknown,
  options: CreateBotOptions = {},
): Promise<Bot> {
  const config = parseBotConfig(configInput);
  const local =
    options.classifier ??
    (await trainIntentClassifier({
      languages: config.languages,
      examplePhrases: config.examplePhrases,
    }));
  const classifier = options.classifyWithModel
    ? createModelAssistedClassifier({
        local,
        classifyWithModel: options.classifyWithModel,
        ...(options.modelDeadline ? { deadline: options.modelDeadline } : {}),
      })
    : local;
  const engine = createConversationEngine({
    config,
    classifier,
    ...(options.detectSensitiveData ? { detectSensitiveData: options.detectSensitiveData } : {}),
  });
  return { config, classifier, warnings: botStartupWarnings(config), step: engine.step };
}
