// The run state machine: gate actions, modes, and invariants under random action sequences.
import fc from "fast-check";
import { applyAction, createRunState, currentStep, currentStepIndex, isSettled, stepAt } from "../../../src/core/run/state-machine";
import type { RunAction, RunState } from "../../../src/core/run/run-types";
import type { Step } from "../../../src/core/sop/types";

function steps(count: number, fields: Record<number, Record<string, string>> = {}): Step[] {
  return Array.from({ length: count }, (_, i) => ({
    index: i + 1,
    id: `${i + 1}-step-${i + 1}`,
    title: `Step ${i + 1}`,
    text: `Do thing ${i + 1}`,
    fields: fields[i + 1] ?? {},
    checks: [],
  }));
}

function run(state: RunState, ...actions: RunAction[]): RunState {
  return actions.reduce((current, action) => {
    const result = applyAction(current, action);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  }, state);
}

describe("run state machine", () => {
  it("gates after every step in step mode and finishes when the last step is approved", () => {
    let state = run(createRunState(steps(2), "step", true), { type: "start" }, { type: "step-started" }, { type: "step-finished", text: "one" });
    expect(state.status).toBe("awaiting-review");
    expect(state.steps[0].status).toBe("awaiting-review");
    state = run(state, { type: "approve", text: "one, edited" }, { type: "step-started" }, { type: "step-finished", text: "two" }, { type: "approve", text: "two" });
    expect(state.status).toBe("done");
    expect(state.steps.map((s) => [s.status, s.text])).toEqual([["approved", "one, edited"], ["approved", "two"]]);
  });

  it("approves automatically in auto mode except where a step asks for review", () => {
    let state = run(createRunState(steps(3, { 2: { gate: "review" } }), "auto", true), { type: "start" }, { type: "step-started" }, { type: "step-finished", text: "a" });
    expect(state.steps[0].status).toBe("approved");
    state = run(state, { type: "step-started" }, { type: "step-finished", text: "b" });
    expect(state.status).toBe("awaiting-review");
    expect(currentStepIndex(state)).toBe(2);
  });

  it("brings a revision the person asked for back to the gate even in auto mode, but not a stale re-run", () => {
    // Step 1 stops at a gate only because the person edited it while it streamed.
    let state = run(createRunState(steps(2), "auto", true), { type: "start" }, { type: "step-started" }, { type: "step-finished", text: "a", divertedText: "model a" });
    expect(state.status).toBe("awaiting-review");
    state = run(state, { type: "revise", feedback: "more", text: "a" }, { type: "step-started" }, { type: "step-finished", text: "a2" });
    expect(state.status).toBe("awaiting-review");
    state = run(state, { type: "approve", text: "a2" }, { type: "step-started" }, { type: "step-finished", text: "b" });
    expect(state.status).toBe("done");
    state = run(state, { type: "reopen", step: 1 }, { type: "approve", text: "a3" }, { type: "step-started" });
    expect(state.steps[1]).toMatchObject({ status: "streaming", feedback: null, revision: 2 });
  });

  it("keeps a reviewed step's answer with its reviews pending, then finishes it as the gate rules say", () => {
    let state = run(createRunState(steps(2), "auto", true), { type: "start" }, { type: "step-started" }, { type: "step-answered", text: "a", divertedText: "model a" });
    expect(state.status).toBe("running");
    expect(state.steps[0]).toMatchObject({ status: "streaming", text: "a", reviewPending: true, archived: [{ revision: 1, text: "model a", diverted: true }] });
    expect(applyAction(state, { type: "step-answered", text: "again" })).toMatchObject({ ok: false });
    // The diverted model text was kept when the step was answered: it still gates the step, and is not kept twice.
    state = run(state, { type: "step-finished", text: "a, edited" });
    expect(state.status).toBe("awaiting-review");
    expect(state.steps[0].reviewPending).toBeUndefined();
    expect(state.steps[0]).toMatchObject({ status: "awaiting-review", text: "a, edited", archived: [{ revision: 1, text: "model a", diverted: true }] });
    state = run(state, { type: "approve", text: "a" }, { type: "step-started" }, { type: "step-answered", text: "b" }, { type: "step-finished", text: "b" });
    expect(state.status).toBe("done");
    const cancelled = run(createRunState(steps(1), "auto", true), { type: "start" }, { type: "step-started" }, { type: "step-answered", text: "a" }, { type: "cancel" });
    expect(cancelled.steps[0]).toEqual(expect.objectContaining({ status: "interrupted", text: "a" }));
    expect(cancelled.steps[0].reviewPending).toBeUndefined();
  });

  it("gates human steps and every step of a run without a model", () => {
    const human = run(createRunState(steps(2, { 1: { worker: "human" } }), "auto", true), { type: "start" }, { type: "step-started" }, { type: "step-finished", text: "- [ ] check" });
    expect(human.status).toBe("awaiting-review");
    const noModel = run(createRunState(steps(2), "auto", false), { type: "start" }, { type: "step-started" }, { type: "step-finished", text: "x" });
    expect(noModel.status).toBe("awaiting-review");
  });

  it("keeps the superseded revision with its feedback when revising", () => {
    const state = run(createRunState(steps(1), "step", true), { type: "start" }, { type: "step-started" }, { type: "step-finished", text: "draft" }, { type: "revise", feedback: "shorter", text: "draft (edited)" });
    expect(state.steps[0]).toMatchObject({ status: "pending", revision: 2, feedback: "shorter", text: "" });
    expect(state.steps[0].archived).toEqual([{ revision: 1, text: "draft (edited)", status: "superseded", feedback: "shorter" }]);
  });

  it("keeps a failed step's partial text as an interrupted revision when it runs again", () => {
    let state = run(createRunState(steps(1), "step", true), { type: "start" }, { type: "step-started" }, { type: "step-failed", partialText: "half", message: "The server timed out." });
    expect(state).toMatchObject({ status: "paused", error: "The server timed out." });
    state = run(state, { type: "resume" }, { type: "step-started" });
    expect(state.steps[0].archived).toEqual([{ revision: 1, text: "half", status: "interrupted", feedback: null }]);
    expect(state.steps[0].revision).toBe(2);
  });

  it("makes later settled steps stale when an earlier one is reopened", () => {
    let state = createRunState(steps(3), "auto", true);
    state = run(state, { type: "start" });
    for (const text of ["a", "b", "c"]) state = run(state, { type: "step-started" }, { type: "step-finished", text });
    expect(state.status).toBe("done");
    state = run(state, { type: "reopen", step: 1 });
    expect(state.steps.map((s) => s.status)).toEqual(["awaiting-review", "stale", "stale"]);
    expect(state.status).toBe("awaiting-review");
  });

  it("refuses a skip without a reason and actions that do not fit the state, with a sentence", () => {
    const state = run(createRunState(steps(1), "step", true), { type: "start" });
    expect(applyAction(state, { type: "skip", reason: "  " })).toEqual({ ok: false, error: "Cannot skip: give a reason (it is written to the run log)." });
    const approve = applyAction(state, { type: "approve", text: "x" });
    expect(approve).toEqual({ ok: false, error: "Cannot approve: the run is running and step 1 is pending." });
    expect(applyAction(run(state, { type: "cancel" }), { type: "cancel" })).toEqual({ ok: false, error: "Cannot cancel: the run is already cancelled." });
  });
});

const actionArb: fc.Arbitrary<RunAction> = fc.oneof(
  fc.constant<RunAction>({ type: "start" }),
  fc.constant<RunAction>({ type: "step-started" }),
  fc.record({ type: fc.constant("step-finished" as const), text: fc.string({ maxLength: 6 }), divertedText: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }) }),
  fc.record({ type: fc.constant("step-answered" as const), text: fc.string({ maxLength: 6 }), divertedText: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }) }),
  fc.record({ type: fc.constant("step-failed" as const), partialText: fc.string({ maxLength: 6 }), message: fc.constant("Boom."), fatal: fc.boolean() }),
  fc.record({ type: fc.constant("approve" as const), text: fc.string({ maxLength: 6 }) }),
  fc.record({ type: fc.constant("revise" as const), feedback: fc.string({ maxLength: 4 }), text: fc.string({ maxLength: 6 }) }),
  fc.record({ type: fc.constant("retry" as const), text: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }) }),
  fc.record({ type: fc.constant("skip" as const), reason: fc.string({ maxLength: 4 }) }),
  fc.record({ type: fc.constant("reopen" as const), step: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ type: fc.constant("pause" as const), reason: fc.constant("Paused.") }),
  fc.constant<RunAction>({ type: "resume" }),
  fc.constant<RunAction>({ type: "cancel" }),
  fc.constant<RunAction>({ type: "finish" }),
);

describe("finding a run's steps by their numbers", () => {
  it("finds each step and moves the right one on, in a list numbered in order or with gaps", () => {
    const gappy = steps(4).map((step, i) => ({ ...step, index: [2, 5, 6, 9][i] }));
    for (const list of [steps(4), gappy]) {
      const state = createRunState(list, "auto", true);
      for (const step of state.steps) expect(stepAt(state.steps, step.index)).toBe(step);
      expect(stepAt(state.steps, 7)).toBeUndefined();
      expect(stepAt(state.steps, undefined)).toBeUndefined();
      const first = run(state, { type: "start" }, { type: "step-started" }, { type: "step-finished", text: "one" });
      expect(first.steps.map((step) => step.status)).toEqual(["approved", "pending", "pending", "pending"]);
      expect(currentStep(first)?.index).toBe(list[1].index);
      // The state it came from still says where it was.
      expect(currentStep(state)?.index).toBe(list[0].index);
      const second = run(first, { type: "step-started" }, { type: "step-finished", text: "two" });
      expect(currentStepIndex(second)).toBe(list[2].index);
      expect(second.steps[1].text).toBe("two");
    }
  });
});

describe("run state machine invariants (random action sequences)", () => {
  it("holds one current waypoint per step, never alters approved text or loses a revision, never skips silently", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.constantFrom("step" as const, "auto" as const), fc.array(actionArb, { maxLength: 60 }), (count, mode, actions) => {
        let state = createRunState(steps(count, { 2: { gate: "review" }, 3: { worker: "human" } }), mode, true);
        for (const action of actions) {
          const result = applyAction(state, action);
          if (!result.ok) {
            expect(result.error).toMatch(/^Cannot .+\.$/);
            continue;
          }
          const next = result.value;
          const current = currentStepIndex(next);
          next.steps.forEach((step, i) => {
            const before = state.steps[i];
            // Settled steps come before the current one, untouched steps after it; at most the current step is live.
            if (step.index < current) expect(isSettled(step)).toBe(true);
            if (step.index > current) expect(["pending", "stale", "approved", "skipped"]).toContain(step.status);
            if (step.index !== current) expect(["streaming", "awaiting-review"]).not.toContain(step.status);
            if (before.status === "approved" && action.type !== "reopen") expect([step.status, step.text]).toEqual(["approved", before.text]);
            // No revision lost: archives only grow, and a bumped revision archives the text it replaced.
            expect(step.archived.slice(0, before.archived.length)).toEqual(before.archived);
            if (step.revision !== before.revision && before.revision > 0) {
              expect(step.archived).toContainEqual(expect.objectContaining({ revision: before.revision }));
            }
            if (step.status === "skipped") expect(step.skipReason?.trim()).toBeTruthy();
            // Reviews are pending only while the answered step has not finished.
            if (step.reviewPending) expect(step.status).toBe("streaming");
            if (step.status === "skipped" && before.status !== "skipped") expect(action.type).toBe("skip");
          });
          if (next.status === "done") expect(next.steps.every(isSettled)).toBe(true);
          state = next;
        }
      }),
      { numRuns: 500 },
    );
  });
});
