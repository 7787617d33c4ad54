// The run note's text: its flat properties, the cue, the step list with links and statuses, the map, and the log
// (embedded from the run's log note, which is only ever appended to).
import type { VaultPort } from "../ports";
import { renderRunMap } from "./run-map";
import { RUN_STATUSES, type RunStatus, type StepState } from "./run-types";
import type { RunRecord } from "./run-record";
import { currentStepIndex } from "./state-machine";
import { noteName } from "../notes/names";
import { propertyLink } from "../notes/links";
import { inputProperty } from "../sop/inputs";
import { ownerOf, dueOf } from "./step-owner";
import { logNotePath } from "./note-names";

export const RUN_TAG = "sop-run";
const STEPS_HEADING = "## Steps";
const LOG_HEADING = "## Log";
const CUE_HEADING = "## Cue";
const MAP_HEADING = "## Map";

/**
 * The run's status as its note's `run_status` property says (from note text or a metadata-cache frontmatter
 * object); null when the property is missing or not one of the statuses. The one reader of `run_status`.
 */
export function runStatusOf(properties: Record<string, unknown> | null | undefined): RunStatus | null {
  const value = properties?.run_status;
  return typeof value === "string" && (RUN_STATUSES as readonly string[]).includes(value) ? (value as RunStatus) : null;
}

/** The run note's properties, exactly the flat set other tools (Dataview, Bases, the CLI) read. */
export function runProperties(run: RunRecord, vault: VaultPort): Record<string, unknown> {
  const current = currentStepIndex(run.state);
  const properties: Record<string, unknown> = {
    sop: propertyLink(vault, run.sopPath, run.runPath, noteName(run.sopPath)),
    sop_version: run.sopVersion,
    // The procedure this run runs, kept when the SOP is later pinned to another ("" : the rules' choice).
    sop_procedure: run.procedure.pin ?? "",
    project: run.projectPath ? propertyLink(vault, run.projectPath, run.runPath, noteName(run.projectPath)) : "",
    run_status: run.state.status,
    current_step: current,
    steps_total: run.state.steps.length,
    mode: run.mode,
    model: run.model,
    tokens_in: run.tokensIn,
    tokens_out: run.tokensOut,
    cost: run.cost,
    started: run.started,
    finished: run.finished,
    // The current step's owner and deadline, so Bases and Dataview can list who a run waits for and what is late.
    owner: ownerOf(run, current),
    due: dueOf(run, current),
    tags: [RUN_TAG],
  };
  for (const [name, value] of Object.entries(run.inputs)) properties[inputProperty(name)] = value;
  return properties;
}

export function runNoteBody(run: RunRecord, vault: VaultPort, projectTitle: string | null): string {
  return [
    `# ${run.procedure.title} — ${projectTitle ?? "no project"}`,
    "",
    CUE_HEADING,
    "",
    run.cue.trim() || "(no cue)",
    "",
    STEPS_HEADING,
    "",
    stepList(run, vault),
    "",
    MAP_HEADING,
    "",
    runMap(run),
    "",
    LOG_HEADING,
    "",
    logEmbed(run.runPath, vault),
    "",
  ].join("\n");
}

/**
 * The run note's view of its log: an embed of the log note, so the note shows every event while a step rewrites
 * only its short note (the log grows with the run; appending to a note of its own never copies it).
 */
export function logEmbed(runPath: string, vault: VaultPort): string {
  return `!${vault.link(logNotePath(runPath), runPath)}`;
}

/** The log note's lines for these events. */
export function logLines(lines: readonly string[]): string {
  return lines.map((line) => `- ${line}\n`).join("");
}

/**
 * The body with the log's embed under its Log heading (added at the end when the note has no Log section): for a run
 * note written before logs had notes of their own, whose earlier lines stay where they are, under the embed.
 */
export function withLogEmbed(body: string, embed: string): string {
  if (body.includes(embed)) return body;
  const at = findHeading(body, LOG_HEADING);
  if (at === -1) return `${trimNewlines(body)}\n\n${LOG_HEADING}\n\n${embed}\n`;
  const after = at + LOG_HEADING.length;
  const rest = body.slice(after).replace(/^\n*/, "");
  return `${body.slice(0, after)}\n\n${embed}\n${rest ? "\n" + rest : ""}`;
}

/** One line per step: a checkbox (ticked when settled), the number, a link to its waypoint once it exists, the status. */
export function stepList(run: RunRecord, vault: VaultPort): string {
  return run.state.steps.map((step) => stepLine(step, run, vault)).join("\n");
}

export function stepLine(step: StepState, run: RunRecord, vault: VaultPort): string {
  const path = run.waypointPaths.get(step.index);
  const exists = step.status !== "pending" || step.revision > 0;
  const label = path && exists ? vault.link(path, run.runPath, step.title) : step.title;
  const box = step.status === "approved" || step.status === "skipped" ? "x" : " ";
  const detail = step.status === "skipped" && step.skipReason ? `skipped (${oneLine(step.skipReason)})` : step.status;
  const revision = step.revision > 1 ? `, revision ${step.revision}` : "";
  return `- [${box}] ${step.index}. ${label} — ${detail}${revision}`;
}

/** The Mermaid flowchart of the run's steps: status and how many revisions each has had so far. */
export function runMap(run: RunRecord): string {
  return renderRunMap(run.state.steps.map(mapStep));
}

/** One step's node line in the map (`  s3["3. Title<br/>approved · 1 revision"]:::approved`), to rewrite it in place. */
export function mapNodeLine(step: StepState): string {
  // The second line of a one-step map is its node: renderRunMap stays the one place that knows the syntax.
  return renderRunMap([mapStep(step)]).split("\n")[2];
}

function mapStep(step: StepState): { index: number; title: string; status: string; revisions: number } {
  return { index: step.index, title: step.title, status: step.status, revisions: step.revision };
}

/**
 * Rewrites only the Map section, or adds it before the Log (at the end when there is no Log) when the person
 * removed it or the note predates maps.
 */
export function replaceRunMap(body: string, map: string): string {
  const start = findHeading(body, MAP_HEADING);
  if (start === -1) {
    const log = findHeading(body, LOG_HEADING);
    const section = `${MAP_HEADING}\n\n${map}\n\n`;
    return log === -1 ? `${trimNewlines(body)}\n\n${section}` : body.slice(0, log) + section + body.slice(log);
  }
  const contentStart = start + MAP_HEADING.length;
  const end = sectionEnd(body, contentStart);
  const tail = body.slice(end);
  return `${body.slice(0, contentStart)}\n\n${map}\n${tail ? "\n" + tail : ""}`;
}

/** Where the section whose content starts at `from` ends: the next level 1 or 2 heading outside the map's code fence. */
function sectionEnd(body: string, from: number): number {
  let at = from;
  let fenced = false;
  while (at < body.length) {
    const next = body.indexOf("\n", at);
    const lineStart = next === -1 ? body.length : next + 1;
    if (lineStart >= body.length) return body.length;
    const lineEnd = body.indexOf("\n", lineStart);
    const line = body.slice(lineStart, lineEnd === -1 ? body.length : lineEnd);
    if (line.startsWith("```")) fenced = !fenced;
    else if (!fenced && /^#{1,2} /.test(line)) return lineStart;
    at = lineStart;
  }
  return body.length;
}

/** Rewrites only the step list section; everything else in the note (the person's notes included) stays as it is. */
export function replaceStepList(body: string, list: string): string {
  const start = findHeading(body, STEPS_HEADING);
  if (start === -1) {
    const log = findHeading(body, LOG_HEADING);
    const section = `${STEPS_HEADING}\n\n${list}\n\n`;
    return log === -1 ? `${body.replace(/\n*$/, "\n\n")}${section}` : body.slice(0, log) + section + body.slice(log);
  }
  const contentStart = start + STEPS_HEADING.length;
  const nextHeading = body.slice(contentStart).search(/\n#{1,2} /);
  const end = nextHeading === -1 ? body.length : contentStart + nextHeading + 1;
  const tail = body.slice(end);
  return `${body.slice(0, contentStart)}\n\n${list}\n${tail ? "\n" + tail : ""}`;
}

/**
 * Replaces the lines of the given steps (in the list, and their nodes in the map) in place, leaving the rest of the
 * note as it is; null when a step's line is not where it should be (the person reworded the list) or the Log is not
 * the last section, and the caller takes the slower general path. A step's line is the first one after the Steps
 * heading that starts `- [ ] 3. ` or `- [x] 3. `, its node the first one after the Map heading that starts `  s3["`,
 * both before the Log. One walk over the note's lines finds them all, however many steps changed since the last
 * write (a run going on by itself writes its note once a second, with every step settled since), and the result is
 * built from slices of the note, so a step costs the same however long the run note has grown.
 */
export function updateRunBody(body: string, lines: Map<number, string>, mapNodes: Map<number, string> = new Map()): string | null {
  const stepsAt = findHeading(body, STEPS_HEADING);
  const logAt = findHeading(body, LOG_HEADING);
  if (stepsAt === -1 || logAt === -1 || logAt < stepsAt || body.indexOf("\n## ", logAt + 1) !== -1) return null;
  let mapAt = -1;
  if (mapNodes.size > 0) {
    mapAt = findHeading(body, MAP_HEADING);
    if (mapAt === -1 || mapAt > logAt) return null;
  }
  // By the step number as the line writes it, so that "03." is not step 3 (as a search for "3. " would not find it).
  const stepWanted = new Map<string, string>();
  for (const [index, line] of lines) stepWanted.set(String(index), line);
  const nodeWanted = new Map<string, string>();
  for (const [index, line] of mapNodes) nodeWanted.set(String(index), line);
  const cuts: { at: number; end: number; line: string }[] = [];
  // `at` is always a line break: the line after it starts at at + 1.
  let at = body.indexOf("\n", mapAt === -1 ? stepsAt : Math.min(stepsAt, mapAt));
  while (at !== -1 && at < logAt && stepWanted.size + nodeWanted.size > 0) {
    const start = at + 1;
    const end = body.indexOf("\n", start);
    if (stepWanted.size > 0 && start > stepsAt && isStepLineStart(body, start)) {
      const number = digitsAt(body, start + 6);
      const line = stepWanted.get(number);
      if (line !== undefined && body.startsWith(". ", start + 6 + number.length)) {
        cuts.push({ at: start, end, line });
        stepWanted.delete(number);
      }
    } else if (nodeWanted.size > 0 && start > mapAt && mapAt !== -1 && body.startsWith("  s", start)) {
      const number = digitsAt(body, start + 3);
      const line = nodeWanted.get(number);
      if (line !== undefined && body.startsWith('["', start + 3 + number.length)) {
        cuts.push({ at: start, end, line });
        nodeWanted.delete(number);
      }
    }
    at = end;
  }
  if (stepWanted.size + nodeWanted.size > 0) return null;
  cuts.sort((a, b) => a.at - b.at);
  let end = body.length;
  while (end > 0 && body.charCodeAt(end - 1) === 10) end--;
  let out = "";
  let from = 0;
  for (const cut of cuts) {
    out += body.slice(from, cut.at) + cut.line;
    from = cut.end;
  }
  return out + body.slice(from, end) + "\n";
}

/** Whether a step line (`- [ ] ` or `- [x] `) starts at `at`. */
function isStepLineStart(body: string, at: number): boolean {
  const box = body.charCodeAt(at + 3);
  return body.startsWith("- [", at) && (box === 32 || box === 120) && body.startsWith("] ", at + 4);
}

/** The run of ASCII digits starting at `at` ("" when there is none). */
function digitsAt(body: string, at: number): string {
  let end = at;
  while (end < body.length) {
    const code = body.charCodeAt(end);
    if (code < 48 || code > 57) break;
    end++;
  }
  return body.slice(at, end);
}

/** Drops trailing newlines without a regex (a `\n*$` scan is slow on a long run note). */
function trimNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** The cue as the person left it in the note (they may edit it between steps). */
export function readCue(body: string): string {
  const start = findHeading(body, CUE_HEADING);
  if (start === -1) return "";
  const rest = body.slice(start + CUE_HEADING.length);
  const end = rest.search(/\n#{1,2} /);
  const cue = (end === -1 ? rest : rest.slice(0, end)).trim();
  return cue === "(no cue)" ? "" : cue;
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ⏎ ").trim();
}

function findHeading(body: string, heading: string): number {
  if (body.startsWith(heading + "\n")) return 0;
  const at = body.indexOf(`\n${heading}\n`);
  return at === -1 ? -1 : at + 1;
}
