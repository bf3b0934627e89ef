// Zendesk's request proxy for the harness: fills {{setting.*}} server-side, enforces domainWhitelist, makes the request.
//
// zendesk.md §4.5: secure settings are substituted **server-side** via `{{setting.<name>}}` in
// headers/URL/body, only for `secure: true` requests, and a domainWhitelist goes with them; §4.1:
// a secure parameter's `scopes` (header, body, url, ...) say where it may be used. Relative
// `/api/v2/...` URLs hit the current account as the logged-in agent (§4.5, SDK client.js).

export interface ManifestParameter {
  readonly name: string;
  readonly secure?: boolean;
  readonly scopes?: readonly string[];
}

export interface ProxyInstallation {
  /** Parameters declared by the app's manifest.json. */
  readonly parameters: readonly ManifestParameter[];
  /** The installation's setting values, secure ones included (they never leave the server). */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  /** Host names secure requests may go to (manifest `domainWhitelist`, or the harness's override). */
  readonly domainWhitelist: readonly string[];
  /** Where relative `/api/v2/...` URLs go: the Zendesk stand-in, with its credentials. */
  readonly zendeskApiBaseUrl: string;
  readonly zendeskAuthorization: string;
}

export interface ProxyRequest {
  readonly url: string;
  readonly type?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly secure?: boolean;
  readonly contentType?: string | false;
  readonly data?: unknown;
}

export interface ProxyOutcome {
  readonly status: number;
  readonly statusText: string;
  readonly responseText: string;
  readonly contentType: string;
}

/** A request the proxy refuses; the app gets it as a failed request with this status. */
export class ProxyRefusal extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const PLACEHOLDER = /\{\{\s*setting\.([A-Za-z0-9_]+)\s*\}\}/g;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);
const PROXY_TIMEOUT_MS = 15_000;

function substitute(
  text: string,
  scope: 'header' | 'url' | 'body',
  installation: ProxyInstallation,
): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const parameter = installation.parameters.find((p) => p.name === name);
    const value = installation.settings[name];
    if (parameter === undefined || value === undefined) {
      throw new ProxyRefusal(400, `{{setting.${name}}}: no such setting in this installation`);
    }
    if (parameter.secure === true && !(parameter.scopes ?? []).includes(scope)) {
      throw new ProxyRefusal(
        403,
        `{{setting.${name}}} is a secure setting allowed only in ${(parameter.scopes ?? []).join(', ') || 'no scope'}, not in the ${scope}`,
      );
    }
    return String(value);
  });
}

function whitelisted(host: string, whitelist: readonly string[]): boolean {
  const name = host.toLowerCase();
  return whitelist.some((entry) => {
    const allowed = entry.toLowerCase().replace(/:\d+$/, '');
    return allowed.startsWith('*.') ? name.endsWith(allowed.slice(1)) : name === allowed;
  });
}

/** The request as Zendesk's proxy would send it: placeholders filled, or a ProxyRefusal. */
export function prepareProxyRequest(
  request: ProxyRequest,
  installation: ProxyInstallation,
): { url: string; method: string; headers: Record<string, string>; body: string | undefined } {
  if (typeof request.url !== 'string' || request.url === '') {
    throw new ProxyRefusal(400, 'client.request needs a url');
  }
  const method = (request.type ?? 'GET').toUpperCase();
  if (!METHODS.has(method)) throw new ProxyRefusal(400, `unsupported request type ${method}`);
  const secure = request.secure === true;
  const fill = (text: string, scope: 'header' | 'url' | 'body') =>
    secure ? substitute(text, scope, installation) : text;

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name] = fill(String(value), 'header');
  }
  let url: string;
  if (request.url.startsWith('/')) {
    if (!request.url.startsWith('/api/v2/')) {
      throw new ProxyRefusal(400, 'relative URLs must start with /api/v2/ (the Zendesk API)');
    }
    url = `${installation.zendeskApiBaseUrl}${request.url}`;
    headers.Authorization ??= installation.zendeskAuthorization;
  } else {
    url = fill(request.url, 'url');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ProxyRefusal(400, `not a URL: ${request.url}`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new ProxyRefusal(400, `unsupported URL scheme ${parsed.protocol}`);
    }
    if (secure && !whitelisted(parsed.hostname, installation.domainWhitelist)) {
      throw new ProxyRefusal(
        403,
        `secure requests may only go to the app's domainWhitelist (${installation.domainWhitelist.join(', ') || 'empty'}), not ${parsed.hostname}`,
      );
    }
  }
  let body: string | undefined;
  if (
    request.data !== undefined &&
    request.data !== null &&
    method !== 'GET' &&
    method !== 'HEAD'
  ) {
    body = fill(
      typeof request.data === 'string' ? request.data : JSON.stringify(request.data),
      'body',
    );
    if (request.contentType !== false) {
      headers['Content-Type'] ??= request.contentType ?? 'application/x-www-form-urlencoded';
    }
  }
  return { url, method, headers, body };
}

/** Makes the request server-side; refusals and network failures become outcomes, never throws. */
export async function proxyRequest(
  request: ProxyRequest,
  installation: ProxyInstallation,
): Promise<ProxyOutcome> {
  let prepared;
  try {
    prepared = prepareProxyRequest(request, installation);
  } catch (error) {
    if (!(error instanceof ProxyRefusal)) throw error;
    return {
      status: error.status,
      statusText: error.status === 403 ? 'Forbidden' : 'Bad Request',
      responseText: JSON.stringify({ error: error.message }),
      contentType: 'application/json',
    };
  }
  try {
    const response = await fetch(prepared.url, {
      method: prepared.method,
      headers: prepared.headers,
      ...(prepared.body === undefined ? {} : { body: prepared.body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(PROXY_TIMEOUT_MS),
    });
    return {
      status: response.status,
      statusText: response.statusText,
      responseText: await response.text(),
      contentType: response.headers.get('content-type') ?? '',
    };
  } catch (error) {
    return {
      status: 502,
      statusText: 'Bad Gateway',
      responseText: JSON.stringify({
        error: `the proxy could not reach ${new URL(prepared.url).host}: ${error instanceof Error ? error.message : String(error)}`,
      }),
      contentType: 'application/json',
    };
  }
}
