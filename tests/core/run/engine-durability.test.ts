// Crash and resume, throttled streaming, and the person's edit winning over the stream.
import { RunEngine } from "../../../src/core/run/engine";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { ScriptedModel } from "../../support/scripted-model";
import { fixture, PROJECT_PATH, SOP_PATH, value, waypointNames, runLog } from "./engine-fixture";

describe("resume after a crash mid-stream", () => {
  it("keeps the partial text as an interrupted revision, runs the step again and duplicates nothing", async () => {
    // The first process streams a few deltas, then never returns: it "died" with the waypoint left streaming.
    let reached!: () => void;
    const stuck = new Promise<void>((resolve) => (reached = resolve));
    const dying = new ScriptedModel([{ deltas: ["Half ", "an ", "outline"], afterDelta: (i) => (i === 2 ? (reached(), new Promise<void>(() => undefined)) : undefined) }]);
    const f = fixture({ settings: { streamWriteIntervalMs: 0 } });
    const first = new RunEngine({ vault: f.vault, yaml: nodeYaml, clock: f.clock, model: dying, settings: f.settings });
    const runPath = value(await first.start({ sopPath: SOP_PATH, mode: "auto" }));
    void first.advance(runPath);
    await stuck;
    const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
    const waypoint = folder + "01 Outline the document.md";
    expect(f.vault.properties(waypoint).waypoint_status).toBe("streaming");
    expect(f.vault.body(waypoint)).toBe("Half an outline");
    expect(f.vault.properties(runPath).run_status).toBe("running");

    const revived = new ScriptedModel();
    const second = new RunEngine({ vault: f.vault, yaml: nodeYaml, clock: f.clock, model: revived, settings: f.settings });
    expect(value(await second.listRuns())).toEqual([{ run: runPath, sop: SOP_PATH, status: "running", step: 1, steps: 4, started: "2026-11-24T09:30:00", owner: "", due: "", overdue: false }]);
    const outcome = value(await second.advance(runPath));
    expect(outcome).toMatchObject({ status: "awaiting-review", step: 3 });
    expect(f.vault.body(folder + "01 Outline the document (r1).md")).toBe("Half an outline");
    expect(f.vault.properties(folder + "01 Outline the document (r1).md")).toMatchObject({ waypoint_status: "interrupted", revision: 1 });
    expect(f.vault.properties(waypoint)).toMatchObject({ waypoint_status: "approved", revision: 2 });
    expect(await waypointNames(f.vault, runPath)).toEqual(["01 Outline the document (r1).md", "01 Outline the document.md", "02 Draft the text.md", "03 Check the facts.md"]);
    expect(runLog(f.vault, runPath)).toContain("was left streaming by a process that stopped; its partial text (15 characters) is kept as an interrupted revision.");
    expect(revived.requests.map((r) => /# Current step: .*/.exec(r.messages[r.messages.length - 1].content)?.[0])).toEqual(["# Current step: 1 of 4: Outline the document", "# Current step: 2 of 4: Draft the text", "# Current step: 3 of 4: Check the facts"]);
  });

  it("never runs an approved step again after the run note fell behind its waypoints", async () => {
    const { vault, engine, model } = fixture();
    const runPath = value(await engine.start({ sopPath: SOP_PATH, mode: "step" }));
    await engine.advance(runPath);
    // A crash right after the waypoint was approved but before the run note was written.
    vault.beforeWrite = (path) => {
      if (path === runPath) throw new Error("disk gone");
    };
    expect(await engine.approve(runPath)).toEqual({ ok: false, error: "Could not save the run: disk gone" });
    vault.beforeWrite = null;
    const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
    expect(vault.properties(folder + "01 Outline the document.md").waypoint_status).toBe("approved");
    expect(value(await engine.advance(runPath))).toMatchObject({ status: "awaiting-review", step: 2 });
    expect(model.requests.map((r) => /# Current step: .*/.exec(r.messages[r.messages.length - 1].content)?.[0])).toEqual(["# Current step: 1 of 4: Outline the document", "# Current step: 2 of 4: Draft the text"]);
  });

  it("links a run from its project on resume when a crash came between the run note and the project link", async () => {
    const { vault, engine } = fixture();
    vault.beforeWrite = (path) => {
      if (path === PROJECT_PATH) throw new Error("killed");
    };
    expect((await engine.start({ sopPath: SOP_PATH, projectPath: PROJECT_PATH, mode: "step" })).ok).toBe(false);
    vault.beforeWrite = null;
    const runPath = value(await engine.listRuns())[0].run;
    expect(vault.body(PROJECT_PATH)).not.toContain("SOP runs");
    value(await engine.advance(runPath));
    value(await engine.advance(runPath));
    const name = runPath.slice(runPath.lastIndexOf("/") + 1, -3);
    expect(vault.body(PROJECT_PATH).split("\n").filter((line) => line.startsWith("- ") && line.includes(name))).toHaveLength(1);
  });

  it("pauses when the person stops it mid-stream, keeping the partial text, and resumes", async () => {
    const controller = new AbortController();
    const { vault, engine } = fixture({ settings: { streamWriteIntervalMs: 0 }, script: [{ deltas: ["Part one. ", "Part two."], afterDelta: (i) => void (i === 0 && controller.abort()) }, "Whole answer."] });
    const runPath = value(await engine.start({ sopPath: SOP_PATH }));
    expect(value(await engine.advance(runPath, { signal: controller.signal }))).toMatchObject({ status: "paused", error: "The request was cancelled." });
    const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
    expect(vault.body(folder + "01 Outline the document.md")).toBe("Part one. ");
    expect(value(await engine.advance(runPath))).toMatchObject({ status: "awaiting-review", step: 1 });
    expect(vault.body(folder + "01 Outline the document (r1).md")).toBe("Part one. ");
    expect(vault.body(folder + "01 Outline the document.md")).toBe("Whole answer.");
  });

  it("refuses a second action on a run while one is under way", async () => {
    const { engine } = fixture({ script: [{ text: "slow", delayMs: 20 }] });
    const runPath = value(await engine.start({ sopPath: SOP_PATH }));
    const first = engine.advance(runPath);
    expect(await engine.approve(runPath)).toEqual({ ok: false, error: `The run "${runPath}" is busy with another action; wait for it to finish.` });
    expect(value(await first).status).toBe("awaiting-review");
  });
});

describe("streaming into the waypoint", () => {
  it("writes at most once per interval and ends with the exact text", async () => {
    const text = "word ".repeat(200);
    // The clock moves 10 ms per reading: 200 deltas span well over a second of "time".
    const { vault, engine } = fixture({ script: [{ text, chunk: 5 }], tickMs: 10 });
    const runPath = value(await engine.start({ sopPath: SOP_PATH }));
    const gate = value(await engine.advance(runPath)).gate;
    const path = gate?.waypointPath ?? "";
    const bodyWrites = vault.writes.filter((w) => w.path === path && w.kind === "process");
    expect(vault.body(path)).toBe(text);
    expect(bodyWrites.length).toBeGreaterThan(1);
    expect(bodyWrites.length).toBeLessThanOrEqual(Math.ceil((200 * 10) / 250) + 2);
  });

  it("lets the person's edit win and diverts the rest of the stream into its own note", async () => {
    const f = fixture({ settings: { streamWriteIntervalMs: 0 } });
    const folder = "SOP runs/2026-11-24 Drafting internal docs — no project/";
    const waypoint = folder + "01 Outline the document.md";
    const model = new ScriptedModel([
      { deltas: ["One ", "two ", "three ", "four"], afterDelta: async (i) => void (i === 1 && (await f.vault.process(waypoint, (t) => t.replace(/\n---\n[\s\S]*$/, "\n---\nMy own words")))) },
    ]);
    const engine = new RunEngine({ vault: f.vault, yaml: nodeYaml, clock: f.clock, model, settings: f.settings });
    const runPath = value(await engine.start({ sopPath: SOP_PATH, mode: "auto" }));
    expect(value(await engine.advance(runPath))).toMatchObject({ status: "awaiting-review", step: 1 });
    expect(f.vault.body(waypoint)).toBe("My own words");
    const diverted = folder + "01 Outline the document (r1 model).md";
    expect(f.vault.body(diverted)).toBe("One two three four");
    expect(f.vault.properties(diverted)).toMatchObject({ waypoint_status: "superseded", revision: 1 });
    expect(runLog(f.vault, runPath)).toContain("the person edited the waypoint while it streamed; their edit stays");
    const loaded = value(await engine.loadRun(runPath));
    expect(loaded.state.steps[0].archived).toEqual([{ revision: 1, text: "One two three four", status: "superseded", feedback: null, diverted: true }]);
    value(await engine.approve(runPath));
    expect(f.vault.body(waypoint)).toBe("My own words");
  });
});
