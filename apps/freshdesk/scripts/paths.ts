// Where the Freshdesk app's sources, Platform 3.0 manifest files and outputs live.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SRC_DIR = join(APP_DIR, 'src');
/** The FDK-layout package (manifest.json, app/, config/): what `fdk validate` and `fdk pack` read. */
export const DIST_DIR = join(APP_DIR, 'dist');
export const PACKAGE_OUT_DIR = join(APP_DIR, 'tmp');
/** manifest.json and config/ (iparams.json, requests.json) the build copies in. */
export const MANIFEST_DIR = join(APP_DIR, '..', '..', 'manifests', 'freshdesk');
