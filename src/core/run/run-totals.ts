// The run's token and cost totals in its log: each line that spends tokens ends with the totals so far. The run
// note's properties carry them too, but are written at most once a second while a run goes on by itself; the log
// note is appended at once, so a process killed in between leaves the latest totals there.
import type { RunRecord } from "./run-record";

export interface RunTotals {
  tokensIn: number;
  tokensOut: number;
  /** null: unknown (a model without a price). */
  cost: number | null;
}

/** " Run total: 1234 tokens in, 567 out, $0.012345." (the cost unrounded, so it reads back exactly). */
export function totalsSuffix(run: Pick<RunRecord, "tokensIn" | "tokensOut" | "cost">): string {
  return ` Run total: ${run.tokensIn} tokens in, ${run.tokensOut} out, ${run.cost === null ? "cost unknown" : `$${run.cost}`}.`;
}

const TOTALS = / Run total: (\d+) tokens in, (\d+) out, (cost unknown|\$(\d+(?:\.\d+)?(?:e-?\d+)?))\.\s*$/;

/** The last totals a log holds, or null when none of its lines has them (a log written before they were logged). */
export function totalsInLog(log: string): RunTotals | null {
  const lines = log.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = TOTALS.exec(lines[i]);
    if (match) return { tokensIn: Number(match[1]), tokensOut: Number(match[2]), cost: match[4] === undefined ? null : Number(match[4]) };
  }
  return null;
}

/**
 * The totals of a run whose note was left behind by a stopped process: the log's, when they are ahead of the note's
 * (totals only grow), else the note's.
 */
export function laterTotals(noted: RunTotals, logged: RunTotals | null): RunTotals {
  if (logged === null || logged.tokensIn + logged.tokensOut <= noted.tokensIn + noted.tokensOut) return noted;
  return logged;
}
