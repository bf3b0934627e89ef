// Benchmark: analyzeSms (runs on every keystroke in the sidebar) against Twilio's calculator.
//
// Run: npx tsx test/bench/sms-segments.bench.ts
import { pathToFileURL } from 'node:url';
import { SegmentedMessage } from 'sms-segments-calculator';
import { Bench } from 'tinybench';
import { analyzeSms } from '../../packages/sms/src/index.ts';

const gsmReply =
  'Hi Dana, thanks for your patience! Your order #48213 shipped today via UPS and should ' +
  'arrive Thu. Track it at example.com/t/48213 - reply HELP for help or STOP to opt out.';

// Curly quotes, an em dash, accented letters and emoji (one with a skin tone, one ZWJ sequence),
// so the UCS-2 variant takes the grapheme-aware path.
const ucs2Reply =
  'Hola Dana 👋🏽 tu pedido “#48213” salió hoy — llegará el jueves. ¿Dudas? Escríbenos 👩‍💻 ' +
  'Gracias por tu paciencia, y ¡que tengas un buen día! Responde STOP para no recibir más. ';

/** `text` repeated and cut to `length` UTF-16 code units, never ending on half a surrogate pair. */
const fitTo = (text: string, length: number) => {
  const cut = text.repeat(Math.ceil(length / text.length)).slice(0, length);
  return /[\ud800-\udbff]$/.test(cut) ? `${cut.slice(0, -1)}x` : cut;
};

const messages: ReadonlyArray<{ label: string; text: string }> = [
  { label: 'GSM-7, 160 chars', text: fitTo(gsmReply, 160) },
  { label: 'UCS-2, 160 chars', text: fitTo(ucs2Reply, 160) },
  { label: 'GSM-7, 1,600 chars', text: fitTo(gsmReply, 1600) },
  { label: 'UCS-2, 1,600 chars', text: fitTo(ucs2Reply, 1600) },
];

// Results land here so the engine cannot drop the work as dead code.
let sink = 0;

export async function runSmsSegmentsBenchmark(): Promise<void> {
  const bench = new Bench({ time: 500, warmupTime: 100 });
  for (const { label, text } of messages) {
    const ours = analyzeSms(text);
    const theirs = new SegmentedMessage(text);
    if (ours.encoding !== theirs.encodingName || ours.segmentCount !== theirs.segmentsCount) {
      throw new Error(`${label}: analyzeSms and the calculator disagree on this benchmark message`);
    }
    bench.add(`analyzeSms | ${label}`, () => {
      sink += analyzeSms(text).segmentCount;
    });
    bench.add(`calculator | ${label}`, () => {
      sink += new SegmentedMessage(text).segmentsCount;
    });
  }
  await bench.run();

  const opsPerSecond = (name: string): number => {
    const result = bench.getTask(name)?.result;
    if (result === undefined || !('period' in result)) throw new Error(`${name} did not complete`);
    return 1000 / result.period;
  };
  const format = (value: number) => Math.round(value).toLocaleString('en-US');
  const rows = messages.map(({ label, text }) => {
    const ours = opsPerSecond(`analyzeSms | ${label}`);
    const theirs = opsPerSecond(`calculator | ${label}`);
    const segments = analyzeSms(text).segmentCount;
    return [
      `${label} (${segments} segment${segments === 1 ? '' : 's'})`,
      format(ours),
      format(theirs),
      `${(ours / theirs).toFixed(0)}x`,
    ];
  });
  const header = ['message', 'analyzeSms ops/s', 'calculator ops/s', 'ours / calculator'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join(' | ');
  console.log(`analyzeSms vs sms-segments-calculator 1.3.0 (Node ${process.version}, tinybench)`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of rows) console.log(line(row));
  if (sink === 0) console.log('(no work done)');
}

const runDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) await runSmsSegmentsBenchmark();
