// Benchmark: classifyKeyword and detectPii (run on every inbound text and every agent keystroke)
// against the naive checks they replace, measured in the same process.
//
// Run: npx tsx test/bench/compliance.bench.ts
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { classifyKeyword, detectPii } from '../../packages/compliance/src/index.ts';
import { formatInteger, formatRatio, formatTable, opsPerSecond } from './table.ts';

// How customers actually write: lowercase, typos, order numbers, a phone number, a price.
const shortMessage = 'hi is my order #48213 shipping today?? thx';

// A long back-and-forth pasted into one text (1,600 chars, the most Twilio concatenates, carriers.md
// §5): plain-language requests, digit runs that are NOT PII (order, tracking, phone, prices, dates)
// and one Luhn-valid card number, so both the fast "no finding" paths and the checks run.
const longParagraph =
  'Hello, I ordered a blender on 03/14 (order #48213-2291) and the UPS tracking number ' +
  '1Z999AA10123456784 has not moved since Tuesday. I called 415-555-0134 twice and was on hold ' +
  'for 40 min. The total was $129.99 plus $8.50 shipping. Please do not cancel the order, I ' +
  'still want it, but can you check where it is? If you need to refund the shipping use the ' +
  'card ending 1111, full number 4111 1111 1111 1111. Also my wife texted you from another ' +
  'phone, please stop texting her about this, she is not the account holder. Thanks a lot! ';

const fitTo = (text: string, length: number) =>
  text.repeat(Math.ceil(length / text.length)).slice(0, length);

const messages: ReadonlyArray<{ label: string; text: string }> = [
  { label: `short (${shortMessage.length} chars)`, text: shortMessage },
  { label: 'long (1,600 chars)', text: fitTo(longParagraph, 1600) },
];

/** What a first version would do: an exact STOP, nothing else (no languages, no plain language). */
const naiveKeyword = (text: string) => text.trim().toUpperCase() === 'STOP';

/** What a first version would do: any 13–19 digit run is a card (no spacing, no Luhn, no SSN...). */
const naiveCardScan = (text: string) => text.match(/\d{13,19}/g)?.length ?? 0;

// Results land here so the engine cannot drop the work as dead code.
let sink = 0;

export async function runComplianceBenchmark(): Promise<void> {
  const bench = new Bench({ time: 500, warmupTime: 100 });
  for (const { label, text } of messages) {
    bench.add(`classifyKeyword | ${label}`, () => {
      sink += classifyKeyword(text).kind.length;
    });
    bench.add(`naive STOP | ${label}`, () => {
      sink += naiveKeyword(text) ? 1 : 0;
    });
    bench.add(`detectPii | ${label}`, () => {
      sink += detectPii(text).length;
    });
    bench.add(`naive /\\d{13,19}/ | ${label}`, () => {
      sink += naiveCardScan(text);
    });
  }
  await bench.run();

  const rows = messages.flatMap(({ label, text }) => {
    const pairs = [
      ['classifyKeyword', 'naive STOP', `kind: ${classifyKeyword(text).kind}`],
      [
        'detectPii',
        'naive /\\d{13,19}/',
        `findings: ${
          detectPii(text)
            .map((finding) => finding.type)
            .join(', ') || 'none'
        }`,
      ],
    ] as const;
    return pairs.map(([ours, naive, answer]) => {
      const oursOps = opsPerSecond(bench, `${ours} | ${label}`);
      const naiveOps = opsPerSecond(bench, `${naive} | ${label}`);
      return [
        `${ours}, ${label}`,
        formatInteger(oursOps),
        `${(1e6 / oursOps).toFixed(2)} µs`,
        naive,
        formatInteger(naiveOps),
        formatRatio(naiveOps / oursOps),
        answer,
      ];
    });
  });
  console.log(
    `classifyKeyword and detectPii vs naive checks (Node ${process.version}, tinybench, same process)`,
  );
  console.log(
    formatTable(
      [
        'function, message',
        'ops/s',
        'per call',
        'naive baseline',
        'baseline ops/s',
        'cost vs baseline',
        'answer',
      ],
      rows,
    ),
  );
  console.log(
    'cost vs baseline = baseline ops/s ÷ ours ops/s: how many naive checks fit in the time of one call.',
  );
  if (sink === 0) console.log('(no work done)');
}

const runDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) await runComplianceBenchmark();
