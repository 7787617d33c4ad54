// The pure run state machine: every gate action and step outcome as a transition that returns a new state or a clear error.
import type { RunMode, Step } from "../sop/types";
import { type ArchivedRevision, type RunAction, type RunState, type StepState } from "./run-types";
import { fail, ok, type Result } from "../notes/result";
import { fingerprint } from "../notes/fingerprint";

/** A fresh, planned run over a procedure's steps. `human` marks steps the person does (worker:: human, or no model). */
export function createRunState(steps: Step[], mode: RunMode, hasModel: boolean): RunState {
  return {
    status: "planned",
    mode,
    error: null,
    steps: steps.map((step) => ({
      index: step.index,
      id: step.id,
      title: step.title,
      human: !hasModel || (step.fields.worker ?? "").trim().toLowerCase() === "human",
      gateReview: (step.fields.gate ?? "").trim().toLowerCase() === "review",
      status: "pending",
      revision: 0,
      text: "",
      feedback: null,
      skipReason: null,
      archived: [],
    })),
  };
}

/** Approved and skipped steps are settled; the run is at the first step that is not. */
export function isSettled(step: StepState): boolean {
  return step.status === "approved" || step.status === "skipped";
}

/** 1-based index of the step the run is at (the first unsettled one); the last step's index once all are settled; 0 with no steps. */
export function currentStepIndex(state: RunState): number {
  const open = currentStep(state);
  return open ? open.index : (state.steps[state.steps.length - 1]?.index ?? 0);
}

export function currentStep(state: RunState): StepState | null {
  const at = currentPosition(state.steps);
  return at === -1 ? null : state.steps[at];
}

/**
 * Where the first unsettled step of each list of steps is (-1: none), found once per list. A transition replaces the
 * list and never changes one, and a step asks for the current step a dozen times: without this, each step of a long
 * run would look through every settled step before it as often.
 */
const currentPositions = new WeakMap<readonly StepState[], number>();

function currentPosition(steps: readonly StepState[]): number {
  let at = currentPositions.get(steps);
  if (at === undefined) {
    at = steps.findIndex((step) => !isSettled(step));
    currentPositions.set(steps, at);
  }
  return at;
}

/** True when `advance` has work to do: the run is running and its current step is waiting to be executed. */
export function needsExecution(state: RunState): boolean {
  const step = currentStep(state);
  return state.status === "running" && step !== null && (step.status === "pending" || step.status === "stale" || step.status === "interrupted");
}

/** Whether a finished step stops at a gate for the person; a revision they asked for always comes back to them. */
export function needsGate(state: RunState, step: StepState, diverted: boolean): boolean {
  return state.mode === "step" || step.human || step.gateReview || step.truncated === true || diverted || step.feedback !== null;
}

/**
 * The step numbered `index` in a list of steps (a run's states or its procedure's steps), or undefined. It is at
 * `index - 1` since the procedure numbers its steps in order, and looked for otherwise: a step of a long run looks up
 * its own state often, and a search goes through every step before it.
 */
export function stepAt<T extends { index: number }>(steps: readonly T[], index: number | undefined): T | undefined {
  if (index === undefined) return undefined;
  const guess = steps[index - 1];
  return guess?.index === index ? guess : steps.find((step) => step.index === index);
}

/** Applies one action; an action that makes no sense in the current state is an error result, never a throw. */
export function applyAction(state: RunState, action: RunAction): Result<RunState> {
  const step = currentStep(state);
  const where = step ? `step ${step.index} is ${step.status}` : "every step is settled";
  const refuse = (verb: string, why = `the run is ${state.status} and ${where}`) => fail<RunState>(`Cannot ${verb}: ${why}.`);
  switch (action.type) {
    case "start":
      if (state.status !== "planned") return refuse("start", `the run has already started (it is ${state.status})`);
      return ok(settleRun({ ...state, status: "running", error: null }));
    case "step-started": {
      if (!step || !needsExecution(state)) return refuse("start a step");
      return ok(replaceStep({ ...state, error: null }, beginRevision(step)));
    }
    case "step-answered":
      if (!step || state.status !== "running" || step.status !== "streaming" || step.reviewPending) return refuse("keep a step's answer for review");
      return ok(replaceStep(state, { ...keepDiverted(step, action.divertedText), text: action.text, reviewPending: true, answerHash: fingerprint(action.text) }));
    case "step-finished": {
      if (!step || state.status !== "running" || step.status !== "streaming") return refuse("finish a step");
      // A reviewed step's model text went to its own note when it was answered (kept as this revision's diverted copy).
      const diverted = action.divertedText !== undefined || (step.reviewPending === true && step.archived.some((kept) => kept.diverted === true && kept.revision === step.revision));
      const gate = needsGate(state, step, diverted);
      const finished: StepState = { ...keepDiverted(withoutReviewPending(step), action.divertedText), text: action.text, status: gate ? "awaiting-review" : "approved" };
      const next = replaceStep(state, finished);
      return ok(gate ? { ...next, status: "awaiting-review" } : settleRun(next));
    }
    case "step-failed": {
      if (!step || state.status !== "running" || step.status !== "streaming") return refuse("record a failed step");
      const next = replaceStep(state, { ...keepDiverted(withoutReviewPending(step), action.divertedText), text: action.partialText, status: "interrupted" });
      return ok({ ...next, status: action.fatal ? "failed" : "paused", error: action.message });
    }
    case "approve":
      if (!step || state.status !== "awaiting-review" || step.status !== "awaiting-review") return refuse("approve");
      return ok(settleRun(replaceStep(state, { ...step, text: action.text, status: "approved" })));
    case "revise": {
      if (!step || state.status !== "awaiting-review" || step.status !== "awaiting-review") return refuse("revise");
      const feedback = action.feedback.trim();
      if (!feedback) return fail("Cannot revise: say what should change (the feedback is empty).");
      const archived = archive({ ...step, text: action.text }, "superseded", feedback);
      return ok({ ...replaceStep(state, { ...archived, feedback }), status: "running" });
    }
    case "retry": {
      if (step && state.status === "awaiting-review" && step.status === "awaiting-review") {
        const archived = archive({ ...step, text: action.text ?? step.text }, "superseded", null);
        return ok({ ...replaceStep(state, { ...archived, feedback: null }), status: "running" });
      }
      if (state.status === "paused" || state.status === "failed") return ok(settleRun({ ...state, status: "running", error: null }));
      return refuse("retry");
    }
    case "skip": {
      const reason = action.reason.trim();
      if (!reason) return fail("Cannot skip: give a reason (it is written to the run log).");
      const open = state.status === "awaiting-review" || state.status === "paused" || state.status === "failed" || state.status === "running";
      if (!step || !open || step.status === "streaming") return refuse("skip");
      return ok(settleRun(replaceStep({ ...state, status: "running", error: null }, { ...step, status: "skipped", skipReason: reason })));
    }
    case "reopen":
      return reopen(state, action.step, step);
    case "pause":
      if (state.status !== "running" || step?.status === "streaming") return refuse("pause");
      return ok({ ...state, status: "paused", error: action.reason });
    case "resume":
      if (state.status !== "paused" && state.status !== "failed") return refuse("resume");
      return ok(settleRun({ ...state, status: "running", error: null }));
    case "cancel": {
      if (state.status === "done" || state.status === "cancelled") return refuse("cancel", `the run is already ${state.status}`);
      const next = step?.status === "streaming" ? replaceStep(state, { ...withoutReviewPending(step), status: "interrupted" }) : state;
      return ok({ ...next, status: "cancelled" });
    }
    case "finish":
      if (step) return refuse("finish", `step ${step.index} is still ${step.status}`);
      if (state.status === "cancelled") return refuse("finish", "the run was cancelled");
      return ok({ ...state, status: "done", error: null });
  }
}

function reopen(state: RunState, index: number, current: StepState | null): Result<RunState> {
  const target = state.steps.find((step) => step.index === index);
  if (!target) return fail(`Cannot reopen step ${index}: the run has steps 1 to ${state.steps.length}.`);
  if (!isSettled(target)) return fail(`Cannot reopen step ${index}: it is ${target.status}, not approved or skipped.`);
  if (state.status === "cancelled") return fail(`Cannot reopen step ${index}: the run was cancelled.`);
  if (current?.status === "streaming") return fail(`Cannot reopen step ${index}: step ${current.index} is still streaming.`);
  const steps = state.steps.map((step): StepState => {
    if (step.index === index) return { ...step, status: "awaiting-review", skipReason: null };
    const outdated = step.status === "approved" || step.status === "skipped" || step.status === "awaiting-review" || step.status === "interrupted";
    return step.index > index && outdated ? { ...step, status: "stale" } : step;
  });
  return ok({ ...state, steps, status: "awaiting-review", error: null });
}

/** Starts a new revision of a step that runs again: whatever text it had is kept as an archived revision first. */
function beginRevision(step: StepState): StepState {
  if (step.status === "interrupted" || step.status === "stale") {
    // A stale step runs afresh on new input: the feedback it once answered no longer applies.
    const feedback = step.status === "stale" ? null : step.feedback;
    // An interrupted attempt that left no text is not kept as a revision of its own: the next attempt takes its place.
    if (step.status === "interrupted" && step.text.trim() === "" && step.revision > 0) return { ...step, text: "", feedback, status: "streaming", truncated: false };
    if (step.revision > 0) return { ...archive(step, step.status === "interrupted" ? "interrupted" : "superseded", null), feedback, status: "streaming", truncated: false };
    return { ...step, revision: 1, text: "", feedback, status: "streaming", skipReason: null, truncated: false };
  }
  return { ...step, revision: Math.max(step.revision, 1), status: "streaming", truncated: false };
}

function archive(step: StepState, status: ArchivedRevision["status"], feedback: string | null): StepState {
  const kept: ArchivedRevision = { revision: step.revision, text: step.text, status, feedback };
  return { ...step, archived: [...step.archived, kept], revision: step.revision + 1, text: "", status: "pending", skipReason: null };
}

/** The model's text that went to its own note because the person edited the waypoint: kept as a superseded copy of this revision. */
function keepDiverted(step: StepState, divertedText: string | undefined): StepState {
  if (divertedText === undefined) return step;
  return { ...step, archived: [...step.archived, { revision: step.revision, text: divertedText, status: "superseded", feedback: null, diverted: true }] };
}

/** The step without its pending-review marker: it is cleared once the step leaves `streaming`. */
function withoutReviewPending(step: StepState): StepState {
  if (step.reviewPending === undefined) return step;
  const rest: StepState = { ...step };
  delete rest.reviewPending;
  delete rest.answerHash;
  return rest;
}

function replaceStep(state: RunState, changed: StepState): RunState {
  const current = stepAt(state.steps, changed.index);
  if (current === undefined) return { ...state };
  const at = state.steps[changed.index - 1] === current ? changed.index - 1 : state.steps.indexOf(current);
  const steps = state.steps.slice();
  steps[at] = changed;
  return { ...state, steps };
}

/** After a step settles: done when nothing is left, else running at the next step (or awaiting review if it already waits). */
function settleRun(state: RunState): RunState {
  const step = currentStep(state);
  if (!step) return { ...state, status: "done" };
  if (step.status === "awaiting-review") return { ...state, status: "awaiting-review" };
  return { ...state, status: "running" };
}
