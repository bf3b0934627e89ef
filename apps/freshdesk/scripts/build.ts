// Builds the Freshdesk app in the FDK layout: manifest.json, app/ (index.html, scripts, styles, icon), config/.
// Usage: tsx scripts/build.ts [--out-dir <dir>]
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { Plugin } from 'vite';
import { argument, isMainModule } from '../../../scripts/app-build/cli.ts';
import { sidebarAppBuild } from '../../../scripts/app-build/production.ts';
import { DIST_DIR, MANIFEST_DIR, SRC_DIR } from './paths.ts';

export interface BuildOptions {
  readonly quiet?: boolean;
  /** Where the package goes (default dist/); tests build their own copy, so a parallel build of dist/ cannot pull files from under them. */
  readonly outDir?: string;
}

/**
 * The tag that loads the Freshworks client: the platform replaces `{{{appclient}}}` with its
 * client script's URL when it serves the page (freshdesk.md §3.2, §3.10).
 */
export const APP_CLIENT_TAG = '<script src="{{{appclient}}}"></script>';

/** Puts the Freshworks client in <head> before the first script, so it is there when the bundle calls `app.initialized()`. */
export function withAppClient(html: string): string {
  if (html.includes('{{{appclient}}}')) return html;
  const head = /<head>[\s\S]*?<\/head>/i.exec(html);
  if (head === null) throw new Error('withAppClient: the page has no <head>');
  const at = head[0].search(/<script\b|<\/head>/i);
  const index = head.index + at;
  return `${html.slice(0, index)}${APP_CLIENT_TAG}\n    ${html.slice(index)}`;
}

const appClientPlugin: Plugin = {
  name: 'smsbridge:freshworks-app-client',
  // After Vite has written its own tags, so the placeholder is never taken for a module to bundle.
  transformIndexHtml: { order: 'post', handler: withAppClient },
};

// Crayons' default icon library loads SVGs from jsDelivr at run time (dist/components/icon.js,
// CRAYONS_ICONS_ASSET_PATH). The app must not fetch from third parties from the front end
// (freshdesk.md §3.10, lint `no-non-client-request-model`), so the few icons Crayons' own
// components ask for (fw-inline-message: alert, info, success) come from its bundled system icons.
const CDN_RESOLVER = 'resolver: (name) => `${CRAYONS_ICONS_ASSET_PATH}/${name}.svg`,';
const CDN_CONSTANT = /const CRAYONS_ICONS_ASSET_PATH = '[^']*';/;
const BUNDLED_RESOLVER =
  "resolver: (name) => systemLibrary.resolver(({ alert: 'error' })[name] ?? name) || 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E',";

/** Rewrites Crayons' icon module so no icon is fetched from a CDN; throws if Crayons changed. */
export function bundleCrayonsIcons(code: string): string {
  if (!code.includes(CDN_RESOLVER) || !CDN_CONSTANT.test(code)) {
    throw new Error(
      'bundleCrayonsIcons: @freshworks/crayons dist/components/icon.js no longer has the jsDelivr icon resolver this build replaces; check the Crayons version',
    );
  }
  return code.replace(CDN_RESOLVER, BUNDLED_RESOLVER).replace(CDN_CONSTANT, '');
}

const offlineIconsPlugin: Plugin = {
  name: 'smsbridge:crayons-offline-icons',
  transform(code, id) {
    if (!/[\\/]@freshworks[\\/]crayons[\\/]dist[\\/]components[\\/]icon\.js$/.test(id)) {
      return null;
    }
    return { code: bundleCrayonsIcons(code), map: null };
  },
};

export async function buildApp(options: BuildOptions = {}): Promise<void> {
  const outDir = options.outDir ?? DIST_DIR;
  // Vite empties app/; the files copied next to it are replaced below.
  await rm(join(outDir, 'config'), { recursive: true, force: true });
  await rm(join(outDir, 'manifest.json'), { force: true });
  await build({
    ...sidebarAppBuild({ root: SRC_DIR, quiet: options.quiet }),
    plugins: [appClientPlugin, offlineIconsPlugin],
    build: {
      outDir: join(outDir, 'app'),
      emptyOutDir: true,
      // One stylesheet, where the FDK layout keeps it (freshdesk.md §3.2: app/styles/style.css).
      cssCodeSplit: false,
      modulePreload: false,
      reportCompressedSize: false,
      rollupOptions: {
        input: join(SRC_DIR, 'index.html'),
        output: {
          entryFileNames: 'scripts/[name].js',
          chunkFileNames: 'scripts/[name].js',
          assetFileNames: (asset) =>
            asset.names.some((name) => name.endsWith('.css'))
              ? 'styles/style.css'
              : 'assets/[name][extname]',
        },
      },
    },
  });

  // manifest "icon": "styles/images/icon.svg", relative to app/ (freshdesk.md §3.2, §3.3).
  await mkdir(join(outDir, 'app', 'styles', 'images'), { recursive: true });
  await copyFile(
    join(SRC_DIR, 'assets', 'icon.svg'),
    join(outDir, 'app', 'styles', 'images', 'icon.svg'),
  );
  const manifest = JSON.parse(
    await readFile(join(MANIFEST_DIR, 'manifest.json'), 'utf8'),
  ) as unknown;
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await mkdir(join(outDir, 'config'), { recursive: true });
  for (const file of ['iparams.json', 'requests.json']) {
    const content = JSON.parse(
      await readFile(join(MANIFEST_DIR, 'config', file), 'utf8'),
    ) as unknown;
    await writeFile(join(outDir, 'config', file), `${JSON.stringify(content, null, 2)}\n`);
  }
}

if (isMainModule(import.meta.url)) {
  const outDir = argument('--out-dir');
  await buildApp(outDir === undefined ? {} : { outDir: resolve(outDir) });
}
