// A procedure as one run sees it: every `{{name}}` in its steps, checks, fields and preamble replaced by the run's inputs.
import { substituteInputs, type InputValues } from "./inputs";
import type { Procedure } from "./types";

export function applyInputs(procedure: Procedure, values: InputValues): Procedure {
  const specs = procedure.settings.inputs ?? [];
  if (specs.length === 0) return procedure;
  const sub = (text: string) => substituteInputs(text, values, specs);
  return {
    ...procedure,
    title: sub(procedure.title),
    preamble: sub(procedure.preamble),
    steps: procedure.steps.map((step) => ({
      ...step,
      title: sub(step.title),
      text: sub(step.text),
      checks: step.checks.map(sub),
      // The condition is read against the inputs themselves, never against substituted text.
      fields: Object.fromEntries(Object.entries(step.fields).map(([key, value]) => [key, key === "when" ? value : sub(value)])),
    })),
  };
}
