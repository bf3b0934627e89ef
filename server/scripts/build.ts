// Bundles the relay into one JavaScript file for deployments: `server/dist/smsbridge.js <command>`.
//
// Why: the checkout's `bin/smsbridge.js` compiles TypeScript at start through tsx, which costs a
// loader thread, esbuild and the compiled sources in memory: the relay idled at ~175 MB RSS under
// tsx against ~107 MB as this bundle (docs/benchmarks.md, third round). Every dependency is bundled
// except better-sqlite3 (a native addon) and pg's optional native binding.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * V8 heap sizes for the relay's main thread (the job thread sets its own, jobs/job-thread.ts). The
 * live heap is ~30 MB, but by default V8 lets the old space reach 100–150 MB before a full
 * collection and keeps a 16 MB semi-space: peak RSS 260–300 MB at 1,500 webhooks/s, against
 * 180–195 MB with these, for the same throughput (docs/benchmarks.md, section 3, fourth round).
 * V8 reads them only at start, so they are Node flags: in the bundle's `#!` line, and to be given
 * to `node` when it is started some other way (README, "Running the relay for real").
 */
export const RELAY_NODE_FLAGS = ['--max-old-space-size=96', '--max-semi-space-size=4'] as const;

export async function buildRelay(outdir = join(serverDir, 'dist')): Promise<string> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'smsbridge.js');
  await build({
    // The job thread (src/jobs/job-thread.ts) loads its own entry from the bundle's folder.
    entryPoints: {
      smsbridge: join(serverDir, 'src/cli/entry.ts'),
      'smsbridge-jobs': join(serverDir, 'src/jobs/job-thread-entry.ts'),
    },
    outdir,
    bundle: true,
    // Code both threads use goes in shared chunks, and what is imported on demand (nlp.js, when a
    // workspace's bot first trains) in chunks of its own: a relay without a bot never loads it.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    external: ['better-sqlite3', 'pg-native'],
    // Bundled CommonJS dependencies call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __smsbridgeCreateRequire } from 'node:module';\nconst require = __smsbridgeCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  // `server/dist/smsbridge.js <command>` runs it with the heap flags (`env -S`: coreutils 8.30+).
  writeFileSync(
    outfile,
    `#!/usr/bin/env -S node ${RELAY_NODE_FLAGS.join(' ')}\n${readFileSync(outfile, 'utf8')}`,
  );
  chmodSync(outfile, 0o755);
  // The source map's first generated line is now the second: one ';' shifts its mappings down.
  const mapFile = `${outfile}.map`;
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { mappings: string };
  writeFileSync(mapFile, JSON.stringify({ ...map, mappings: `;${map.mappings}` }));
  // The SQLite checkpoint thread loads its own file next to the bundle (sqlite-checkpointer.ts).
  copyFileSync(
    join(serverDir, 'src/store/sqlite-checkpoint-worker.js'),
    join(outdir, 'sqlite-checkpoint-worker.js'),
  );
  return outfile;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  const outfile = await buildRelay(
    values.outdir === undefined ? undefined : resolve(values.outdir),
  );
  process.stdout.write(`built ${outfile}\n`);
}
