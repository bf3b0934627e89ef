// Runs the Zendesk stand-in alone on 127.0.0.1, for tests that do not need the whole sandbox.
import { startStandalone, type RunningStandIn } from '../shared/standalone.ts';
import {
  createZendeskStandIn,
  type ZendeskStandIn,
  type ZendeskStandInOptions,
} from './stand-in.ts';

/** `url`, `apiBaseUrl` (`${url}/zendesk`, plays https://{subdomain}.zendesk.com), `controlUrl`. */
export type RunningZendeskStandIn = RunningStandIn<ZendeskStandIn>;

/** Mounts the stand-in as the sandbox does (`/zendesk`, `/_sandbox/zendesk`) on its own server. */
export function startZendeskStandIn(
  options: ZendeskStandInOptions,
  port = 0,
): Promise<RunningZendeskStandIn> {
  return startStandalone('zendesk', (context) => createZendeskStandIn(options, context), port);
}
