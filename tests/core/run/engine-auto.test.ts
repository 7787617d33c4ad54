// Auto mode, human steps, runs with no model, per-step model choice and model errors.
import { fixture, PROJECT_PATH, SOP_PATH, value, waypointNames } from "./engine-fixture";

const PLAIN_SOP = "---\ntags: [sop]\nsop_model: sop-model\n---\n# Plain\n\n## Steps\n\n1. Gather facts\n   role:: Drafter\n2. Write it up\n   model:: step-model\n3. Polish\n";

describe("auto mode", () => {
  it("runs to done with one approved waypoint per step, all linked from the run note", async () => {
    const { vault, engine, model } = fixture({ files: { "SOPs/Plain.md": PLAIN_SOP } });
    const runPath = value(await engine.start({ sopPath: "SOPs/Plain.md", projectPath: PROJECT_PATH, cue: "For the March cohort.", mode: "auto" }));
    const events: string[] = [];
    const outcome = value(await engine.advance(runPath, { onEvent: (e) => events.push(e.type) }));
    expect(outcome).toMatchObject({ status: "done", step: 3, steps: 3, gate: null });
    expect(events.filter((e) => e === "step-finished")).toHaveLength(3);
    expect(events[events.length - 1]).toBe("done");
    expect(await waypointNames(vault, runPath)).toEqual(["01 Gather facts.md", "02 Write it up.md", "03 Polish.md"]);
    const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
    for (const [i, name] of ["01 Gather facts", "02 Write it up", "03 Polish"].entries()) {
      expect(vault.properties(folder + name + ".md")).toMatchObject({ waypoint_status: "approved", step: i + 1, sop_run: expect.stringContaining("[[SOP runs/") as string });
      expect(vault.body(folder + name + ".md")).toBe(`Output of step ${i + 1}.`);
      expect(vault.body(runPath)).toContain(`- [x] ${i + 1}. [[${folder}${name}|`);
    }
    expect(vault.body(runPath)).toContain("Step 3 approved automatically (auto mode).");
    expect(vault.properties(runPath)).toMatchObject({ run_status: "done", current_step: 3, finished: expect.stringMatching(/^2026-11-24T/) as string });
    // Step model:: beats the role's model, which beats sop_model, which beats the run's model.
    expect(model.requests.map((r) => r.model)).toEqual(["drafter-model", "step-model", "sop-model"]);
    // Every later prompt carries the cue, the project note and all earlier approved outputs.
    const last = model.requests[2].messages.map((m) => m.content).join("\n");
    expect(last).toContain("For the March cohort.");
    expect(last).toContain("For IT hires.");
    expect(last).toContain("Output of step 1.");
    expect(last).toContain("Output of step 2.");
  });

  it("stops at a step marked gate:: review and at a human step, then finishes", async () => {
    const { vault, engine } = fixture();
    const runPath = value(await engine.start({ sopPath: SOP_PATH, mode: "auto" }));
    expect(value(await engine.advance(runPath))).toMatchObject({ status: "awaiting-review", step: 3 });
    value(await engine.approve(runPath));
    const human = value(await engine.advance(runPath));
    expect(human).toMatchObject({ status: "awaiting-review", step: 4 });
    const checklist = vault.body(human.gate?.waypointPath ?? "");
    expect(checklist.startsWith("Sign off on the draft")).toBe(true);
    expect(checklist.endsWith("\n\n## Checks\n\n- [ ] the owner agrees\n")).toBe(true);
    await vault.process(human.gate?.waypointPath ?? "", (t) => t.replace("- [ ] the owner agrees", "- [x] the owner agrees (Sam, 24 Nov)"));
    expect(value(await engine.approve(runPath)).status).toBe("done");
    expect(vault.body(human.gate?.waypointPath ?? "")).toContain("- [x] the owner agrees (Sam, 24 Nov)");
  });
});

describe("runs without a model", () => {
  it("turn every step into a checklist waypoint that waits for the person", async () => {
    const { vault, engine } = fixture({ noModel: true });
    const runPath = value(await engine.start({ sopPath: SOP_PATH, mode: "auto" }));
    expect(vault.properties(runPath).model).toBe("");
    const first = value(await engine.advance(runPath));
    expect(first).toMatchObject({ status: "awaiting-review", step: 1 });
    expect(vault.body(first.gate?.waypointPath ?? "")).toContain("## Checks\n\n- [ ] covers the audience\n- [ ] lists the sections\n");
    expect(vault.body(runPath)).toContain("waits for the person (no model is configured)");
    const preview = value(await engine.preview(runPath));
    expect(preview.model).toBeNull();
  });
});

describe("model errors", () => {
  it("pause the run with a clear log line, keep the partial text, and resume by running the step again", async () => {
    const { vault, engine, model } = fixture({ script: [{ text: "partial answer that", chunk: 5, error: { kind: "timeout", message: "The model did not answer within 60 seconds." } }, "full answer"] });
    const runPath = value(await engine.start({ sopPath: SOP_PATH, mode: "step" }));
    const errors: string[] = [];
    const paused = value(await engine.advance(runPath, { onEvent: (e) => e.type === "error" && errors.push(e.message) }));
    expect(paused).toMatchObject({ status: "paused", error: "The model did not answer within 60 seconds." });
    expect(errors).toEqual([expect.stringContaining("The model did not answer within 60 seconds. The partial text (19 characters) is kept; resume the run") as string]);
    const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
    expect(vault.properties(folder + "01 Outline the document.md").waypoint_status).toBe("interrupted");
    expect(vault.properties(runPath).run_status).toBe("paused");
    const resumed = value(await engine.advance(runPath));
    expect(resumed).toMatchObject({ status: "awaiting-review", step: 1 });
    expect(vault.body(folder + "01 Outline the document (r1).md")).toBe("partial answer that");
    expect(vault.properties(folder + "01 Outline the document (r1).md")).toMatchObject({ waypoint_status: "interrupted", revision: 1 });
    expect(vault.body(folder + "01 Outline the document.md")).toBe("full answer");
    expect(model.requests).toHaveLength(2);
  });
});
