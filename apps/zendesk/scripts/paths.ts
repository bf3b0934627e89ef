// Where the Zendesk app's sources, manifest and outputs live.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SRC_DIR = join(APP_DIR, 'src');
export const DIST_DIR = join(APP_DIR, 'dist');
export const PACKAGE_OUT_DIR = join(APP_DIR, 'tmp');
export const MANIFEST_SOURCE = join(APP_DIR, '..', '..', 'manifests', 'zendesk', 'manifest.json');
