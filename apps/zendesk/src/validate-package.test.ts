// The built package passes the checks Zendesk's validator makes, and each check catches a broken package.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { reactDevelopmentMarkers } from '../../../scripts/app-build/production.ts';
import { buildApp } from '../scripts/build.ts';
import { packageApp } from '../scripts/package.ts';
import { APP_DIR, DIST_DIR } from '../scripts/paths.ts';
import { PNG_SIGNATURE } from '../scripts/png.ts';
import {
  validatePackageDir,
  validatePackageFiles,
  validateZipLayout,
} from '../scripts/validate-package.ts';
import { listFiles, readTree, zipEntryNames, zipFiles } from '../scripts/zip.ts';

const FIXTURES = join(APP_DIR, 'test', 'fixtures');

async function json(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

describe('the built package', () => {
  let zipPath = '';
  beforeAll(async () => {
    await buildApp({ quiet: true });
    zipPath = await packageApp();
  }, 120_000);

  it('passes every validator check with no error and no warning', async () => {
    expect(await validatePackageDir(DIST_DIR)).toEqual({ errors: [], warnings: [] });
  });

  // Vitest runs this build with NODE_ENV=test, the setting that used to pull in React's development build.
  it("bundles React's production build, whatever NODE_ENV the build ran under", async () => {
    const scripts = (await listFiles(DIST_DIR)).filter((path) => path.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const path of scripts) {
      const code = await readFile(join(DIST_DIR, path), 'utf8');
      expect(reactDevelopmentMarkers(code), path).toEqual([]);
    }
  });

  it('has the layout Zendesk expects', async () => {
    const files = await listFiles(DIST_DIR);
    for (const path of [
      'manifest.json',
      'assets/iframe.html',
      'assets/logo.png',
      'assets/logo-small.png',
      'translations/en.json',
      'translations/es.json',
    ]) {
      expect(files).toContain(path);
    }
    // The SDK is bundled: nothing is loaded from a CDN.
    const html = await readFile(join(DIST_DIR, 'assets', 'iframe.html'), 'utf8');
    expect(html).not.toMatch(/zdassets|https?:\/\//);
    const scripts = [...html.matchAll(/src="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) expect(files).toContain(join('assets', src).replace(/\\/g, '/'));
  });

  it('declares a flexible ticket_sidebar, a secure header-scoped token and the relay settings', async () => {
    const manifest = await json(join(DIST_DIR, 'manifest.json'));
    expect(manifest._warning).toMatch(
      /AUTOMATICALLY GENERATED .*manifests\/zendesk\/manifest\.json.*DO NOT MODIFY/,
    );
    expect(manifest).toMatchObject({
      frameworkVersion: '2.0',
      defaultLocale: 'en',
      private: true,
      location: { support: { ticket_sidebar: { url: 'assets/iframe.html', flexible: true } } },
    });
    const parameters = manifest.parameters as Record<string, unknown>[];
    expect(parameters.find((p) => p.name === 'relay_token')).toMatchObject({
      type: 'text',
      secure: true,
      scopes: ['header'],
    });
    expect(parameters.find((p) => p.name === 'relay_token')).not.toHaveProperty('default');
    expect(parameters.find((p) => p.name === 'relay_url')).toMatchObject({ type: 'url' });
    expect(parameters.find((p) => p.name === 'workspace_id')).toMatchObject({ type: 'text' });
    expect(Array.isArray(manifest.domainWhitelist)).toBe(true);
  });

  it('stamps the relay host into the domain whitelist when given', async () => {
    const { generateManifest } = await import('../scripts/build.ts');
    expect(
      generateManifest({ domainWhitelist: ['x'] }, { relayHost: 'sms.acme.com' }).domainWhitelist,
    ).toEqual(['sms.acme.com']);
    expect(() => generateManifest({}, { relayHost: 'https://sms.acme.com/' })).toThrow(TypeError);
  });

  it('ships English and Spanish marketplace strings only (no UI strings)', async () => {
    for (const locale of ['en', 'es']) {
      const translations = await json(join(DIST_DIR, 'translations', `${locale}.json`));
      expect(Object.keys(translations)).toEqual(['app']);
      expect(translations.app).toMatchObject({ name: 'SMS Bridge' });
    }
  });

  it('ships logos that are valid PNGs of the sizes Zendesk shows', async () => {
    for (const [file, size] of [
      ['logo.png', 320],
      ['logo-small.png', 128],
    ] as const) {
      const png = await readFile(join(DIST_DIR, 'assets', file));
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.toString('ascii', 12, 16)).toBe('IHDR');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
      const idatLength = png.readUInt32BE(33);
      expect(png.toString('ascii', 37, 41)).toBe('IDAT');
      const pixels = inflateSync(png.subarray(41, 41 + idatLength));
      expect(pixels.length).toBe(size * (1 + size * 4));
    }
  });

  it('zips dist with manifest.json at the archive root and every file inside', async () => {
    const zip = await readFile(zipPath);
    expect(validateZipLayout(zip)).toEqual({ errors: [], warnings: [] });
    expect(zipEntryNames(zip).sort()).toEqual(await listFiles(DIST_DIR));
  });
});

describe('each validator check catches a broken package', () => {
  const cases: [fixture: string, kind: 'errors' | 'warnings', message: RegExp][] = [
    ['missing-manifest', 'errors', /missing manifest\.json/],
    ['nested-manifest', 'errors', /nested at app\/manifest\.json/],
    ['unknown-key', 'errors', /unknown manifest key "sidebarColour"/],
    ['missing-author', 'errors', /missing required manifest key: author/],
    ['missing-default-locale', 'errors', /missing required manifest key: defaultLocale/],
    ['missing-location', 'errors', /missing required manifest key: location/],
    ['missing-framework-version', 'errors', /missing required manifest key: frameworkVersion/],
    ['unserved-framework-version', 'errors', /frameworkVersion "1\.0" is not served/],
    ['private-not-boolean', 'errors', /private must be true or false/],
    ['flexible-not-boolean', 'errors', /flexible must be true or false/],
    [
      'location-missing-asset',
      'errors',
      /"assets\/index\.html" is either an invalid location URI, refers to a missing asset/,
    ],
    ['location-outside-assets', 'errors', /"iframe\.html" is either an invalid location URI/],
    ['location-plain-http', 'errors', /does not use HTTPS/],
    ['unknown-location', 'errors', /unknown support location "ticket_footer"/],
    ['missing-default-translation', 'errors', /missing translation file translations\/es\.json/],
    ['translation-missing-name', 'errors', /translations\/en\.json is missing app\.name/],
    ['public-app-missing-descriptions', 'errors', /missing app\.short_description/],
    ['parameter-called-name', 'errors', /may not be called "name"/],
    ['parameter-bad-type', 'errors', /parameter colour: invalid type "color"/],
    ['duplicate-parameters', 'errors', /duplicate parameters: relay_url/],
    [
      'scopes-on-non-secure',
      'errors',
      /parameter region: scopes are only allowed on secure parameters/,
    ],
    ['unknown-scope', 'errors', /parameter relay_token: scopes must be a non-empty array/],
    ['oauth-secure', 'errors', /oauth parameters cannot be secure/],
    [
      'secure-required-not-boolean',
      'errors',
      /parameter relay_token: "secure" must be true or false/,
    ],
    ['token-not-secure', 'warnings', /parameter api_key looks like a secret but is not secure/],
    [
      'secure-default-no-scopes',
      'warnings',
      /relay_token: secure and hidden parameters should have no default/,
    ],
    [
      'secure-default-no-scopes',
      'warnings',
      /relay_token: secure parameters should declare scopes/,
    ],
    [
      'plain-http-request',
      'errors',
      /assets\/main\.js uses plain http:\/\/ URLs: http:\/\/relay\.example\.com\/api/,
    ],
    ['domain-whitelist-not-strings', 'errors', /domainWhitelist must be an array of strings/],
  ];

  it('accepts the valid fixture', async () => {
    expect(await validatePackageDir(join(FIXTURES, 'valid'))).toEqual({ errors: [], warnings: [] });
  });

  it.each(cases)('%s: %s %s', async (fixture, kind, message) => {
    const report = await validatePackageDir(join(FIXTURES, fixture));
    expect(report[kind]).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('rejects a manifest that is not JSON or not an object', () => {
    const files = (manifest: string) => new Map([['manifest.json', Buffer.from(manifest)]]);
    expect(validatePackageFiles(files('{ "author": ')).errors[0]).toMatch(
      /manifest\.json is not valid JSON/,
    );
    expect(validatePackageFiles(files('[]')).errors).toEqual([
      'manifest.json must be a JSON object',
    ]);
  });

  it('does not count XML namespace names as requests', () => {
    const files = new Map([
      ['manifest.json', Buffer.from('{}')],
      ['assets/app.js', Buffer.from('createElementNS("http://www.w3.org/2000/svg", "svg")')],
    ]);
    expect(validatePackageFiles(files).errors.join('\n')).not.toMatch(/plain http/);
  });

  it('rejects a zip whose manifest is in a folder', async () => {
    const out = join(APP_DIR, 'tmp', 'nested-fixture.zip');
    await zipFiles(await readTree(join(FIXTURES, 'nested-manifest')), out);
    expect(validateZipLayout(await readFile(out)).errors[0]).toMatch(
      /nested at app\/manifest\.json/,
    );
  });
});
