// Plain-data records of past runs (run, step waypoints, reviews): what scorecards and lessons are computed from.
// Not the engine's RunRecord (core/run/run-record.ts), which is one live run's state to drive it: a PastRun is a
// finished or abandoned run summarised for statistics, with its reviews and the cost of every revision.

export interface FindingCounts {
  high: number;
  medium: number;
  low: number;
}

/** One finding as the review note's body records it. */
export interface ReviewFinding {
  severity: "high" | "medium" | "low";
  state: "open" | "accepted" | "dismissed";
  problem: string;
  suggestion: string;
  /** The step check the reviewer says was not met, or null. */
  check: string | null;
}

/** One review note: a reviewer's findings on one waypoint revision. */
export interface ReviewRecord {
  path: string;
  reviewer: string | null;
  revision: number | null;
  findings: FindingCounts;
  /** Findings still open (neither accepted nor dismissed). */
  open: number;
  /** Findings the person dismissed (0 when the note does not say). */
  dismissed: number;
  /** The findings themselves, when the note's body lists them (empty for a note that only has counts). */
  items: ReviewFinding[];
}

/** One step of one run: its current waypoint plus what its earlier revisions cost. */
export interface PastStep {
  /** The current waypoint note. */
  path: string;
  /** 1-based step number. */
  step: number;
  /** The step's stable id, when the waypoint records it: follows a step across SOP versions. */
  stepId: string | null;
  title: string;
  role: string | null;
  /** `waypoint_status` of the current revision: approved, skipped, awaiting-review, … */
  status: string;
  /** The current revision number (1 = first draft). */
  revision: number;
  model: string | null;
  /** Summed over every revision of the step, superseded ones included. */
  tokensIn: number;
  tokensOut: number;
  /** Summed `cost` of the step's notes, or null when none records one. */
  cost: number | null;
  /** How many of the step's notes record their cost as unknown (an empty `cost`: a model without a price); `cost` leaves them out. */
  unknownCosts?: number;
  /** Time the step took, when its notes record `started`/`finished` (or `seconds`); else null. */
  seconds: number | null;
  /** Reviews of any revision of this step. */
  reviews: ReviewRecord[];
  /** The person's revise-with-feedback texts for this step, oldest first (from the waypoints' `feedback` property). */
  feedback: string[];
}

export interface PastRun {
  /** The run note. */
  path: string;
  /** The SOP note's path, as the run's `sop` link resolves. */
  sop: string | null;
  /** The `sop_version` the run ran (absent counts as 1). */
  sopVersion: number;
  /** `run_status`: planned, running, awaiting-review, paused, done, cancelled, failed. */
  status: string;
  mode: string | null;
  model: string | null;
  started: string | null;
  finished: string | null;
  tokensIn: number;
  tokensOut: number;
  cost: number | null;
  steps: PastStep[];
}
