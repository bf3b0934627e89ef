#!/usr/bin/env node
// Entry point of the `smsbridge` command: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env, // eslint-disable-line no-restricted-properties -- the command's entry point
});
process.exitCode = code;
