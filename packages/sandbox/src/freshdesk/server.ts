// Runs the Freshdesk stand-in alone on 127.0.0.1, for tests that do not need the whole sandbox.
import { startStandalone, type RunningStandIn } from '../shared/standalone.ts';
import {
  createFreshdeskStandIn,
  type FreshdeskStandIn,
  type FreshdeskStandInOptions,
} from './stand-in.ts';

/** `url`, `apiBaseUrl` (`${url}/freshdesk`, plays https://{domain}.freshdesk.com), `controlUrl`. */
export type RunningFreshdeskStandIn = RunningStandIn<FreshdeskStandIn>;

/** Mounts the stand-in as the sandbox does (`/freshdesk`, `/_sandbox/freshdesk`) on its own server. */
export function startFreshdeskStandIn(
  options: FreshdeskStandInOptions,
  port = 0,
): Promise<RunningFreshdeskStandIn> {
  return startStandalone('freshdesk', (context) => createFreshdeskStandIn(options, context), port);
}
