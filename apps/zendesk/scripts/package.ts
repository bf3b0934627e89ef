// Zips dist/ into tmp/smsbridge-zendesk-<version>.zip with manifest.json at the archive root (zendesk.md §4.2).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMainModule } from '../../../scripts/app-build/cli.ts';
import { DIST_DIR, PACKAGE_OUT_DIR } from './paths.ts';
import { validatePackageDir } from './validate-package.ts';
import { readTree, zipFiles } from './zip.ts';

export async function packageApp(): Promise<string> {
  const report = await validatePackageDir(DIST_DIR);
  if (report.errors.length > 0) {
    throw new Error(`dist/ is not a valid Zendesk app package:\n- ${report.errors.join('\n- ')}`);
  }
  const manifest = JSON.parse(await readFile(join(DIST_DIR, 'manifest.json'), 'utf8')) as {
    version?: unknown;
  };
  const version = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  const zipPath = join(PACKAGE_OUT_DIR, `smsbridge-zendesk-${version}.zip`);
  await zipFiles(await readTree(DIST_DIR), zipPath);
  return zipPath;
}

if (isMainModule(import.meta.url)) {
  console.log(await packageApp());
}
