// Writes state transitions to the run's notes: kept revisions first, then waypoints, then (coalesced) the run note.
import type { VaultPort, YamlCodec } from "../ports";
import type { RunState, StepState } from "./run-types";
import type { RunRecord, StepUsage } from "./run-record";
import { logEmbed, logLines, mapNodeLine, replaceRunMap, replaceStepList, runMap, runProperties, stepLine, stepList, updateRunBody, withLogEmbed } from "./run-note";
import { splitFrontmatter, bodyOf, withBody } from "../notes/frontmatter";
import { archivedProperties, createOrReuse, noteText, waypointProperties } from "./waypoint-note";
import { logNotePath, revisionPath } from "./note-names";
import { stepAt } from "./state-machine";

/** A step has a waypoint note once it has run or been skipped or made stale; a never-run pending step has none. */
export function hasWaypoint(step: StepState): boolean {
  return step.status !== "pending" || step.revision > 0;
}

/**
 * Writes the waypoints of a transition (`run.state` is already the new state, `before` the one it replaced) and
 * returns the steps whose line in the run note changed. Order matters for crash safety: a kept revision exists before
 * the current waypoint is reset, and the waypoints before the run note says so (the run note is written after them,
 * by RunNoteWriter).
 */
export async function persistWaypoints(vault: VaultPort, yaml: YamlCodec, run: RunRecord, before: RunState, usageByStep?: Map<number, StepUsage>): Promise<number[]> {
  const relistedSteps: number[] = [];
  for (const i of changedPositions(run.state.steps, before.steps, usageByStep)) {
    const step = run.state.steps[i];
    const prior = before.steps[i];
    const usage = usageByStep?.get(step.index) ?? null;
    // A step starting to stream is not listed: the waypoint and run_status already say so, and one whole-note write
    // fewer per step keeps long runs fast; the line changes when the step reaches its gate or is approved.
    const relisted = step.status !== prior.status || step.revision !== prior.revision || step.skipReason !== prior.skipReason;
    if (relisted && step.status !== "streaming") relistedSteps.push(step.index);
    await writeStep(vault, yaml, run, prior, step, usage);
  }
  return relistedSteps;
}

/**
 * Where the steps a transition changed or gave usage to are, in order. Each step is compared once, by identity (a
 * transition replaces the states it changes), and nothing is looked up per step: a transition of a long run changes
 * one or two of its steps.
 */
function changedPositions(steps: readonly StepState[], before: readonly StepState[], usageByStep: Map<number, StepUsage> | undefined): number[] {
  const usageAt: number[] = [];
  for (const index of usageByStep?.keys() ?? []) {
    const state = stepAt(steps, index);
    if (state) usageAt.push(steps[index - 1] === state ? index - 1 : steps.indexOf(state));
  }
  usageAt.sort((a, b) => a - b);
  const changed: number[] = [];
  let next = 0;
  for (let i = 0; i < steps.length; i++) {
    while (next < usageAt.length && usageAt[next] < i) next++;
    if (steps[i] !== before[i] || usageAt[next] === i) changed.push(i);
  }
  return changed;
}

/**
 * The run note's share of the transitions, written together: its properties and the changed step lines and map
 * nodes. While a run goes on by itself the note is written at most once per `intervalMs` (a long automatic run would
 * otherwise rewrite its ever longer note at every step); whenever the run stops or waits, and at the end of every
 * engine call, it is written at once. The waypoints are the state: a process killed in between leaves the note
 * behind them, and loading the run reconciles its status. Log lines go at once to the run's log note, appended.
 */
export class RunNoteWriter {
  private readonly steps = new Set<number>();
  /** Rewrites the whole list and map at the next write: a process that died may have left them behind. */
  private whole: boolean;
  private lastWrite = Number.NEGATIVE_INFINITY;
  /** Whether this writer has seen the log note exist (else it looks, and creates it when missing). */
  private logFound = false;
  /** The run note may lack the embed of a log note this writer created (a run note written before logs had notes). */
  private embedLog = false;

  constructor(
    private readonly vault: VaultPort,
    private readonly run: RunRecord,
    private readonly now: () => number,
    private readonly intervalMs: number,
  ) {
    this.whole = run.noteBehind === true;
  }

  /**
   * Records what a transition changed. Its log lines are written at once, appended to the log note (a few bytes,
   * however long the log has grown, and a killed process loses none of them); the rest waits for `flush`.
   */
  async add(steps: readonly number[], log: readonly string[]): Promise<void> {
    for (const index of steps) this.steps.add(index);
    if (log.length === 0) return;
    const path = logNotePath(this.run.runPath);
    if (this.logFound || (await this.vault.exists(path))) {
      await this.vault.append(path, logLines(log));
    } else {
      await this.vault.create(path, logLines(log));
      this.embedLog = true;
    }
    this.logFound = true;
  }

  /** Writes what is pending: at once with `force`, else only when the interval has passed since the last write. */
  async flush(force: boolean): Promise<void> {
    if (!force && this.now() - this.lastWrite < this.intervalMs) return;
    const { run, vault } = this;
    const properties = runProperties(run, vault);
    const serialised = JSON.stringify(properties);
    if (serialised !== run.writtenRunProperties) {
      await vault.processFrontMatter(run.runPath, (current) => Object.assign(current, properties));
      run.writtenRunProperties = serialised;
      this.lastWrite = this.now();
    }
    if (this.steps.size === 0 && !this.embedLog) return;
    const lines = new Map<number, string>();
    const nodes = new Map<number, string>();
    const steps = run.state.steps;
    for (const index of this.steps) {
      const step = stepAt(steps, index);
      if (!step) continue;
      lines.set(index, stepLine(step, run, vault));
      nodes.set(index, mapNodeLine(step));
    }
    const whole = this.whole;
    const embed = this.embedLog ? logEmbed(run.runPath, vault) : null;
    await vault.process(run.runPath, (text) => {
      const { yaml: block, body } = splitFrontmatter(text);
      const quick = whole || lines.size === 0 ? null : updateRunBody(body, lines, nodes);
      const updated = quick ?? (lines.size === 0 && !whole ? body : replaceRunMap(replaceStepList(body, stepList(run, vault)), runMap(run)));
      const next = embed === null ? updated : withLogEmbed(updated, embed);
      return next === body ? text : block === null ? next : `---\n${block}---\n${next}`;
    });
    this.steps.clear();
    this.embedLog = false;
    this.whole = false;
    this.run.noteBehind = false;
    this.lastWrite = this.now();
  }

  /** After a failed write: everything is written again, whole, at the next flush. */
  reset(): void {
    this.whole = true;
    this.run.writtenRunProperties = null;
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
    if (step.reviewPending) properties.review_pending = true;
    else delete properties.review_pending;
    setOrDelete(properties, "answer_hash", step.reviewPending ? (step.answerHash ?? null) : null);
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
