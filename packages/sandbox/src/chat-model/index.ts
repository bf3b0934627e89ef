// The chat model stand-in: an OpenAI-compatible chat completions endpoint with scripted intent answers and faults.
export { createChatModelStandIn } from './stand-in.ts';
export type {
  ChatCompletionRequestView,
  ChatModelAnswer,
  ChatModelFault,
  ChatModelFaultBehaviour,
  ChatModelRequestRecord,
  ChatModelRule,
  ChatModelStandIn,
  ChatModelStandInControls,
  ChatModelStandInOptions,
  ModelIntentAnswer,
} from './stand-in.ts';
export { startChatModelStandIn, type RunningChatModelStandIn } from './server.ts';
