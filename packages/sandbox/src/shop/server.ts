// Runs the shop stand-in alone on 127.0.0.1, for tests that do not need the whole sandbox.
import { startStandalone, type RunningStandIn } from '../shared/standalone.ts';
import { createShopStandIn, type ShopStandIn, type ShopStandInOptions } from './stand-in.ts';

/** `url`, `apiBaseUrl` (`${url}/shop`, the shop's base URL), `controlUrl` (`${url}/_sandbox/shop`). */
export type RunningShopStandIn = RunningStandIn<ShopStandIn>;

/** Mounts the stand-in as the sandbox does (`/shop`, `/_sandbox/shop`) on its own server. */
export function startShopStandIn(
  options: ShopStandInOptions = {},
  port = 0,
): Promise<RunningShopStandIn> {
  return startStandalone('shop', () => createShopStandIn(options), port);
}
