// Shared by the benchmarks: the machine line, summary statistics and Markdown table rows in one format.
import { cpus, loadavg } from "node:os";

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error("No samples to summarize.");
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** Printed at the top of every benchmark: numbers only mean something next to the machine and its load. */
export function machineLine(): string {
  const cores = cpus();
  const load = loadavg().map((n) => n.toFixed(2)).join(" / ");
  return `Machine: Node ${process.version}, ${cores[0]?.model ?? "unknown CPU"}, ${cores.length} cores, load average at start ${load} (1/5/15 min). The machine is shared with other jobs, so timings vary between runs.`;
}

export function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

/** "median | min–max" cells with the same number of decimals. */
export function cells(summary: Summary, digits: number): string {
  return `${fixed(summary.median, digits)} | ${fixed(summary.min, digits)}–${fixed(summary.max, digits)}`;
}

export function met(ok: boolean): string {
  return ok ? "yes" : "**no**";
}

export function write(lines: readonly string[]): void {
  process.stdout.write(`${lines.join("\n")}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
