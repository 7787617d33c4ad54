// `when::` conditions: parsing without eval, evaluation against inputs and earlier steps, and parse-time errors with the step number.
import { evaluateCondition, parseCondition, type ConditionScope } from "../../../src/core/sop/condition";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import { nodeYaml } from "../../../src/cli/yaml-codec";

function holds(text: string, inputs: ConditionScope["inputs"], statuses: Record<number, string> = {}): boolean {
  const parsed = parseCondition(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return evaluateCondition(parsed.condition, { inputs, stepStatus: (n) => statuses[n] ?? null });
}

describe("when:: conditions", () => {
  const inputs = { severity: "high", service: "payments", notify: false, users: 40 };

  it.each([
    ["severity == high", true],
    ["severity == HIGH", true],
    ["severity != high", false],
    ["severity == 'high'", true],
    ['service in [auth, "payments"]', true],
    ["service not in [auth, payments]", false],
    ["severity == low or service == payments", true],
    ["severity == high and not notify", true],
    ["not (severity == high and users == 40)", false],
    ["notify", false],
    ["service", true],
    ["missing_value == ''", true],
  ])("%s → %s", (text, expected) => {
    expect(holds(text, { ...inputs, missing_value: "" })).toBe(expected);
  });

  it("binds and tighter than or", () => {
    expect(holds("severity == low and notify or users == 40", inputs)).toBe(true);
    expect(holds("severity == low and (notify or users == 40)", inputs)).toBe(false);
  });

  it("reads the status of an earlier step", () => {
    expect(holds("step 2 is skipped", {}, { 2: "skipped" })).toBe(true);
    expect(holds("step 2 is not skipped", {}, { 2: "skipped" })).toBe(false);
    expect(holds("step 1 is done and severity == high", inputs, { 1: "approved" })).toBe(true);
  });

  it.each([
    ["severity = high", '"=" at position 10 should be "==" or "!="'],
    ["severity == ", 'expected a value at the end'],
    ["severity in [a, b", 'expected "]" at the end'],
    ["severity == high high", 'unexpected "high" (join conditions with and / or)'],
    ["step 2 is late", 'after "step 2 is" write skipped, approved or done'],
    ["", "the condition is empty"],
    ["process.exit()", '"process.exit" is not an input name'],
  ])("refuses %j: %s", (text, error) => {
    expect(parseCondition(text)).toEqual({ ok: false, error });
  });

  const sop = (when: string) => `---\nsop_inputs:\n  - name: severity\n    type: choice\n    options: [low, high]\n---\n## Steps\n\n1. Triage\n2. Page the on-call\n   when:: ${when}\n`;

  it("is a parse error, with the step number, when it names an unknown input", () => {
    expect(parseProcedure(sop("sevrity == high"), { name: "Incident", yaml: nodeYaml })).toEqual({
      ok: false,
      error: 'Step 2 of "Incident" has a condition on an unknown input "sevrity" (when:: sevrity == high); the SOP declares severity.',
    });
  });

  it("is a parse error when it cannot be read or names a later step", () => {
    const unreadable = parseProcedure(sop("severity === high"), { name: "Incident", yaml: nodeYaml });
    expect(unreadable.ok ? "" : unreadable.error).toContain('Step 2 of "Incident" has a condition that cannot be read');
    expect(parseProcedure(sop("step 3 is skipped"), { name: "Incident", yaml: nodeYaml })).toEqual({ ok: false, error: 'Step 2 of "Incident" has a condition on step 3, which is not an earlier step (when:: step 3 is skipped).' });
  });

  it("parses a valid condition and keeps it on the step's fields", () => {
    const outcome = parseProcedure(sop("severity == high"), { name: "Incident", yaml: nodeYaml });
    expect(outcome.ok && outcome.procedure.steps[1].fields.when).toBe("severity == high");
  });
});
