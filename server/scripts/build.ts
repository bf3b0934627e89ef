// Bundles the relay into one JavaScript file for deployments: `node server/dist/smsbridge.js <command>`.
//
// Why: the checkout's `bin/smsbridge.js` compiles TypeScript at start through tsx, which costs a
// loader thread, esbuild and the compiled sources in memory: the relay idled at ~175 MB RSS under
// tsx against ~107 MB as this bundle (docs/benchmarks.md, third round). Every dependency is bundled
// except better-sqlite3 (a native addon) and pg's optional native binding.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildRelay(outdir = join(serverDir, 'dist')): Promise<string> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'smsbridge.js');
  await build({
    entryPoints: [join(serverDir, 'src/cli/entry.ts')],
    outfile,
    bundle: true,
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
