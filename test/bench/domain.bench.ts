// The domain benchmarks `pnpm bench` runs: SMS segments, then keyword and PII checks.
//
// Run: npx tsx test/bench/domain.bench.ts
import { runComplianceBenchmark } from './compliance.bench.ts';
import { runSmsSegmentsBenchmark } from './sms-segments.bench.ts';

await runSmsSegmentsBenchmark();
console.log('');
await runComplianceBenchmark();
