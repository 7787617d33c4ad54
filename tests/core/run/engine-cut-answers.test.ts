// Answers the model did not finish: one still cut by the length limit, or an empty one, is never approved by itself.
import { loadRun } from "../../../src/core/run/load-run";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { fixture, value, runLog } from "./engine-fixture";

const PLAIN_SOP = "---\ntags: [sop]\n---\n# Plain\n\n## Steps\n\n1. Gather facts\n2. Write it up\n";

describe("cut and empty answers in auto mode", () => {
  it("marks an answer cut by the length limit truncated, says so, and stops at its gate", async () => {
    const { vault, engine } = fixture({ files: { "SOPs/Plain.md": PLAIN_SOP }, script: [{ text: "Half an answ", finishReason: "length" }, "Whole answer."] });
    const runPath = value(await engine.start({ sopPath: "SOPs/Plain.md", projectPath: null, cue: "", mode: "auto" }));
    const outcome = value(await engine.advance(runPath));
    expect(outcome).toMatchObject({ status: "awaiting-review", step: 1 });
    const waypoint = outcome.gate?.waypointPath ?? "";
    expect(vault.properties(waypoint)).toMatchObject({ waypoint_status: "awaiting-review", truncated: true });
    expect(vault.body(waypoint)).toBe("Half an answ");
    expect(runLog(vault, runPath)).toContain("Step 1: the answer was cut off at the model's length limit");
    expect(runLog(vault, runPath)).not.toContain("Step 1 approved automatically");
    // The mark survives a reload, and a retry that finishes clears it.
    const run = value(await loadRun(vault, nodeYaml, runPath, true));
    expect(run.state.steps[0].truncated).toBe(true);
    value(await engine.retry(runPath));
    expect(value(await engine.advance(runPath))).toMatchObject({ status: "done" });
    expect(vault.properties(waypoint).truncated).toBeUndefined();
  });

  it("does not approve an empty answer by itself", async () => {
    const { vault, engine } = fixture({ files: { "SOPs/Plain.md": PLAIN_SOP }, script: ["  \n", "Facts.", "Text."] });
    const runPath = value(await engine.start({ sopPath: "SOPs/Plain.md", projectPath: null, cue: "", mode: "auto" }));
    expect(value(await engine.advance(runPath))).toMatchObject({ status: "awaiting-review", step: 1 });
    expect(runLog(vault, runPath)).toContain("Step 1: the model's answer was empty; it waits for the person.");
  });
});
