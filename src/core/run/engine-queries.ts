// The engine's read-only queries: the run list, a step's prompt preview and a run's outcome; nothing here writes.
import type { AdvanceOutcome, EnginePorts, PromptPreview, RunSummary, StartOptions } from "./engine-types";
import type { RunRecord } from "./run-record";
import { currentStep, currentStepIndex } from "./state-machine";
import { loadRun } from "./load-run";
import { planRun } from "./start-run";
import { RunSession } from "./run-session";
import { RUN_TAG, runStatusOf } from "./run-note";
import { liveness } from "./run-lock";
import { isOverdue } from "./step-deadlines";
import { dueOf, ownerOf } from "./step-owner";
import { propertiesOf, tagsOf } from "../notes/frontmatter";
import { fail, ok, type Result } from "../notes/result";
import { linkTarget } from "../notes/links";
import type { ProcedureCache } from "../sop/load-procedure";
import { findRole, reviewerNames } from "../review/review-target";

/** Run notes under `folder`, as `status --json` lists them. */
export async function listRuns(ports: EnginePorts, procedures: ProcedureCache, folder: string): Promise<Result<RunSummary[]>> {
  const summaries: RunSummary[] = [];
  for (const path of await ports.vault.list(folder)) {
    const text = await ports.vault.read(path);
    const properties = text === null ? {} : propertiesOf(text, ports.yaml);
    if (!tagsOf(properties).includes(RUN_TAG)) continue;
    const sopLink = linkTarget(properties.sop);
    const status = runStatusOf(properties) ?? "planned";
    const due = typeof properties.due === "string" ? properties.due : "";
    // A running run's note may be up to a second behind its waypoints (or more, if its process died): its step
    // is read from the waypoints.
    const live = status === "running" ? await loadRun(ports.vault, ports.yaml, path, ports.model !== null, procedures) : null;
    summaries.push({
      run: path,
      sop: ports.vault.resolveLink(sopLink, path) ?? sopLink,
      status,
      step: live?.ok ? currentStepIndex(live.value.state) : Number(properties.current_step) || 0,
      steps: Number(properties.steps_total) || 0,
      ...(status === "running" && ports.locks && (await liveness(ports.locks, ports.clock, path)) !== "held" ? { interrupted: true } : {}),
      started: typeof properties.started === "string" ? properties.started : "",
      owner: typeof properties.owner === "string" ? properties.owner : "",
      due,
      overdue: isOverdue(status, due, ports.clock.now()),
    });
  }
  return ok(summaries);
}

/** The exact prompt a step of a run (or of a run `start` would create, nothing written) would send. */
export async function previewStep(ports: EnginePorts, procedures: ProcedureCache, target: string | StartOptions, stepIndex?: number): Promise<Result<PromptPreview>> {
  const loaded = typeof target === "string" ? await loadRun(ports.vault, ports.yaml, target, ports.model !== null, procedures) : await transientRun(ports, procedures, target);
  if (!loaded.ok) return loaded;
  const run = loaded.value;
  const index = stepIndex ?? currentStepIndex(run.state);
  const step = run.procedure.steps.find((s) => s.index === index);
  if (!step) return fail(`The SOP has no step ${index}; it has steps 1 to ${run.procedure.steps.length}.`);
  const session = new RunSession(ports, run);
  const state = run.state.steps.find((s) => s.index === index);
  const human = ports.model === null || state?.human === true;
  const prompt = await session.context.prompt(step);
  return ok({ ...prompt, step: index, title: step.title, model: human ? null : await session.context.modelFor(step) });
}

/**
 * The models a run (or a run `start` would create, nothing written) will still ask: each step left to a model, by the
 * step's `model::`, its role's, the SOP's or the run's model, and each of its `review::` reviewers' models. A budget
 * can only stop a run whose every one of these has a price.
 */
export async function modelsToRun(ports: EnginePorts, procedures: ProcedureCache, target: string | StartOptions): Promise<Result<string[]>> {
  if (ports.model === null) return ok([]);
  const loaded = typeof target === "string" ? await loadRun(ports.vault, ports.yaml, target, true, procedures) : await transientRun(ports, procedures, target);
  if (!loaded.ok) return loaded;
  const run = loaded.value;
  const session = new RunSession(ports, run);
  const models = new Set<string>();
  for (const step of run.procedure.steps) {
    const state = run.state.steps.find((s) => s.index === step.index);
    if (state?.status === "approved" || state?.status === "skipped") continue;
    if (state?.human !== true) models.add(await session.context.modelFor(step));
    for (const name of reviewerNames(step.fields.review)) {
      // As the review service picks it: the role note's model, else the default one (a role not found asks nothing).
      const role = await findRole(ports.vault, ports.yaml, ports.settings.roleTag, name, run.sopPath);
      if (role) models.add(role.model || ports.settings.defaultModel);
    }
  }
  return ok([...models]);
}

/** A run as `start` would create it, without writing anything: for previews before a run exists. */
async function transientRun(ports: EnginePorts, procedures: ProcedureCache, options: StartOptions): Promise<Result<RunRecord>> {
  const planned = await planRun(ports, options, procedures);
  return planned.ok ? ok(planned.value.run) : planned;
}

/** The gate a run waits at (or would wait at): its step, title and waypoint. */
export function gateOf(run: RunRecord): { step: number; title: string; waypointPath: string; human?: boolean } {
  const step = currentStep(run.state);
  const index = step?.index ?? currentStepIndex(run.state);
  return { step: index, title: step?.title ?? "", waypointPath: run.waypointPaths.get(index) ?? "", ...(step?.human ? { human: true } : {}) };
}

/** What every engine action reports: where the run stands after it. */
export function outcomeOf(run: RunRecord, now: Date): AdvanceOutcome {
  const step = currentStepIndex(run.state);
  const due = dueOf(run, step);
  return {
    run: run.runPath,
    sop: run.sopPath,
    status: run.state.status,
    step,
    steps: run.state.steps.length,
    started: run.started,
    owner: ownerOf(run, step),
    due,
    overdue: isOverdue(run.state.status, due, now),
    gate: run.state.status === "awaiting-review" ? gateOf(run) : null,
    error: run.state.error,
  };
}
