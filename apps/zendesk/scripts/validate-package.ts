// Offline checks of a Zendesk app package, replicating zendesk_apps_support@f3de3c7 (zendesk.md §4.1–4.2).
import { readTree, zipEntryNames } from './zip.ts';

export interface ValidationReport {
  readonly errors: string[];
  readonly warnings: string[];
}

/** lib/zendesk_apps_support/manifest.rb: the keys a manifest may have. */
const KNOWN_KEYS = new Set([
  'requirementsOnly',
  'marketingOnly',
  'version',
  'author',
  'name',
  'experiments',
  'frameworkVersion',
  'singleInstall',
  'signedUrls',
  'noTemplate',
  'defaultLocale',
  'location',
  'private',
  'oauth',
  'parameters',
  'domainWhitelist',
  'remoteInstallationURL',
  'termsConditionsURL',
  'gaID',
]);
const BOOLEAN_KEYS = [
  'requirementsOnly',
  'marketingOnly',
  'singleInstall',
  'signedUrls',
  'private',
];
const STRING_KEYS = [
  'defaultLocale',
  'version',
  'frameworkVersion',
  'remoteInstallationURL',
  'termsConditionsURL',
  'gaID',
];
/** app_version.rb: versions Zendesk serves. */
const SERVED_FRAMEWORK_VERSIONS = ['2.0'];
/** manifest/parameter.rb. */
const PARAMETER_ATTRIBUTES = new Set([
  'name',
  'type',
  'required',
  'secure',
  'default',
  'scopes',
  'allowed_domain',
]);
const PARAMETER_TYPES = new Set([
  'text',
  'checkbox',
  'url',
  'number',
  'multiline',
  'hidden',
  'oauth',
  'mtls',
]);
const PARAMETER_SCOPES = new Set([
  'header',
  'body',
  'url',
  'jwt_secret_key',
  'jwt_claim',
  'basic_auth_username',
  'basic_auth_password',
]);
/** manifest/location_options.rb. */
const LOCATION_OPTIONS = new Set([
  'url',
  'flexible',
  'signed',
  'autoLoad',
  'autoHide',
  'size',
  'legacy',
  'objectTypes',
]);
/** location.rb: locations per host (the ones this project can meet; unknown ones are errors there too). */
const LOCATIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  support: new Set([
    'top_bar',
    'nav_bar',
    'ticket_sidebar',
    'new_ticket_sidebar',
    'user_sidebar',
    'organization_sidebar',
    'background',
    'modal',
    'ticket_editor',
    'system_top_bar',
  ]),
  chat: new Set(['chat_sidebar', 'background', 'modal']),
  sell: new Set([
    'top_bar',
    'person_card',
    'deal_card',
    'lead_card',
    'background',
    'modal',
    'company_card',
  ]),
};
/** translations.rb: keys the default locale's `app` needs. */
const PRIVATE_APP_KEYS = ['name'];
const PUBLIC_APP_KEYS = [
  'name',
  'short_description',
  'long_description',
  'installation_instructions',
];
const VALID_LOCALE = /^[a-z]{2,3}(-[a-z0-9]{2,4})?$/i;
const TOKEN_LIKE = /token|key|pwd|password/i;
/** XML namespace names are identifiers, never requested (React's DOM code holds several). */
const NAMESPACE_URIS = /^http:\/\/(www\.w3\.org\/|www\.w3\.org$)/;
const TEXT_FILE = /\.(html?|js|mjs|css|json|svg|txt)$/i;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function validUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function checkParameters(parameters: unknown, errors: string[], warnings: string[]): void {
  if (parameters === undefined) return;
  if (!Array.isArray(parameters)) {
    errors.push('parameters must be an array');
    return;
  }
  const names: string[] = [];
  let oauthCount = 0;
  for (const [index, parameter] of parameters.entries()) {
    if (!isObject(parameter)) {
      errors.push(`parameters[${index}] must be an object`);
      continue;
    }
    const name = typeof parameter.name === 'string' ? parameter.name : `#${index}`;
    if (typeof parameter.name !== 'string' || parameter.name === '')
      errors.push(`parameters[${index}] needs a name`);
    names.push(name);
    for (const key of Object.keys(parameter)) {
      if (!PARAMETER_ATTRIBUTES.has(key))
        errors.push(`parameter ${name}: unknown attribute "${key}"`);
    }
    if (name === 'name')
      errors.push('a parameter may not be called "name" (name_as_parameter_name)');
    const type = parameter.type ?? 'text';
    if (typeof type !== 'string' || !PARAMETER_TYPES.has(type)) {
      errors.push(`parameter ${name}: invalid type ${JSON.stringify(type)}`);
    }
    for (const flag of ['required', 'secure'] as const) {
      if (parameter[flag] !== undefined && typeof parameter[flag] !== 'boolean') {
        errors.push(`parameter ${name}: "${flag}" must be true or false`);
      }
    }
    const secure = parameter.secure === true;
    if (type === 'oauth') {
      oauthCount++;
      if (secure) errors.push(`parameter ${name}: oauth parameters cannot be secure`);
    }
    if (type === 'hidden' && parameter.required === true) {
      errors.push(`parameter ${name}: hidden parameters cannot be required`);
    }
    if (parameter.scopes !== undefined) {
      if (!secure) errors.push(`parameter ${name}: scopes are only allowed on secure parameters`);
      if (
        !Array.isArray(parameter.scopes) ||
        parameter.scopes.length === 0 ||
        !parameter.scopes.every((scope) => typeof scope === 'string' && PARAMETER_SCOPES.has(scope))
      ) {
        errors.push(
          `parameter ${name}: scopes must be a non-empty array of ${[...PARAMETER_SCOPES].join(', ')}`,
        );
      }
    }
    // validations/secure_settings.rb (warnings there).
    if (type === 'text' && TOKEN_LIKE.test(name) && !secure) {
      warnings.push(`parameter ${name} looks like a secret but is not secure`);
    }
    if ((secure || type === 'hidden') && parameter.default !== undefined) {
      warnings.push(`parameter ${name}: secure and hidden parameters should have no default`);
    }
    if (secure && parameter.scopes === undefined) {
      warnings.push(`parameter ${name}: secure parameters should declare scopes`);
    }
  }
  const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
  if (duplicates.length > 0)
    errors.push(`duplicate parameters: ${[...new Set(duplicates)].join(', ')}`);
  if (oauthCount > 1) errors.push('at most one oauth parameter');
}

function checkLocations(
  location: unknown,
  files: ReadonlyMap<string, Buffer>,
  errors: string[],
): void {
  if (!isObject(location) || Object.keys(location).length === 0) {
    errors.push('missing required manifest key: location');
    return;
  }
  for (const [host, locations] of Object.entries(location)) {
    const known = LOCATIONS[host];
    if (known === undefined) {
      errors.push(`unknown location host "${host}"`);
      continue;
    }
    if (!isObject(locations)) {
      errors.push(`location.${host} must be an object`);
      continue;
    }
    for (const [name, options] of Object.entries(locations)) {
      if (!known.has(name)) errors.push(`unknown ${host} location "${name}"`);
      if (!isObject(options)) {
        errors.push(`location.${host}.${name} must be an object`);
        continue;
      }
      for (const key of Object.keys(options)) {
        if (!LOCATION_OPTIONS.has(key))
          errors.push(`location.${host}.${name}: unknown option "${key}"`);
      }
      if (options.flexible !== undefined && typeof options.flexible !== 'boolean') {
        errors.push(`location.${host}.${name}: flexible must be true or false`);
      }
      const url = options.url;
      if (typeof url !== 'string' || url === '') {
        if (options.autoLoad !== false) errors.push(`location.${host}.${name}: blank location url`);
        continue;
      }
      if (url.includes('{{setting.')) continue;
      let valid: boolean;
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
        try {
          const parsed = new URL(url);
          valid = parsed.protocol === 'https:' || parsed.hostname === 'localhost';
        } catch {
          valid = false;
        }
      } else {
        const path = url.split(/[?#]/)[0] ?? '';
        valid = path.startsWith('assets/') && files.has(path);
      }
      if (!valid) {
        errors.push(
          `location.${host}.${name}: "${url}" is either an invalid location URI, refers to a missing asset, or does not use HTTPS`,
        );
      }
    }
  }
}

function checkTranslations(
  manifest: Record<string, unknown>,
  files: ReadonlyMap<string, Buffer>,
  errors: string[],
): void {
  for (const [path, content] of files) {
    if (!/^translations\/[^/]+\.json$/.test(path)) continue;
    try {
      if (!isObject(JSON.parse(content.toString('utf8'))))
        errors.push(`${path} must be a JSON object`);
    } catch {
      errors.push(`${path} is not valid JSON`);
    }
  }
  const locale = manifest.defaultLocale;
  if (typeof locale !== 'string') return;
  if (!VALID_LOCALE.test(locale)) {
    errors.push(`invalid defaultLocale "${locale}"`);
    return;
  }
  const file = files.get(`translations/${locale}.json`);
  if (file === undefined) {
    errors.push(`missing translation file translations/${locale}.json for the default locale`);
    return;
  }
  let translations: unknown;
  try {
    translations = JSON.parse(file.toString('utf8'));
  } catch {
    return; // Reported above.
  }
  const app = isObject(translations) ? translations.app : undefined;
  const required = manifest.private === false ? PUBLIC_APP_KEYS : PRIVATE_APP_KEYS;
  for (const key of required) {
    const present =
      isObject(app) &&
      (typeof app[key] === 'string' ||
        (key === 'short_description' && typeof app.description === 'string'));
    if (!present) errors.push(`translations/${locale}.json is missing app.${key}`);
  }
}

function checkRequests(files: ReadonlyMap<string, Buffer>, errors: string[]): void {
  for (const [path, content] of files) {
    if (!TEXT_FILE.test(path)) continue;
    const urls = content.toString('utf8').match(/http:\/\/[^\s"'`<>)\\]+/g) ?? [];
    const plain = urls.filter(
      (url) => !NAMESPACE_URIS.test(url) && !/^http:\/\/localhost\b/.test(url),
    );
    if (plain.length > 0)
      errors.push(`${path} uses plain http:// URLs: ${[...new Set(plain)].slice(0, 3).join(', ')}`);
  }
}

/** Validates a package given as its files (path relative to the package root → content). */
export function validatePackageFiles(files: ReadonlyMap<string, Buffer>): ValidationReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  const manifestFile = files.get('manifest.json');
  if (manifestFile === undefined) {
    const nested = [...files.keys()].find((path) => /^[^/]+\/manifest\.json$/.test(path));
    errors.push(
      nested === undefined
        ? 'missing manifest.json'
        : `manifest.json is nested at ${nested}; try re-creating the archive from that directory`,
    );
    return { errors, warnings };
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestFile.toString('utf8'));
  } catch (error) {
    errors.push(`manifest.json is not valid JSON (${String(error)})`);
    return { errors, warnings };
  }
  if (!isObject(manifest)) {
    errors.push('manifest.json must be a JSON object');
    return { errors, warnings };
  }
  // Keys starting with "_" are comments, such as the generated-file warning (app_scaffolds modifiers/manifest.js).
  for (const key of Object.keys(manifest)) {
    if (!KNOWN_KEYS.has(key) && !key.startsWith('_')) errors.push(`unknown manifest key "${key}"`);
  }
  for (const key of ['author', 'defaultLocale']) {
    if (manifest[key] === undefined) errors.push(`missing required manifest key: ${key}`);
  }
  for (const key of BOOLEAN_KEYS) {
    if (manifest[key] !== undefined && typeof manifest[key] !== 'boolean')
      errors.push(`${key} must be true or false`);
  }
  for (const key of STRING_KEYS) {
    if (manifest[key] !== undefined && typeof manifest[key] !== 'string')
      errors.push(`${key} must be a string`);
  }
  if (manifest.author !== undefined) {
    if (!isObject(manifest.author)) errors.push('author must be an object');
    else {
      for (const key of ['name', 'email', 'url']) {
        const value = manifest.author[key];
        if (value !== undefined && typeof value !== 'string')
          errors.push(`author ${key} must be a string`);
      }
      if (manifest.author.url !== undefined && !validUrl(manifest.author.url))
        errors.push('author url is not a valid URL');
    }
  }
  const whitelist = manifest.domainWhitelist;
  if (
    whitelist !== undefined &&
    !(Array.isArray(whitelist) && whitelist.every((d) => typeof d === 'string'))
  ) {
    errors.push('domainWhitelist must be an array of strings');
  }
  const headless = manifest.requirementsOnly === true || manifest.marketingOnly === true;
  if (headless) {
    if (manifest.location !== undefined)
      errors.push('requirements-only and marketing-only apps have no location');
    if (manifest.frameworkVersion !== undefined)
      errors.push('requirements-only and marketing-only apps have no frameworkVersion');
  } else {
    checkLocations(manifest.location, files, errors);
    if (manifest.frameworkVersion === undefined)
      errors.push('missing required manifest key: frameworkVersion');
    else if (!(
      typeof manifest.frameworkVersion === 'string' &&
      SERVED_FRAMEWORK_VERSIONS.includes(manifest.frameworkVersion)
    )) {
      errors.push(
        `frameworkVersion ${JSON.stringify(manifest.frameworkVersion)} is not served (available: 2.0)`,
      );
    }
  }
  checkParameters(manifest.parameters, errors, warnings);
  checkTranslations(manifest, files, errors);
  checkRequests(files, errors);
  return { errors, warnings };
}

/** Validates an unpacked package directory. */
export async function validatePackageDir(dir: string): Promise<ValidationReport> {
  return validatePackageFiles(await readTree(dir));
}

/** Checks a zip's layout: manifest.json at the archive root, not in a folder (zendesk.md §4.2). */
export function validateZipLayout(zip: Buffer): ValidationReport {
  const names = zipEntryNames(zip);
  if (names.includes('manifest.json')) return { errors: [], warnings: [] };
  const nested = names.find((name) => /^[^/]+\/manifest\.json$/.test(name));
  return {
    errors: [
      nested === undefined
        ? 'missing manifest.json at the zip root'
        : `manifest.json is nested at ${nested}; try re-creating the archive from that directory`,
    ],
    warnings: [],
  };
}
