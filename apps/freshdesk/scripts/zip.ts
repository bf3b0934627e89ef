// The shared packaging (scripts/app-build/zip.ts) with this app's own yazl.
import { ZipFile } from 'yazl';
import { zipFiles as zipWith } from '../../../scripts/app-build/zip.ts';

export { listFiles, readTree, zipEntryNames } from '../../../scripts/app-build/zip.ts';

/** Zips `files` (path → content) into `zipPath`, reproducibly. */
export function zipFiles(files: ReadonlyMap<string, Buffer>, zipPath: string): Promise<void> {
  return zipWith(files, zipPath, new ZipFile());
}
