// Where a run stands, as the status bar shows it: title, step k of n, tokens and cost (priced from the settings' table).
import type { AdvanceOutcome, RunSummary } from "../core/run/engine-types";
import type { RunRecord } from "../core/run/run-record";
import type { ModelLayer } from "./model-layer";
import type { SopRuntimeSettings } from "./settings";

/** What the status bar and views show about the active run. */
export interface RunSnapshot {
  runPath: string;
  title: string;
  status: RunSummary["status"];
  step: number;
  steps: number;
  tokens: number;
  costUsd: number;
  /** The step waiting at a gate, or null. */
  gate: AdvanceOutcome["gate"];
}

/** The run's cost is priced at the run's model; per-step models with other prices are not told apart here. */
export function snapshotOf(run: RunRecord, settings: SopRuntimeSettings, layer: ModelLayer | null): RunSnapshot {
  const step = run.state.steps.find((s) => s.status !== "approved" && s.status !== "skipped");
  const gateStep = run.state.status === "awaiting-review" ? step : undefined;
  const prices = settings.prices ?? layer?.defaultPrices ?? {};
  const model = run.model || settings.defaultModel;
  const cost = layer?.costOf({ promptTokens: run.tokensIn, completionTokens: run.tokensOut, estimated: false }, model, prices).usd ?? 0;
  return {
    runPath: run.runPath,
    title: run.procedure.title || run.sopPath,
    status: run.state.status,
    step: step?.index ?? run.state.steps.length,
    steps: run.state.steps.length,
    tokens: run.tokensIn + run.tokensOut,
    costUsd: cost,
    gate: gateStep ? { step: gateStep.index, title: gateStep.title, waypointPath: run.waypointPaths.get(gateStep.index) ?? "" } : null,
  };
}
