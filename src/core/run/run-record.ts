// Everything the engine knows about one run, all of it rebuilt from the run's notes (no hidden state).
import type { Procedure, RunMode } from "../sop/types";
import type { InputValues } from "../sop/inputs";
import type { RunState } from "./run-types";

export interface RunRecord {
  runPath: string;
  folder: string;
  sopPath: string;
  sopVersion: number;
  projectPath: string | null;
  cue: string;
  /** The checked `sop_inputs` values the run was started with (recorded as `input_<name>` properties). */
  inputs: InputValues;
  /** When each step that has `due::` is due (local date-time), set when it first becomes current. */
  dues: Map<number, string>;
  mode: RunMode;
  /** The run's model (may be overridden per SOP, role or step); "" when the run has none. */
  model: string;
  procedure: Procedure;
  state: RunState;
  tokensIn: number;
  tokensOut: number;
  /** US dollars; null once any of the run's tokens went to a model without a known price (the cost is unknown). */
  cost: number | null;
  started: string;
  finished: string;
  /** Paths of the steps' current waypoint notes (existing ones as found, the rest as they will be named), by step index. */
  waypointPaths: Map<number, string>;
  /** Role of each step (`role::` field), "" when none. */
  roles: Map<number, string>;
  /** The run note's properties as this process last wrote them (JSON), so unchanged ones are not rewritten; null after loading. */
  writtenRunProperties: string | null;
  /**
   * True when the run note may be behind the waypoints: it still said `running` when the run was loaded, so the
   * process driving it stopped between two of its coalesced writes. The next write rewrites the step list and map whole.
   */
  noteBehind?: boolean;
}

/** Per-step model and token figures written onto the waypoint note. */
export interface StepUsage {
  model: string;
  tokensIn: number;
  tokensOut: number;
  /** In US dollars, from the price table; null when the model's price is unknown. */
  cost: number | null;
}
