// Builds the Zendesk app package in dist/: bundled iframe, generated manifest, marketplace translations, logos.
// Usage: tsx scripts/build.ts [--relay-host relay.example.com] [--out-dir <dir>]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { build } from 'vite';
import type { Plugin } from 'vite';
import { argument, isMainModule } from '../../../scripts/app-build/cli.ts';
import { sidebarAppBuild } from '../../../scripts/app-build/production.ts';
import { logoPng } from './png.ts';
import { APP_DIR, DIST_DIR, MANIFEST_SOURCE, SRC_DIR } from './paths.ts';

/** Marketplace keys kept in dist/translations (app_scaffolds rollup/modifiers/translations.js). */
const TRANSLATION_APP_KEYS = [
  'name',
  'short_description',
  'long_description',
  'installation_instructions',
  'parameters',
];

export interface BuildOptions {
  /** Host the relay answers on; replaces the manifest's domainWhitelist (zendesk.md §4.5). */
  readonly relayHost?: string;
  readonly quiet?: boolean;
  /** Where the package goes (default dist/); tests and the demo build their own copy, so a parallel build of dist/ cannot pull files from under them. */
  readonly outDir?: string;
}

/** The manifest written to dist, stamped as generated (app_scaffolds rollup/modifiers/manifest.js). */
export function generateManifest(
  source: Record<string, unknown>,
  options: BuildOptions = {},
): Record<string, unknown> {
  const manifest: Record<string, unknown> = {
    _warning: `AUTOMATICALLY GENERATED FROM $/${relative(join(APP_DIR, '..', '..'), MANIFEST_SOURCE)} - DO NOT MODIFY THIS FILE DIRECTLY`,
    ...source,
  };
  if (options.relayHost !== undefined) {
    if (!/^[a-z0-9.-]+(:[0-9]+)?$/i.test(options.relayHost)) {
      throw new TypeError(
        `generateManifest: expected a host name for --relay-host, received "${options.relayHost}"`,
      );
    }
    manifest.domainWhitelist = [options.relayHost];
  }
  return manifest;
}

/**
 * Upgrades plain `http://` links inside bundled libraries (help links in their error messages, such
 * as prop-types' and polished's) to https, since Zendesk flags plain http URLs in app files
 * (zendesk_apps_support Validations::Requests). XML namespace names are identifiers and stay.
 */
export function upgradePlainHttp(code: string): string {
  return code.replace(/http:\/\/(?!www\.w3\.org[/"'`]|localhost\b)/g, 'https://');
}

const upgradePlainHttpPlugin: Plugin = {
  name: 'smsbridge:upgrade-plain-http',
  renderChunk: (code) => ({ code: upgradePlainHttp(code), map: null }),
  // CSS never goes through renderChunk; Garden's bedrock CSS keeps its licence header's http:// link.
  generateBundle(_options, bundle) {
    for (const output of Object.values(bundle)) {
      if (output.type === 'asset' && output.fileName.endsWith('.css')) {
        const source =
          typeof output.source === 'string'
            ? output.source
            : new TextDecoder().decode(output.source);
        output.source = upgradePlainHttp(source);
      }
    }
  },
};

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

export async function buildApp(options: BuildOptions = {}): Promise<void> {
  const outDir = options.outDir ?? DIST_DIR;
  await build({
    ...sidebarAppBuild({ root: SRC_DIR, quiet: options.quiet }),
    plugins: [upgradePlainHttpPlugin],
    build: {
      outDir,
      emptyOutDir: true,
      assetsDir: 'assets',
      // ZAF has no module preloading concerns in an iframe; keep the output small and predictable.
      modulePreload: false,
      reportCompressedSize: false,
      rollupOptions: {
        input: join(SRC_DIR, 'assets', 'iframe.html'),
        output: {
          entryFileNames: 'assets/[name].js',
          chunkFileNames: 'assets/[name].js',
          assetFileNames: 'assets/[name][extname]',
        },
      },
    },
  });

  const manifest = generateManifest(await readJson(MANIFEST_SOURCE), options);
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  await mkdir(join(outDir, 'translations'), { recursive: true });
  for (const locale of ['en', 'es']) {
    const full = await readJson(join(SRC_DIR, 'translations', `${locale}.json`));
    const app = (full.app ?? {}) as Record<string, unknown>;
    const kept = Object.fromEntries(
      Object.entries(app).filter(([key]) => TRANSLATION_APP_KEYS.includes(key)),
    );
    await writeFile(
      join(outDir, 'translations', `${locale}.json`),
      `${JSON.stringify({ app: kept }, null, 2)}\n`,
    );
  }

  await writeFile(join(outDir, 'assets', 'logo.png'), logoPng(320));
  await writeFile(join(outDir, 'assets', 'logo-small.png'), logoPng(128));
}

if (isMainModule(import.meta.url)) {
  const relayHost = argument('--relay-host');
  const outDir = argument('--out-dir');
  await buildApp({
    ...(relayHost === undefined ? {} : { relayHost }),
    ...(outDir === undefined ? {} : { outDir: resolve(outDir) }),
  });
}
