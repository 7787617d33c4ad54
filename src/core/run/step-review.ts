// The engine's side of reviews: after a model step that names `review::` roles, they run and may stop an auto run.
import type { ChatMessage } from "../ports";
import type { Step } from "../sop/types";
import type { EnginePorts, RunEvent } from "./engine-types";
import type { RunRecord } from "./run-record";
import { noteName } from "../notes/names";
import { countBySeverity, needsGate } from "../review/gate-rule";
import { ReviewService } from "../review/review-service";
import { reviewerNames } from "../review/review-target";
import { addCost } from "../notes/money";
import { totalsSuffix } from "./run-totals";
import { inertInLog } from "../notes/untrusted-text";

export interface StepReviewOutcome {
  /** True when an open high-severity finding must stop an auto run at this step's gate. */
  gate: boolean;
  /** Lines for the run log: one per reviewer, and why the run stops when it does. */
  log: string[];
}

/** Whether the step declares reviewers at all: a step without them costs nothing more. */
export function hasReviewers(step: Step): boolean {
  return reviewerNames(step.fields.review).length > 0;
}

/**
 * Runs the step's reviewers on its waypoint; a reviewer that fails is tried once more, then the review counts as
 * failed: logged as "review failed" and the step's gate stays closed (never approved unreviewed).
 * Their tokens and cost are added to the run's totals.
 */
export async function reviewStep(
  ports: EnginePorts,
  run: RunRecord,
  step: Step,
  waypointPath: string,
  model: string,
  emit: (event: RunEvent) => void,
  signal?: AbortSignal,
  /** The step's messages as sent and the notes they carry: the reviewers' requests branch from them. */
  branch?: { messages: readonly ChatMessage[]; notes: readonly string[] },
): Promise<StepReviewOutcome> {
  const service = new ReviewService({ ...ports, settings: { roleTag: ports.settings.roleTag, defaultModel: model } });
  const options = { step: { step, sopTitle: run.procedure.title, sopPath: run.sopPath, projectPath: run.projectPath }, ...(signal !== undefined ? { signal } : {}), ...(branch !== undefined ? { branch } : {}) };
  const reviewed = await service.review(waypointPath, reviewerNames(step.fields.review), options);
  if (!reviewed.ok) {
    emit({ type: "review", step: step.index, reviewer: step.fields.review ?? "", findings: { high: 0, medium: 0, low: 0 }, error: reviewed.error });
    return { gate: true, log: [`Step ${step.index}: review failed, the reviewers could not run: ${inertInLog(reviewed.error)} The step waits for the person.`] };
  }
  // A reviewer whose call failed or whose answer could not be read gets one more try; a second failure is a failed review.
  const views = reviewed.value;
  const failedNames = views.filter((view) => view.error !== undefined && view.findings.length === 0).map((view) => view.reviewer);
  if (failedNames.length > 0 && !signal?.aborted) {
    const again = await service.review(waypointPath, failedNames, options);
    if (again.ok) for (const view of again.value) views[views.findIndex((v) => v.reviewer === view.reviewer)] = view;
  }
  const log: string[] = [];
  let highOpen = 0;
  let failed = 0;
  for (const view of views) {
    const findings = view.findings.map((anchored) => anchored.finding);
    const counts = countBySeverity(findings);
    if (view.usage) {
      run.tokensIn += view.usage.promptTokens;
      run.tokensOut += view.usage.completionTokens;
      run.cost = addCost(run.cost, ports.price ? ports.price(view.usage, view.usage.model) : 0);
    }
    if (needsGate(findings)) highOpen += countBySeverity(findings, { openOnly: true }).high;
    emit({ type: "review", step: step.index, reviewer: view.reviewer, findings: counts, ...(view.error !== undefined ? { error: view.error } : {}) });
    const note = view.path ? ` (${ports.vault.link(view.path, run.runPath, noteName(view.path))})` : "";
    if (view.error !== undefined && findings.length === 0) {
      failed++;
      log.push(`Step ${step.index}: review failed: ${inertInLog(view.error.includes(view.reviewer) ? view.error : `${view.reviewer}: ${view.error}`)}${note}`);
    }
    else log.push(`Step ${step.index} reviewed by ${view.reviewer}: ${counts.high} high, ${counts.medium} medium, ${counts.low} low${note}.`);
  }
  // The reviewers' tokens are in the run's totals from here: the last reviewer line says so (run-totals.ts).
  if (views.some((view) => view.usage) && log.length > 0) log[log.length - 1] += totalsSuffix(run);
  if (failed > 0) log.push(`Step ${step.index} waits for the person: ${failed === 1 ? "a review" : `${failed} reviews`} failed, so the step was not checked.`);
  const gate = failed > 0 || (run.state.mode === "auto" && highOpen > 0);
  if (run.state.mode === "auto" && highOpen > 0) log.push(`Step ${step.index} waits for the person: the reviewers left ${highOpen} high-severity finding${highOpen === 1 ? "" : "s"} open.`);
  return { gate, log };
}
