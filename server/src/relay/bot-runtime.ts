// A workspace's bot as the job worker uses it: the trained engine (made once, on first use) and its lookups.
import { createBot, type Bot, type BotLookups } from '@smsbridge/bot';
import type { WorkspaceBotConfig } from '../config/load.ts';
import { createBotLookups } from './bot-lookups.ts';

export interface BotRuntime {
  readonly settings: WorkspaceBotConfig;
  /**
   * The bot, trained on first use (~200 ms for the built-in phrases): only the thread that runs
   * jobs needs it, and a relay whose workspaces never meet a new customer never pays for it.
   */
  engine(): Promise<Bot>;
  /** The shop and password-reset calls for one customer's conversation. */
  lookupsFor(customerPhone: string): BotLookups;
}

export function createBotRuntime(
  settings: WorkspaceBotConfig,
  deps: { readonly fetch: typeof fetch },
): BotRuntime {
  const lookups = createBotLookups(
    {
      bot: settings.settings,
      secrets: settings.secrets,
      ...(settings.model === undefined ? {} : { model: settings.model }),
    },
    { fetch: deps.fetch },
  );
  let engine: Promise<Bot> | undefined;
  return {
    settings,
    engine() {
      engine ??= createBot(settings.settings, {
        ...(lookups.classifyWithModel === undefined
          ? {}
          : { classifyWithModel: lookups.classifyWithModel }),
      }).catch((error: unknown) => {
        // A failed training is tried again by the next job instead of failing every job after it.
        engine = undefined;
        throw error;
      });
      return engine;
    },
    lookupsFor: (customerPhone) => lookups.forCustomer(customerPhone),
  };
}
