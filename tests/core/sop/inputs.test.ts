// Typed SOP inputs: reading sop_inputs, checking values, defaults, refusals that name the input, substitution.
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import { inputsFromProperties, readInputSpecs, resolveInputs, substituteInputs, type InputSpec } from "../../../src/core/sop/inputs";
import { nodeYaml } from "../../../src/cli/yaml-codec";

const SOP = `---
tags: [sop]
sop_inputs:
  - name: service
    type: text
    required: true
  - name: severity
    type: choice
    options: [low, high]
    default: low
  - name: users
    type: number
  - name: since
    type: date
  - name: notify
    type: boolean
    default: false
  - name: runbook
    type: note
---
# Incident

## Steps

1. Check {{service}} at {{ severity }} severity; keep {{unknown}} as written.
`;

function specs(): InputSpec[] {
  const outcome = parseProcedure(SOP, { name: "Incident", yaml: nodeYaml });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.procedure.settings.inputs ?? [];
}

describe("sop_inputs", () => {
  it("reads every declared input with its type, options and default", () => {
    expect(specs().map((s) => [s.name, s.type, s.required, s.default])).toEqual([
      ["service", "text", true, null],
      ["severity", "choice", false, "low"],
      ["users", "number", false, null],
      ["since", "date", false, null],
      ["notify", "boolean", false, "false"],
      ["runbook", "note", false, null],
    ]);
  });

  it("fills defaults and converts values to their types", () => {
    const resolved = resolveInputs(specs(), { service: "payments", users: "40", since: "2026-11-30", notify: "yes", runbook: "Payments runbook" }, () => "Runbooks/Payments runbook.md");
    expect(resolved).toEqual({ ok: true, values: { service: "payments", severity: "low", users: 40, since: "2026-11-30", notify: true, runbook: "[[Payments runbook]]" } });
  });

  it.each([
    [{}, 'Missing required input "service": give any text.'],
    [{ service: "x", severity: "medium" }, 'Invalid input "severity" must be one of low, high (got "medium").'],
    [{ service: "x", users: "forty" }, 'Invalid input "users" must be a number (got "forty").'],
    [{ service: "x", since: "2026-02-30" }, 'Invalid input "since" must be a date as YYYY-MM-DD (got "2026-02-30").'],
    [{ service: "x", notify: "maybe" }, 'Invalid input "notify" must be true or false (got "maybe").'],
    [{ service: "x", sevrity: "high" }, 'Unknown input "sevrity": it takes service, severity, users, since, notify, runbook.'],
    [{ service: "x", runbook: "Nowhere" }, 'Invalid input "runbook" must be the name of a note in the vault; there is no note "Nowhere".'],
  ])("refuses %j with one line naming the input", (given, message) => {
    expect(resolveInputs(specs(), given as Record<string, string>, () => null)).toEqual({ ok: false, error: message });
  });

  it("makes a malformed declaration a parse error naming the input", () => {
    const bad = (yaml: string) => parseProcedure(`---\n${yaml}\n---\n1. Step\n`, { name: "Bad", yaml: nodeYaml });
    expect(bad("sop_inputs:\n  - name: level\n    type: colour")).toEqual({ ok: false, error: '"Bad": Input "level" has an unknown type "colour"; use one of text, number, date, choice, note, boolean.' });
    expect(bad("sop_inputs:\n  - name: level\n    type: choice")).toEqual({ ok: false, error: '"Bad": Input "level" is a choice but lists no options; add "options: [a, b]".' });
    expect(bad("sop_inputs:\n  - name: level\n    type: number\n    default: lots")).toEqual({ ok: false, error: '"Bad": The default of input "level" is not valid: input "level" must be a number (got "lots").' });
    expect(readInputSpecs("service")).toEqual({ ok: false, error: "sop_inputs should be a list of inputs, each with a name and a type." });
  });

  it("substitutes {{name}} with the values, leaves unknown names, marks declared ones without a value", () => {
    const values = { service: "payments", severity: "high" };
    expect(substituteInputs("Check {{service}} at {{ severity }}; {{unknown}}; {{users}}", values, specs())).toBe("Check payments at high; {{unknown}}; (not given)");
  });

  it("reads recorded inputs back from input_* properties", () => {
    expect(inputsFromProperties({ input_service: "payments", input_users: 3, sop: "[[X]]", input_notify: false })).toEqual({ service: "payments", users: 3, notify: false });
  });
});
