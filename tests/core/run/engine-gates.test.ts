// Step mode: the run stops at a gate after every step and the person approves, edits, revises, retries, skips, reopens, cancels.
import { fixture, PROJECT_PATH, SOP_PATH, value, waypointNames, runLog } from "./engine-fixture";

async function startStepRun(script: string[] = []) {
  const f = fixture({ script });
  const runPath = value(await f.engine.start({ sopPath: SOP_PATH, projectPath: PROJECT_PATH, cue: "The audience is new IT hires this quarter.", mode: "step", model: "run-model" }));
  return { ...f, runPath };
}

describe("starting a run", () => {
  it("creates a run folder and a run note with flat properties, and links it from the project", async () => {
    const { vault, runPath } = await startStepRun();
    expect(runPath).toBe("SOP runs/2026-11-24 Drafting internal docs — Onboarding guide/2026-11-24 Drafting internal docs — Onboarding guide.md");
    expect(vault.properties(runPath)).toEqual({
      sop: "[[SOPs/Drafting internal docs|Drafting internal docs]]",
      sop_version: 3,
      sop_procedure: "",
      project: "[[Projects/Onboarding guide|Onboarding guide]]",
      run_status: "planned",
      current_step: 1,
      steps_total: 4,
      mode: "step",
      model: "run-model",
      tokens_in: 0,
      tokens_out: 0,
      cost: 0,
      started: "2026-11-24T09:30:00",
      finished: "",
      owner: "",
      due: "",
      tags: ["sop-run"],
    });
    const body = vault.body(runPath);
    expect(body).toContain("## Cue\n\nThe audience is new IT hires this quarter.");
    expect(body).toContain("- [ ] 1. Outline the document — pending");
    // The log is a note of its own, embedded under the Log heading: a step appends to it and never copies it.
    expect(body).toMatch(/\n## Log\n\n!\[\[SOP runs\/2026-11-24 Drafting internal docs — Onboarding guide\/2026-11-24 Drafting internal docs — Onboarding guide log\]\]\n$/);
    expect(runLog(vault, runPath)).toBe("- 2026-11-24T09:30:00 Run created from [[SOPs/Drafting internal docs|Drafting internal docs]] version 3, step mode, model run-model.\n");
    expect(vault.files.get(PROJECT_PATH)).toBe(
      "---\nstatus: active\n---\n# Onboarding guide\n\nFor IT hires. See [[Glossary]].\n\n## Notes\n\nKeep it short.\n\n## SOP runs\n\n- [[SOP runs/2026-11-24 Drafting internal docs — Onboarding guide/2026-11-24 Drafting internal docs — Onboarding guide|2026-11-24 Drafting internal docs — Onboarding guide]]\n",
    );
  });

  it("gives a second run the same day its own folder", async () => {
    const { engine, runPath } = await startStepRun();
    const second = value(await engine.start({ sopPath: SOP_PATH, projectPath: PROJECT_PATH }));
    expect(second).not.toBe(runPath);
    expect(second).toContain("Onboarding guide (2)/");
  });

  it("refuses a missing SOP or project note with a sentence", async () => {
    const { engine } = fixture();
    expect(await engine.start({ sopPath: "SOPs/Nope.md" })).toEqual({ ok: false, error: 'The SOP note "SOPs/Nope.md" does not exist.' });
    expect(await engine.start({ sopPath: SOP_PATH, projectPath: "Nope.md" })).toEqual({ ok: false, error: 'The project note "Nope.md" does not exist.' });
  });
});

describe("step mode gates", () => {
  it("runs exactly one step and waits at its gate with a waypoint holding only the artifact", async () => {
    const { vault, engine, runPath } = await startStepRun(["# Outline\n\n1. Intro"]);
    const events: string[] = [];
    const outcome = value(await engine.advance(runPath, { onEvent: (e) => events.push(e.type) }));
    expect(outcome).toMatchObject({ status: "awaiting-review", step: 1, steps: 4, gate: { step: 1, title: "Outline the document" } });
    expect(events[0]).toBe("step-started");
    expect(events).toContain("delta");
    expect(events.slice(-2)).toEqual(["step-finished", "gate"]);
    const waypoint = outcome.gate?.waypointPath ?? "";
    expect(waypoint).toBe(runPath.replace(/[^/]+$/, "01 Outline the document.md"));
    expect(vault.body(waypoint)).toBe("# Outline\n\n1. Intro");
    expect(vault.properties(waypoint)).toMatchObject({ step: 1, step_id: expect.any(String) as string, role: "Drafter", waypoint_status: "awaiting-review", revision: 1, model: "drafter-model", tags: ["sop-waypoint"] });
    expect(vault.properties(runPath)).toMatchObject({ run_status: "awaiting-review", current_step: 1 });
  });

  it("approves the waypoint's current text including the person's edits and carries it into the next prompt", async () => {
    const { vault, engine, model, runPath } = await startStepRun(["model outline"]);
    const gate = value(await engine.advance(runPath)).gate;
    await vault.process(gate?.waypointPath ?? "", (text) => text.replace("model outline", "outline fixed by the person"));
    expect(value(await engine.approve(runPath))).toMatchObject({ status: "running", step: 2 });
    expect(vault.properties(gate?.waypointPath ?? "").waypoint_status).toBe("approved");
    await engine.advance(runPath);
    const secondPrompt = model.requests[1].messages.map((m) => m.content).join("\n");
    expect(secondPrompt).toContain("outline fixed by the person");
    expect(secondPrompt).not.toContain("model outline");
    expect(runLog(vault, runPath)).toContain('Step 1 "Outline the document" approved.');
  });

  it("keeps the revised text as an (r1) note and sends the previous output with the feedback", async () => {
    const { vault, engine, model, runPath } = await startStepRun(["first try", "second try"]);
    const gate = value(await engine.advance(runPath)).gate;
    value(await engine.revise(runPath, "Add a section on passwords."));
    const r1 = (gate?.waypointPath ?? "").replace(/\.md$/, " (r1).md");
    expect(vault.body(r1)).toBe("first try");
    expect(vault.properties(r1)).toMatchObject({ waypoint_status: "superseded", revision: 1, feedback: "Add a section on passwords." });
    value(await engine.advance(runPath));
    expect(vault.body(gate?.waypointPath ?? "")).toBe("second try");
    expect(vault.properties(gate?.waypointPath ?? "")).toMatchObject({ revision: 2, waypoint_status: "awaiting-review" });
    const [previous, last] = model.requests[1].messages.slice(-2);
    expect(previous).toMatchObject({ role: "assistant" });
    expect(previous.content).toContain("first try");
    expect(last.content).toContain("Add a section on passwords.");
    expect(runLog(vault, runPath)).toContain("Feedback: Add a section on passwords.");
  });

  it("retries a step, keeping the old output", async () => {
    const { vault, engine, runPath } = await startStepRun(["one", "two"]);
    const gate = value(await engine.advance(runPath)).gate;
    value(await engine.retry(runPath));
    value(await engine.advance(runPath));
    expect(vault.body((gate?.waypointPath ?? "").replace(/\.md$/, " (r1).md"))).toBe("one");
    expect(vault.body(gate?.waypointPath ?? "")).toBe("two");
  });

  it("skips a step only with a reason, and logs and stores it", async () => {
    const { vault, engine, runPath } = await startStepRun();
    const gate = value(await engine.advance(runPath)).gate;
    expect(await engine.skip(runPath, "")).toEqual({ ok: false, error: "Cannot skip: give a reason (it is written to the run log)." });
    value(await engine.skip(runPath, "We already have an outline."));
    expect(vault.properties(gate?.waypointPath ?? "")).toMatchObject({ waypoint_status: "skipped", skip_reason: "We already have an outline." });
    expect(runLog(vault, runPath)).toContain('Step 1 "Outline the document" skipped. Reason: We already have an outline.');
    expect(vault.body(runPath)).toContain("- [x] 1. [[");
  });

  it("reopens an earlier step: later approved steps go stale and run again, their old text kept", async () => {
    const { vault, engine, runPath } = await startStepRun(["s1", "s2", "s2 again"]);
    await engine.advance(runPath);
    await engine.approve(runPath);
    await engine.advance(runPath);
    await engine.approve(runPath);
    const reopened = value(await engine.reopen(runPath, 1));
    expect(reopened).toMatchObject({ status: "awaiting-review", step: 1 });
    const names = await waypointNames(vault, runPath);
    const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
    expect(vault.properties(folder + "02 Draft the text.md").waypoint_status).toBe("stale");
    expect(runLog(vault, runPath)).toContain("Step 1 reopened; step 2 became stale and will run again.");
    await engine.approve(runPath);
    value(await engine.advance(runPath));
    expect(vault.body(folder + "02 Draft the text.md")).toBe("s2 again");
    expect(vault.body(folder + "02 Draft the text (r1).md")).toBe("s2");
    expect(await waypointNames(vault, runPath)).toEqual([...names, "02 Draft the text (r1).md"].sort());
  });

  it("cancels a run and refuses further actions with a sentence", async () => {
    const { vault, engine, runPath } = await startStepRun();
    await engine.advance(runPath);
    expect(value(await engine.cancel(runPath)).status).toBe("cancelled");
    expect(vault.properties(runPath)).toMatchObject({ run_status: "cancelled", finished: expect.stringMatching(/^2026-11-24T/) as string });
    expect(await engine.approve(runPath)).toEqual({ ok: false, error: "Cannot approve: the run is cancelled and step 1 is awaiting-review." });
    expect(value(await engine.advance(runPath)).status).toBe("cancelled");
  });
});
