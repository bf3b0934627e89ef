// The built package passes the checks `fdk validate` makes (freshdesk.md §3.12), and each check catches a broken copy of it.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   the negative cases edit the package's JSON in place, whatever its shape; the validator under test is what reads it safely. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reactDevelopmentMarkers } from '../../../scripts/app-build/production.ts';
import { APP_CLIENT_TAG, buildApp, bundleCrayonsIcons, withAppClient } from '../scripts/build.ts';
import { packageApp } from '../scripts/package.ts';
import { DIST_DIR } from '../scripts/paths.ts';
import {
  validatePackageDir,
  validatePackageFiles,
  validateZipLayout,
} from '../scripts/validate-package.ts';
import { listFiles, readTree, zipEntryNames, zipFiles } from '../scripts/zip.ts';
import { RELAY_TEMPLATES } from './app/fdk/fdk-request.ts';

type Files = ReadonlyMap<string, Buffer>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the file comment
type Json = Record<string, any>;

let built: Files = new Map();

async function json(path: string): Promise<Json> {
  return JSON.parse(await readFile(path, 'utf8')) as Json;
}

/** A copy of the built package with one JSON file edited. */
function editJson(
  path: string,
  edit: (content: Json) => void,
  files: Files = built,
): Map<string, Buffer> {
  const copy = new Map(files);
  const content = JSON.parse(copy.get(path)?.toString('utf8') ?? '{}') as Json;
  edit(content);
  copy.set(path, Buffer.from(JSON.stringify(content)));
  return copy;
}

function withFile(
  path: string,
  content: string | undefined,
  files: Files = built,
): Map<string, Buffer> {
  const copy = new Map(files);
  if (content === undefined) copy.delete(path);
  else copy.set(path, Buffer.from(content));
  return copy;
}

const manifest = (edit: (content: Json) => void) => editJson('manifest.json', edit);
const requests = (edit: (content: Json) => void) => editJson('config/requests.json', edit);
const iparams = (edit: (content: Json) => void) => editJson('config/iparams.json', edit);
const sidebar = (edit: (location: Json) => void) =>
  manifest((m) => edit(m.modules.support_ticket.location.ticket_sidebar));
const firstTemplate = (edit: (template: Json) => void) =>
  requests((r) => edit(r.relayConversation));

let zipPath = '';
beforeAll(async () => {
  await buildApp({ quiet: true });
  built = await readTree(DIST_DIR);
  zipPath = await packageApp();
}, 120_000);

describe('the built package', () => {
  it('passes every check with no error and no warning', async () => {
    expect(await validatePackageDir(DIST_DIR)).toEqual({ errors: [], warnings: [] });
  });

  it('has the FDK layout: manifest.json, app/ with page, scripts, styles and icon, config/', () => {
    for (const path of [
      'manifest.json',
      'app/index.html',
      'app/scripts/index.js',
      'app/styles/style.css',
      'app/styles/images/icon.svg',
      'config/iparams.json',
      'config/requests.json',
    ]) {
      expect([...built.keys()]).toContain(path);
    }
  });

  it('loads the Freshworks client first and every other script and style from the package', () => {
    const html = built.get('app/index.html')?.toString('utf8') ?? '';
    const scripts = [...html.matchAll(/<script\b[^>]*src="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(scripts[0]).toBe('{{{appclient}}}');
    expect(scripts.length).toBeGreaterThan(1);
    const local = [
      ...scripts.slice(1),
      ...[...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? ''),
    ];
    for (const src of local) {
      expect(src).toMatch(/^\.\//);
      expect([...built.keys()]).toContain(join('app', src).replace(/\\/g, '/'));
    }
  });

  // Vitest runs this build with NODE_ENV=test, the setting that would pull in React's development build.
  it("bundles React's production build, whatever NODE_ENV the build ran under", () => {
    const scripts = [...built].filter(([path]) => path.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const [path, content] of scripts) {
      expect(reactDevelopmentMarkers(content.toString('utf8')), path).toEqual([]);
    }
  });

  it('fetches nothing from a CDN: Crayons is bundled, its icons included', () => {
    for (const [path, content] of built) {
      if (path.endsWith('.js') || path.endsWith('.css') || path.endsWith('.html')) {
        expect(content.toString('utf8'), path).not.toMatch(/cdn\.jsdelivr\.net|unpkg\.com/);
      }
    }
  });

  it('declares the ticket_sidebar of support_ticket on platform 3.0 with pinned engines', async () => {
    const m = await json(join(DIST_DIR, 'manifest.json'));
    expect(m['platform-version']).toBe('3.0');
    expect(m.modules.support_ticket.location.ticket_sidebar).toEqual({
      url: 'index.html',
      icon: 'styles/images/icon.svg',
    });
    expect(m.engines).toEqual({ node: expect.any(String), fdk: expect.any(String) });
  });

  it('has a declared request template for every relay call the app makes, each sending the secure token only as a Bearer header', async () => {
    const m = await json(join(DIST_DIR, 'manifest.json'));
    const templates = await json(join(DIST_DIR, 'config', 'requests.json'));
    const parameters = await json(join(DIST_DIR, 'config', 'iparams.json'));
    expect(parameters.relay_token).toMatchObject({ secure: true, required: true });
    expect(parameters.relay_host).not.toHaveProperty('secure');
    for (const name of Object.values(RELAY_TEMPLATES)) {
      expect(m.modules.common.requests).toHaveProperty(name);
      const { schema } = templates[name] as Json;
      expect(schema.host).toBe('<%= iparam.relay_host %>');
      expect(schema.headers.Authorization).toBe('Bearer <%= iparam.relay_token %>');
      expect(JSON.stringify({ ...schema, headers: {} })).not.toContain('relay_token');
      expect(schema.path).toMatch(/^\/api\/v1\/workspaces\/<%= iparam\.workspace_id %>\//);
    }
    expect(templates.relaySendSms.schema).toMatchObject({
      method: 'POST',
      path: '/api/v1/workspaces/<%= iparam.workspace_id %>/conversations/by-ticket/<%= context.ticket_id %>/messages',
    });
  });

  it('zips the package with manifest.json at the root and every file inside', async () => {
    const zip = await readFile(zipPath);
    expect(zipPath).toMatch(/smsbridge-freshdesk-\d+\.\d+\.\d+\.zip$/);
    expect(validateZipLayout(zip)).toEqual({ errors: [], warnings: [] });
    expect(zipEntryNames(zip).sort()).toEqual(await listFiles(DIST_DIR));
  });
});

describe('each check catches a broken copy of the package', () => {
  const server = (source: string, files: Files) => withFile('server/server.js', source, files);
  const withEvent = (event: string, handler = 'onEvent') =>
    manifest((m) => {
      m.modules.support_ticket.events = { [event]: { handler } };
    });

  const cases: [name: string, files: () => Files, kind: 'errors' | 'warnings', message: RegExp][] =
    [
      [
        'no manifest',
        () => withFile('manifest.json', undefined),
        'errors',
        /^missing manifest\.json$/,
      ],
      [
        'a manifest nested in a folder',
        () => new Map([...built].map(([path, content]) => [`smsbridge/${path}`, content])),
        'errors',
        /nested at smsbridge\/manifest\.json/,
      ],
      [
        'a manifest that is not JSON',
        () => withFile('manifest.json', '{ "platform-version": '),
        'errors',
        /manifest\.json is not valid JSON/,
      ],
      [
        'a manifest that is not an object',
        () => withFile('manifest.json', '[]'),
        'errors',
        /manifest\.json must hold one JSON object/,
      ],
      [
        'no app folder',
        () => new Map([...built].filter(([path]) => !path.startsWith('app/'))),
        'errors',
        /Mandatory folder\(s\) missing: app/,
      ],
      [
        'an unknown platform version',
        () => manifest((m) => (m['platform-version'] = '2.0')),
        'errors',
        /platform-version must be one of 2\.3, 3\.0/,
      ],
      [
        'platform 2.3',
        () => manifest((m) => (m['platform-version'] = '2.3')),
        'warnings',
        /2\.3 is being deprecated/,
      ],
      [
        'a 2.3 manifest without product',
        () => manifest((m) => (m['platform-version'] = '2.3')),
        'errors',
        /platform 2\.3 manifests need "product"/,
      ],
      [
        'whitelisted-domains',
        () => manifest((m) => (m['whitelisted-domains'] = ['relay.example.com'])),
        'errors',
        /"whitelisted-domains" has been deprecated/,
      ],
      [
        'no engines',
        () => manifest((m) => delete m.engines),
        'errors',
        /must have required property 'engines'/,
      ],
      [
        'engines without fdk',
        () => manifest((m) => (m.engines = { node: '24.11.0' })),
        'errors',
        /engines must name the node and fdk versions/,
      ],
      [
        'product in a 3.0 manifest',
        () => manifest((m) => (m.product = { freshdesk: {} })),
        'errors',
        /use "modules", not "product"/,
      ],
      [
        'an unknown top-level key',
        () => manifest((m) => (m.colour = 'green')),
        'warnings',
        /unknown manifest key "colour"/,
      ],
      [
        'no modules',
        () => manifest((m) => delete m.modules),
        'errors',
        /required property 'modules'/,
      ],
      [
        'only the common module',
        () => manifest((m) => delete m.modules.support_ticket),
        'errors',
        /at least one product module/,
      ],
      [
        'an unknown module',
        () => manifest((m) => (m.modules.support_tickets = {})),
        'errors',
        /unknown module "support_tickets"/,
      ],
      [
        'an empty location',
        () => manifest((m) => (m.modules.support_ticket.location = {})),
        'errors',
        /\/modules\/support_ticket\/location must NOT have fewer than 1 properties/,
      ],
      [
        'an unknown placeholder',
        () =>
          manifest(
            (m) =>
              (m.modules.support_ticket.location = {
                ticket_footer: m.modules.support_ticket.location.ticket_sidebar,
              }),
          ),
        'errors',
        /Invalid location\(s\) mentioned in modules: support_ticket\.ticket_footer/,
      ],
      [
        'a location page that is missing',
        () => sidebar((l) => (l.url = 'sidebar.html')),
        'errors',
        /app\/sidebar\.html not found/,
      ],
      [
        'a location url that is no page',
        () => sidebar((l) => (l.url = 'styles/images/icon.svg')),
        'errors',
        /url must be an HTML file under app\//,
      ],
      [
        'a location url outside app/',
        () => sidebar((l) => (l.url = '../manifest.json')),
        'errors',
        /url must be an HTML file under app\//,
      ],
      [
        'a missing icon file',
        () => withFile('app/styles/images/icon.svg', undefined),
        'errors',
        /icon\.svg not found/,
      ],
      [
        'a location without icon',
        () => sidebar((l) => delete l.icon),
        'errors',
        /ticket_sidebar: icon is required/,
      ],
      [
        'an invalid event',
        () => withEvent('onTicketClose'),
        'errors',
        /Invalid event: 'onTicketClose' for module: support_ticket/,
      ],
      [
        'an event without server code',
        () => withEvent('onTicketCreate'),
        'errors',
        /need server\/server\.js, which is missing/,
      ],
      [
        'server code that does not parse',
        () => server('exports = { onEvent: function( {', withEvent('onTicketCreate')),
        'errors',
        /server\/server\.js cannot be parsed/,
      ],
      [
        'an event handler that is not exported',
        () => server('exports = { other: function () {} };', withEvent('onTicketCreate')),
        'errors',
        /handler onEvent is not exported/,
      ],
      [
        'a helper function before the exports block',
        () =>
          server(
            'function helper() {}\nexports = { onEvent: function () { helper(); } };',
            withEvent('onTicketCreate'),
          ),
        'errors',
        /non-exported functions go after the exports block/,
      ],
      [
        'a function that is not exported',
        () =>
          server(
            'exports = { onEvent: function () {} };',
            manifest((m) => (m.modules.common.functions = { sendSms: { timeout: 20 } })),
          ),
        'errors',
        /SMI function not found: sendSms/,
      ],
      [
        'a function timeout out of range',
        () =>
          server(
            'exports = { sendSms: function () {} };',
            manifest((m) => (m.modules.common.functions = { sendSms: { timeout: 10 } })),
          ),
        'errors',
        /functions\.sendSms\.timeout must be 20, 25 or 30/,
      ],
      [
        'requests outside common',
        () => manifest((m) => (m.modules.support_ticket.requests = { relayConversation: {} })),
        'errors',
        /requests belong in modules\.common/,
      ],
      [
        'a declared template that does not exist',
        () => manifest((m) => (m.modules.common.requests.relayTypo = {})),
        'errors',
        /Request template not found: relayTypo/,
      ],
      [
        'a template the manifest does not declare',
        () => manifest((m) => delete m.modules.common.requests.relayQuickReplies),
        'errors',
        /relayQuickReplies is not declared in manifest/,
      ],
      [
        'no requests.json',
        () => withFile('config/requests.json', undefined),
        'errors',
        /Request template not found: relayConversation/,
      ],
      [
        'requests.json that is not JSON',
        () => withFile('config/requests.json', '{,}'),
        'errors',
        /config\/requests\.json is not valid JSON/,
      ],
      [
        'a bad template name',
        () => requests((r) => (r['relay conversation'] = r.relayConversation)),
        'errors',
        /template name "relay conversation"/,
      ],
      [
        'a body in the schema',
        () => firstTemplate((t) => (t.schema.body = '{}')),
        'errors',
        /schema must NOT have additional properties 'body'/,
      ],
      [
        'a host with a protocol',
        () => firstTemplate((t) => (t.schema.host = 'https://<%= iparam.relay_host %>')),
        'errors',
        /schema\/host must not have protocol or path/,
      ],
      [
        'a host with a path',
        () => firstTemplate((t) => (t.schema.host = 'relay.example.com/api')),
        'errors',
        /schema\/host must not have protocol or path/,
      ],
      [
        'an IP address as host',
        () => firstTemplate((t) => (t.schema.host = '10.0.0.1')),
        'errors',
        /schema\/host must be FQDN/,
      ],
      [
        'an encoded host',
        () => firstTemplate((t) => (t.schema.host = 'relay%2Eexample.com')),
        'errors',
        /schema\/host must be FQDN/,
      ],
      [
        'a path without a leading slash',
        () => firstTemplate((t) => (t.schema.path = 'api/v1')),
        'errors',
        /schema\/path must start with \//,
      ],
      [
        'an unknown method',
        () => firstTemplate((t) => (t.schema.method = 'FETCH')),
        'errors',
        /schema\/method must be one of/,
      ],
      [
        'plain http',
        () => firstTemplate((t) => (t.schema.protocol = 'http')),
        'errors',
        /schema\/protocol must be https/,
      ],
      [
        'too many attempts',
        () => firstTemplate((t) => (t.options.maxAttempts = 9)),
        'errors',
        /maxAttempts must be a whole number from 1 to 5/,
      ],
      [
        'a retry delay off the 100 ms grid',
        () => firstTemplate((t) => (t.options.retryDelay = 250)),
        'errors',
        /retryDelay must be a multiple of 100 ms/,
      ],
      [
        'an unknown option',
        () => firstTemplate((t) => (t.options.timeout = 5000)),
        'errors',
        /unknown option "timeout"/,
      ],
      [
        '{{ }} instead of <%= %>',
        () =>
          firstTemplate((t) => (t.schema.headers.Authorization = 'Bearer {{iparam.relay_token}}')),
        'errors',
        /uses \{\{ \}\}; request templates substitute with <%= %> only/,
      ],
      [
        'code inside a template tag',
        () =>
          firstTemplate(
            (t) => (t.schema.headers.Authorization = 'Bearer <%= iparam.relay_token.trim() %>'),
          ),
        'errors',
        /unsupported template expression/,
      ],
      [
        'an iparam that is not declared',
        () => firstTemplate((t) => (t.schema.headers['X-Workspace'] = '<%= iparam.workspace %>')),
        'errors',
        /iparam\.workspace is not declared in config\/iparams\.json/,
      ],
      [
        'the secure token in the query string',
        () => firstTemplate((t) => (t.schema.query = { token: '<%= iparam.relay_token %>' })),
        'errors',
        /schema\.query\.token: secure iparam relay_token may only be used in headers/,
      ],
      [
        'the secure token in the path',
        () => firstTemplate((t) => (t.schema.path = '/t/<%= iparam.relay_token %>')),
        'errors',
        /secure iparam relay_token may only be used in headers/,
      ],
      [
        'an unsupported content type',
        () =>
          requests((r) => (r.relaySendSms.schema.headers['Content-Type'] = 'multipart/form-data')),
        'errors',
        /unsupported Content-Type "multipart\/form-data"/,
      ],
      [
        'an access token without OAuth options',
        () => firstTemplate((t) => (t.schema.headers.Authorization = 'Bearer <%= access_token %>')),
        'errors',
        /uses <%= access_token %> without options\.oauth/,
      ],
      [
        'no iparams',
        () => withFile('config/iparams.json', undefined),
        'errors',
        /iparams\.json is mandatory/,
      ],
      [
        'both iparams.json and iparams.html',
        () => withFile('config/iparams.html', '<html></html>'),
        'errors',
        /are exclusive: keep one/,
      ],
      [
        'iparams.json that is not JSON',
        () => withFile('config/iparams.json', 'relay_host: x'),
        'errors',
        /config\/iparams\.json is not valid JSON/,
      ],
      [
        'an iparam without display_name',
        () => iparams((p) => delete p.workspace_id.display_name),
        'errors',
        /workspace_id: display_name is mandatory/,
      ],
      [
        'an unknown iparam type',
        () => iparams((p) => (p.relay_token.type = 'password')),
        'errors',
        /relay_token: type must be one of/,
      ],
      [
        'secure not a boolean',
        () => iparams((p) => (p.relay_token.secure = 'yes')),
        'errors',
        /relay_token: secure must be true or false/,
      ],
      [
        'an unknown iparam attribute',
        () => iparams((p) => (p.relay_host.placeholder = 'x')),
        'errors',
        /relay_host: unknown attribute "placeholder"/,
      ],
      [
        'a dropdown default that is not an option',
        () =>
          iparams(
            (p) =>
              (p.region = {
                display_name: 'Region',
                type: 'dropdown',
                options: ['US', 'EU'],
                default_value: 'AU',
              }),
          ),
        'errors',
        /region: default_value must be one of the options/,
      ],
      [
        'a dropdown without options',
        () => iparams((p) => (p.region = { display_name: 'Region', type: 'dropdown' })),
        'errors',
        /region: a dropdown needs options/,
      ],
      [
        'a secure iparam no template uses',
        () =>
          iparams(
            (p) => (p.webhook_secret = { display_name: 'Secret', type: 'text', secure: true }),
          ),
        'warnings',
        /secure iparam webhook_secret is used by no request template/,
      ],
      [
        'another config file that is not JSON',
        () => withFile('config/oauth_config.json', '{'),
        'errors',
        /config\/oauth_config\.json is not valid JSON/,
      ],
      [
        'an OAuth config not wrapped in integrations',
        () => withFile('config/oauth_config.json', '{"client_id":"x"}'),
        'errors',
        /wrap the OAuth configuration in "integrations"/,
      ],
      [
        'a script from a CDN',
        () =>
          withFile(
            'app/index.html',
            (built.get('app/index.html')?.toString('utf8') ?? '').replace(
              '</head>',
              '<script src="https://cdn.jsdelivr.net/npm/@freshworks/crayons@v4/dist/crayons/crayons.js"></script></head>',
            ),
          ),
        'errors',
        /app\/index\.html loads an external script \(https:\/\/cdn\.jsdelivr\.net/,
      ],
      [
        'a page without the Freshworks client',
        () =>
          withFile(
            'app/index.html',
            (built.get('app/index.html')?.toString('utf8') ?? '').replace(APP_CLIENT_TAG, ''),
          ),
        'errors',
        /app\/index\.html does not load the Freshworks client/,
      ],
      [
        'a library from unpkg',
        () => withFile('app/scripts/extra.js', 'import("https://unpkg.com/lodash")'),
        'errors',
        /app\/scripts\/extra\.js uses the unpkg CDN/,
      ],
      [
        'a debugger statement',
        () => withFile('app/scripts/extra.js', 'function f() { debugger; }'),
        'errors',
        /has a debugger statement/,
      ],
      [
        'eval',
        () => withFile('app/scripts/extra.js', 'const x = eval("1 + 1");'),
        'errors',
        /calls eval\(\)/,
      ],
    ];

  it.each(cases)('%s', (_name, files, kind, message) => {
    const report = validatePackageFiles(files());
    expect(report[kind]).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('does not take a method named eval or a word like "debugger" in text for the real thing', () => {
    const report = validatePackageFiles(
      withFile('app/scripts/extra.js', 'tools.eval("x"); const label = "debugger tools";'),
    );
    expect(report.errors).toEqual([]);
  });

  it('rejects a zip whose manifest is in a folder, or that holds what fdk pack leaves out', async () => {
    const nested = join(DIST_DIR, '..', 'tmp', 'nested-fixture.zip');
    await zipFiles(
      new Map([...built].map(([path, content]) => [`app-root/${path}`, content])),
      nested,
    );
    expect(validateZipLayout(await readFile(nested)).errors[0]).toMatch(
      /nested at app-root\/manifest\.json/,
    );
    const withModules = join(DIST_DIR, '..', 'tmp', 'node-modules-fixture.zip');
    await zipFiles(withFile('node_modules/x/index.js', 'x'), withModules);
    expect(validateZipLayout(await readFile(withModules)).errors[0]).toMatch(
      /files fdk pack excludes: node_modules\/x\/index\.js/,
    );
  });
});

describe('build steps', () => {
  it('puts the Freshworks client before the first script, once', () => {
    const html =
      '<html><head><title>x</title><script type="module" src="./a.js"></script></head></html>';
    const out = withAppClient(html);
    expect(out.indexOf('{{{appclient}}}')).toBeLessThan(out.indexOf('./a.js'));
    expect(withAppClient(out)).toBe(out);
    expect(() => withAppClient('<body></body>')).toThrow(/no <head>/);
  });

  it('refuses to build against a Crayons whose icon module changed, rather than ship a CDN fetch', () => {
    expect(() => bundleCrayonsIcons('const x = 1;')).toThrow(/check the Crayons version/);
  });
});
