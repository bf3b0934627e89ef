// Runs the Zendesk stand-in alone on 127.0.0.1, for tests that do not need the whole sandbox.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import {
  createZendeskStandIn,
  type ZendeskStandIn,
  type ZendeskStandInOptions,
} from './stand-in.ts';

export interface RunningZendeskStandIn {
  /** e.g. http://127.0.0.1:4010 */
  readonly url: string;
  /** The API base URL (plays https://{subdomain}.zendesk.com), `${url}/zendesk`. */
  readonly apiBaseUrl: string;
  /** The control routes, `${url}/_sandbox/zendesk`. */
  readonly controlUrl: string;
  readonly standIn: ZendeskStandIn;
  close(): Promise<void>;
}

/** Mounts the stand-in as the sandbox does (`/zendesk`, `/_sandbox/zendesk`) on its own server. */
export async function startZendeskStandIn(
  options: ZendeskStandInOptions,
  port = 0,
): Promise<RunningZendeskStandIn> {
  const app = express();
  app.disable('x-powered-by');
  const server = app.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const standIn = createZendeskStandIn(options, { baseUrl: `${url}/zendesk` });
  app.use('/zendesk', standIn.api);
  app.use('/_sandbox/zendesk', standIn.control);
  return {
    url,
    apiBaseUrl: `${url}/zendesk`,
    controlUrl: `${url}/_sandbox/zendesk`,
    standIn,
    async close() {
      await standIn.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
