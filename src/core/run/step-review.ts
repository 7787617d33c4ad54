// The engine's side of reviews: after a model step that names `review::` roles, they run and may stop an auto run.
import type { Step } from "../sop/types";
import type { EnginePorts, RunEvent } from "./engine-types";
import type { RunRecord } from "./run-record";
import { noteName } from "../notes/names";
import { countBySeverity, needsGate } from "../review/gate-rule";
import { ReviewService } from "../review/review-service";
import { reviewerNames } from "../review/review-target";

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
 * Runs the step's reviewers on its waypoint; a reviewer that fails is logged and never fails the step.
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
): Promise<StepReviewOutcome> {
  const service = new ReviewService({ ...ports, settings: { roleTag: ports.settings.roleTag, defaultModel: model } });
  const reviewed = await service.review(waypointPath, reviewerNames(step.fields.review), {
    step: { step, sopTitle: run.procedure.title, sopPath: run.sopPath, projectPath: run.projectPath },
    ...(signal !== undefined ? { signal } : {}),
  });
  if (!reviewed.ok) {
    emit({ type: "review", step: step.index, reviewer: step.fields.review ?? "", findings: { high: 0, medium: 0, low: 0 }, error: reviewed.error });
    return { gate: false, log: [`Step ${step.index}: the reviewers could not run: ${reviewed.error}`] };
  }
  const log: string[] = [];
  let highOpen = 0;
  for (const view of reviewed.value) {
    const findings = view.findings.map((anchored) => anchored.finding);
    const counts = countBySeverity(findings);
    if (view.usage) {
      run.tokensIn += view.usage.promptTokens;
      run.tokensOut += view.usage.completionTokens;
      const cost = ports.price ? ports.price(view.usage, view.usage.model) : 0;
      run.cost = Math.round((run.cost + cost) * 1e6) / 1e6;
    }
    if (needsGate(findings)) highOpen += countBySeverity(findings, { openOnly: true }).high;
    emit({ type: "review", step: step.index, reviewer: view.reviewer, findings: counts, ...(view.error !== undefined ? { error: view.error } : {}) });
    const note = view.path ? ` (${ports.vault.link(view.path, run.runPath, noteName(view.path))})` : "";
    if (view.error !== undefined && findings.length === 0) log.push(`Step ${step.index}: ${view.error.includes(view.reviewer) ? view.error : `${view.reviewer}: ${view.error}`}${note}`);
    else log.push(`Step ${step.index} reviewed by ${view.reviewer}: ${counts.high} high, ${counts.medium} medium, ${counts.low} low${note}.`);
  }
  const gate = run.state.mode === "auto" && highOpen > 0;
  if (gate) log.push(`Step ${step.index} waits for the person: the reviewers left ${highOpen} high-severity finding${highOpen === 1 ? "" : "s"} open.`);
  return { gate, log };
}
