// Random sequences of gate actions, model faults and crashes on the engine over an in-memory vault; invariants read back from the notes.
import fc from "fast-check";
import { RunEngine } from "../../../src/core/run/engine";
import type { RunRecord } from "../../../src/core/run/run-record";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { ScriptedModel, stepOf } from "../../support/scripted-model";
import { fixture, SOP_PATH, value } from "./engine-fixture";
import { logNotePath } from "../../../src/core/run/note-names";

type Op =
  | { kind: "advance"; fault: boolean }
  | { kind: "crash" }
  | { kind: "approve"; edit: string | null }
  | { kind: "revise"; feedback: string }
  | { kind: "retry" }
  | { kind: "skip"; reason: string }
  | { kind: "reopen"; step: number }
  | { kind: "cancel" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("advance" as const), fault: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "crash" }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("approve" as const), edit: fc.option(fc.constantFrom("edited A", "edited B"), { nil: null }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("revise" as const), feedback: fc.constantFrom("shorter", "", "add examples") }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "retry" }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("skip" as const), reason: fc.constantFrom("not needed", "") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reopen" as const), step: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "cancel" }) },
);

/** What the notes say: per step its main waypoint (status, revision, text) and kept revisions. */
function snapshot(run: RunRecord) {
  return run.state.steps.map((s) => ({ status: s.status, revision: s.revision, text: s.text, archived: s.archived.map((a) => `${a.revision}:${a.status}:${a.text}`) }));
}

describe("engine invariants under random actions, faults and crashes", () => {
  it("keeps one waypoint per step, approved text unchanged, every revision, reasons for skips, and never re-runs an approved step", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("step" as const, "auto" as const), fc.array(opArb, { minLength: 1, maxLength: 25 }), async (mode, ops) => {
        const f = fixture({ settings: { streamWriteIntervalMs: 0 } });
        const calls: number[] = [];
        let counter = 0;
        const modelFor = (fault: boolean, hang: boolean) =>
          new ScriptedModel((request) => {
            calls.push(stepOf(request));
            const text = `step ${stepOf(request)} output ${++counter}`;
            if (hang) return { deltas: [text.slice(0, 6), text.slice(6)], afterDelta: () => new Promise<void>(() => undefined) };
            return fault ? { text, chunk: 4, error: { kind: "server", message: "The server failed (502)." } } : text;
          });
        const engineWith = (model: ScriptedModel) => new RunEngine({ vault: f.vault, yaml: nodeYaml, clock: f.clock, model, settings: f.settings });
        const runPath = value(await engineWith(modelFor(false, false)).start({ sopPath: SOP_PATH, mode }));
        let before = snapshot(value(await engineWith(modelFor(false, false)).loadRun(runPath)));

        for (const op of ops) {
          const engine = engineWith(modelFor(op.kind === "advance" && op.fault, op.kind === "crash"));
          const callsBefore = calls.length;
          const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
          let result: { ok: boolean; error?: string } = { ok: true };
          if (op.kind === "advance") result = await engine.advance(runPath);
          if (op.kind === "crash") {
            // Let the step start streaming, then abandon the engine as if the process had died.
            void engine.advance(runPath);
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          if (op.kind === "approve") {
            const current = value(await engine.loadRun(runPath)).state.steps.find((s) => s.status === "awaiting-review");
            if (current && op.edit) await f.vault.process(`${folder}${String(current.index).padStart(2, "0")} ${current.title}.md`, (t) => t.replace(/\n---\n[\s\S]*$/, `\n---\n${op.edit}`));
            result = await engine.approve(runPath);
          }
          if (op.kind === "revise") result = await engine.revise(runPath, op.feedback);
          if (op.kind === "retry") result = await engine.retry(runPath);
          if (op.kind === "skip") result = await engine.skip(runPath, op.reason);
          if (op.kind === "reopen") result = await engine.reopen(runPath, op.step);
          if (op.kind === "cancel") result = await engine.cancel(runPath);
          if (!result.ok) expect(result.error).toMatch(/^[A-Z].*\.$/);

          const run = value(await engine.loadRun(runPath));
          const after = snapshot(run);
          const files = (await f.vault.list(folder)).filter((p) => p !== runPath && p !== logNotePath(runPath));
          for (const [i, step] of after.entries()) {
            const prior = before[i];
            const mains = files.filter((p) => {
              const props = f.vault.properties(p);
              return props.step === i + 1 && !props.revision_of;
            });
            expect(mains.length).toBeLessThanOrEqual(1);
            if (prior.status === "approved" && op.kind !== "reopen") expect([step.status, step.text]).toEqual(["approved", prior.text]);
            if (prior.status === "approved" && op.kind !== "reopen") expect(calls.slice(callsBefore)).not.toContain(i + 1);
            for (const kept of prior.archived) expect(step.archived).toContain(kept);
            if (step.revision !== prior.revision && prior.revision > 0) expect(step.archived.some((a) => a.startsWith(`${prior.revision}:`))).toBe(true);
            if (step.status === "skipped") expect(run.state.steps[i].skipReason).toBeTruthy();
          }
          // Nothing duplicated: the folder holds exactly the current waypoints and the kept revisions.
          const expected = after.reduce((n, s, i) => n + s.archived.length + (s.status !== "pending" || s.revision > 0 || files.some((p) => f.vault.properties(p).step === i + 1 && !f.vault.properties(p).revision_of) ? 1 : 0), 0);
          expect(files.length).toBe(expected);
          before = after;
        }
        // Live: whatever happened, a run that was not cancelled can still be driven to done.
        const engine = engineWith(modelFor(false, false));
        for (let i = 0; i < 12; i++) {
          const outcome = value(await engine.advance(runPath));
          if (outcome.status !== "awaiting-review") break;
          await engine.approve(runPath);
        }
        expect(["done", "cancelled"]).toContain(value(await engine.loadRun(runPath)).state.status);
      }),
      { numRuns: 60 },
    );
    // Sixty random runs take 8–18 s on an idle 2-core machine; the suite must also pass with other jobs on it.
  }, 120_000);
});
