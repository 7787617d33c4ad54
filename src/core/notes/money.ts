// Money as every surface shows it (status bar, run view, notes, the command line): one rule for the digits.

/** `$0.0042` below a cent (small runs would all read `$0.00`), `$1.25` from a cent up. */
export function formatUsd(usd: number): string {
  return usd !== 0 && Math.abs(usd) < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** A cost that may be unknown (no price for the model): never shown as `$0`. */
export function formatCost(usd: number | null, unknown = "unknown"): string {
  return usd === null ? unknown : formatUsd(usd);
}

/**
 * A run's or a step's cost plus another: unknown (null) once either is, since a model without a price makes the total
 * unknown rather than smaller. Kept to a millionth of a dollar so sums of many small steps stay readable in properties.
 */
export function addCost(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.round((a + b) * 1e6) / 1e6;
}
