// The chat model stand-in's API: `POST /v1/chat/completions` as OpenAI's Chat Completions answers it, Bearer key, validation, faults.
//
// Shapes follow https://platform.openai.com/docs/api-reference/chat/create (request: model,
// messages [{role, content}], temperature 0-2, response_format {type}; answer: object
// "chat.completion", choices[].message {role: "assistant", content, refusal}, finish_reason,
// usage) and its error envelope `{"error": {"message", "type", "param", "code"}}`. The exact
// wording of OpenAI's error messages is approximated [unverified], not copied.
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  checkChatModelAnswer,
  takeChatModelFault,
  type ChatCompletionRequestView,
  type ChatModelAnswer,
  type ChatModelFault,
  type ChatModelRequestRecord,
  type ChatModelState,
} from './stand-in.ts';

type MutableRecord = { -readonly [K in keyof ChatModelRequestRecord]: ChatModelRequestRecord[K] };

/** An OpenAI-style error answer. */
class OpenAiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }

  toJson() {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
    };
  }
}

function invalidRequest(message: string, param: string | null, code: string | null = null) {
  return new OpenAiError(400, message, 'invalid_request_error', param, code);
}

/** Request arguments OpenAI documents for chat completions; anything else is refused, as OpenAI does. */
const KNOWN_ARGUMENTS = new Set([
  'model',
  'messages',
  'temperature',
  'top_p',
  'n',
  'stream',
  'stream_options',
  'stop',
  'max_tokens',
  'max_completion_tokens',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'user',
  'response_format',
  'seed',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'functions',
  'function_call',
  'store',
  'metadata',
  'reasoning_effort',
  'service_tier',
  'modalities',
  'audio',
  'prediction',
  'web_search_options',
  'safety_identifier',
  'prompt_cache_key',
  'verbosity',
]);

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];
const RESPONSE_FORMATS = ['text', 'json_object', 'json_schema'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A message's text: a string, or text parts `[{type: "text", text}]` joined. */
function messageText(content: unknown, index: number): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) {
    return content
      .map((part: unknown, partIndex) => {
        if (isRecord(part) && part.type === 'text' && typeof part.text === 'string')
          return part.text;
        throw invalidRequest(
          `Invalid 'messages[${index}].content[${partIndex}]': the stand-in takes text parts {"type": "text", "text": "..."} only.`,
          `messages[${index}].content[${partIndex}]`,
          'invalid_value',
        );
      })
      .join('\n');
  }
  throw invalidRequest(
    `Invalid type for 'messages[${index}].content': expected a string or an array of content parts, but got ${typeName(content)} instead.`,
    `messages[${index}].content`,
    'invalid_type',
  );
}

/** Validates the body as OpenAI would (the parts the stand-in understands) and returns its view. */
export function validateChatRequest(body: unknown): ChatCompletionRequestView {
  if (!isRecord(body)) {
    throw invalidRequest(
      'We could not parse the JSON body of your request: expected a JSON object.',
      null,
    );
  }
  for (const key of Object.keys(body)) {
    if (!KNOWN_ARGUMENTS.has(key)) {
      throw invalidRequest(
        `Unrecognized request argument supplied: ${key}`,
        key,
        'unknown_parameter',
      );
    }
  }
  const model = body.model;
  if (typeof model !== 'string' || model.trim() === '') {
    throw invalidRequest('you must provide a model parameter', 'model');
  }
  const rawMessages = body.messages;
  if (rawMessages === undefined) {
    throw invalidRequest(
      "Missing required parameter: 'messages'.",
      'messages',
      'missing_required_parameter',
    );
  }
  if (!Array.isArray(rawMessages)) {
    throw invalidRequest(
      `Invalid type for 'messages': expected an array of message objects, but got ${typeName(rawMessages)} instead.`,
      'messages',
      'invalid_type',
    );
  }
  if (rawMessages.length === 0) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  const messages = rawMessages.map((message: unknown, index) => {
    if (!isRecord(message)) {
      throw invalidRequest(
        `Invalid type for 'messages[${index}]': expected an object, but got ${typeName(message)} instead.`,
        `messages[${index}]`,
        'invalid_type',
      );
    }
    const role = message.role;
    if (typeof role !== 'string' || !ROLES.includes(role)) {
      throw invalidRequest(
        `Invalid value for 'messages[${index}].role': ${JSON.stringify(role)}. Supported values are: ${ROLES.map((r) => `'${r}'`).join(', ')}.`,
        `messages[${index}].role`,
        'invalid_value',
      );
    }
    if (!('content' in message) && role !== 'assistant') {
      throw invalidRequest(
        `Missing required parameter: 'messages[${index}].content'.`,
        `messages[${index}].content`,
        'missing_required_parameter',
      );
    }
    return { role, content: messageText(message.content, index) };
  });
  const temperature = body.temperature;
  if (temperature !== undefined) {
    if (typeof temperature !== 'number' || !Number.isFinite(temperature)) {
      throw invalidRequest(
        `Invalid type for 'temperature': expected a decimal, but got ${typeName(temperature)} instead.`,
        'temperature',
        'invalid_type',
      );
    }
    if (temperature < 0 || temperature > 2) {
      throw invalidRequest(
        `Invalid 'temperature': expected a value from 0 to 2, but got ${temperature} instead.`,
        'temperature',
        temperature < 0 ? 'decimal_below_min_value' : 'decimal_above_max_value',
      );
    }
  }
  let responseFormat: string | undefined;
  if (body.response_format !== undefined) {
    const format = body.response_format;
    if (
      !isRecord(format) ||
      typeof format.type !== 'string' ||
      !RESPONSE_FORMATS.includes(format.type)
    ) {
      throw invalidRequest(
        `Invalid 'response_format': expected an object {"type": ${RESPONSE_FORMATS.map((f) => `"${f}"`).join(' | ')}}.`,
        'response_format',
        'invalid_value',
      );
    }
    responseFormat = format.type;
    // JSON mode needs the prompt itself to ask for JSON (OpenAI refuses the request otherwise).
    if (responseFormat === 'json_object' && !messages.some((m) => /json/i.test(m.content))) {
      throw invalidRequest(
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        'messages',
      );
    }
  }
  if (body.stream === true) {
    throw invalidRequest(
      'The sandbox stand-in does not stream; send "stream": false or omit it.',
      'stream',
    );
  }
  return { model, messages, temperature, responseFormat };
}

const WRONG_SHAPE_CONTENT = '{"label": "order_status", "score": "high"}';
const NON_JSON_CONTENT = 'Sure! This customer is asking about the status of their order.';

function contentOf(answer: ChatModelAnswer): string {
  return 'content' in answer
    ? answer.content
    : JSON.stringify({ intent: answer.intent, confidence: answer.confidence });
}

/** Tokens as OpenAI counts them are not needed; about four characters each keeps `usage` plausible. */
function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function createChatModelApiRouter(state: ChatModelState): express.Router {
  const router = express.Router();
  const recordOf = new WeakMap<Request, MutableRecord>();

  router.use('/v1', (req, res, next) => {
    const record: MutableRecord = {
      status: null,
      authorized: false,
      body: undefined,
      systemText: '',
      userText: '',
    };
    state.requests.push(record);
    recordOf.set(req, record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    const authorization = req.get('authorization');
    if (authorization === undefined || !/^Bearer\s+\S/i.test(authorization)) {
      throw new OpenAiError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        'invalid_request_error',
      );
    }
    if (authorization.replace(/^Bearer\s+/i, '') !== state.apiKey) {
      // OpenAI shows a masked key here; the stand-in shows none, so no log ever holds one.
      throw new OpenAiError(
        401,
        'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_request_error',
        null,
        'invalid_api_key',
      );
    }
    record.authorized = true;
    next();
  });

  router.post('/v1/chat/completions', express.json({ limit: '1mb' }), (req, res) => {
    const record = recordOf.get(req);
    const body: unknown = req.body;
    if (record !== undefined) record.body = body;
    const request = validateChatRequest(body);
    if (record !== undefined) {
      record.request = request;
      const textOf = (role: string) =>
        request.messages
          .filter((m) => m.role === role)
          .map((m) => m.content)
          .join('\n');
      record.systemText = textOf('system');
      record.userText = textOf('user');
    }
    if (state.models !== undefined && !state.models.has(request.model)) {
      throw new OpenAiError(
        404,
        `The model \`${request.model}\` does not exist or you do not have access to it.`,
        'invalid_request_error',
        null,
        'model_not_found',
      );
    }
    const fault = takeChatModelFault(state.faults);
    if (record !== undefined && fault !== undefined) record.fault = fault.kind;
    if (fault?.kind === 'server_error') {
      throw new OpenAiError(
        500,
        'The server had an error while processing your request. Sorry about that! (sandbox fault)',
        'server_error',
      );
    }
    const content = pickContent(state, request, fault);
    const completion = {
      id: `chatcmpl-sandbox-${(state.completions += 1)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: roughTokens(request.messages.map((m) => m.content).join('')),
        completion_tokens: roughTokens(content),
        total_tokens:
          roughTokens(request.messages.map((m) => m.content).join('')) + roughTokens(content),
      },
    };
    if (fault?.kind !== 'delay') {
      res.json(completion);
      return;
    }
    // The caller may hang up meanwhile; then nothing is answered and the record keeps status null.
    let hungUp = false;
    res.on('close', () => {
      hungUp = !res.writableFinished;
    });
    const timer = setTimeout(() => {
      state.pendingDelays.delete(timer);
      if (!hungUp) res.json(completion);
    }, fault.ms);
    state.pendingDelays.add(timer);
  });

  router.use('/v1', (req) => {
    throw new OpenAiError(
      404,
      `Invalid URL (${req.method} /v1${req.path})`,
      'invalid_request_error',
    );
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof OpenAiError) {
      res.status(error.status).json(error.toJson());
      return;
    }
    const type = (error as { type?: unknown }).type;
    if (type === 'entity.parse.failed') {
      res
        .status(400)
        .json(
          invalidRequest(
            'We could not parse the JSON body of your request: it is not valid JSON.',
            null,
          ).toJson(),
        );
      return;
    }
    if (type === 'entity.too.large') {
      res.status(413).json(invalidRequest('The request body is too large.', null).toJson());
      return;
    }
    res
      .status(500)
      .json(new OpenAiError(500, 'Unexpected stand-in error', 'server_error').toJson());
  });
  return router;
}

/** The scripted answer, unless a fault replaces it; a missing script is the test's mistake, said plainly. */
function pickContent(
  state: ChatModelState,
  request: ChatCompletionRequestView,
  fault: ChatModelFault | undefined,
): string {
  if (fault?.kind === 'non_json_content') return NON_JSON_CONTENT;
  if (fault?.kind === 'wrong_shape') return WRONG_SHAPE_CONTENT;
  const queued = state.answers.shift();
  if (queued !== undefined) return contentOf(queued);
  if (state.rule !== undefined) {
    try {
      return contentOf(checkChatModelAnswer(state.rule(request), 'answerWith rule'));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new OpenAiError(
        500,
        `chat-model stand-in: the answerWith rule failed: ${reason}`,
        'server_error',
      );
    }
  }
  throw new OpenAiError(
    500,
    'chat-model stand-in: no answer scripted; call answerNext() or answerWith() (or POST /_sandbox/chat-model/answers) first',
    'server_error',
    null,
    'sandbox_no_answer',
  );
}
