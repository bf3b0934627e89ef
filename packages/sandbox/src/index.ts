// The sandbox: one local HTTP server playing Twilio and Zendesk for tests and the demo.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createDemoPageRouter } from './demo/page-router.ts';
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

export type { TwilioStandIn, TwilioStandInOptions } from './twilio/index.ts';
export { decodeForm, encodeForm, twilioSignature } from './twilio/index.ts';
export type { ZendeskStandIn, ZendeskStandInOptions } from './zendesk/index.ts';
export { signZendeskWebhook } from './zendesk/index.ts';

export interface SandboxOptions {
  /** Port to listen on, 127.0.0.1 only; 0 picks a free one. */
  readonly port?: number;
  readonly twilio: TwilioStandInOptions;
  readonly zendesk: ZendeskStandInOptions;
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
  /** Forgets every message, ticket, user and fault. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the sandbox on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
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
  app.post('/_sandbox/reset', (_req, res) => {
    twilio.reset();
    zendesk.reset();
    res.status(204).end();
  });
  // The demo page (`pnpm demo`): the customer's phone and the agent's Zendesk, over the controls above.
  app.use(createDemoPageRouter());

  return {
    url,
    twilioApiBaseUrl: `${url}/twilio`,
    zendeskApiBaseUrl: `${url}/zendesk`,
    twilio,
    zendesk,
    reset() {
      twilio.reset();
      zendesk.reset();
    },
    async close() {
      await twilio.close();
      await zendesk.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
