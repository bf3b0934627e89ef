// Offline checks of a Freshworks Platform 3.0 app package: what `fdk validate` checks (freshdesk.md §3.12), without the FDK.
//
// The FDK is not on the public npm registry (freshdesk.md §3.1, §5.7), so its checks are replicated
// from the error messages the reference lists (§3.12 items 1–9, the lint errors that can be told
// from the files) and the rules of §3.2–§3.5. A final `fdk validate` on a machine with the FDK is
// still needed before submission.
import { Script } from 'node:vm';
import { readTree, zipEntryNames } from './zip.ts';

export interface ValidationReport {
  readonly errors: string[];
  readonly warnings: string[];
}

/** Platform versions with their manifest shape (§3.3): 3.0 is module-keyed, 2.3 product-keyed. */
const PLATFORM_VERSIONS = new Set(['2.3', '3.0']);
const MANIFEST_KEYS_3_0 = new Set(['platform-version', 'modules', 'engines', 'dependencies']);

/** Product modules of Freshdesk (§3.3), plus `service_ticket` seen in the official samples. */
const PRODUCT_MODULES = new Set([
  'support_ticket',
  'support_contact',
  'support_company',
  'support_agent',
  'support_email',
  'support_portal',
  'service_ticket',
]);

/** Placeholders per module (§3.3); modules without a list here are not checked. */
const LOCATIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  common: new Set(['full_page_app', 'cti_global_sidebar']),
  support_ticket: new Set([
    'ticket_sidebar',
    'ticket_requester_info',
    'ticket_top_navigation',
    'ticket_background',
    'time_entry_background',
    'ticket_attachment',
    'ticket_conversation_editor',
    'new_ticket_requester_info',
    'new_ticket_background',
  ]),
};

/** Serverless events per module (§3.7). */
const EVENTS: Readonly<Record<string, ReadonlySet<string>>> = {
  common: new Set([
    'onAppInstall',
    'afterAppUpdate',
    'onAppUninstall',
    'onExternalEvent',
    'onScheduledEvent',
  ]),
  support_ticket: new Set([
    'onTicketCreate',
    'onTicketUpdate',
    'onTicketDelete',
    'onConversationCreate',
    'onConversationUpdate',
    'onConversationDelete',
    'onTimeEntryCreate',
    'onTimeEntryUpdate',
    'onTimeEntryDelete',
    'onTicketFieldCreate',
    'onTicketFieldUpdate',
    'onTicketFieldDelete',
    'onCannedResponseCreate',
    'onCannedResponseUpdate',
    'onCannedResponseDelete',
  ]),
};

/** `functions.<name>.timeout` (§3.3, §3.6). */
const FUNCTION_TIMEOUTS = new Set([20, 25, 30]);

/** iparam attributes and types (§3.4). */
const IPARAM_ATTRIBUTES = new Set([
  'display_name',
  'description',
  'type',
  'required',
  'default_value',
  'options',
  'secure',
  'type_attributes',
  'events',
  'regex',
  'modules',
]);
const IPARAM_TYPES = new Set([
  'text',
  'paragraph',
  'dropdown',
  'multiselect',
  'number',
  'checkbox',
  'radio',
  'date',
  'email',
  'phone_number',
  'domain',
  'api_key',
  'url',
]);
const IPARAM_TYPES_WITH_OPTIONS = new Set(['dropdown', 'multiselect', 'radio']);

/** Request templates (§3.5): schema keys, methods, content types, options, names, count. */
const SCHEMA_KEYS = new Set(['protocol', 'method', 'host', 'path', 'headers', 'query']);
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
const CONTENT_TYPES = new Set([
  'application/json',
  'application/xml',
  'text/html',
  'text/xml',
  'application/jsonp',
  'text/plain',
  'text/javascript',
  'application/vnd.api+json',
]);
const OPTION_KEYS = new Set(['maxAttempts', 'retryDelay', 'oauth']);
const TEMPLATE_NAME = /^[A-Za-z0-9_-]+$/;
const MAX_TEMPLATES = 100;
/** What may stand inside `<%= %>` (§3.5): iparam.x, context.x, encode(...), access_token. */
const TEMPLATE_TAG = /<%=?([\s\S]*?)%>/g;
const TEMPLATE_EXPRESSION =
  /^\s*(?:(iparam|context)\.([A-Za-z_][A-Za-z0-9_]*)|encode\(\s*(iparam|context)\.([A-Za-z_][A-Za-z0-9_]*)\s*\)|(access_token))\s*$/;
/** A host name: labels of letters, digits and hyphens (the template tags count as one label). */
const FQDN =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;

const TEXT_FILE = /\.(html?|js|mjs|css|json|svg|txt)$/i;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJson(
  files: ReadonlyMap<string, Buffer>,
  path: string,
  errors: string[],
): Record<string, unknown> | undefined {
  const file = files.get(path);
  if (file === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.toString('utf8'));
  } catch (error) {
    errors.push(
      `${path} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
    return undefined;
  }
  if (!isObject(parsed)) {
    errors.push(`${path} must hold one JSON object`);
    return undefined;
  }
  return parsed;
}

/** A file under app/ named by a manifest `url` or `icon` (paths are relative to app/, §3.2). */
function appFile(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '' || /^[a-z][a-z0-9+.-]*:/i.test(path))
    return undefined;
  if (path.startsWith('/') || path.split('/').includes('..')) return undefined;
  return `app/${path.split(/[?#]/)[0] ?? ''}`;
}

interface TemplateUse {
  readonly template: string;
  readonly field: string;
  readonly kind: 'iparam' | 'context' | 'access_token';
  readonly name: string;
}

function templateUses(
  template: string,
  field: string,
  text: string,
  errors: string[],
): TemplateUse[] {
  const uses: TemplateUse[] = [];
  if (/\{\{[\s\S]*?\}\}/.test(text)) {
    errors.push(
      `config/requests.json ${template}.${field}: uses {{ }}; request templates substitute with <%= %> only`,
    );
  }
  for (const match of text.matchAll(TEMPLATE_TAG)) {
    const expression = TEMPLATE_EXPRESSION.exec(match[1] ?? '');
    if (!match[0].startsWith('<%=') || expression === null) {
      errors.push(
        `config/requests.json ${template}.${field}: unsupported template expression "${match[0]}" (expected <%= iparam.x %>, <%= context.x %>, <%= encode(...) %> or <%= access_token %>)`,
      );
      continue;
    }
    if (expression[5] !== undefined) {
      uses.push({ template, field, kind: 'access_token', name: 'access_token' });
    } else {
      const kind = (expression[1] ?? expression[3]) as 'iparam' | 'context';
      uses.push({ template, field, kind, name: expression[2] ?? expression[4] ?? '' });
    }
  }
  return uses;
}

function checkTemplateSchema(
  name: string,
  template: Record<string, unknown>,
  errors: string[],
): TemplateUse[] {
  const at = `config/requests.json ${name}`;
  for (const key of Object.keys(template)) {
    if (key !== 'schema' && key !== 'options') errors.push(`${at}: unknown key "${key}"`);
  }
  const schema = template.schema;
  if (!isObject(schema)) {
    errors.push(`${at}: missing schema`);
    return [];
  }
  for (const key of Object.keys(schema)) {
    // FDK: "schema must NOT have additional properties 'body'" (§3.12 item 6).
    if (!SCHEMA_KEYS.has(key))
      errors.push(`${at}: schema must NOT have additional properties '${key}'`);
  }
  const uses: TemplateUse[] = [];
  if (typeof schema.method !== 'string' || !METHODS.has(schema.method)) {
    errors.push(`${at}: schema/method must be one of ${[...METHODS].join(', ')}`);
  }
  if (schema.protocol !== undefined && schema.protocol !== 'https') {
    errors.push(`${at}: schema/protocol must be https (http only when testing locally)`);
  }
  if (typeof schema.host !== 'string' || schema.host === '') {
    errors.push(`${at}: schema/host is required`);
  } else {
    uses.push(...templateUses(name, 'schema.host', schema.host, errors));
    const host = schema.host.replace(TEMPLATE_TAG, 'x');
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host) || host.includes('/')) {
      errors.push(`${at}: schema/host must not have protocol or path: "${schema.host}"`);
    } else if (/%[0-9a-f]{2}/i.test(host) || IP_ADDRESS.test(host) || !FQDN.test(host)) {
      errors.push(`${at}: schema/host must be FQDN: "${schema.host}"`);
    }
  }
  if (typeof schema.path !== 'string' || !schema.path.startsWith('/')) {
    errors.push(`${at}: schema/path must start with /`);
  } else {
    uses.push(...templateUses(name, 'schema.path', schema.path, errors));
  }
  for (const field of ['headers', 'query'] as const) {
    const values = schema[field];
    if (values === undefined) continue;
    if (!isObject(values)) {
      errors.push(`${at}: schema/${field} must be an object of strings`);
      continue;
    }
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== 'string') {
        errors.push(`${at}: schema/${field}/${key} must be a string`);
        continue;
      }
      uses.push(...templateUses(name, `schema.${field}.${key}`, value, errors));
      if (field === 'headers' && key.toLowerCase() === 'content-type') {
        const type = value.split(';')[0]?.trim().toLowerCase() ?? '';
        if (!CONTENT_TYPES.has(type)) errors.push(`${at}: unsupported Content-Type "${value}"`);
      }
    }
  }
  const options = template.options;
  if (options !== undefined) {
    if (!isObject(options)) errors.push(`${at}: options must be an object`);
    else {
      for (const key of Object.keys(options)) {
        if (!OPTION_KEYS.has(key)) errors.push(`${at}: unknown option "${key}"`);
      }
      const { maxAttempts, retryDelay } = options;
      if (
        maxAttempts !== undefined &&
        !(
          Number.isInteger(maxAttempts) &&
          (maxAttempts as number) >= 1 &&
          (maxAttempts as number) <= 5
        )
      ) {
        errors.push(`${at}: options/maxAttempts must be a whole number from 1 to 5`);
      }
      if (
        retryDelay !== undefined &&
        !(
          Number.isInteger(retryDelay) &&
          (retryDelay as number) >= 0 &&
          (retryDelay as number) <= 1500 &&
          (retryDelay as number) % 100 === 0
        )
      ) {
        errors.push(`${at}: options/retryDelay must be a multiple of 100 ms, at most 1500`);
      }
    }
  }
  // OAuth templates carry options.oauth (§3.5, §3.12 item 8).
  if (
    uses.some((use) => use.kind === 'access_token') &&
    !(isObject(options) && typeof options.oauth === 'string')
  ) {
    errors.push(`${at}: uses <%= access_token %> without options.oauth`);
  }
  return uses;
}

function checkIparams(
  files: ReadonlyMap<string, Buffer>,
  errors: string[],
): Record<string, Record<string, unknown>> {
  const hasJson = files.has('config/iparams.json');
  const hasHtml = files.has('config/iparams.html');
  // §3.4, §3.12 item 7: iparams.json xor iparams.html.
  if (!hasJson && !hasHtml)
    errors.push('iparams.json is mandatory (config/iparams.json or config/iparams.html)');
  if (hasJson && hasHtml)
    errors.push('config/iparams.json and config/iparams.html are exclusive: keep one');
  const iparams = parseJson(files, 'config/iparams.json', errors);
  const declared: Record<string, Record<string, unknown>> = {};
  for (const [name, iparam] of Object.entries(iparams ?? {})) {
    const at = `config/iparams.json ${name}`;
    if (!isObject(iparam)) {
      errors.push(`${at} must be an object`);
      continue;
    }
    declared[name] = iparam;
    for (const key of Object.keys(iparam)) {
      if (!IPARAM_ATTRIBUTES.has(key)) errors.push(`${at}: unknown attribute "${key}"`);
    }
    if (typeof iparam.display_name !== 'string' || iparam.display_name.trim() === '') {
      errors.push(`${at}: display_name is mandatory`);
    }
    if (typeof iparam.type !== 'string' || !IPARAM_TYPES.has(iparam.type)) {
      errors.push(`${at}: type must be one of ${[...IPARAM_TYPES].join(', ')}`);
    }
    for (const flag of ['required', 'secure'] as const) {
      if (iparam[flag] !== undefined && typeof iparam[flag] !== 'boolean') {
        errors.push(`${at}: ${flag} must be true or false`);
      }
    }
    if (typeof iparam.type === 'string' && IPARAM_TYPES_WITH_OPTIONS.has(iparam.type)) {
      const options = iparam.options;
      if (!Array.isArray(options) || options.length === 0) {
        errors.push(`${at}: a ${iparam.type} needs options`);
      } else if (
        iparam.default_value !== undefined &&
        !(
          Array.isArray(iparam.default_value) ? iparam.default_value : [iparam.default_value]
        ).every((value) => options.includes(value))
      ) {
        errors.push(`${at}: default_value must be one of the options`);
      }
    }
  }
  return declared;
}

function checkServerCode(
  files: ReadonlyMap<string, Buffer>,
  handlers: readonly { module: string; event: string; handler: unknown }[],
  functions: readonly { name: string; timeout: unknown }[],
  errors: string[],
): void {
  const server = files.get('server/server.js')?.toString('utf8');
  for (const { name, timeout } of functions) {
    if (timeout !== undefined && !FUNCTION_TIMEOUTS.has(timeout as number)) {
      errors.push(`functions.${name}.timeout must be 20, 25 or 30`);
    }
  }
  if (server === undefined) {
    if (handlers.length > 0 || functions.length > 0) {
      errors.push('events and functions need server/server.js, which is missing');
    }
    return;
  }
  try {
    // Compiled, never run: a syntax error is what the FDK reports as unparseable (§3.12 item 9).
    new Script(server, { filename: 'server/server.js' });
  } catch (error) {
    errors.push(
      `server/server.js cannot be parsed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }
  const exportsAt = server.search(/\bexports\s*=\s*\{/);
  if (exportsAt === -1) {
    errors.push('server/server.js has no `exports = { ... }` block');
    return;
  }
  const firstFunction = server.search(/^\s*(async\s+)?function\s+[A-Za-z_$]/m);
  if (firstFunction !== -1 && firstFunction < exportsAt) {
    errors.push('server/server.js: non-exported functions go after the exports block');
  }
  const exported = server.slice(exportsAt);
  const isExported = (name: string) => new RegExp(`(^|[\\s{,])${name}\\s*[:(,}]`).test(exported);
  for (const { module, event, handler } of handlers) {
    if (typeof handler !== 'string' || !isExported(handler)) {
      errors.push(
        `${module} event ${event}: handler ${String(handler)} is not exported from server/server.js`,
      );
    }
  }
  for (const { name } of functions) {
    if (!isExported(name))
      errors.push(`SMI function not found: ${name} is not exported from server/server.js`);
  }
}

function checkPages(
  files: ReadonlyMap<string, Buffer>,
  pages: ReadonlySet<string>,
  errors: string[],
): void {
  for (const [path, content] of files) {
    if (!path.startsWith('app/') || !/\.html?$/i.test(path)) continue;
    const html = content.toString('utf8');
    for (const match of html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)) {
      const src = match[1] ?? '';
      if (src === '{{{appclient}}}') continue;
      if (/^(https?:)?\/\//i.test(src)) {
        errors.push(`${path} loads an external script (${src}); bundle it into the app instead`);
      }
    }
    // Every page the platform shows needs the client to call app.initialized() (§3.2, §3.10).
    if (pages.has(path) && !/<script\b[^>]*\bsrc\s*=\s*["']\{\{\{appclient\}\}\}["']/i.test(html)) {
      errors.push(`${path} does not load the Freshworks client (<script src="{{{appclient}}}">)`);
    }
  }
  for (const [path, content] of files) {
    if (!TEXT_FILE.test(path) || !(path.startsWith('app/') || path.startsWith('server/'))) continue;
    const text = content.toString('utf8');
    // Lint error: "Avoid using front-end libraries from unpkg CDN" (§3.11, §3.12).
    if (/\bunpkg\.com\b/i.test(text)) errors.push(`${path} uses the unpkg CDN`);
    if (/\.js$/i.test(path)) {
      // Lint errors no-debugger and no-eval (§3.12), as far as they show in the files.
      if (/(^|[;{}\s])debugger\s*;/.test(text)) errors.push(`${path} has a debugger statement`);
      if (/(^|[^.\w$])eval\s*\(/.test(text)) errors.push(`${path} calls eval()`);
    }
  }
}

/** Validates a package given as its files (path relative to the package root → content). */
export function validatePackageFiles(files: ReadonlyMap<string, Buffer>): ValidationReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!files.has('manifest.json')) {
    const nested = [...files.keys()].find((path) => /^[^/]+\/manifest\.json$/.test(path));
    errors.push(
      nested === undefined
        ? 'missing manifest.json'
        : `manifest.json is nested at ${nested}; pack the app from that directory`,
    );
    return { errors, warnings };
  }
  if (![...files.keys()].some((path) => path.startsWith('app/'))) {
    errors.push('Mandatory folder(s) missing: app');
  }
  // §3.12 item 1: manifest.json and config/*.json parse as one JSON object each.
  for (const path of files.keys()) {
    if (
      /^config\/[^/]+\.json$/.test(path) &&
      path !== 'config/iparams.json' &&
      path !== 'config/requests.json'
    ) {
      parseJson(files, path, errors);
    }
  }
  const manifest = parseJson(files, 'manifest.json', errors);
  const iparams = checkIparams(files, errors);
  const requests = files.has('config/requests.json')
    ? (parseJson(files, 'config/requests.json', errors) ?? {})
    : {};
  if (manifest === undefined) return { errors, warnings };

  // §3.12 item 2.
  const version = manifest['platform-version'];
  if (typeof version !== 'string' || !PLATFORM_VERSIONS.has(version)) {
    errors.push(
      `platform-version must be one of ${[...PLATFORM_VERSIONS].join(', ')}, not ${JSON.stringify(version)}`,
    );
    return { errors, warnings };
  }
  if (manifest['whitelisted-domains'] !== undefined) {
    errors.push(
      '"whitelisted-domains" has been deprecated: use request templates (config/requests.json)',
    );
  }
  const engines = manifest.engines;
  if (engines === undefined) errors.push("must have required property 'engines' in manifest.json");
  else if (
    !isObject(engines) ||
    typeof engines.node !== 'string' ||
    typeof engines.fdk !== 'string'
  ) {
    errors.push(
      'engines must name the node and fdk versions ({ "node": "24.11.0", "fdk": "10.1.2" })',
    );
  }
  if (version === '2.3') {
    warnings.push('platform-version 2.3 is being deprecated; build on 3.0 (freshdesk.md §3.3)');
    if (!isObject(manifest.product)) errors.push('platform 2.3 manifests need "product"');
    return { errors, warnings };
  }
  if (manifest.product !== undefined)
    errors.push('platform 3.0 manifests use "modules", not "product"');
  for (const key of Object.keys(manifest)) {
    if (!MANIFEST_KEYS_3_0.has(key) && key !== 'product' && key !== 'whitelisted-domains') {
      warnings.push(`unknown manifest key "${key}"`);
    }
  }
  const modules = manifest.modules;
  if (!isObject(modules)) {
    errors.push("must have required property 'modules' in manifest.json");
    return { errors, warnings };
  }
  const moduleNames = Object.keys(modules);
  for (const name of moduleNames) {
    if (name !== 'common' && !PRODUCT_MODULES.has(name)) errors.push(`unknown module "${name}"`);
  }
  if (!moduleNames.some((name) => PRODUCT_MODULES.has(name))) {
    errors.push('the manifest needs at least one product module (e.g. support_ticket)');
  }

  const handlers: { module: string; event: string; handler: unknown }[] = [];
  const functions: { name: string; timeout: unknown }[] = [];
  const pages = new Set<string>();
  for (const [moduleName, body] of Object.entries(modules)) {
    if (!isObject(body)) {
      errors.push(`modules.${moduleName} must be an object`);
      continue;
    }
    // §3.3: requests and functions live in modules.common.
    for (const key of ['requests', 'functions'] as const) {
      if (moduleName !== 'common' && body[key] !== undefined) {
        errors.push(`modules.${moduleName}.${key}: ${key} belong in modules.common`);
      }
    }
    // §3.12 item 3.
    if (body.location !== undefined) {
      if (!isObject(body.location) || Object.keys(body.location).length === 0) {
        errors.push(`/modules/${moduleName}/location must NOT have fewer than 1 properties`);
      } else {
        const known = LOCATIONS[moduleName];
        for (const [placeholder, options] of Object.entries(body.location)) {
          if (known !== undefined && !known.has(placeholder)) {
            errors.push(`Invalid location(s) mentioned in modules: ${moduleName}.${placeholder}`);
          }
          if (!isObject(options)) {
            errors.push(`modules.${moduleName}.location.${placeholder} must be an object`);
            continue;
          }
          const page = appFile(options.url);
          if (page === undefined || !/\.html?$/i.test(page)) {
            errors.push(
              `modules.${moduleName}.location.${placeholder}: url must be an HTML file under app/`,
            );
          } else if (!files.has(page)) {
            errors.push(`modules.${moduleName}.location.${placeholder}: ${page} not found`);
          } else pages.add(page);
          const background = placeholder.endsWith('_background');
          const icon = appFile(options.icon);
          if (!background && options.icon === undefined) {
            errors.push(`modules.${moduleName}.location.${placeholder}: icon is required`);
          } else if (options.icon !== undefined && (icon === undefined || !files.has(icon))) {
            const named =
              typeof options.icon === 'string' ? options.icon : JSON.stringify(options.icon);
            errors.push(
              `modules.${moduleName}.location.${placeholder}: ${named.split('/').pop() ?? named} not found (${icon ?? named})`,
            );
          }
        }
      }
    }
    // §3.12 item 4.
    if (body.events !== undefined) {
      if (!isObject(body.events)) errors.push(`modules.${moduleName}.events must be an object`);
      else {
        for (const [event, spec] of Object.entries(body.events)) {
          const known = EVENTS[moduleName];
          if (known !== undefined && !known.has(event)) {
            errors.push(`Invalid event: '${event}' for module: ${moduleName}`);
          }
          handlers.push({
            module: moduleName,
            event,
            handler: isObject(spec) ? spec.handler : undefined,
          });
        }
      }
    }
    if (moduleName === 'common' && body.functions !== undefined) {
      if (!isObject(body.functions)) errors.push('modules.common.functions must be an object');
      else {
        for (const [name, spec] of Object.entries(body.functions)) {
          functions.push({ name, timeout: isObject(spec) ? spec.timeout : undefined });
        }
      }
    }
  }
  checkServerCode(files, handlers, functions, errors);

  // §3.12 item 6: request templates ↔ manifest, and their schema.
  const common = isObject(modules.common) ? modules.common : {};
  const declaredRequests =
    common.requests === undefined ? {} : isObject(common.requests) ? common.requests : undefined;
  if (declaredRequests === undefined) errors.push('modules.common.requests must be an object');
  const declared = new Set(Object.keys(declaredRequests ?? {}));
  for (const name of declared) {
    if (!(name in requests))
      errors.push(`Request template not found: ${name} is not in config/requests.json`);
  }
  if (Object.keys(requests).length > MAX_TEMPLATES) {
    errors.push(`config/requests.json has more than ${MAX_TEMPLATES} templates`);
  }
  const uses: TemplateUse[] = [];
  for (const [name, template] of Object.entries(requests)) {
    if (!TEMPLATE_NAME.test(name)) {
      errors.push(
        `config/requests.json: template name "${name}" may use letters, digits, _ and - only`,
      );
    }
    if (!declared.has(name)) {
      errors.push(
        `config/requests.json ${name} is not declared in manifest modules.common.requests`,
      );
    }
    if (!isObject(template)) {
      errors.push(`config/requests.json ${name} must be an object`);
      continue;
    }
    uses.push(...checkTemplateSchema(name, template, errors));
  }

  // iparams and templates agree: every iparam used is declared; secure ones only in headers (§3.4).
  for (const use of uses) {
    if (use.kind !== 'iparam') continue;
    const iparam = iparams[use.name];
    if (iparam === undefined) {
      errors.push(
        `config/requests.json ${use.template}.${use.field}: iparam.${use.name} is not declared in config/iparams.json`,
      );
    } else if (iparam.secure === true && !use.field.startsWith('schema.headers.')) {
      errors.push(
        `config/requests.json ${use.template}.${use.field}: secure iparam ${use.name} may only be used in headers`,
      );
    }
  }
  for (const [name, iparam] of Object.entries(iparams)) {
    // The front end cannot read a secure iparam (§3.4): one no template uses is of no use.
    if (iparam.secure === true && !uses.some((use) => use.kind === 'iparam' && use.name === name)) {
      warnings.push(`secure iparam ${name} is used by no request template`);
    }
  }
  if (files.has('config/oauth_config.json')) {
    const oauth = parseJson(files, 'config/oauth_config.json', []);
    if (oauth !== undefined && !isObject(oauth.integrations)) {
      errors.push('config/oauth_config.json: wrap the OAuth configuration in "integrations"');
    }
  }
  checkPages(files, pages, errors);
  return { errors, warnings };
}

/** Validates an unpacked package directory. */
export async function validatePackageDir(dir: string): Promise<ValidationReport> {
  return validatePackageFiles(await readTree(dir));
}

/** Checks a zip's layout: manifest.json and app/ at the archive root, nothing the FDK excludes. */
export function validateZipLayout(zip: Buffer): ValidationReport {
  const names = zipEntryNames(zip);
  const errors: string[] = [];
  if (!names.includes('manifest.json')) {
    const nested = names.find((name) => /^[^/]+\/manifest\.json$/.test(name));
    errors.push(
      nested === undefined
        ? 'missing manifest.json at the zip root'
        : `manifest.json is nested at ${nested}; pack the app from that directory`,
    );
  }
  // `fdk pack` leaves these out (freshdesk.md §3.12).
  const excluded = names.filter((name) => /^(node_modules|coverage|\.fdk|dist)\//.test(name));
  if (excluded.length > 0)
    errors.push(`the zip holds files fdk pack excludes: ${excluded.slice(0, 3).join(', ')}`);
  return { errors, warnings: [] };
}
