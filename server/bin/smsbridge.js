#!/usr/bin/env node
// Entry point of the `smsbridge` command from a checkout: runs the TypeScript CLI through tsx (no
// build step). Deployments run the bundle instead: `node server/dist/smsbridge.js` (README, "Running the relay for real").
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/entry.ts');
