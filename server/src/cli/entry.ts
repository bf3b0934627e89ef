// The `smsbridge` process: runs the CLI on this process's arguments, streams and environment.
import { runCli } from './main.ts';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env, // eslint-disable-line no-restricted-properties -- the process's entry point
});
process.exitCode = code;
