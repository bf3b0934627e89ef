// In a checkout (no build step), the job thread starts here: tsx compiles its TypeScript entry.
// A worker thread does not inherit the main thread's tsx hooks, and `--import` in its execArgv is
// not applied before its entry loads on Node 20, so the thread registers tsx itself.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entryUrl);
