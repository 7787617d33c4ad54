// Conditional steps: whether the run's current step applies, from its `when::` field, the run's inputs and earlier steps.
import { evaluateCondition, parseCondition } from "../sop/condition";
import type { Step } from "../sop/types";
import type { RunRecord } from "./run-record";

/** The skip reason when the step's condition is false ("condition not met: severity == high"), else null. */
export function unmetCondition(run: RunRecord, step: Step): string | null {
  const when = step.fields.when?.trim();
  if (!when) return null;
  const parsed = parseCondition(when);
  // The parser refuses an SOP with an unreadable condition, so this only guards a note edited mid-run.
  if (!parsed.ok) return null;
  const holds = evaluateCondition(parsed.condition, {
    inputs: run.inputs,
    stepStatus: (index) => run.state.steps.find((s) => s.index === index)?.status ?? null,
  });
  return holds ? null : `condition not met: ${when}`;
}
