// Auto mode, human steps, runs with no model, per-step model choice and model errors.
import { fixture, PROJECT_PATH, SOP_PATH, value, waypointNames, runLog } from "./engine-fixture";

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
    expect(runLog(vault, runPath)).toContain("Step 3 approved automatically (auto mode).");
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
    expect(runLog(vault, runPath)).toContain("waits for the person (no model is configured)");
    const preview = value(await engine.preview(runPath));
    expect(preview.model).toBeNull();
  });
});

describe("model errors", () => {
  it("pause the run with a clear log line, keep the partial text, and resume by running the step again", async () => {
    const { vault, engine, model } = fixture({
      script: [{ text: "partial answer that", chunk: 5, error: { kind: "timeout", message: "The model did not answer within 60 seconds." } }, "full answer"],
      settings: { transientRetries: 0 },
    });
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

const TWO_PATH = "SOPs/Two steps.md";
const TWO = { [TWO_PATH]: "---\ntags: [sop]\n---\n# Two steps\n\n## Steps\n\n1. Outline the document\n2. Draft the sections\n" };

describe("passing faults in an unattended run", () => {
  it("re-run the step by themselves, keeping each partial text, and the run finishes with the whole answer", async () => {
    const { vault, engine, model } = fixture({
      files: TWO,
      script: [
        { text: "cut off by a reset", chunk: 6, error: { kind: "network", message: "The connection to the model was reset." } },
        { text: "a broken", chunk: 4, error: { kind: "malformed", message: "The model sent a chunk that is not JSON." } },
        "the whole first answer",
        "the whole second answer",
      ],
    });
    const runPath = value(await engine.start({ sopPath: TWO_PATH, mode: "auto" }));
    const outcome = value(await engine.advance(runPath));
    expect(outcome.status).toBe("done");
    const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
    expect(vault.body(folder + "01 Outline the document.md")).toBe("the whole first answer");
    expect(vault.body(folder + "01 Outline the document (r1).md")).toBe("cut off by a reset");
    expect(vault.body(folder + "01 Outline the document (r2).md")).toBe("a broken");
    expect(runLog(vault, runPath)).toContain("Retrying step 1 automatically after a passing fault (retry 2 of 2).");
    expect(model.requests).toHaveLength(4);
  });

  it("pause after the retries are spent, and never retry a refused key", async () => {
    const auth = fixture({ files: TWO, script: [{ text: "", error: { kind: "auth", message: "The endpoint refused the API key (401)." } }] });
    const authRun = value(await auth.engine.start({ sopPath: TWO_PATH, mode: "auto" }));
    expect(value(await auth.engine.advance(authRun))).toMatchObject({ status: "paused", error: "The endpoint refused the API key (401)." });
    expect(auth.model.requests).toHaveLength(1);

    const reset = { text: "x", error: { kind: "network" as const, message: "The connection to the model was reset." } };
    const flaky = fixture({ files: TWO, script: [reset, reset, reset, "never reached"], settings: { transientRetries: 2 } });
    const flakyRun = value(await flaky.engine.start({ sopPath: TWO_PATH, mode: "auto" }));
    expect(value(await flaky.engine.advance(flakyRun))).toMatchObject({ status: "paused", error: "The connection to the model was reset." });
    expect(flaky.model.requests).toHaveLength(3);
  });

  it("counts the tokens and cost of a failed attempt in the run's totals", async () => {
    const used = { promptTokens: 4000, completionTokens: 100, estimated: false };
    const failed = { text: "x", error: { kind: "bad-request" as const, message: "The endpoint rejected the request (400).", usage: used } };
    const { engine, vault } = fixture({ files: TWO, script: [failed], price: (usage) => usage.promptTokens / 1e6 });
    const runPath = value(await engine.start({ sopPath: TWO_PATH, mode: "auto" }));
    expect(value(await engine.advance(runPath))).toMatchObject({ status: "paused" });
    expect(vault.properties(runPath)).toMatchObject({ tokens_in: 4000, tokens_out: 100, cost: 0.004 });
  });

  it("prices a step by the model the run asked for, not the id the server answered with", async () => {
    const { engine, vault } = fixture({ files: TWO, script: [{ text: "one", model: "server-alias-2024-07-18" }, { text: "two", model: "server-alias-2024-07-18" }], price: (usage, model) => (model === "default-model" ? 0.5 : 0) });
    const runPath = value(await engine.start({ sopPath: TWO_PATH, mode: "auto" }));
    expect(value(await engine.advance(runPath))).toMatchObject({ status: "done" });
    expect(vault.properties(runPath)).toMatchObject({ cost: 1 });
  });

  it("keeps a server's model id on the waypoint only when it looks like one: no links, tags or line breaks from the endpoint", async () => {
    const odd = "[[Secret plans]] #leak\nx: 1";
    const { engine, vault } = fixture({ files: TWO, script: [{ text: "one", model: odd }, { text: "two", model: "llama3.2:latest" }] });
    const runPath = value(await engine.start({ sopPath: TWO_PATH, mode: "auto" }));
    expect(value(await engine.advance(runPath))).toMatchObject({ status: "done" });
    const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
    const waypoints = [...vault.files.keys()].filter((p) => p.startsWith(folder) && p !== runPath).sort();
    expect(waypoints.map((p) => vault.properties(p).model)).toEqual(["default-model", "llama3.2:latest"]);
    expect([...vault.files.values()].join("\n")).not.toContain("Secret plans");
  });

  it("gives every step its own retries: step 1's passing faults leave step 2 the whole budget", async () => {
    const reset = { text: "x", error: { kind: "network" as const, message: "The connection to the model was reset." } };
    const { engine, vault, model } = fixture({ files: TWO, script: [reset, reset, "first", reset, reset, "second"], settings: { transientRetries: 2 } });
    const runPath = value(await engine.start({ sopPath: TWO_PATH, mode: "auto" }));
    expect(value(await engine.advance(runPath))).toMatchObject({ status: "done" });
    expect(model.requests).toHaveLength(6);
    expect(runLog(vault, runPath)).toContain("Retrying step 2 automatically after a passing fault (retry 2 of 2).");
  });
});

describe("cost and budget", () => {
  it("records each step's cost on its waypoint and the sum on the run, priced at the model that answered", async () => {
    const { vault, engine } = fixture({
      files: TWO,
      script: ["one", "two"],
      price: (usage, model) => (model === "default-model" ? usage.promptTokens * 1e-6 + usage.completionTokens * 2e-6 : 0),
    });
    const runPath = value(await engine.start({ sopPath: TWO_PATH, mode: "auto" }));
    value(await engine.advance(runPath));
    const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
    const first = vault.properties(folder + "01 Outline the document.md");
    const second = vault.properties(folder + "02 Draft the sections.md");
    const expected = (p: Record<string, unknown>) => Number(p.tokens_in) * 1e-6 + Number(p.tokens_out) * 2e-6;
    expect(Number(first.cost)).toBeCloseTo(expected(first), 9);
    expect(Number(first.cost)).toBeGreaterThan(0);
    expect(Number(vault.properties(runPath).cost)).toBeCloseTo(expected(first) + expected(second), 6);
  });

  it("pauses an unattended run once its cost passes the budget", async () => {
    const { vault, engine } = fixture({ files: TWO, script: ["one", "two"], settings: { budgetUsd: 0.0000001 }, price: () => 0.01 });
    const runPath = value(await engine.start({ sopPath: TWO_PATH, mode: "auto" }));
    const outcome = value(await engine.advance(runPath));
    expect(outcome.status).toBe("paused");
    expect(outcome.error).toContain("past its budget of $0.0000;");
    expect(vault.properties(runPath).run_status).toBe("paused");
    expect(value(await engine.advance(runPath)).status).toBe("done");
  });
});
