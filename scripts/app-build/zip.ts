// Packaging for both sidebar apps: a package's files in a stable order, zipped reproducibly, and a zip's entry names read back.
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** Every file under `dir`, as forward-slash paths relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Every file of a directory, by its forward-slash path relative to it. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const path of await listFiles(dir)) files.set(path, await readFile(join(dir, path)));
  return files;
}

/**
 * The part of yazl's `ZipFile` the packaging uses. yazl is each app's own devDependency (the
 * repository root has none to resolve it from), so the app hands in `new ZipFile()`.
 */
export interface ZipWriter {
  addBuffer(buffer: Buffer, path: string, options: { readonly mtime: Date }): void;
  end(): void;
  readonly outputStream: NodeJS.ReadableStream;
}

/** Zips `files` (path → content) into `zipPath`, sorted and with a fixed date, so the archive is reproducible. */
export async function zipFiles(
  files: ReadonlyMap<string, Buffer>,
  zipPath: string,
  zip: ZipWriter,
): Promise<void> {
  await mkdir(dirname(zipPath), { recursive: true });
  const mtime = new Date('2000-01-01T00:00:00Z');
  for (const path of [...files.keys()].sort()) {
    const content = files.get(path);
    if (content !== undefined) zip.addBuffer(content, path, { mtime });
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(zipPath);
    zip.outputStream.pipe(out).on('close', resolve).on('error', reject);
  });
}

/** Entry names from a zip's central directory (APPNOTE.TXT §4.3.12, §4.3.16). */
export function zipEntryNames(zip: Buffer): string[] {
  const EOCD = 0x06054b50;
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end === -1) throw new Error('zipEntryNames: not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50)
      throw new Error('zipEntryNames: corrupt central directory');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
