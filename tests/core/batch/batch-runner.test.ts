// Running a batch: bounded concurrency, failures that stop nothing else, cancel, and resume after a crash.
import { RunEngine } from "../../../src/core/run/engine";
import { BatchRunner } from "../../../src/core/batch/batch-runner";
import type { BatchEvent } from "../../../src/core/batch/batch-types";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { MemoryVault } from "../../support/memory-vault";
import { ScriptedModel } from "../../support/scripted-model";
import { testClock } from "../run/engine-fixture";
import { batchFixture, clientOf, CLIENTS, CountingModel, projectPath, runsByProject, SOP_PATH, value } from "./batch-fixture";

const STEPS = 3;

function manifestLines(vault: MemoryVault, path: string): string[] {
  return vault.body(path).split("\n").filter((line) => line.startsWith("- ["));
}

describe("running a batch", () => {
  it.each([1, 2, 3])("runs every target to the end with at most %i model calls in flight", async (concurrency) => {
    const { runner, vault, model } = batchFixture();
    const batch = value(await runner.plan({ sopPath: SOP_PATH, selector: { tag: "client" }, concurrency }));
    const events: BatchEvent[] = [];
    const outcome = value(await runner.run(batch.path, { onEvent: (e) => events.push(e) }));

    expect(outcome).toMatchObject({ status: "done", total: CLIENTS.length, done: CLIENTS.length, failed: 0, waiting: 0 });
    expect(model.maxInFlight).toBe(concurrency);
    expect(model.calls).toHaveLength(CLIENTS.length * STEPS);
    // Each project note links its one run, and that run is done.
    const runs = runsByProject(vault);
    for (const client of CLIENTS) {
      const [run, ...extra] = runs.get(projectPath(client)) ?? [];
      expect(extra).toEqual([]);
      expect(vault.properties(run)).toMatchObject({ run_status: "done", mode: "auto" });
      expect(vault.body(projectPath(client))).toContain(`## SOP runs\n\n- [[${run.replace(/\.md$/, "")}|`);
    }
    expect(vault.properties(batch.path)).toMatchObject({ batch_status: "done", done: CLIENTS.length, failed: 0, total: CLIENTS.length });
    expect(vault.properties(batch.path).finished).not.toBe("");
    expect(manifestLines(vault, batch.path).every((line) => line.startsWith("- [x]") && line.includes(" — done → [[SOP runs/"))).toBe(true);
    // Progress: a start and a finish per target, counts rising to n of n.
    expect(events.filter((e) => e.type === "run-started")).toHaveLength(CLIENTS.length);
    const finished = events.filter((e) => e.type === "run-finished");
    expect(finished.map((e) => e.counts.done)).toEqual(CLIENTS.map((_, i) => i + 1));
    expect(events[events.length - 1]).toEqual({ type: "batch-finished", status: "done", counts: { total: 5, done: 5, failed: 0, waiting: 0, settled: 5 } });
  });

  it("a failing target does not stop the others and is reported with its reason", async () => {
    const { runner, vault, model } = batchFixture({
      script: (request) => (clientOf(request) === "Birch" ? { text: "Half", error: { kind: "server", message: "The server had an error (500)." } } : { text: `Fine for ${clientOf(request)}.`, delayMs: 1 }),
    });
    const batch = value(await runner.plan({ sopPath: SOP_PATH, selector: { tag: "client" } }));
    const events: BatchEvent[] = [];
    const outcome = value(await runner.run(batch.path, { onEvent: (e) => events.push(e) }));

    expect(outcome).toMatchObject({ status: "partial", done: 4, failed: 1 });
    expect(model.calls.filter((c) => c.client !== "Birch")).toHaveLength(4 * STEPS);
    const failed = events.find((e) => e.type === "run-failed");
    expect(failed).toMatchObject({ target: projectPath("Birch"), error: "The server had an error (500)." });
    expect(vault.properties(batch.path)).toMatchObject({ batch_status: "partial", done: 4, failed: 1 });
    const line = manifestLines(vault, batch.path).find((l) => l.includes("Clients/Birch"));
    expect(line).toMatch(/^- \[ \] \[\[Clients\/Birch\|Birch\]\] — failed → \[\[.+\]\]: The server had an error \(500\)\.$/);
  });

  it("running the batch again retries only what did not finish", async () => {
    let broken = true;
    const { runner, vault, model } = batchFixture({
      script: (request) => (broken && clientOf(request) === "Cobalt" ? { error: { kind: "network", message: "The network is down." } } : `Fine for ${clientOf(request)}.`),
    });
    const batch = value(await runner.plan({ sopPath: SOP_PATH, selector: { tag: "client" } }));
    expect(value(await runner.run(batch.path)).failed).toBe(1);
    const callsBefore = model.calls.length;
    broken = false;
    expect(value(await runner.findUnfinished(SOP_PATH, { tag: "client" }))).toBe(batch.path);
    expect(value(await runner.run(batch.path))).toMatchObject({ status: "done", done: 5, failed: 0 });
    expect(model.calls.slice(callsBefore).every((c) => c.client === "Cobalt")).toBe(true);
    expect(runsByProject(vault).get(projectPath("Cobalt"))).toHaveLength(1);
    expect(value(await runner.findUnfinished(SOP_PATH))).toBeNull();
  });

  it("a run that stops at a gate is reported as waiting, not failed", async () => {
    const gated = "---\ntags: [sop]\n---\n# Client onboarding\n\n## Steps\n\n1. Summarise the client\n2. Approve the plan\n   gate:: review\n3. Draft the welcome email\n";
    const { runner, vault } = batchFixture({ files: { [SOP_PATH]: gated } });
    const batch = value(await runner.plan({ sopPath: SOP_PATH, selector: { tag: "client" } }));
    const outcome = value(await runner.run(batch.path));
    expect(outcome).toMatchObject({ status: "partial", done: 0, failed: 0, waiting: 5 });
    expect(manifestLines(vault, batch.path)[0]).toMatch(/ — waiting → \[\[.+\]\]: Step 2 waits at its gate for a person: SOP runs\/.+\/02 Approve the plan\.md$/);
  });
});

describe("cancelling a batch", () => {
  it("pauses the running runs, starts no new one, and continues later with each target run once", async () => {
    const controller = new AbortController();
    const { runner, vault, model } = batchFixture();
    const batch = value(await runner.plan({ sopPath: SOP_PATH, selector: { tag: "client" }, concurrency: 2 }));
    const outcome = value(
      await runner.run(batch.path, {
        signal: controller.signal,
        onRunEvent: (_target, event) => void (event.type === "step-finished" && event.step === 2 && controller.abort()),
      }),
    );
    expect(outcome.status).toBe("cancelled");
    expect(outcome.done).toBeLessThan(CLIENTS.length);
    expect(outcome.targets.filter((t) => t.status === "paused").length).toBeGreaterThan(0);
    expect(outcome.targets.filter((t) => t.status === "pending").length).toBeGreaterThan(0);
    expect(outcome.failed).toBe(0);
    expect(vault.properties(batch.path).batch_status).toBe("cancelled");
    for (const target of outcome.targets.filter((t) => t.status === "paused")) {
      expect(vault.properties(target.runPath ?? "").run_status).toBe("paused");
    }

    expect(value(await runner.findUnfinished(SOP_PATH, { tag: "client" }))).toBe(batch.path);
    expect(value(await runner.run(batch.path))).toMatchObject({ status: "done", done: CLIENTS.length });
    const runs = runsByProject(vault);
    expect([...runs.keys()].sort()).toEqual(CLIENTS.map(projectPath).sort());
    for (const list of runs.values()) expect(list).toHaveLength(1);
    // Each step of each target was approved once: no target's step 1 ran twice to completion.
    for (const client of CLIENTS) {
      const stepOnes = model.calls.filter((c) => c.client === client && c.step === 1);
      expect(stepOnes.length).toBeGreaterThanOrEqual(1);
      expect(stepOnes.length).toBeLessThanOrEqual(2);
    }
  });
});

describe("resume after a crash", () => {
  it("continues from the manifest alone: done runs stay done, the half-streamed one resumes, the rest start", async () => {
    // The first process: at Cobalt's step 2, mid-stream, the disk as it is then is what survives the crash.
    let snapshot: Map<string, string> | null = null;
    const first = batchFixture({
      script: (request) => {
        const client = clientOf(request);
        const step = Number(/# Current step: (\d+)/.exec(request.messages[request.messages.length - 1].content)?.[1]);
        if (client === "Cobalt" && step === 2) {
          return { deltas: ["Half ", "of ", "the ", "list"], afterDelta: (i) => void (i === 2 && snapshot === null && (snapshot = new Map(first.vault.files))) };
        }
        return { text: `Step ${step} for ${client}.`, chunk: 4, delayMs: client === "Acme" ? 0 : 3 };
      },
    });
    const batch = value(await first.runner.plan({ sopPath: SOP_PATH, selector: { tag: "client" }, concurrency: 2 }));
    await first.runner.run(batch.path);
    expect(snapshot).not.toBeNull();

    const disk = new MemoryVault(Object.fromEntries(snapshot as unknown as Map<string, string>));
    expect(disk.properties(batch.path).batch_status).toBe("running");
    const before = runsByProject(disk);
    const doneBefore = CLIENTS.filter((c) => disk.properties(before.get(projectPath(c))?.[0] ?? "").run_status === "done");
    expect(doneBefore.length).toBeGreaterThan(0);
    const cobaltRun = before.get(projectPath("Cobalt"))?.[0] ?? "";
    const cobaltFolder = cobaltRun.slice(0, cobaltRun.lastIndexOf("/"));
    expect(disk.properties(`${cobaltFolder}/02 List the open questions.md`).waypoint_status).toBe("streaming");

    // The second process: a fresh engine and runner over the surviving notes.
    const model = new CountingModel(new ScriptedModel((request) => `Resumed output for ${clientOf(request)}.`));
    const clock = testClock(1, new Date(2026, 10, 24, 10, 0, 0));
    const engine = new RunEngine({ vault: disk, yaml: nodeYaml, clock, model, settings: first.settings });
    const runner = new BatchRunner({ engine, vault: disk, yaml: nodeYaml, clock, settings: first.settings });
    expect(value(await runner.findUnfinished(SOP_PATH, { tag: "client" }))).toBe(batch.path);
    expect(value(await runner.run(batch.path))).toMatchObject({ status: "done", done: CLIENTS.length, failed: 0 });

    const after = runsByProject(disk);
    for (const client of CLIENTS) expect(after.get(projectPath(client))).toHaveLength(1);
    expect(after.get(projectPath("Cobalt"))).toEqual([cobaltRun]);
    // Targets done before the crash made no call; Cobalt resumed at step 2; its partial text was kept.
    for (const client of doneBefore) expect(model.calls.filter((c) => c.client === client)).toEqual([]);
    expect(model.calls.filter((c) => c.client === "Cobalt").map((c) => c.step)).toEqual([2, 3]);
    expect([...disk.files.keys()].some((p) => p.startsWith(`${cobaltFolder}/`) && p.includes("List the open questions (r1)"))).toBe(true);
    for (const client of CLIENTS) {
      const links = disk.body(projectPath(client)).split("\n").filter((l) => l.startsWith("- [[SOP runs/"));
      expect(links).toHaveLength(1);
    }
  });

  it("adopts a run the manifest never recorded instead of starting a second one", async () => {
    const { runner, engine, vault } = batchFixture();
    const batch = value(await runner.plan({ sopPath: SOP_PATH, selector: { tag: "client" } }));
    // A crash right after a run was started, before the manifest named it.
    await vault.processFrontMatter(batch.path, (p) => void (p.batch_status = "running"));
    const orphan = value(await engine.start({ sopPath: SOP_PATH, projectPath: projectPath("Dune"), mode: "auto" }));
    // …and before the engine linked it from the project note.
    await vault.process(projectPath("Dune"), (text) => text.slice(0, text.indexOf("## SOP runs")));
    expect(value(await runner.run(batch.path))).toMatchObject({ status: "done", done: CLIENTS.length });
    expect(runsByProject(vault).get(projectPath("Dune"))).toEqual([orphan]);
    expect(manifestLines(vault, batch.path).find((l) => l.includes("Clients/Dune"))).toContain(orphan.replace(/\.md$/, ""));
    expect(vault.body(projectPath("Dune")).split("\n").filter((l) => l.startsWith("- [[SOP runs/"))).toEqual([`- [[${orphan.replace(/\.md$/, "")}|${orphan.slice(orphan.lastIndexOf("/") + 1, -3)}]]`]);
  });
});
