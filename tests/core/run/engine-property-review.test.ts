// Random gate actions, faults and kills on a run whose steps have `review::` reviewers: kills while a step streams,
// while its reviewers answer, and edits made while no process runs. Invariants are read back from the notes.
import fc from "fast-check";
import { RunEngine } from "../../../src/core/run/engine";
import type { RunRecord } from "../../../src/core/run/run-record";
import { DEFAULT_ENGINE_SETTINGS } from "../../../src/core/run/engine-types";
import type { ModelRequest } from "../../../src/core/ports";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { MemoryVault } from "../../support/memory-vault";
import { ScriptedModel, stepOf, type ScriptedReply } from "../../support/scripted-model";
import { isReview } from "../review/review-fixture";
import { value } from "./engine-fixture";

const SOP_PATH = "SOPs/Reviewed guide.md";
const SOP = `---
tags: [sop]
sop_version: 1
---
# Reviewed guide

## Steps

1. Draft the guide
   role:: Drafter
   review:: Fact-checker, Editor
   - Every claim matches the policy
2. Tighten the wording
   role:: Editor
   review:: Fact-checker
3. Publish it
   role:: Drafter
`;
const FILES = {
  [SOP_PATH]: SOP,
  "Roles/Drafter.md": "---\ntags: [sop-role]\n---\nYou write plain prose.\n",
  "Roles/Editor.md": "---\ntags: [sop-role]\n---\nYou tighten wording.\n",
  "Roles/Fact-checker.md": "---\ntags: [sop-role]\n---\nYou check claims.\n",
};

type Severity = "none" | "low" | "high";
type Op =
  | { kind: "advance"; fault: boolean; severity: Severity }
  | { kind: "kill-stream" }
  | { kind: "kill-review" }
  | { kind: "edit-dead" }
  | { kind: "approve"; edit: boolean }
  | { kind: "revise" }
  | { kind: "skip" }
  | { kind: "cancel" };

const severity = fc.constantFrom<Severity>("none", "low", "high");
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("advance" as const), fault: fc.boolean(), severity }) },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: "kill-stream" }) },
  { weight: 3, arbitrary: fc.constant<Op>({ kind: "kill-review" }) },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: "edit-dead" }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("approve" as const), edit: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "revise" }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "skip" }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "cancel" }) },
);

const NEVER = () => new Promise<void>(() => undefined);

function findings(level: Severity): string {
  if (level === "none") return JSON.stringify({ findings: [] });
  return JSON.stringify({ findings: [{ quote: "output", problem: `A ${level} problem.`, severity: level, suggestion: null, source: null, check: null }] });
}

function snapshot(run: RunRecord) {
  return run.state.steps.map((s) => ({ status: s.status, revision: s.revision, text: s.text, reviewPending: s.reviewPending === true, archived: s.archived.map((a) => `${a.revision}:${a.status}:${a.text}`) }));
}

const turns = async () => {
  for (let i = 0; i < 200; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe("engine invariants with reviewers, under random actions, faults, kills and edits made while no process runs", () => {
  it("never asks a kept answer's step again, keeps one review note per reviewer and revision, and never approves an unseen edit", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("step" as const, "auto" as const), fc.array(opArb, { minLength: 1, maxLength: 20 }), async (mode, ops) => {
        const vault = new MemoryVault(FILES);
        let time = new Date(2026, 10, 24, 9, 30).getTime();
        const clock = { now: () => new Date((time += 1000)) };
        const settings = { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "run-model", streamWriteIntervalMs: 0 };
        const stepCalls: number[] = [];
        let counter = 0;
        const modelFor = (op: Op | null) =>
          new ScriptedModel((request: ModelRequest): ScriptedReply | string => {
            if (isReview(request)) {
              if (op?.kind === "kill-review") return { deltas: ["{"], afterDelta: NEVER };
              return findings(op?.kind === "advance" ? op.severity : "none");
            }
            stepCalls.push(stepOf(request));
            const text = `step ${stepOf(request)} output ${++counter}`;
            if (op?.kind === "kill-stream") return { deltas: [text.slice(0, 6), text.slice(6)], afterDelta: NEVER };
            return op?.kind === "advance" && op.fault ? { text, chunk: 4, error: { kind: "server", message: "The server failed (502)." } } : text;
          });
        const engineWith = (op: Op | null) => new RunEngine({ vault, yaml: nodeYaml, clock, model: modelFor(op), settings });
        const runPath = value(await engineWith(null).start({ sopPath: SOP_PATH, mode }));
        const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
        const waypointOf = (index: number) => [...vault.files.keys()].find((p) => p.startsWith(folder) && vault.properties(p).step === index && !vault.properties(p).revision_of) ?? "";
        let before = snapshot(value(await engineWith(null).loadRun(runPath)));
        const editedUnseen = new Set<number>();

        for (const op of ops) {
          const engine = engineWith(op);
          const callsBefore = stepCalls.length;
          let result: { ok: boolean; error?: string } = { ok: true };
          if (op.kind === "advance") result = await engine.advance(runPath);
          if (op.kind === "kill-stream" || op.kind === "kill-review") {
            // The step (or its reviewers) start answering, then the engine is abandoned as if the process had died.
            void engine.advance(runPath);
            await turns();
          }
          if (op.kind === "edit-dead") {
            const pending = before.findIndex((s) => s.reviewPending);
            if (pending >= 0) {
              await vault.process(waypointOf(pending + 1), (t) => t.replace(/\n---\n[\s\S]*$/, "\n---\nedited while no process ran: output"));
              editedUnseen.add(pending + 1);
            }
          }
          if (op.kind === "approve") {
            const current = before.findIndex((s) => s.status === "awaiting-review");
            if (current >= 0 && op.edit) await vault.process(waypointOf(current + 1), (t) => t.replace(/\n---\n[\s\S]*$/, "\n---\nedited at the gate: output"));
            result = await engine.approve(runPath);
          }
          if (op.kind === "revise") result = await engine.revise(runPath, "shorter");
          if (op.kind === "skip") result = await engine.skip(runPath, "not needed");
          if (op.kind === "cancel") result = await engine.cancel(runPath);
          if (!result.ok) expect(result.error).toMatch(/^[A-Z].*\.$/);

          const run = value(await engineWith(null).loadRun(runPath));
          const after = snapshot(run);
          const asked = stepCalls.slice(callsBefore);
          for (const [i, step] of after.entries()) {
            const prior = before[i];
            if (prior.status === "approved") expect([step.status, step.text]).toEqual(["approved", prior.text]);
            if (prior.status === "approved" || prior.reviewPending) expect(asked).not.toContain(i + 1);
            for (const kept of prior.archived) expect(step.archived).toContain(kept);
            // An edit made while no process ran is never approved by a resumed run without the person.
            if (editedUnseen.has(i + 1) && op.kind !== "approve") expect(step.status).not.toBe("approved");
            if (step.status !== "streaming" || !step.reviewPending) editedUnseen.delete(i + 1);
          }
          // One review note per step, revision and reviewer: a resumed review reuses the note it left.
          const reviews = [...vault.files.keys()].filter((p) => p.startsWith(folder) && p.includes(" — review by "));
          const keys = reviews.map((p) => `${Number(vault.properties(p).step)}|${p.replace(/ \d+\.md$/, ".md")}`);
          expect(new Set(keys).size).toBe(keys.length);
          before = after;
        }
        // Live: whatever happened, a run that was not cancelled can still be driven to done.
        const engine = engineWith(null);
        for (let i = 0; i < 12; i++) {
          const outcome = value(await engine.advance(runPath));
          if (outcome.status !== "awaiting-review") break;
          await engine.approve(runPath);
        }
        expect(["done", "cancelled"]).toContain(value(await engine.loadRun(runPath)).state.status);
      }),
      { numRuns: 50 },
    );
  }, 180_000);
});
