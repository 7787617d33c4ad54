// Rebuilds a whole run from its notes alone: the run note's properties and cue, the SOP, and every waypoint note.
import type { VaultPort, YamlCodec } from "../ports";
import type { RunMode } from "../sop/types";
import { WAYPOINT_STATUSES, type ArchivedRevision, type RunStatus, type StepState, type WaypointStatus } from "./run-types";
import type { RunRecord } from "./run-record";
import { createRunState, currentStep } from "./state-machine";
import { readCue, RUN_TAG, runProperties, runStatusOf } from "./run-note";
import { WAYPOINT_TAG } from "./waypoint-note";
import { logNotePath, waypointPath } from "./note-names";
import { laterTotals, totalsInLog } from "./run-totals";
import { inputsFromProperties } from "../sop/inputs";
import { applyInputs } from "../sop/apply-inputs";
import { fail, ok, type Result } from "../notes/result";
import { tagsOf } from "../notes/frontmatter";
import { readNote } from "../notes/note-cache";
import { folderOf } from "../notes/names";
import { linkTarget } from "../notes/links";
import { ProcedureCache, loadProcedure, recordedPin, stepRoles } from "../sop/load-procedure";

interface FoundWaypoint {
  path: string;
  properties: Record<string, unknown>;
  body: string;
}

export async function loadRun(vault: VaultPort, yaml: YamlCodec, runPath: string, hasModel: boolean, cache?: ProcedureCache): Promise<Result<RunRecord>> {
  const note = await readNote(vault, yaml, runPath);
  if (note === null) return fail(`The run note "${runPath}" does not exist.`);
  const properties = note.properties;
  if (!tagsOf(properties).includes(RUN_TAG)) return fail(`"${runPath}" is not a run note (it has no #${RUN_TAG} tag).`);
  const status = runStatusOf(properties);
  if (status === null) return fail(`The run note "${runPath}" has an unknown run_status "${String(properties.run_status)}".`);
  const sopPath = vault.resolveLink(linkTarget(properties.sop), runPath);
  if (!sopPath) return fail(`The run note "${runPath}" links to an SOP that no longer exists (${String(properties.sop)}).`);
  const loaded = await loadProcedure(vault, yaml, sopPath, cache, recordedPin(properties));
  if (!loaded.ok) return loaded;
  const inputs = inputsFromProperties(properties);
  const procedure = { ok: true as const, value: applyInputs(loaded.value, inputs) };
  const projectLink = linkTarget(properties.project);
  const projectPath = projectLink ? vault.resolveLink(projectLink, runPath) : null;
  const mode: RunMode = properties.mode === "auto" ? "auto" : "step";
  const folder = folderOf(runPath);
  const total = procedure.value.steps.length;

  const found = await findWaypoints(vault, yaml, folder, runPath);
  const byStep = new Map<number, FoundWaypoint[]>();
  for (const waypoint of found) {
    const index = Number(waypoint.properties.step);
    const list = byStep.get(index);
    if (list) list.push(waypoint);
    else byStep.set(index, [waypoint]);
  }
  const base = createRunState(procedure.value.steps, mode, hasModel);
  const waypointPaths = new Map<number, string>();
  const dues = new Map<number, string>();
  const steps: StepState[] = [];
  for (const step of base.steps) {
    const mine = byStep.get(step.index) ?? [];
    const mains = mine.filter((w) => !w.properties.revision_of);
    // The name the engine would give is worked out only when it decides something (no waypoint yet, or several).
    const expected = mains.length === 1 ? null : waypointPath(folder, step.index, total, step.title);
    const main = mains.length === 1 ? mains[0] : (mains.find((w) => w.path === expected) ?? mains[0]);
    waypointPaths.set(step.index, main?.path ?? (expected as string));
    const due = stringOf(main?.properties.due);
    if (due) dues.set(step.index, due);
    const archived: ArchivedRevision[] = mine
      .filter((w) => w.properties.revision_of)
      .sort((a, b) => Number(a.properties.revision) - Number(b.properties.revision) || a.path.localeCompare(b.path))
      .map((w) => ({
        revision: Number(w.properties.revision) || 0,
        text: w.body,
        status: w.properties.waypoint_status === "interrupted" ? "interrupted" : "superseded",
        feedback: typeof w.properties.feedback === "string" ? w.properties.feedback : null,
        ...(/ \(r\d+ model( \d+)?\)\.md$/.test(w.path) ? { diverted: true as const } : {}),
      }));
    if (!main) {
      steps.push({ ...step, archived });
      continue;
    }
    const waypointStatus = main.properties.waypoint_status as WaypointStatus;
    if (!WAYPOINT_STATUSES.includes(waypointStatus)) {
      return fail(`The waypoint "${main.path}" has an unknown waypoint_status "${String(main.properties.waypoint_status)}"; use one of ${WAYPOINT_STATUSES.join(", ")}.`);
    }
    steps.push({
      ...step,
      status: waypointStatus,
      revision: Number(main.properties.revision) || 0,
      text: main.body,
      feedback: typeof main.properties.feedback === "string" ? main.properties.feedback : null,
      skipReason: typeof main.properties.skip_reason === "string" ? main.properties.skip_reason : null,
      ...(main.properties.truncated === true ? { truncated: true } : {}),
      // Only a step still streaming has reviews pending: any other status means they finished or no longer apply.
      ...(main.properties.review_pending === true && waypointStatus === "streaming"
        ? { reviewPending: true as const, ...(typeof main.properties.answer_hash === "string" ? { answerHash: main.properties.answer_hash } : {}) }
        : {}),
      archived,
    });
  }
  const state = { ...base, steps, status: reconcileStatus(status, steps), error: null };
  const record: RunRecord = {
    runPath,
    folder,
    sopPath,
    sopVersion: Number(properties.sop_version) || procedure.value.settings.version,
    projectPath,
    cue: readCue(note.body),
    inputs,
    dues,
    mode,
    model: typeof properties.model === "string" ? properties.model : "",
    procedure: procedure.value,
    state,
    tokensIn: Number(properties.tokens_in) || 0,
    tokensOut: Number(properties.tokens_out) || 0,
    // An empty cost is an unknown one (a model without a price), never $0.
    cost: properties.cost === null ? null : Number(properties.cost) || 0,
    started: stringOf(properties.started),
    finished: stringOf(properties.finished),
    waypointPaths,
    roles: stepRoles(procedure.value),
    writtenRunProperties: null,
  };
  record.noteBehind = isBehind(properties, runProperties(record, vault));
  if (record.noteBehind) {
    // Its totals may miss what was spent since its last write; the log note, appended at once, has the latest.
    const log = await vault.read(logNotePath(runPath));
    Object.assign(record, laterTotals(record, log === null ? null : totalsInLog(log)));
  }
  return ok(record);
}

/** The properties that move with every step; a note whose values differ from the waypoints' was left behind by a process that stopped. */
const PROGRESS = ["run_status", "current_step", "steps_total", "tokens_in", "tokens_out", "cost"] as const;

function isBehind(noted: Record<string, unknown>, expected: Record<string, unknown>): boolean {
  return PROGRESS.some((key) => JSON.stringify(noted[key] ?? null) !== JSON.stringify(expected[key] ?? null));
}

async function findWaypoints(vault: VaultPort, yaml: YamlCodec, folder: string, runPath: string): Promise<FoundWaypoint[]> {
  const found: FoundWaypoint[] = [];
  const log = logNotePath(runPath);
  for (const path of await vault.list(folder)) {
    // The log note is never a waypoint, and reading it would cost more as the run grows.
    if (path === runPath || path === log || folderOf(path) !== folder) continue;
    const note = await readNote(vault, yaml, path);
    if (note === null || !tagsOf(note.properties).includes(WAYPOINT_TAG)) continue;
    found.push({ path, properties: note.properties, body: note.body });
  }
  return found;
}

/**
 * The run note is written last in every transition, so after a crash the waypoints are ahead of it:
 * a live status is re-derived from them; a status the person or the engine chose to stop at is kept.
 */
function reconcileStatus(noted: RunStatus, steps: StepState[]): RunStatus {
  if (noted !== "running" && noted !== "awaiting-review" && noted !== "planned") return noted;
  const started = steps.some((step) => step.status !== "pending" || step.revision > 0);
  if (noted === "planned" && !started) return "planned";
  const step = currentStep({ status: noted, mode: "step", steps, error: null });
  return step?.status === "awaiting-review" ? "awaiting-review" : "running";
}

function stringOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}
