// Benchmark: Zendesk API calls per inbound text for a burst of 1,000 texts across 50 conversations,
// against the same texts sent one at a time (each its own job, nothing to coalesce), same run.
//
// Relay and sandbox over real HTTP on 127.0.0.1 (test/e2e/stack.ts). Bounded: every wait has a deadline.
//
// Run: npx tsx test/bench/helpdesk-calls.bench.ts [--texts 1000] [--conversations 50]
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { deskOf } from '../e2e/desk.ts';
import { customerTexts, ticketsOf } from '../e2e/helpers.ts';
import { BUSINESS_NUMBER, eventually, startStack, type Stack } from '../e2e/stack.ts';
import { customerNumbers } from './support/customer-texts.ts';
import { tallyCalls } from './support/zendesk-calls.ts';
import { formatInteger, formatRatio, formatTable } from './table.ts';

/** Issue 3's goal. */
export const GOAL_CALLS_PER_TEXT = 0.5;

export interface HelpdeskCallsOptions {
  readonly texts: number;
  readonly conversations: number;
  /** Webhooks in flight at once during the burst (Twilio posts in parallel). */
  readonly burstConcurrency: number;
  /** Longest wait for the burst to reach the tickets. */
  readonly deliveryTimeoutMs: number;
  /** Longest the one-at-a-time baseline may take; it stops early and reports what it sent. */
  readonly baselineBudgetMs: number;
}

export const DEFAULT_OPTIONS: HelpdeskCallsOptions = {
  texts: 1000,
  conversations: 50,
  burstConcurrency: 50,
  deliveryTimeoutMs: 120_000,
  baselineBudgetMs: 90_000,
};

export interface CallsRun {
  readonly label: string;
  readonly texts: number;
  readonly apiCalls: number;
  readonly callsPerText: number;
  readonly byEndpoint: Readonly<Record<string, number>>;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly tickets: number;
  readonly seconds: number;
}

export interface HelpdeskCallsReport {
  readonly options: HelpdeskCallsOptions;
  readonly burst: CallsRun;
  /** The same burst where every text carries a "#<order number>", looked up as a ticket reference. */
  readonly burstWithHashNumbers: CallsRun;
  /** One text at a time, each its own job: what the burst costs without coalescing. */
  readonly baseline: CallsRun;
}

/** Zendesk calls since `from` (the stack's own set-up, provisioning the webhook, is not counted). */
function tally(stack: Stack, from: number) {
  return tallyCalls(stack.sandbox.zendesk.apiCalls().slice(from));
}

/**
 * Text `index` of the run: who sends it and a body that identifies it. With `hashOrderNumber` the
 * customer writes the order number as "#48012", which the relay must look up as a possible ticket
 * reference (DESIGN.md, Threading: "A #1234 in the body that names a ticket ... wins").
 */
function textOf(customers: readonly string[], index: number, hashOrderNumber = false) {
  const from = customers[index % customers.length]!;
  const order = `${hashOrderNumber ? '#' : ''}${48_000 + index}`;
  return { from, body: `text ${index} from ${from.slice(-4)}: is my order ${order} on its way?` };
}

/** Every text on exactly one ticket per customer, each exactly once; throws otherwise. */
function verifyExactlyOnce(
  stack: Stack,
  customers: readonly string[],
  count: number,
  hashOrderNumber = false,
): number {
  let tickets = 0;
  for (const [position, customer] of customers.entries()) {
    const expected = Array.from({ length: count }, (_unused, index) => index)
      .filter((index) => index % customers.length === position)
      .map((index) => textOf(customers, index, hashOrderNumber).body);
    if (expected.length === 0) continue;
    const found = ticketsOf(stack, customer);
    if (found.length !== 1) throw new Error(`${customer}: ${found.length} tickets, expected 1`);
    tickets += 1;
    const texts = customerTexts(found[0]!);
    const missing = expected.filter((body) => !texts.includes(body));
    const extra = texts.length - expected.length;
    if (missing.length > 0 || extra !== 0) {
      throw new Error(
        `${customer}: ${missing.length} texts missing, ${extra} more texts than sent (duplicates)`,
      );
    }
  }
  return tickets;
}

const sandboxLimits = {
  // Zendesk's real limits (zendesk.md §2.9) would make the relay wait on Retry-After; what is
  // counted here is how many calls the relay needs, not how long Zendesk makes it wait.
  rateLimitPerMinute: 1_000_000,
  updateTicketLimitPerMinute: 1_000_000,
  perTicketUpdateLimit: { count: 1_000_000, windowMs: 600_000 },
};
// The relay's defaults (server/src/config/schema.ts), not the e2e stack's fast polling.
const productionWorker = { pollIntervalMs: 50, leaseSeconds: 60, concurrency: 8 };

async function post(stack: Stack, text: { from: string; body: string }): Promise<void> {
  const webhook = stack.sandbox.twilio.prepareInbound({ ...text, to: BUSINESS_NUMBER });
  const answer = await fetch(webhook.url, {
    method: 'POST',
    body: webhook.rawBody,
    headers: webhook.headers,
  });
  await answer.arrayBuffer();
  if (answer.status !== 200) throw new Error(`relay answered ${answer.status} to ${text.body}`);
}

async function runBurst(
  options: HelpdeskCallsOptions,
  customers: readonly string[],
  hashOrderNumber: boolean,
): Promise<CallsRun> {
  const stack = await startStack({ zendesk: sandboxLimits, worker: productionWorker });
  try {
    const setUpCalls = stack.sandbox.zendesk.apiCalls().length;
    const started = performance.now();
    let next = 0;
    // `burstConcurrency` senders draining one queue: as fast as the relay acknowledges.
    await Promise.all(
      Array.from({ length: options.burstConcurrency }, async () => {
        while (next < options.texts) {
          const index = next++;
          await post(stack, textOf(customers, index, hashOrderNumber));
        }
      }),
    );
    const total = () =>
      deskOf(stack)
        .tickets()
        .reduce((sum, ticket) => sum + customerTexts(ticket).length, 0);
    await eventually(
      `all ${options.texts} texts on tickets`,
      () => total() >= options.texts,
      options.deliveryTimeoutMs,
    );
    const seconds = (performance.now() - started) / 1000;
    // Anything still running would add calls: let the queue settle before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const tickets = verifyExactlyOnce(stack, customers, options.texts, hashOrderNumber);
    const counted = tally(stack, setUpCalls);
    return {
      label: `burst${hashOrderNumber ? ', "#order" in every text' : ''}: ${formatInteger(options.texts)} texts, ${options.burstConcurrency} in flight`,
      texts: options.texts,
      ...counted,
      callsPerText: counted.apiCalls / options.texts,
      tickets,
      seconds,
    };
  } finally {
    await stack.close();
  }
}

async function runOneAtATime(
  options: HelpdeskCallsOptions,
  customers: readonly string[],
): Promise<CallsRun> {
  const stack = await startStack({ zendesk: sandboxLimits, worker: productionWorker });
  try {
    const setUpCalls = stack.sandbox.zendesk.apiCalls().length;
    const started = performance.now();
    const db = stack.relay!.context.store.db;
    let sent = 0;
    while (sent < options.texts && performance.now() - started < options.baselineBudgetMs) {
      await post(stack, textOf(customers, sent));
      sent += 1;
      // The text is on its ticket before the next one arrives: each job carries exactly one text.
      await eventually(
        `text ${sent - 1} on its ticket`,
        async () => {
          const waiting = await db
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .where('direction', '=', 'inbound')
            .where('status', '=', 'received')
            .executeTakeFirstOrThrow();
          return Number(waiting.count) === 0;
        },
        10_000,
      );
    }
    const seconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const tickets = verifyExactlyOnce(stack, customers, sent);
    const counted = tally(stack, setUpCalls);
    return {
      label: `one at a time: ${formatInteger(sent)} texts${sent < options.texts ? ` (stopped at the ${options.baselineBudgetMs / 1000} s budget)` : ''}`,
      texts: sent,
      ...counted,
      callsPerText: counted.apiCalls / sent,
      tickets,
      seconds,
    };
  } finally {
    await stack.close();
  }
}

export async function runHelpdeskCallsBenchmark(
  options: HelpdeskCallsOptions = DEFAULT_OPTIONS,
): Promise<HelpdeskCallsReport> {
  const customers = customerNumbers(options.conversations);
  const burst = await runBurst(options, customers, false);
  const burstWithHashNumbers = await runBurst(options, customers, true);
  const baseline = await runOneAtATime(options, customers);
  const report = { options, burst, burstWithHashNumbers, baseline };
  printReport(report);
  return report;
}

function printReport({
  options,
  burst,
  burstWithHashNumbers,
  baseline,
}: HelpdeskCallsReport): void {
  console.log(
    `Zendesk API calls per inbound text: ${formatInteger(options.texts)} texts across ${options.conversations} conversations (Node ${process.version})`,
  );
  const runs = [burst, burstWithHashNumbers, baseline];
  const endpoints = [...new Set(runs.flatMap((run) => Object.keys(run.byEndpoint)))].sort();
  const rows = runs.map((run) => [
    run.label,
    formatInteger(run.apiCalls),
    run.callsPerText.toFixed(3),
    String(run.tickets),
    run.seconds.toFixed(1),
    ...endpoints.map((endpoint) => formatInteger(run.byEndpoint[endpoint] ?? 0)),
    Object.entries(run.byStatus)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', '),
  ]);
  console.log(
    formatTable(
      ['run', 'API calls', 'calls/text', 'tickets', 'seconds', ...endpoints, 'statuses'],
      rows,
    ),
  );
  console.log(
    `burst / one-at-a-time calls per text: ${formatRatio(burst.callsPerText / baseline.callsPerText)}; ` +
      `goal ≤ ${GOAL_CALLS_PER_TEXT} per text: ${burst.callsPerText <= GOAL_CALLS_PER_TEXT ? 'met' : 'MISSED'} ` +
      `(${burstWithHashNumbers.callsPerText <= GOAL_CALLS_PER_TEXT ? 'met' : 'MISSED'} with "#order" numbers). ` +
      `Every text verified on its conversation's one ticket exactly once.`,
  );
}

function optionsFromArgv(argv: readonly string[]): HelpdeskCallsOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { texts: { type: 'string' }, conversations: { type: 'string' } },
  });
  const texts = values.texts === undefined ? DEFAULT_OPTIONS.texts : Number(values.texts);
  const conversations =
    values.conversations === undefined
      ? DEFAULT_OPTIONS.conversations
      : Number(values.conversations);
  if (!Number.isInteger(texts) || texts < 1 || texts > 20_000) {
    throw new Error('--texts: expected a whole number between 1 and 20000');
  }
  if (!Number.isInteger(conversations) || conversations < 1 || conversations > 1000) {
    throw new Error('--conversations: expected a whole number between 1 and 1000');
  }
  return { ...DEFAULT_OPTIONS, texts, conversations };
}

const runDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) await runHelpdeskCallsBenchmark(optionsFromArgv(process.argv.slice(2)));
