// How scorecard figures read on every surface (the scorecard note, the run view's section, `sop scorecard`).
import type { FindingCounts } from "./past-runs";

/** A share as a whole percentage, "–" when there is nothing to count. */
export function percent(share: number | null): string {
  return share === null ? "–" : `${Math.round(share * 100)}%`;
}

/** An average with one decimal, "–" when there is nothing to count. */
export function decimal(value: number | null, digits = 1): string {
  return value === null ? "–" : value.toFixed(digits);
}

/** Findings by severity, high/medium/low. */
export function findings(counts: FindingCounts): string {
  return `${counts.high} / ${counts.medium} / ${counts.low}`;
}
