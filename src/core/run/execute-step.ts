// Executes the run's current step: the model streams it into its waypoint note, or the person gets a checklist.
import { ModelError, type ModelErrorKind } from "../ports";
import type { Step } from "../sop/types";
import type { StepState } from "./run-types";
import type { RunSession } from "./run-session";
import type { StepUsage } from "./run-record";
import { fail, ok, type Result } from "../notes/result";
import { currentStep, needsGate, stepAt } from "./state-machine";
import { StreamWriter } from "./stream-writer";
import { archivedProperties, createOrReuse, noteText } from "./waypoint-note";
import { revisionPath } from "./note-names";
import { hasReviewers } from "./step-review";
import { finished, finishReview } from "./finish-review";
import { markDue } from "./step-deadlines";
import { bodyOf } from "../notes/frontmatter";
import { noteName } from "../notes/names";
import { addCost } from "../notes/money";
import { inertInLog, plausibleModelId } from "../notes/untrusted-text";
import { totalsSuffix } from "./run-totals";

/** The waypoint a person starts from: the step's instructions and its checks as a checklist. */
export function humanChecklist(step: Step): string {
  const checks = step.checks.length > 0 ? `\n\n## Checks\n\n${step.checks.map((check) => `- [ ] ${check}`).join("\n")}` : "";
  return `${step.text.trim()}${checks}\n`;
}

/** How a step's execution ended: `fault` names a model fault that stopped it (the run is then paused), null otherwise. */
export interface StepExecution {
  fault: ModelErrorKind | null;
}

const NO_FAULT: StepExecution = { fault: null };

export async function executeStep(session: RunSession, signal?: AbortSignal): Promise<Result<StepExecution>> {
  const { run, ports } = session;
  const pending = currentStep(run.state);
  const step = stepAt(run.procedure.steps, pending?.index);
  if (!pending || !step) return fail("There is no step to execute.");
  const human = pending.human || ports.model === null;
  const model = human ? "" : await session.context.modelFor(step);
  markDue(run, step, ports.clock.now());
  const started = await session.transition({ type: "step-started" }, [], new Map([[step.index, { model, tokensIn: 0, tokensOut: 0, cost: 0 }]]));
  if (!started.ok) return started;
  const state = currentStep(run.state) as StepState;
  const mainPath = run.waypointPaths.get(step.index) as string;
  session.emit({ type: "step-started", step: step.index, steps: run.state.steps.length, title: step.title, revision: state.revision, worker: human ? "human" : "model", model });

  if (human || !ports.model) {
    const why = ports.model ? "a human step" : "no model is configured";
    const done = await session.transition({ type: "step-finished", text: humanChecklist(step) }, [`Step ${step.index} "${step.title}" waits for the person (${why}): the waypoint holds its instructions and checks.`]);
    if (!done.ok) return done;
    finished(session, step, mainPath, { model: "", tokensIn: 0, tokensOut: 0, cost: 0 });
    return ok(NO_FAULT);
  }

  const writer = new StreamWriter({
    vault: ports.vault,
    path: mainPath,
    intervalMs: ports.settings.streamWriteIntervalMs,
    now: () => ports.clock.now().getTime(),
    divert: (text) => {
      const kept = { revision: state.revision, text, status: "superseded" as const, feedback: null };
      const path = revisionPath(mainPath, state.revision, "model");
      const content = noteText(ports.yaml, archivedProperties(run, state, kept, ports.vault, path, mainPath), text);
      return createOrReuse(ports.vault, path, content, (n) => revisionPath(mainPath, state.revision, `model ${n}`));
    },
  });
  const conversation = await session.context.conversation(step);
  const messages = conversation.messages;
  try {
    const result = await ports.model.complete({ model, messages, signal }, (delta) => {
      writer.push(delta);
      session.emit({ type: "delta", step: step.index, text: delta });
    });
    const outcome = await writer.finish(result.text);
    const mainText = outcome.divertedPath ? bodyOf((await ports.vault.read(mainPath)) ?? "") : result.text;
    const answeredBy = plausibleModelId(result.model) || model;
    // Priced by the model the run asked for (the id in the answer may be a server's alias or a dated variant).
    const cost = ports.price ? ports.price(result.usage, model || answeredBy) : 0;
    const usage: StepUsage = { model: answeredBy, tokensIn: result.usage.promptTokens, tokensOut: result.usage.completionTokens, cost };
    run.tokensIn += usage.tokensIn;
    run.tokensOut += usage.tokensOut;
    const estimated = result.usage.estimated ? " (estimated)" : "";
    const unpriced = cost === null && run.cost !== null;
    run.cost = addCost(run.cost, cost);
    const log = [`Step ${step.index} "${step.title}" output ready: ${result.text.length} characters from ${usage.model ? inertInLog(usage.model) : "the model"}, ${usage.tokensIn} tokens in, ${usage.tokensOut} out${estimated}.${totalsSuffix(run)}`];
    if (unpriced) log.push(`Step ${step.index}: no price is known for model "${inertInLog(model || answeredBy)}", so the run's cost is unknown from here on.`);
    // An answer still cut after its continuations, or an empty one, is never approved by itself: the person reads it.
    const truncated = result.finishReason === "length";
    if (truncated) log.push(`Step ${step.index}: the answer was cut off at the model's length limit (its context or output limit); it is marked truncated and waits for the person.`);
    else if (result.finishReason !== "stop") log.push(`Step ${step.index} output ended early (${result.finishReason}).`);
    const empty = result.text.trim() === "";
    if (empty) log.push(`Step ${step.index}: the model's answer was empty; it waits for the person.`);
    if (truncated || empty) run.state = { ...run.state, steps: run.state.steps.map((s) => (s.index === step.index ? { ...s, truncated: truncated || s.truncated, gateReview: s.gateReview || empty } : s)) };
    if (outcome.divertedPath) log.push(`Step ${step.index}: the person edited the waypoint while it streamed; their edit stays, the model's text went to ${ports.vault.link(outcome.divertedPath, run.runPath, noteName(outcome.divertedPath))}.`);
    if (hasReviewers(step)) {
      // The answer is kept with its reviews pending before they run: a process killed during them resumes with the
      // reviewers only (finishReview), never with a second call for the step.
      const answered = await session.transition({ type: "step-answered", text: mainText, divertedText: outcome.divertedText }, log, new Map([[step.index, usage]]));
      if (!answered.ok) return answered;
      const reviewed = await finishReview(session, model, signal, { messages: conversation.stepPrompt, notes: conversation.notes() }, usage);
      return reviewed.ok ? ok(NO_FAULT) : reviewed;
    }
    const settled = stepAt(run.state.steps, step.index) ?? state;
    if (!needsGate(run.state, settled, outcome.divertedPath !== null)) log.push(`Step ${step.index} approved automatically (auto mode).`);
    const done = await session.transition({ type: "step-finished", text: mainText, divertedText: outcome.divertedText }, log, new Map([[step.index, usage]]));
    if (!done.ok) return done;
    finished(session, step, mainPath, usage);
    return ok(NO_FAULT);
  } catch (error) {
    return stepFailed(session, step, writer, mainPath, error, model);
  }
}

/**
 * Resumes a step a killed process left with its answer kept and its reviews pending: the reviewers run on the kept
 * text (the step's model is not called again), then the step goes on as if they had just finished.
 */
export async function resumeReview(session: RunSession, signal?: AbortSignal): Promise<Result<void>> {
  const { run } = session;
  const pending = currentStep(run.state);
  const step = stepAt(run.procedure.steps, pending?.index);
  if (!pending || !step) return fail("There is no step waiting for its reviews.");
  const model = await session.context.modelFor(step);
  session.emit({ type: "step-started", step: step.index, steps: run.state.steps.length, title: step.title, revision: pending.revision, worker: "model", model });
  const resumed = `Step ${step.index} "${step.title}": its answer was kept but a process that stopped did not finish its reviews; the reviewers run again on it (the step is not run again).`;
  return finishReview(session, model, signal, undefined, undefined, [resumed]);
}

async function stepFailed(session: RunSession, step: Step, writer: StreamWriter, mainPath: string, error: unknown, model: string): Promise<Result<StepExecution>> {
  const { ports, run } = session;
  const modelError = error instanceof ModelError ? error : null;
  const partial = modelError?.partialText && modelError.partialText.length >= writer.streamed.length ? modelError.partialText : writer.streamed;
  let mainText = partial;
  let divertedText: string | undefined;
  try {
    const outcome = await writer.finish(partial);
    divertedText = outcome.divertedText;
    if (outcome.divertedPath) mainText = bodyOf((await ports.vault.read(mainPath)) ?? "");
  } catch {
    // The note could not take the partial text; the state below still keeps it in memory and the log says so.
  }
  const reason = modelError ? modelError.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  const message = `Step ${step.index} "${step.title}" stopped: ${reason} The partial text (${partial.length} characters) is kept; resume the run to run the step again.`;
  // The endpoint's words go into the run log as text: no link, embed or tag of its making.
  const logged = `Step ${step.index} "${step.title}" stopped: ${inertInLog(reason)} The partial text (${partial.length} characters) is kept; resume the run to run the step again.`;
  // What the failed call still used counts towards the run's tokens, cost and budget.
  const used = modelError?.usage;
  let usage: Map<number, StepUsage> | undefined;
  if (used && used.promptTokens + used.completionTokens > 0) {
    const cost = ports.price ? ports.price(used, model) : 0;
    run.tokensIn += used.promptTokens;
    run.tokensOut += used.completionTokens;
    run.cost = addCost(run.cost, cost);
    usage = new Map([[step.index, { model, tokensIn: used.promptTokens, tokensOut: used.completionTokens, cost }]]);
  }
  const failed = await session.transition({ type: "step-failed", partialText: mainText, message: reason, divertedText }, [usage ? `${logged}${totalsSuffix(run)}` : logged], usage);
  session.emit({ type: "error", step: step.index, message });
  return failed.ok ? ok({ fault: modelError?.kind ?? "server" }) : failed;
}
