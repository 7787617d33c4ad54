// The end of a step with `review::` reviewers: its answer is kept first (review_pending), then the reviewers run and
// the step finishes. A process killed in between resumes here: only the reviewers run again, never the step's model.
import type { ChatMessage } from "../ports";
import type { Step } from "../sop/types";
import type { StepState } from "./run-types";
import type { RunSession } from "./run-session";
import type { StepUsage } from "./run-record";
import { fail, ok, type Result } from "../notes/result";
import { currentStep, needsGate, stepAt } from "./state-machine";
import { reviewStep } from "./step-review";
import { bodyOf, propertiesOf } from "../notes/frontmatter";
import { CachedVault } from "../notes/note-cache";
import { fingerprint } from "../notes/fingerprint";

/** The step's conversation as sent: its reviewers branch from it. */
export interface ReviewBranch {
  messages: readonly ChatMessage[];
  notes: readonly string[];
}

/**
 * Runs the reviewers of the current step, whose answer is kept with `review_pending`, on the waypoint's text as it is
 * now, then finishes the step as if they had just run after its answer: an auto run approves it unless a failed
 * review, an open high finding or another gate rule stops it. The waypoint's text then (a person's edit made meanwhile
 * included, which also stops an auto run at the gate) is the step's text. `usage` is the answer's, when known.
 */
export async function finishReview(session: RunSession, model: string, signal?: AbortSignal, branch?: ReviewBranch, usage?: StepUsage, before: string[] = []): Promise<Result<void>> {
  const { ports, run } = session;
  const state = currentStep(run.state);
  const step = stepAt(run.procedure.steps, state?.index);
  if (!state || !step || state.status !== "streaming" || !state.reviewPending) return fail("There is no step waiting for its reviews.");
  const mainPath = run.waypointPaths.get(step.index) as string;
  const answered = state.text;
  const review = await reviewStep(ports, run, step, mainPath, model, session.emit, signal, branch ?? (await session.context.conversation(step).then((c) => ({ messages: c.stepPrompt, notes: c.notes() }))));
  const log = [...before, ...review.log];
  const read = ports.vault instanceof CachedVault ? await ports.vault.fresh(mainPath) : await ports.vault.read(mainPath);
  const text = read === null ? answered : bodyOf(read);
  const edited = text !== answered;
  // A resumed run: the text the reviewers read is not the answer that was kept (edited while no process ran).
  const editedBefore = state.answerHash !== undefined && fingerprint(answered) !== state.answerHash;
  const gate = review.gate || edited || editedBefore || text.trim() === "";
  if (gate) run.state = { ...run.state, steps: run.state.steps.map((s) => (s.index === step.index ? { ...s, gateReview: true } : s)) };
  if (edited) log.push(`Step ${step.index}: the person edited the waypoint while the reviewers ran; their text stays and waits for them at the gate.`);
  else if (editedBefore) log.push(`Step ${step.index}: the waypoint was edited after its answer was kept and before the reviewers ran; the edited text stays and waits at the gate.`);
  const settled = currentStep(run.state) as StepState;
  if (!gate && !needsGate(run.state, settled, false)) log.push(`Step ${step.index} approved automatically (auto mode).`);
  const done = await session.transition({ type: "step-finished", text }, log);
  if (!done.ok) return done;
  finished(session, step, mainPath, usage ?? usageOf(read ? propertiesOf(read, ports.yaml) : {}));
  return ok(undefined);
}

/** The answer's usage as its waypoint keeps it (a resumed review did not see the call). */
function usageOf(properties: Record<string, unknown>): StepUsage {
  const cost = properties.cost === null ? null : Number(properties.cost) || 0;
  return { model: typeof properties.model === "string" ? properties.model : "", tokensIn: Number(properties.tokens_in) || 0, tokensOut: Number(properties.tokens_out) || 0, cost };
}

export function finished(session: RunSession, step: Step, waypointPath: string, usage: StepUsage): void {
  const state = stepAt(session.run.state.steps, step.index) as StepState;
  session.emit({ type: "step-finished", step: step.index, status: state.status, chars: state.text.length, tokensIn: usage.tokensIn, tokensOut: usage.tokensOut, cost: usage.cost, waypointPath });
  if (state.status === "awaiting-review") session.emit({ type: "gate", step: step.index, title: step.title, waypointPath });
}
