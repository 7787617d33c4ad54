// The shapes of a batch: one SOP run over many notes, its targets, its manifest record, its events and outcome.
import type { Clock, VaultPort, YamlCodec } from "../ports";
import type { RunEngine } from "../run/engine";
import type { EngineSettings, RunEvent } from "../run/engine-types";

/** Which notes a batch runs over: every note carrying a tag (nested tags count), or every note under a folder. */
export type BatchSelector = { tag: string } | { folder: string };

export type BatchStatus = "planned" | "running" | "done" | "cancelled" | "partial";

/**
 * A target as the batch sees it: `pending` has no run yet; `waiting` stops at a gate that needs a person;
 * `paused` was stopped by cancelling the batch; `failed` stopped on a fault (or its run was cancelled).
 */
export type TargetStatus = "pending" | "running" | "done" | "failed" | "waiting" | "paused";

export interface BatchTarget {
  /** The project note. */
  path: string;
  /** Its run note once started; null before. */
  runPath: string | null;
  status: TargetStatus;
  /** One line: why it failed, where it waits, or why it paused; null otherwise. */
  detail: string | null;
}

export interface BatchRecord {
  /** The manifest note. */
  path: string;
  sopPath: string;
  sopTitle: string;
  selector: BatchSelector;
  status: BatchStatus;
  concurrency: number;
  /** The model name each run records ("" lets the engine choose). */
  model: string;
  started: string;
  finished: string;
  targets: BatchTarget[];
}

export interface BatchPorts {
  engine: RunEngine;
  vault: VaultPort;
  yaml: YamlCodec;
  clock: Clock;
  settings: Pick<EngineSettings, "runsFolder" | "sopTag" | "roleTag" | "linkProjects">;
}

export interface BatchCounts {
  total: number;
  done: number;
  failed: number;
  waiting: number;
  /** done + failed + waiting: targets that need nothing more from this batch. */
  settled: number;
}

export type BatchEvent =
  | { type: "run-started"; target: string; run: string; resumed: boolean; position: number; counts: BatchCounts }
  | { type: "run-finished"; target: string; run: string; status: "done" | "waiting" | "paused"; detail: string | null; counts: BatchCounts }
  | { type: "run-failed"; target: string; run: string | null; error: string; counts: BatchCounts }
  | { type: "batch-finished"; status: BatchStatus; counts: BatchCounts };

export interface BatchRunOptions {
  /** Aborting cancels the batch: running runs are paused (their partial text kept), no new run starts. */
  signal?: AbortSignal;
  onEvent?: (event: BatchEvent) => void;
  /** Every run's own progress events, with the target they belong to. */
  onRunEvent?: (target: string, event: RunEvent) => void;
  /** Overrides the manifest's concurrency for this session. */
  concurrency?: number;
}

export interface BatchOutcome extends BatchCounts {
  manifestPath: string;
  status: BatchStatus;
  targets: BatchTarget[];
}

export const BATCH_TAG = "sop-batch";
export const DEFAULT_CONCURRENCY = 2;

export function countTargets(targets: BatchTarget[]): BatchCounts {
  const count = (status: TargetStatus) => targets.filter((t) => t.status === status).length;
  const done = count("done");
  const failed = count("failed");
  const waiting = count("waiting");
  return { total: targets.length, done, failed, waiting, settled: done + failed + waiting };
}

/** A property read as text: strings and numbers as written, anything else (a list, an object, nothing) as "". */
export function textProperty(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

/** In a note (`markdown`), the tag goes in a code span: written bare, it would tag the note itself. */
export function describeSelector(selector: BatchSelector, markdown = false): string {
  if ("tag" in selector) return markdown ? `every note tagged \`#${selector.tag}\`` : `every note tagged #${selector.tag}`;
  return `every note under ${selector.folder || "the vault root"}/`;
}
