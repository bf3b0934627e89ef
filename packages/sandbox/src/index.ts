// The sandbox: one local HTTP server playing Twilio, Zendesk and Freshdesk for tests and the demo.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createDemoPageRouter, type DemoHelpdesk } from './demo/page-router.ts';
import {
  createTwilioStandIn,
  type TwilioStandIn,
  type TwilioStandInOptions,
} from './twilio/index.ts';
import {
  createZendeskStandIn,
  type ZendeskStandIn,
  type ZendeskStandInOptions,
} from './zendesk/index.ts';
import {
  createFreshdeskStandIn,
  type FreshdeskStandIn,
  type FreshdeskStandInOptions,
} from './freshdesk/index.ts';
import {
  HARNESS_PATH,
  createZendeskAppHarness,
  startZendeskAppHarnessServer,
  type RunningZendeskAppHarness,
  type ZendeskAppHarness,
  type ZendeskAppHarnessOptions,
} from './zaf-host/harness.ts';
import {
  FRESHDESK_HARNESS_PATH,
  createFreshdeskAppHarness,
  startFreshdeskAppHarnessServer,
  type FreshdeskAppHarness,
  type FreshdeskAppHarnessOptions,
  type RunningFreshdeskAppHarness,
} from './freshdesk-host/harness.ts';
import { createShopStandIn, type ShopStandIn, type ShopStandInOptions } from './shop/index.ts';
import {
  createChatModelStandIn,
  type ChatModelStandIn,
  type ChatModelStandInOptions,
} from './chat-model/index.ts';

export type { DemoHelpdesk, DemoPageConfig } from './demo/page-router.ts';
export type { TwilioStandIn, TwilioStandInOptions } from './twilio/index.ts';
export { decodeForm, encodeForm, twilioSignature } from './twilio/index.ts';
export type { ZendeskStandIn, ZendeskStandInOptions } from './zendesk/index.ts';
export { signZendeskWebhook } from './zendesk/index.ts';
export type {
  FreshdeskAgentView,
  FreshdeskContactView,
  FreshdeskStandIn,
  FreshdeskStandInOptions,
  FreshdeskTicketView,
} from './freshdesk/index.ts';
export {
  FRESHDESK_PRIORITY_NAMES,
  FRESHDESK_STATUS_NAMES,
  FRESHDESK_STATUS_NUMBERS,
  freshdeskContactHasPhone,
  neutralFreshdeskTicket,
} from './freshdesk/index.ts';
export type { NeutralFreshdeskComment, NeutralFreshdeskTicket } from './freshdesk/index.ts';
export type { RunningZendeskAppHarness, ZendeskAppHarnessOptions } from './zaf-host/harness.ts';
export type {
  FreshdeskAppHarnessOptions,
  RunningFreshdeskAppHarness,
} from './freshdesk-host/harness.ts';
export type {
  ShopCall,
  ShopFault,
  ShopOrder,
  ShopRoute,
  ShopStandIn,
  ShopStandInOptions,
} from './shop/index.ts';
export type {
  ChatCompletionRequestView,
  ChatModelAnswer,
  ChatModelFault,
  ChatModelRequestRecord,
  ChatModelRule,
  ChatModelStandIn,
  ChatModelStandInOptions,
  ModelIntentAnswer,
} from './chat-model/index.ts';

export interface SandboxOptions {
  /** Port to listen on, 127.0.0.1 only; 0 picks a free one. */
  readonly port?: number;
  readonly twilio: TwilioStandInOptions;
  readonly zendesk: ZendeskStandInOptions;
  /** Plays Freshdesk at `/freshdesk` (controls at `/_sandbox/freshdesk`) when given. */
  readonly freshdesk?: FreshdeskStandInOptions;
  /** Serves the Zendesk app host harness at `/_harness/zendesk?ticket=<id>` (zaf-host/). */
  readonly zendeskApp?: ZendeskAppHarnessOptions;
  /** Serves the Freshdesk app host harness at `/_harness/freshdesk?ticket=<id>` (freshdesk-host/); needs `freshdesk`. */
  readonly freshdeskApp?: FreshdeskAppHarnessOptions;
  /**
   * The demo page at `/` (`pnpm demo`): whose agent view it shows, default Zendesk; Freshdesk needs
   * `freshdesk`. The page reads it from `GET /demo/config.json`.
   */
  readonly demoPage?: { readonly helpdesk: DemoHelpdesk };
  /** Plays a workspace's shop (order lookup, password reset) at `/shop` (controls at `/_sandbox/shop`) when given. */
  readonly shop?: ShopStandInOptions;
  /** Plays an OpenAI-compatible chat endpoint at `/chat-model/v1` (controls at `/_sandbox/chat-model`) when given. */
  readonly chatModel?: ChatModelStandInOptions;
}

export interface Sandbox {
  /** Base URL, e.g. http://127.0.0.1:4010 (no trailing slash). */
  readonly url: string;
  /** API base URL to configure as the workspace's Twilio base URL. */
  readonly twilioApiBaseUrl: string;
  /** API base URL to configure as the workspace's Zendesk base URL. */
  readonly zendeskApiBaseUrl: string;
  readonly twilio: TwilioStandIn;
  readonly zendesk: ZendeskStandIn;
  /** API base URL to configure as the workspace's Freshdesk base URL; undefined without `freshdesk`. */
  readonly freshdeskApiBaseUrl: string | undefined;
  readonly freshdesk: FreshdeskStandIn | undefined;
  /** The harness page for a ticket: the agent workspace with the app in its sidebar (needs `zendeskApp`). */
  zendeskAppHarnessUrl(ticketId: number): string;
  /** The origin serving the app's files (plays Zendesk's app CDN); undefined without `zendeskApp`. */
  readonly zendeskAppOrigin: string | undefined;
  /**
   * Starts another harness on its own port over this sandbox's Zendesk stand-in, with its own app
   * build and settings (tests use it with a sandbox started without `zendeskApp`).
   */
  startZendeskAppHarness(options: ZendeskAppHarnessOptions): Promise<RunningZendeskAppHarness>;
  /** The Freshdesk ticket page with the app in its sidebar (needs `freshdeskApp`). */
  freshdeskAppHarnessUrl(ticketId: number): string;
  /** The origin serving the Freshdesk app's files; undefined without `freshdeskApp`. */
  readonly freshdeskAppOrigin: string | undefined;
  /**
   * Starts a Freshdesk app harness on its own port over this sandbox's Freshdesk stand-in, with
   * its own app build and iparams; throws when the sandbox was started without `freshdesk`.
   */
  startFreshdeskAppHarness(
    options: FreshdeskAppHarnessOptions,
  ): Promise<RunningFreshdeskAppHarness>;
  /** The shop's base URL (`${url}/shop`: `GET /orders/{orderNumber}`, `POST /password-reset`); undefined without `shop`. */
  readonly shopBaseUrl: string | undefined;
  readonly shop: ShopStandIn | undefined;
  /** The OpenAI-style base URL (`${url}/chat-model/v1`, `/chat/completions` added); undefined without `chatModel`. */
  readonly chatModelBaseUrl: string | undefined;
  readonly chatModel: ChatModelStandIn | undefined;
  /** Forgets every message, ticket, user and fault. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the sandbox on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  if (options.freshdeskApp !== undefined && options.freshdesk === undefined) {
    throw new TypeError(
      'startSandbox: freshdeskApp needs freshdesk (the stand-in the app page shows)',
    );
  }
  const demoHelpdesk = options.demoPage?.helpdesk ?? 'zendesk';
  if (demoHelpdesk !== 'zendesk' && demoHelpdesk !== 'freshdesk') {
    throw new TypeError(
      `startSandbox: demoPage.helpdesk must be zendesk or freshdesk, got ${JSON.stringify(demoHelpdesk)}`,
    );
  }
  if (demoHelpdesk === 'freshdesk' && options.freshdesk === undefined) {
    throw new TypeError(
      'startSandbox: demoPage.helpdesk freshdesk needs freshdesk (the stand-in the page shows)',
    );
  }
  const app = express();
  app.disable('x-powered-by');
  const server = app.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const twilio = createTwilioStandIn(options.twilio, { baseUrl: `${url}/twilio` });
  const zendesk = createZendeskStandIn(options.zendesk, { baseUrl: `${url}/zendesk` });
  app.use('/twilio', twilio.api);
  app.use('/zendesk', zendesk.api);
  app.use('/_sandbox/twilio', twilio.control);
  app.use('/_sandbox/zendesk', zendesk.control);
  const freshdesk =
    options.freshdesk === undefined
      ? undefined
      : createFreshdeskStandIn(options.freshdesk, { baseUrl: `${url}/freshdesk` });
  if (freshdesk !== undefined) {
    app.use('/freshdesk', freshdesk.api);
    app.use('/_sandbox/freshdesk', freshdesk.control);
  }
  const shop = options.shop === undefined ? undefined : createShopStandIn(options.shop);
  if (shop !== undefined) {
    app.use('/shop', shop.api);
    app.use('/_sandbox/shop', shop.control);
  }
  const chatModel =
    options.chatModel === undefined ? undefined : createChatModelStandIn(options.chatModel);
  if (chatModel !== undefined) {
    app.use('/chat-model', chatModel.api);
    app.use('/_sandbox/chat-model', chatModel.control);
  }
  app.post('/_sandbox/reset', (_req, res) => {
    twilio.reset();
    zendesk.reset();
    freshdesk?.reset();
    shop?.reset();
    chatModel?.reset();
    res.status(204).end();
  });
  const harnessDeps = {
    zendesk,
    subdomain: options.zendesk.subdomain,
    zendeskApiBaseUrl: `${url}/zendesk`,
    zendeskAuthorization: `Basic ${Buffer.from(`${options.zendesk.email}/token:${options.zendesk.apiToken}`).toString('base64')}`,
  };
  const harnesses: { close(): Promise<void> }[] = [];
  let harness: ZendeskAppHarness | undefined;
  if (options.zendeskApp !== undefined) {
    harness = await createZendeskAppHarness(options.zendeskApp, harnessDeps);
    harnesses.push(harness);
    app.use(HARNESS_PATH, harness.router);
  } else {
    app.use(HARNESS_PATH, (_req, res) => {
      res.status(404).type('text/plain').send('the sandbox was started without zendeskApp');
    });
  }
  const freshdeskDeps =
    freshdesk === undefined || options.freshdesk === undefined
      ? undefined
      : { freshdesk, domain: options.freshdesk.domain };
  let freshdeskHarness: FreshdeskAppHarness | undefined;
  if (options.freshdeskApp !== undefined && freshdeskDeps !== undefined) {
    freshdeskHarness = await createFreshdeskAppHarness(options.freshdeskApp, freshdeskDeps);
    harnesses.push(freshdeskHarness);
    app.use(FRESHDESK_HARNESS_PATH, freshdeskHarness.router);
  } else {
    app.use(FRESHDESK_HARNESS_PATH, (_req, res) => {
      res.status(404).type('text/plain').send('the sandbox was started without freshdeskApp');
    });
  }
  // The demo page (`pnpm demo`): the customer's phone and the agent's helpdesk, over the controls above.
  const demoAppHarness =
    demoHelpdesk === 'freshdesk'
      ? freshdeskHarness === undefined
        ? null
        : FRESHDESK_HARNESS_PATH
      : harness === undefined
        ? null
        : HARNESS_PATH;
  app.use(createDemoPageRouter({ helpdesk: demoHelpdesk, appHarness: demoAppHarness }));

  return {
    url,
    twilioApiBaseUrl: `${url}/twilio`,
    zendeskApiBaseUrl: `${url}/zendesk`,
    twilio,
    zendesk,
    freshdeskApiBaseUrl: freshdesk === undefined ? undefined : `${url}/freshdesk`,
    freshdesk,
    shopBaseUrl: shop === undefined ? undefined : `${url}/shop`,
    shop,
    chatModelBaseUrl: chatModel === undefined ? undefined : `${url}/chat-model/v1`,
    chatModel,
    zendeskAppHarnessUrl: (ticketId) => `${url}${HARNESS_PATH}?ticket=${ticketId}`,
    zendeskAppOrigin: harness?.appOrigin,
    async startZendeskAppHarness(harnessOptions) {
      const running = await startZendeskAppHarnessServer(harnessOptions, harnessDeps);
      harnesses.push(running);
      return running;
    },
    freshdeskAppHarnessUrl: (ticketId) => `${url}${FRESHDESK_HARNESS_PATH}?ticket=${ticketId}`,
    freshdeskAppOrigin: freshdeskHarness?.appOrigin,
    async startFreshdeskAppHarness(harnessOptions) {
      if (freshdeskDeps === undefined) {
        throw new TypeError(
          'startFreshdeskAppHarness: the sandbox was started without freshdesk (its Freshdesk stand-in)',
        );
      }
      const running = await startFreshdeskAppHarnessServer(harnessOptions, freshdeskDeps);
      harnesses.push(running);
      return running;
    },
    reset() {
      twilio.reset();
      zendesk.reset();
      freshdesk?.reset();
      shop?.reset();
      chatModel?.reset();
    },
    async close() {
      await twilio.close();
      await zendesk.close();
      await freshdesk?.close();
      await shop?.close();
      await chatModel?.close();
      for (const running of harnesses.splice(0)) await running.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
