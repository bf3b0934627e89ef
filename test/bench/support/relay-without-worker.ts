// Diagnostic only (`--no-worker`): the relay as `smsbridge start` runs it, but with the job worker off,
// to separate the acknowledgement path's own cost from the worker's competition for the event loop.
// Usage: node --import tsx relay-without-worker.ts <config.yaml>   (environment as for the CLI)
import { loadConfig, startRelay } from '@smsbridge/server';

const configPath = process.argv[2];
if (configPath === undefined) throw new Error('usage: relay-without-worker.ts <config.yaml>');
// eslint-disable-next-line no-restricted-properties -- a process entry point, like server/bin/smsbridge.js
const relay = await startRelay(loadConfig(configPath, process.env), { worker: false });
process.stdout.write(`smsbridge (worker off) listening on ${relay.url}\n`);
process.once('SIGTERM', () => {
  void relay.close().then(() => process.exit(0));
});
