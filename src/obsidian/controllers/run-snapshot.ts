// Where a run stands, as the status bar shows it: title, step k of n, tokens and the cost recorded in the run note.
import type { AdvanceOutcome, RunSummary } from "../../core/run/engine-types";
import type { RunRecord } from "../../core/run/run-record";

/** What the status bar and views show about the active run. */
export interface RunSnapshot {
  runPath: string;
  title: string;
  status: RunSummary["status"];
  step: number;
  steps: number;
  tokens: number;
  /** null when a model the run used has no known price. */
  costUsd: number | null;
  /** The step waiting at a gate, or null. */
  gate: AdvanceOutcome["gate"];
}

/** The cost is the one the engine recorded in the run note, each step priced at the model that answered it. */
export function snapshotOf(run: RunRecord): RunSnapshot {
  const step = run.state.steps.find((s) => s.status !== "approved" && s.status !== "skipped");
  const gateStep = run.state.status === "awaiting-review" ? step : undefined;
  return {
    runPath: run.runPath,
    title: run.procedure.title || run.sopPath,
    status: run.state.status,
    step: step?.index ?? run.state.steps.length,
    steps: run.state.steps.length,
    tokens: run.tokensIn + run.tokensOut,
    costUsd: run.cost,
    gate: gateStep ? { step: gateStep.index, title: gateStep.title, waypointPath: run.waypointPaths.get(gateStep.index) ?? "" } : null,
  };
}
