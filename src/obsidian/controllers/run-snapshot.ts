// Where a run stands, as the status bar shows it: title, step k of n, tokens and the cost recorded in the run note;
// what this session last saw of each run and who listens to runs.
import type { App } from "obsidian";
import type { AdvanceOutcome, RunEvent, RunSummary } from "../../core/run/engine-types";
import type { RunRecord } from "../../core/run/run-record";
import { runStatusOf } from "../../core/run/run-note";

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

export type SnapshotListener = (snapshot: RunSnapshot | null) => void;
/** Every progress event of every run this controller advances (the run view's live output). */
export type RunEventListener = (runPath: string, event: RunEvent) => void;

/** What this session last saw of each run, and who listens: the snapshot listeners and the run event listeners. */
export class RunSnapshots {
  private readonly snapshots = new Map<string, RunSnapshot>();
  private readonly listeners = new Set<SnapshotListener>();
  private readonly eventListeners = new Set<RunEventListener>();

  constructor(private readonly app: App) {}

  get(runPath: string): RunSnapshot | null {
    return this.snapshots.get(runPath) ?? null;
  }

  set(runPath: string, snapshot: RunSnapshot): void {
    this.snapshots.set(runPath, snapshot);
  }

  /** The status this session last saw, else what the run note's properties say. */
  knownStatus(runPath: string): RunSummary["status"] | null {
    const known = this.snapshots.get(runPath)?.status;
    if (known) return known;
    const file = this.app.vault.getFileByPath(runPath);
    const status: unknown = file ? runStatusOf(this.app.metadataCache.getFileCache(file)?.frontmatter) : undefined;
    return typeof status === "string" ? (status as RunSummary["status"]) : null;
  }

  onChange(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onRunEvent(listener: RunEventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Tells the snapshot listeners about the run, when it is the active one. */
  publish(runPath: string, active: string | null): void {
    if (runPath !== active) return;
    const snapshot = this.snapshots.get(runPath) ?? null;
    for (const listener of this.listeners) listener(snapshot);
  }

  emit(runPath: string, event: RunEvent): void {
    for (const listener of this.eventListeners) listener(runPath, event);
  }
}
