// The run engine's ports, settings, options and progress events: the API the CLI and the plugin program against.
import type { Clock, LockFilePort, ModelPort, VaultPort, YamlCodec } from "../ports";
import type { RunMode } from "../sop/types";
import type { AssembledPrompt } from "../prompt/prompt-types";
import type { NoteCache } from "../notes/note-cache";
import type { RunStatus, WaypointStatus } from "./run-types";

export interface EngineSettings {
  /** Where run folders go unless the SOP sets `sop_runs_folder`. */
  runsFolder: string;
  sopTag: string;
  roleTag: string;
  /** Append a link to each run under "## SOP runs" in the project note. */
  linkProjects: boolean;
  /** The last fallback for a step's model; "" lets the adapter choose. */
  defaultModel: string;
  /** Characters of project and context notes allowed into each prompt. */
  contextBudgetChars: number;
  /**
   * Characters a step's whole conversation may take; past it the oldest approved outputs go in as references
   * to their notes (src/core/prompt/long-run.ts). About 60,000 tokens by default.
   */
  conversationBudgetChars: number;
  /** At most one waypoint write per this many milliseconds while streaming. */
  streamWriteIntervalMs: number;
  /** While a run goes on by itself, at most one run-note write per this many milliseconds (it is written at once when the run stops or waits). */
  runNoteIntervalMs: number;
  /** How often one `advance` re-runs a step after a passing fault (reset, timeout, broken chunk, 429, 5xx) before pausing. */
  transientRetries: number;
  /** Pause the run once its cost passes this many US dollars; 0 means no budget. */
  budgetUsd: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  runsFolder: "SOP runs",
  sopTag: "sop",
  roleTag: "sop-role",
  linkProjects: true,
  defaultModel: "",
  contextBudgetChars: 24000,
  conversationBudgetChars: 240_000,
  streamWriteIntervalMs: 250,
  runNoteIntervalMs: 1000,
  transientRetries: 2,
  budgetUsd: 0,
};

export interface EnginePorts {
  vault: VaultPort;
  yaml: YamlCodec;
  clock: Clock;
  /** null: no model configured; every step becomes a checklist for the person. */
  model: ModelPort | null;
  settings: EngineSettings;
  /** US dollars for a step's tokens on a model (the editable price table), null when the model has no price (the cost is then unknown); absent: every step costs 0. */
  price?: (usage: { promptTokens: number; completionTokens: number }, model: string) => number | null;
  /** Where run locks live (`run-lock.ts`); absent: only this engine instance keeps one action per run at a time. */
  locks?: LockFilePort;
  /**
   * What the engine has read, kept across calls: only for a host that calls `forget` for every change made outside
   * the engine (the plugin does, from the vault's events). Absent: each call reads the notes afresh.
   */
  notes?: NoteCache;
}

export interface StartOptions {
  sopPath: string;
  projectPath?: string | null;
  cue?: string;
  /** Values for the SOP's `sop_inputs`, as typed (checked and converted by the engine; defaults fill the rest). */
  inputs?: Record<string, string>;
  /** Defaults to the SOP's `sop_mode`, else `step`. */
  mode?: RunMode;
  /** The run's model; per-step resolution: step `model::` > role note `model` > SOP `sop_model` > this > settings.defaultModel. */
  model?: string;
}

export type RunEvent =
  | { type: "step-started"; step: number; steps: number; title: string; revision: number; worker: "model" | "human"; model: string }
  | { type: "delta"; step: number; text: string }
  /** `cost` is null when the model has no known price. */
  | { type: "step-finished"; step: number; status: WaypointStatus; chars: number; tokensIn: number; tokensOut: number; cost: number | null; waypointPath: string }
  | { type: "gate"; step: number; title: string; waypointPath: string }
  /** One reviewer of a step that declares `review::` roles: its findings by severity, or why it could not review. */
  | { type: "review"; step: number; reviewer: string; findings: { high: number; medium: number; low: number }; error?: string }
  /** A step whose `when::` condition is false, skipped without running ("condition not met: …"). */
  | { type: "skipped"; step: number; title: string; reason: string }
  | { type: "done"; runPath: string }
  | { type: "error"; step: number | null; message: string };

export interface AdvanceOptions {
  /** Aborting stops the model call; the run is paused with the partial text kept. */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

/** Where a run stands, as `status --json` prints it. */
export interface RunSummary {
  run: string;
  sop: string;
  status: RunStatus;
  step: number;
  steps: number;
  /** The notes say the run is moving but nobody drives it: its lock is gone or stale (the process was killed). */
  interrupted?: boolean;
  /** When the run was created (local date-time as on the run note), "" when unknown. */
  started: string;
  /** The current step's owner (`owner::`) and due time (`due::`), "" when none. */
  owner: string;
  due: string;
  /** The current step is past its due time and the run is not finished. */
  overdue: boolean;
}

/** What `advance` left the run at. */
export interface AdvanceOutcome extends RunSummary {
  /** The step waiting at a gate, its waypoint and title; null when none waits. */
  gate: { step: number; title: string; waypointPath: string; human?: boolean } | null;
  /** Why the run paused or failed; null otherwise. */
  error: string | null;
}

export interface PromptPreview extends AssembledPrompt {
  step: number;
  title: string;
  /** The model that would answer; "" when the adapter chooses; null when the step goes to the person. */
  model: string | null;
}
