// Zips dist/ into tmp/smsbridge-freshdesk-<version>.zip in the FDK layout, as `fdk pack` would (freshdesk.md §3.1, §3.12).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMainModule } from '../../../scripts/app-build/cli.ts';
import { APP_DIR, DIST_DIR, PACKAGE_OUT_DIR } from './paths.ts';
import { validatePackageFiles } from './validate-package.ts';
import { readTree, zipFiles } from './zip.ts';

/** Validates dist/ and zips it with manifest.json at the archive root; returns the zip's path. */
export async function packageApp(dir: string = DIST_DIR): Promise<string> {
  const files = await readTree(dir);
  const report = validatePackageFiles(files);
  if (report.errors.length > 0) {
    throw new Error(
      `${dir} is not a valid Freshworks app package:\n- ${report.errors.join('\n- ')}`,
    );
  }
  // Platform 3.0 manifests carry no version (the Marketplace sets it on submission): use the app's.
  const { version } = JSON.parse(await readFile(join(APP_DIR, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  const zipPath = join(
    PACKAGE_OUT_DIR,
    `smsbridge-freshdesk-${typeof version === 'string' ? version : '0.0.0'}.zip`,
  );
  await zipFiles(files, zipPath);
  return zipPath;
}

if (isMainModule(import.meta.url)) {
  console.log(await packageApp());
}
