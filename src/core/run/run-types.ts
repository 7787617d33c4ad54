// The shapes of a run's state: run and waypoint statuses, per-step state, and the actions a run accepts.
import type { RunMode } from "../sop/types";

export type RunStatus = "planned" | "running" | "awaiting-review" | "paused" | "done" | "cancelled" | "failed";

/** Status of a step's current waypoint note. */
export type WaypointStatus = "pending" | "streaming" | "interrupted" | "awaiting-review" | "approved" | "skipped" | "stale";

/** Status of a kept earlier revision (its own note, never overwritten). */
export type ArchivedStatus = "superseded" | "interrupted";

export const RUN_STATUSES: readonly RunStatus[] = ["planned", "running", "awaiting-review", "paused", "done", "cancelled", "failed"];
export const WAYPOINT_STATUSES: readonly WaypointStatus[] = ["pending", "streaming", "interrupted", "awaiting-review", "approved", "skipped", "stale"];

export interface ArchivedRevision {
  revision: number;
  text: string;
  status: ArchivedStatus;
  /** The person's feedback about this revision when it was superseded by a revise, else null. */
  feedback: string | null;
  /** Set on the model's full text when the person edited the waypoint mid-stream and the stream went to its own note. */
  diverted?: true;
}

export interface StepState {
  /** 1-based, as in the SOP. */
  index: number;
  id: string;
  title: string;
  /** Done by a person (`worker:: human`, or no model configured): the waypoint is a checklist that always gates. */
  human: boolean;
  /** `gate:: review`: gates even in auto mode. */
  gateReview: boolean;
  /** The current revision's answer was still cut by the length limit after its continuations: it always gates. */
  truncated?: boolean;
  status: WaypointStatus;
  /**
   * The step's answer is complete and written, its `review::` reviewers have yet to run (`review_pending` on the
   * waypoint, which stays `streaming` until they have): a resumed run runs only the reviewers, never the step again.
   */
  reviewPending?: true;
  /**
   * With `reviewPending`: the fingerprint of the answer as it was kept (`answer_hash` on the waypoint), so a resumed
   * run sees an edit made while no process ran and stops at the gate instead of approving it unseen.
   */
  answerHash?: string;
  /** 0 until the step's first waypoint exists. */
  revision: number;
  /** The current revision's text (the waypoint note's body). */
  text: string;
  /** Feedback the current revision must answer (set by revise). */
  feedback: string | null;
  skipReason: string | null;
  /** Earlier revisions, oldest first; only ever appended to. */
  archived: ArchivedRevision[];
}

export interface RunState {
  status: RunStatus;
  mode: RunMode;
  steps: StepState[];
  /** The last failure or pause reason, one sentence; null when none. */
  error: string | null;
}

export type RunAction =
  | { type: "start" }
  | { type: "step-started" }
  /** `divertedText`: the model's text, when the person edited the waypoint mid-stream (`text` is then their edit). */
  | { type: "step-finished"; text: string; divertedText?: string }
  /** The answer of a step with reviewers is complete: kept with the review still pending (finished by step-finished). */
  | { type: "step-answered"; text: string; divertedText?: string }
  | { type: "step-failed"; partialText: string; message: string; fatal?: boolean; divertedText?: string }
  | { type: "approve"; text: string }
  | { type: "revise"; feedback: string; text: string }
  | { type: "retry"; text?: string }
  | { type: "skip"; reason: string }
  | { type: "reopen"; step: number }
  | { type: "pause"; reason: string }
  | { type: "resume" }
  | { type: "cancel" }
  | { type: "finish" };
