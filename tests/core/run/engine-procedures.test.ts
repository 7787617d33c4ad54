// Engine: inputs recorded and substituted, false conditions skipped without a model request, owners and deadlines, overdue runs.
import { fixture, value } from "./engine-fixture";
import { propertiesOf, bodyOf } from "../../../src/core/notes/frontmatter";
import { nodeYaml } from "../../../src/cli/yaml-codec";

const SOP = "SOPs/Incident.md";
const INCIDENT = `---
tags: [sop]
sop_inputs:
  - name: service
    type: text
    required: true
  - name: severity
    type: choice
    options: [low, high]
    default: low
  - name: runbook
    type: note
---
# Incident review for {{service}}

## Steps

1. Collect the timeline of {{service}}
   - covers {{severity}} severity alerts
2. Page the on-call lead
   when:: severity == high
3. Write the summary
   when:: step 2 is skipped or runbook
   owner:: [[Dana]]
   due:: 2h
4. Sign off
   worker:: human
   owner:: [[Dana]]
   due:: 2026-11-25
`;

function incident(options: { noModel?: boolean } = {}) {
  return fixture({ files: { [SOP]: INCIDENT, "People/Dana.md": "Dana.\n", "Runbooks/Payments.md": "Restart the workers.\n" }, ...options });
}

async function props(f: ReturnType<typeof fixture>, path: string): Promise<Record<string, unknown>> {
  return propertiesOf((await f.vault.read(path)) ?? "", nodeYaml);
}

describe("a run with inputs", () => {
  it("records every input as an input_* property and substitutes them in what the model sees", async () => {
    const f = incident();
    const runPath = value(await f.engine.start({ sopPath: SOP, mode: "auto", inputs: { service: "payments", runbook: "Payments" } }));
    expect(await props(f, runPath)).toMatchObject({ input_service: "payments", input_severity: "low", input_runbook: "[[Payments]]" });
    value(await f.engine.advance(runPath));
    const first = f.model.requests[0].messages;
    const last = first[first.length - 1].content;
    expect(last).toContain("Collect the timeline of payments");
    expect(last).toContain("covers low severity alerts");
    expect(JSON.stringify(first)).not.toContain("{{service}}");
  });

  it("refuses a missing required input before anything is written", async () => {
    const f = incident();
    const before = await f.vault.list("");
    expect(await f.engine.start({ sopPath: SOP, inputs: { severity: "high" } })).toEqual({ ok: false, error: 'Missing required input "service": give any text.' });
    expect(await f.engine.start({ sopPath: SOP, inputs: { service: "x", severity: "urgent" } })).toEqual({ ok: false, error: 'Invalid input "severity" must be one of low, high (got "urgent").' });
    expect(await f.vault.list("")).toEqual(before);
  });
});

describe("conditional steps", () => {
  it("skips a step whose condition is false with the reason, and never sends it to the model", async () => {
    const f = incident();
    const runPath = value(await f.engine.start({ sopPath: SOP, mode: "auto", inputs: { service: "payments" } }));
    const outcome = value(await f.engine.advance(runPath));
    // Step 1 runs, step 2 (severity == high) is skipped, step 3 (step 2 is skipped) runs, step 4 waits for the person.
    expect(outcome).toMatchObject({ status: "awaiting-review", step: 4 });
    expect(f.model.requests.map((r) => /# Current step: (\d+)/.exec(r.messages[r.messages.length - 1].content)?.[1])).toEqual(["1", "3"]);
    const run = value(await f.engine.loadRun(runPath));
    expect(run.state.steps[1]).toMatchObject({ status: "skipped", skipReason: "condition not met: severity == high" });
    const body = bodyOf((await f.vault.read(runPath)) ?? "");
    expect(body).toMatch(/^- \[x\] 2\. .*Page the on-call lead\]\] — skipped \(condition not met: severity == high\)$/m);
    expect(runPath).toContain("Incident review for payments");
  });

  it("runs the step when the condition holds and skips the one that depends on its skip", async () => {
    const f = incident();
    const runPath = value(await f.engine.start({ sopPath: SOP, mode: "auto", inputs: { service: "payments", severity: "high" } }));
    value(await f.engine.advance(runPath));
    const run = value(await f.engine.loadRun(runPath));
    expect(run.state.steps.map((s) => s.status)).toEqual(["approved", "approved", "skipped", "awaiting-review"]);
    expect(run.state.steps[2].skipReason).toBe("condition not met: step 2 is skipped or runbook");
  });
});

describe("owners and deadlines", () => {
  it("puts owner and due on the waypoint and the run note, and reports an overdue step without approving it", async () => {
    const f = incident({ noModel: true });
    const runPath = value(await f.engine.start({ sopPath: SOP, inputs: { service: "payments", severity: "high", runbook: "Payments" } }));
    value(await f.engine.advance(runPath));
    value(await f.engine.approve(runPath));
    value(await f.engine.advance(runPath));
    value(await f.engine.approve(runPath));
    // Step 3 became current at the test clock's 2026-11-24 09:30 and is due two hours later.
    const at3 = value(await f.engine.advance(runPath));
    expect(at3).toMatchObject({ step: 3, owner: "[[Dana]]", overdue: false });
    expect(at3.due).toMatch(/^2026-11-24T11:30:/);
    const run = value(await f.engine.loadRun(runPath));
    expect(await props(f, run.waypointPaths.get(3) ?? "")).toMatchObject({ owner: "[[Dana]]", due: at3.due });
    expect(await props(f, runPath)).toMatchObject({ owner: "[[Dana]]", due: at3.due });

    f.clock.advance(3 * 3_600_000);
    const [summary] = value(await f.engine.listRuns());
    expect(summary).toMatchObject({ step: 3, owner: "[[Dana]]", due: at3.due, overdue: true, status: "awaiting-review" });
    // Overdue never approves: advancing again only reports the gate.
    const again = value(await f.engine.advance(runPath));
    expect(again).toMatchObject({ status: "awaiting-review", step: 3, overdue: true });
  });
});
