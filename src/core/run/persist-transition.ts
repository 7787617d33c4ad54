// Writes one state transition to the run's notes, kept revisions first, then waypoints, then the run note.
import type { VaultPort, YamlCodec } from "../ports";
import type { RunState, StepState } from "./run-types";
import type { RunRecord, StepUsage } from "./run-record";
import { appendLog, mapNodeLine, replaceRunMap, replaceStepList, runMap, runProperties, stepLine, stepList, updateRunBody } from "./run-note";
import { splitFrontmatter, bodyOf, withBody } from "../notes/frontmatter";
import { archivedProperties, createOrReuse, noteText, waypointProperties } from "./waypoint-note";
import { revisionPath } from "./note-names";

export interface TransitionWrite {
  /** Lines for the run log, already worded for a person. */
  log: string[];
  /** Model and tokens to record on a step's waypoint (at step start and finish). */
  usage?: Map<number, StepUsage>;
}

/** A step has a waypoint note once it has run or been skipped or made stale; a never-run pending step has none. */
export function hasWaypoint(step: StepState): boolean {
  return step.status !== "pending" || step.revision > 0;
}

/**
 * Persists `run.state` (already the new state) given the state before the action. Order matters for crash safety:
 * a kept revision exists before the current waypoint is reset, and the waypoint before the run note says so.
 */
export async function persistTransition(vault: VaultPort, yaml: YamlCodec, run: RunRecord, before: RunState, write: TransitionWrite): Promise<void> {
  const changedLines = new Map<number, string>();
  // The map's node for a step changes exactly when its list line does, and rides on the same write.
  const changedNodes = new Map<number, string>();
  for (let i = 0; i < run.state.steps.length; i++) {
    const step = run.state.steps[i];
    const prior = before.steps[i];
    const usage = write.usage?.get(step.index) ?? null;
    if (step === prior && !usage) continue;
    // A step starting to stream is not listed: the waypoint and run_status already say so, and one whole-note write
    // fewer per step keeps long runs fast; the line changes when the step reaches its gate or is approved.
    const relisted = step.status !== prior.status || step.revision !== prior.revision || step.skipReason !== prior.skipReason;
    if (relisted && step.status !== "streaming") {
      changedLines.set(step.index, stepLine(step, run, vault));
      changedNodes.set(step.index, mapNodeLine(step));
    }
    await writeStep(vault, yaml, run, prior, step, usage);
  }
  const properties = runProperties(run, vault);
  const serialised = JSON.stringify(properties);
  if (serialised !== run.writtenRunProperties) {
    await vault.processFrontMatter(run.runPath, (current) => Object.assign(current, properties));
    run.writtenRunProperties = serialised;
  }
  if (changedLines.size > 0 || write.log.length > 0) {
    await vault.process(run.runPath, (text) => {
      const { yaml: block, body } = splitFrontmatter(text);
      const next =
        updateRunBody(body, changedLines, write.log, changedNodes) ??
        appendLog(changedLines.size === 0 ? body : replaceRunMap(replaceStepList(body, stepList(run, vault)), runMap(run)), write.log);
      return next === body ? text : block === null ? next : `---\n${block}---\n${next}`;
    });
  }
}

async function writeStep(vault: VaultPort, yaml: YamlCodec, run: RunRecord, prior: StepState, step: StepState, usage: StepUsage | null): Promise<void> {
  const mainPath = run.waypointPaths.get(step.index) as string;
  for (const kept of step.archived.slice(prior.archived.length)) {
    const suffix = kept.diverted ? "model" : "";
    const wanted = revisionPath(mainPath, kept.revision, suffix);
    const content = noteText(yaml, archivedProperties(run, step, kept, vault, wanted, mainPath), kept.text);
    await createOrReuse(vault, wanted, content, (n) => revisionPath(mainPath, kept.revision, `${suffix} ${n}`.trim()));
  }
  if (!hasWaypoint(step)) return;
  const existing = await vault.read(mainPath);
  if (existing === null) {
    await vault.create(mainPath, noteText(yaml, waypointProperties(run, step, vault, mainPath, usage), step.text));
    return;
  }
  await vault.processFrontMatter(mainPath, (properties) => {
    properties.waypoint_status = step.status;
    properties.revision = step.revision;
    setOrDelete(properties, "feedback", step.feedback);
    setOrDelete(properties, "skip_reason", step.skipReason);
    if (step.truncated) properties.truncated = true;
    else delete properties.truncated;
    if (usage) Object.assign(properties, { model: usage.model, tokens_in: usage.tokensIn, tokens_out: usage.tokensOut, cost: usage.cost });
  });
  if (step.text !== prior.text && bodyOf(existing) !== step.text) {
    await vault.process(mainPath, (text) => (bodyOf(text) === step.text ? text : withBody(text, step.text)));
  }
}

function setOrDelete(properties: Record<string, unknown>, key: string, value: string | null): void {
  if (value) properties[key] = value;
  else delete properties[key];
}
