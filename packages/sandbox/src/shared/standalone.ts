// Runs one stand-in alone on 127.0.0.1, mounted as the sandbox mounts it, for tests that need only it.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';

export interface MountableStandIn {
  readonly api: express.Router;
  readonly control: express.Router;
  close(): Promise<void>;
}

export interface RunningStandIn<S> {
  /** e.g. http://127.0.0.1:4010 */
  readonly url: string;
  /** The API base URL, `${url}/${name}`. */
  readonly apiBaseUrl: string;
  /** The control routes, `${url}/_sandbox/${name}`. */
  readonly controlUrl: string;
  readonly standIn: S;
  close(): Promise<void>;
}

/** Mounts `create(baseUrl)` at `/{name}` and `/_sandbox/{name}` on its own server. */
export async function startStandalone<S extends MountableStandIn>(
  name: string,
  create: (context: { readonly baseUrl: string }) => S,
  port = 0,
): Promise<RunningStandIn<S>> {
  const app = express();
  app.disable('x-powered-by');
  const server = app.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const standIn = create({ baseUrl: `${url}/${name}` });
  app.use(`/${name}`, standIn.api);
  app.use(`/_sandbox/${name}`, standIn.control);
  return {
    url,
    apiBaseUrl: `${url}/${name}`,
    controlUrl: `${url}/_sandbox/${name}`,
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
