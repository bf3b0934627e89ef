// Plain-text tables and tinybench look-ups shared by the benchmarks' printed reports.
import type { Bench } from 'tinybench';

/** Operations per second of a finished tinybench task; throws if it did not complete. */
export function opsPerSecond(bench: Bench, name: string): number {
  const result = bench.getTask(name)?.result;
  if (result === undefined || !('period' in result)) throw new Error(`${name} did not complete`);
  return 1000 / result.period;
}

/** 12,345 */
export const formatInteger = (value: number): string => Math.round(value).toLocaleString('en-US');

/** Ratios below 10 keep two decimals, so "0.07x" and "1.35x" stay readable. */
export const formatRatio = (value: number): string =>
  Number.isFinite(value) ? `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}x` : 'n/a';

/** A Markdown table: columns of figures are right-aligned, text columns left-aligned. */
export function formatTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const numeric = header.map((_title, column) =>
    rows.every((row) => /^[-+~≥≤<>]?\d/.test(row[column] ?? '') || row[column] === 'n/a'),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells
      .map((cell, column) =>
        numeric[column] === true
          ? cell.padStart(widths[column] ?? 0)
          : cell.padEnd(widths[column] ?? 0),
      )
      .join(' | ')} |`;
  const rule = `|${widths
    .map((width, column) => `-${'-'.repeat(width)}${numeric[column] === true ? ':' : '-'}`)
    .join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
