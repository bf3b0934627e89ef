// createChatModelStandIn: an OpenAI-compatible chat completions endpoint answering scripted intents, with faults and a request log.
import type express from 'express';
import { createChatModelApiRouter } from './api-router.ts';
import { createChatModelControlRouter } from './control-router.ts';

/** What the bot asks a model for (packages/bot/src/model-classifier.ts): sent as the JSON content. */
export interface ModelIntentAnswer {
  readonly intent: string;
  /** Not range-checked, so a test can send nonsense such as 1.5. */
  readonly confidence: number;
}

/** A scripted answer: an intent (sent as JSON text), or the assistant's content verbatim. */
export type ChatModelAnswer = ModelIntentAnswer | { readonly content: string };

/** A request that passed validation, as rules and tests see it (content parts joined). */
export interface ChatCompletionRequestView {
  readonly model: string;
  readonly messages: readonly { readonly role: string; readonly content: string }[];
  readonly temperature: number | undefined;
  /** `response_format.type`, e.g. 'json_object'. */
  readonly responseFormat: string | undefined;
}

/** Answers requests the queue of answerNext() has no answer for. */
export type ChatModelRule = (request: ChatCompletionRequestView) => ChatModelAnswer;

export type ChatModelFaultBehaviour =
  /** Hold the answer this long, then answer (with the scripted answer taken on arrival). */
  | { readonly kind: 'delay'; readonly ms: number }
  /** 500 with OpenAI's server_error body. */
  | { readonly kind: 'server_error' }
  /** 200 whose content is prose, not JSON. */
  | { readonly kind: 'non_json_content' }
  /** 200 whose content is JSON, but not `{ intent, confidence }`. */
  | { readonly kind: 'wrong_shape' };

export type ChatModelFault = ChatModelFaultBehaviour & {
  /** How many requests it spoils; until clearFaults() when omitted. */
  readonly count?: number;
};

/** One request to `/v1/chat/completions`, as tests inspect it. */
export interface ChatModelRequestRecord {
  /** The status answered; null while unanswered, or when the caller hung up during a delay. */
  readonly status: number | null;
  /** Whether it carried `Authorization: Bearer <apiKey>`. */
  readonly authorized: boolean;
  /** The JSON body as sent; undefined when there was none or it was not JSON. */
  readonly body: unknown;
  /** Present when the body passed validation. */
  readonly request?: ChatCompletionRequestView;
  /** The system messages' text, joined by newlines ('' when none or invalid). */
  readonly systemText: string;
  /** The user messages' text, joined by newlines ('' when none or invalid). */
  readonly userText: string;
  readonly fault?: ChatModelFaultBehaviour['kind'];
}

export interface ChatModelStandInOptions {
  /** Requests must send `Authorization: Bearer <apiKey>`, else 401. */
  readonly apiKey: string;
  /** The model ids it serves; any other answers 404 `model_not_found`. Any model when omitted. */
  readonly models?: readonly string[];
}

/** Everything but the routers: scripting, inspection and faults. */
export interface ChatModelStandInControls {
  /** Queues answers, each used by one request, in order, before any rule. */
  answerNext(...answers: ChatModelAnswer[]): void;
  /** Answers requests once the queue is empty; undefined removes the rule. */
  answerWith(rule: ChatModelRule | undefined): void;
  /** Forgets queued answers and the rule. */
  clearAnswers(): void;
  /** Every request so far, in arrival order. */
  requests(): readonly ChatModelRequestRecord[];
  injectFault(fault: ChatModelFault): void;
  clearFaults(): void;
  /** Forgets answers, the rule, requests and faults. */
  reset(): void;
  close(): Promise<void>;
}

export interface ChatModelStandIn extends ChatModelStandInControls {
  /** Mount at `/chat-model`: `POST /v1/chat/completions`, so the client's base URL is `.../chat-model/v1`. */
  readonly api: express.Router;
  /** Mount at `/_sandbox/chat-model`. */
  readonly control: express.Router;
}

export interface ActiveChatModelFault {
  readonly fault: ChatModelFault;
  remaining: number | undefined;
}

/** The mutable state the API router reads by reference; reset() empties it in place. */
export interface ChatModelState {
  readonly apiKey: string;
  readonly models: ReadonlySet<string> | undefined;
  readonly answers: ChatModelAnswer[];
  rule: ChatModelRule | undefined;
  readonly requests: ChatModelRequestRecord[];
  readonly faults: ActiveChatModelFault[];
  readonly pendingDelays: Set<NodeJS.Timeout>;
  /** Numbers the completion ids. */
  completions: number;
}

export function checkChatModelAnswer(answer: ChatModelAnswer, where: string): ChatModelAnswer {
  if (typeof answer !== 'object' || answer === null) {
    throw new TypeError(`${where}: an answer is { intent, confidence } or { content }`);
  }
  if ('content' in answer) {
    if (typeof answer.content !== 'string')
      throw new TypeError(`${where}: content must be a string`);
    return { content: answer.content };
  }
  if (typeof answer.intent !== 'string') throw new TypeError(`${where}: intent must be a string`);
  if (typeof answer.confidence !== 'number' || !Number.isFinite(answer.confidence)) {
    throw new TypeError(`${where}: confidence must be a finite number`);
  }
  return { intent: answer.intent, confidence: answer.confidence };
}

export function checkChatModelFault(fault: ChatModelFault, where: string): ChatModelFault {
  const kinds = ['delay', 'server_error', 'non_json_content', 'wrong_shape'];
  if (typeof fault !== 'object' || fault === null || !kinds.includes(fault.kind)) {
    throw new TypeError(`${where}: kind must be one of ${kinds.join(', ')}`);
  }
  if (fault.count !== undefined && (!Number.isInteger(fault.count) || fault.count < 0)) {
    throw new TypeError(`${where}: count must be a non-negative integer`);
  }
  if (
    fault.kind === 'delay' &&
    !(typeof fault.ms === 'number' && fault.ms >= 0 && fault.ms <= 600_000)
  ) {
    throw new TypeError(`${where}: ms must be a number of milliseconds from 0 to 600000`);
  }
  return { ...fault };
}

/** The fault that applies to this request, consuming one of its `count`; undefined when none. */
export function takeChatModelFault(faults: ActiveChatModelFault[]): ChatModelFault | undefined {
  for (let i = faults.length - 1; i >= 0; i -= 1) {
    const active = faults[i];
    if (active === undefined) continue;
    if (active.remaining !== undefined && active.remaining <= 0) {
      faults.splice(i, 1);
      continue;
    }
    if (active.remaining !== undefined) active.remaining -= 1;
    return active.fault;
  }
  return undefined;
}

export function createChatModelStandIn(options: ChatModelStandInOptions): ChatModelStandIn {
  if (typeof options.apiKey !== 'string' || options.apiKey === '') {
    throw new TypeError('createChatModelStandIn: apiKey must be a non-empty string');
  }
  const state: ChatModelState = {
    apiKey: options.apiKey,
    models: options.models === undefined ? undefined : new Set(options.models),
    answers: [],
    rule: undefined,
    requests: [],
    faults: [],
    pendingDelays: new Set(),
    completions: 0,
  };
  const controls: ChatModelStandInControls = {
    answerNext(...answers) {
      const checked = answers.map((answer) => checkChatModelAnswer(answer, 'answerNext'));
      state.answers.push(...checked);
    },
    answerWith(rule) {
      if (rule !== undefined && typeof rule !== 'function') {
        throw new TypeError('answerWith: rule must be a function or undefined');
      }
      state.rule = rule;
    },
    clearAnswers() {
      state.answers.length = 0;
      state.rule = undefined;
    },
    requests() {
      return state.requests.map((record) => ({ ...record }));
    },
    injectFault(fault) {
      const checked = checkChatModelFault(fault, 'injectFault');
      state.faults.push({ fault: checked, remaining: checked.count });
    },
    clearFaults() {
      state.faults.length = 0;
    },
    reset() {
      state.answers.length = 0;
      state.rule = undefined;
      state.requests.length = 0;
      state.faults.length = 0;
      state.completions = 0;
    },
    close() {
      for (const timer of state.pendingDelays) clearTimeout(timer);
      state.pendingDelays.clear();
      return Promise.resolve();
    },
  };
  return Object.assign(controls, {
    api: createChatModelApiRouter(state),
    control: createChatModelControlRouter(controls),
  });
}
