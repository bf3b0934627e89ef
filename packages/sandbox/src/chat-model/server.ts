// Runs the chat model stand-in alone on 127.0.0.1, for tests that do not need the whole sandbox.
import { startStandalone, type RunningStandIn } from '../shared/standalone.ts';
import {
  createChatModelStandIn,
  type ChatModelStandIn,
  type ChatModelStandInOptions,
} from './stand-in.ts';

/**
 * `url`, `apiBaseUrl` (`${url}/chat-model`; the OpenAI-style base URL is `${apiBaseUrl}/v1`),
 * `controlUrl` (`${url}/_sandbox/chat-model`).
 */
export type RunningChatModelStandIn = RunningStandIn<ChatModelStandIn>;

/** Mounts the stand-in as the sandbox does (`/chat-model`, `/_sandbox/chat-model`) on its own server. */
export function startChatModelStandIn(
  options: ChatModelStandInOptions,
  port = 0,
): Promise<RunningChatModelStandIn> {
  return startStandalone('chat-model', () => createChatModelStandIn(options), port);
}
