// The Request Method for the harness: renders an app's request template server-side, iparams filled, and makes the call.
//
// freshdesk.md §3.5: templates live in config/requests.json and must be declared in the manifest
// (`modules.common.requests`, else "Request template not found"); `<%= iparam.x %>`,
// `<%= context.x %>` and `<%= encode(...) %>` are substituted by the platform; `host` is a bare
// host name, `path` starts with `/`; options `maxAttempts` (1–5, retries on network errors, 429 and
// 5xx) and `retryDelay`; 15 s time-out; request and response at most 6 MB. §3.4: secure iparams
// are filled only here, on the server, and only into headers; the app frame never sees them.
import type { InvokeOutcome } from './protocol.ts';

export type IparamValue = string | number | boolean | readonly string[];

export interface TemplateInstallation {
  /** config/requests.json. */
  readonly templates: Readonly<Record<string, unknown>>;
  /** The template names the manifest declares in `modules.common.requests`. */
  readonly declared: ReadonlySet<string>;
  /** config/iparams.json: which iparams exist and which are secure. */
  readonly iparamDeclarations: Readonly<Record<string, { readonly secure?: unknown }>>;
  /** The installation's values, secure ones included (they never leave the server). */
  readonly iparams: Readonly<Record<string, IparamValue>>;
  /**
   * Hosts reached over plain http whatever the template says: the local relay of a test run, as
   * `fdk run` allows http locally (§3.5 "http only locally"). Default: 127.0.0.1 and localhost.
   */
  readonly httpHosts?: readonly string[];
  /** Per attempt; default 15 s (§3.5). */
  readonly timeoutMs?: number;
}

/** A call the platform refuses before making it; the app gets it as a PLATFORM failure. */
export class TemplateRefusal extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'TemplateRefusal';
    this.status = status;
  }
}

export interface PreparedTemplateRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
const TAG = /<%(=?)([\s\S]*?)%>/g;
const EXPRESSION =
  /^\s*(?:(iparam|context)\.([A-Za-z_][A-Za-z0-9_]*)|encode\(\s*(iparam|context)\.([A-Za-z_][A-Za-z0-9_]*)\s*\))\s*$/;
const HOST = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/i;
const MAX_BYTES = 6 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Field = 'host' | 'path' | 'query' | 'header';

function render(
  text: string,
  field: Field,
  context: Readonly<Record<string, unknown>>,
  installation: TemplateInstallation,
): string {
  return text.replace(TAG, (whole, equals: string, inner: string) => {
    const expression = EXPRESSION.exec(inner);
    if (equals !== '=' || expression === null) {
      throw new TemplateRefusal(400, `unsupported template expression ${whole}`);
    }
    const kind = expression[1] ?? expression[3];
    const name = expression[2] ?? expression[4] ?? '';
    const encode = expression[3] !== undefined;
    let value: string;
    if (kind === 'iparam') {
      const declaration = installation.iparamDeclarations[name];
      if (declaration === undefined) {
        throw new TemplateRefusal(400, `iparam.${name} is not declared in config/iparams.json`);
      }
      if (declaration.secure === true && field !== 'header') {
        throw new TemplateRefusal(
          403,
          `secure iparam ${name} may only be used in headers, not the ${field}`,
        );
      }
      const raw = installation.iparams[name];
      value = raw === undefined ? '' : Array.isArray(raw) ? raw.join(',') : String(raw);
    } else {
      const raw = context[name];
      // A context value the call did not give renders empty [unverified].
      if (raw === undefined || raw === null) value = '';
      else if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
        value = String(raw);
      } else {
        throw new TemplateRefusal(400, `context.${name} must be a string, number or boolean`);
      }
    }
    if (encode) value = Buffer.from(value, 'utf8').toString('base64');
    // Path values are one segment each: a context value cannot walk the path [unverified: the
    // platform's own escaping is not documented].
    return field === 'path' ? encodeURIComponent(value) : value;
  });
}

/** The request the platform would make for `invokeTemplate(name, call)`, or a TemplateRefusal. */
export function prepareTemplateRequest(
  name: string,
  call: unknown,
  installation: TemplateInstallation,
): PreparedTemplateRequest {
  const template = installation.templates[name];
  if (!installation.declared.has(name) || !isRecord(template) || !isRecord(template.schema)) {
    throw new TemplateRefusal(404, `Request template not found: ${name}`);
  }
  const options = isRecord(call) ? call : {};
  if (options.context !== undefined && !isRecord(options.context)) {
    throw new TemplateRefusal(400, 'invokeTemplate: context must be an object');
  }
  const context = (options.context ?? {}) as Readonly<Record<string, unknown>>;
  const schema = template.schema;
  const method = typeof schema.method === 'string' ? schema.method.toUpperCase() : '';
  if (!METHODS.has(method))
    throw new TemplateRefusal(400, `${name}: unsupported method ${String(schema.method)}`);

  const host = render(
    typeof schema.host === 'string' ? schema.host : '',
    'host',
    context,
    installation,
  ).toLowerCase();
  if (!HOST.test(host)) {
    throw new TemplateRefusal(400, `${name}: "${host}" is not a host name (no protocol, no path)`);
  }
  const hostname = host.replace(/:\d+$/, '');
  const httpHosts = installation.httpHosts ?? ['127.0.0.1', 'localhost'];
  const protocol = httpHosts.includes(hostname) ? 'http' : 'https';
  const path = render(
    typeof schema.path === 'string' ? schema.path : '',
    'path',
    context,
    installation,
  );
  if (!path.startsWith('/')) throw new TemplateRefusal(400, `${name}: the path must start with /`);
  const url = new URL(`${protocol}://${host}${path}`);
  if (isRecord(schema.query)) {
    for (const [key, value] of Object.entries(schema.query)) {
      url.searchParams.set(key, render(String(value), 'query', context, installation));
    }
  }
  const headers: Record<string, string> = {};
  if (isRecord(schema.headers)) {
    for (const [key, value] of Object.entries(schema.headers)) {
      const rendered = render(String(value), 'header', context, installation);
      if (/[\r\n]/.test(rendered))
        throw new TemplateRefusal(400, `${name}: header ${key} would span lines`);
      headers[key] = rendered;
    }
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    if (typeof options.body !== 'string') {
      throw new TemplateRefusal(400, `${name}: body must be a string (JSON.stringify it)`);
    }
    if (method === 'GET' || method === 'DELETE') {
      throw new TemplateRefusal(400, `${name}: a ${method} request takes no body`);
    }
    if (Buffer.byteLength(options.body) > MAX_BYTES) {
      throw new TemplateRefusal(413, `${name}: the body is over 6 MB`);
    }
    body = options.body;
  }
  const templateOptions = isRecord(template.options) ? template.options : {};
  const maxAttempts =
    Number.isInteger(templateOptions.maxAttempts) &&
    (templateOptions.maxAttempts as number) >= 1 &&
    (templateOptions.maxAttempts as number) <= 5
      ? (templateOptions.maxAttempts as number)
      : 1;
  const retryDelayMs =
    Number.isInteger(templateOptions.retryDelay) && (templateOptions.retryDelay as number) >= 0
      ? Math.min(templateOptions.retryDelay as number, 1500)
      : 0;
  return { url: url.href, method, headers, body, maxAttempts, retryDelayMs };
}

const retryable = (status: number): boolean => status === 429 || status >= 500;

/** Makes the call server-side; refusals and network failures become outcomes, never throws. */
export async function invokeTemplate(
  name: string,
  call: unknown,
  installation: TemplateInstallation,
  fetchImpl: typeof fetch = fetch,
): Promise<InvokeOutcome> {
  let prepared: PreparedTemplateRequest;
  try {
    prepared = prepareTemplateRequest(name, call, installation);
  } catch (error) {
    if (!(error instanceof TemplateRefusal)) throw error;
    return {
      status: error.status,
      headers: {},
      response: error.message,
      attempts: 0,
      errorSource: 'PLATFORM',
    };
  }
  let attempts = 0;
  for (;;) {
    attempts += 1;
    let outcome: InvokeOutcome;
    try {
      const response = await fetchImpl(prepared.url, {
        method: prepared.method,
        headers: prepared.headers,
        ...(prepared.body === undefined ? {} : { body: prepared.body }),
        redirect: 'manual',
        signal: AbortSignal.timeout(installation.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      const text = await response.text();
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key] = value));
      outcome =
        Buffer.byteLength(text) > MAX_BYTES
          ? {
              status: 502,
              headers: {},
              response: `${name}: the response is over 6 MB`,
              attempts,
              errorSource: 'PLATFORM',
            }
          : {
              status: response.status,
              headers,
              response: text,
              attempts,
              ...(response.status >= 200 && response.status < 300
                ? {}
                : { errorSource: 'APP' as const }),
            };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      outcome = {
        status: timedOut ? 504 : 502,
        headers: {},
        response: `${name}: ${timedOut ? 'the request timed out' : `the host could not be reached (${error instanceof Error ? error.message : String(error)})`}`,
        attempts,
        errorSource: 'PLATFORM',
      };
    }
    if (attempts >= prepared.maxAttempts || !retryable(outcome.status)) return outcome;
    await new Promise((resolve) => setTimeout(resolve, prepared.retryDelayMs));
  }
}
