// Checks a parsed SOP's `when::` and `due::` fields against its inputs and steps; the first problem is one sentence with the step number.
import { conditionReferences, parseCondition } from "./condition";
import type { InputSpec } from "./inputs";
import { DUE_HELP, parseDue } from "./step-schedule";
import type { Step } from "./types";

export function checkStepFields(steps: Step[], inputs: InputSpec[], name: string): string | null {
  for (const step of steps) {
    const when = step.fields.when;
    if (when !== undefined) {
      const parsed = parseCondition(when);
      if (!parsed.ok) return `Step ${step.index} of "${name}" has a condition that cannot be read (when:: ${when}): ${parsed.error}.`;
      const { inputs: names, steps: numbers } = conditionReferences(parsed.condition);
      const unknown = names.find((input) => !inputs.some((spec) => spec.name === input));
      if (unknown) {
        const declared = inputs.length ? `the SOP declares ${inputs.map((s) => s.name).join(", ")}` : "the SOP declares no inputs (sop_inputs)";
        return `Step ${step.index} of "${name}" has a condition on an unknown input "${unknown}" (when:: ${when}); ${declared}.`;
      }
      const later = numbers.find((n) => n < 1 || n >= step.index);
      if (later !== undefined) return `Step ${step.index} of "${name}" has a condition on step ${later}, which is not an earlier step (when:: ${when}).`;
    }
    const due = step.fields.due;
    if (due !== undefined && parseDue(due) === null) return `Step ${step.index} of "${name}" has a due:: that cannot be read ("${due}"); use ${DUE_HELP}.`;
  }
  return null;
}
