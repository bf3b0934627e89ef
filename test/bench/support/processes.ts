// Child processes for the relay benchmark: TypeScript children over IPC, the relay CLI, peak RSS.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** tsx's loader, so a child runs TypeScript sources as `npx tsx` does. */
export const TSX_LOADER = import.meta.resolve('tsx');

/** Forks a TypeScript module with an IPC channel, resolving with its first message. */
export function forkTypeScript<Ready>(
  moduleUrl: URL,
  label: string,
): { child: ChildProcess; ready: Promise<Ready> } {
  const child = fork(fileURLToPath(moduleUrl), [], {
    execArgv: ['--import', TSX_LOADER],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  child.stderr?.on('data', (chunk: Buffer) =>
    process.stderr.write(`[${label}] ${chunk.toString()}`),
  );
  const ready = new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('exit', (code, signal) =>
      reject(new Error(`${label} exited before it was ready (${signal ?? `code ${code}`})`)),
    );
  });
  return { child, ready };
}

export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Asks a child to stop (IPC disconnect or SIGTERM), then SIGKILLs it after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.disconnect();
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

/** Starts the relay (e.g. `smsbridge start --config <file>`) as its own process: own event loop and heap. */
export function spawnRelay(options: {
  /** Node's arguments: flags, script, script arguments. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}): { child: ChildProcess; output: () => string; warnings: () => Map<string, number> } {
  const child = spawn(process.execPath, [...options.argv], {
    env: { ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept for the report when the relay dies; the tail is enough.
  let tail = '';
  let partial = '';
  // pino lines at warn (40) or above, counted by message and error: what went wrong under load.
  const warnings = new Map<string, number>();
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    appendFileSync('/tmp/relay-out.log', text);
    tail = (tail + text).slice(-4000);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; error?: unknown };
        if ((entry.level ?? 0) < 40) continue;
        const key = `${entry.msg ?? '?'}${entry.error === undefined ? '' : ` (${JSON.stringify(entry.error).slice(0, 120)})`}`;
        warnings.set(key, (warnings.get(key) ?? 0) + 1);
      } catch {
        // not a log line
      }
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => tail, warnings: () => warnings };
}

/** VmRSS / VmHWM of a Linux process in bytes (undefined once it is gone or off Linux). */
export function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    const rss = kib('VmRSS');
    const peak = kib('VmHWM');
    return Number.isFinite(rss) && Number.isFinite(peak)
      ? { rss: rss * 1024, peak: peak * 1024 }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system) a process has used so far, in milliseconds, from /proc/<pid>/stat
 * (fields 14 and 15, in clock ticks: https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html).
 */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields after it are counted from its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** USER_HZ, 100 on every Linux architecture Node runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Samples a process's RSS every `intervalMs`; `peak()` is the largest seen (or the kernel's VmHWM). */
export function sampleRss(pid: number, intervalMs = 100) {
  let peak = 0;
  const sample = () => {
    const memory = memoryOf(pid);
    if (memory !== undefined) peak = Math.max(peak, memory.rss, memory.peak);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    /** Peak since sampling started, in bytes. */
    peak: () => {
      sample();
      return peak;
    },
    stop: () => clearInterval(timer),
  };
}

/** Polls `check` every `intervalMs` until it is true; throws after `timeoutMs` or what `check` throws. */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
