// The SOP model: what a note tagged #sop becomes once parsed into an ordered procedure.
import type { InputSpec } from "./inputs";
import type { Recurrence } from "./recurrence";

/** How a run moves between steps: a gate after every step, or only where one is required. */
export type RunMode = "step" | "auto";

/** One step of a procedure. `index` is 1-based; `id` is stable across edits that keep position and title. */
export interface Step {
  index: number;
  id: string;
  title: string;
  /** The step's full Markdown as written (sub-steps, code, tables, callouts included), inline fields kept. */
  text: string;
  /** Dataview inline fields found in the step, keys lower-cased: role, review, worker, gate, model, context, sources, … */
  fields: Record<string, string>;
  /** Sub-bullets under the step: its checks, "what good looks like". */
  checks: string[];
}

/** SOP-level options read from the note's properties. */
export interface SopSettings {
  /** `sop_version`, an integer ≥ 1 (absent counts as 1). */
  version: number;
  mode?: RunMode;
  model?: string;
  runsFolder?: string;
  /** `sop_inputs`: the typed inputs a run asks for (absent: none). */
  inputs?: InputSpec[];
  /** `sop_every`: how often the SOP should run (absent: not recurring). */
  every?: Recurrence;
}

/** One procedure the note holds; the parser runs the first (chosen) one. */
export interface ProcedureCandidate {
  /** Heading texts from the top of the note down to the section it sits in (empty: the note as a whole). */
  path: string[];
  /** How its steps are written: "numbered list", "numbered headings", "checklist", "phases", … */
  shape: string;
  /** "top": the procedure's own steps; "leaf": the finer reading (items gathered across phases). */
  reading: "top" | "leaf";
  stepCount: number;
  /** The titles of its first steps (three at most), so a person can tell candidates apart. */
  firstSteps: string[];
  chosen: boolean;
}

export interface Procedure {
  title: string;
  /** Prose before the procedure (purpose, scope), Markdown. */
  preamble: string;
  steps: Step[];
  settings: SopSettings;
  /** The note's frontmatter properties as parsed (empty object when none). */
  frontmatter: Record<string, unknown>;
  /** Things the person should know but that did not stop parsing (e.g. "steps 3 and 4 have the same title"). */
  warnings: string[];
  /** Every procedure found (a dozen at most), the chosen one first. */
  candidates: ProcedureCandidate[];
  /** Why the chosen one runs: the rule that picked it, or the `sop_procedure` pin. */
  choice: string;
  /** The `sop_procedure` pin that chose it ("" when the rules did); a run records it so it keeps its procedure. */
  pin?: string;
}

/** The parser never throws: it returns a procedure or one clear sentence saying what is wrong and how to fix it. */
export type ParseOutcome = { ok: true; procedure: Procedure } | { ok: false; error: string };
