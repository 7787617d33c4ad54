// Creates a run: its folder, its run note (planned), and the link from the project note.
import type { EnginePorts, StartOptions } from "./engine-types";
import type { RunRecord } from "./run-record";
import { fail, ok, type Result } from "../notes/result";
import { createRunState } from "./state-machine";
import { loadProcedure, stepRoles, type ProcedureCache } from "../sop/load-procedure";
import { logLines, runNoteBody, runProperties } from "./run-note";
import { noteText } from "./waypoint-note";
import { logNotePath, runFolderName, uniqueFolder, waypointPath } from "./note-names";
import { linkRunFromProject } from "./project-link";
import { resolveInputs } from "../sop/inputs";
import { applyInputs } from "../sop/apply-inputs";
import { joinPath, noteName } from "../notes/names";
import { isoDateTime } from "../notes/dates";

export interface PlannedRun {
  run: RunRecord;
  projectTitle: string | null;
  log: string[];
}

/** Everything `start` would create, read from the vault but not yet written (previews use it as is). */
export async function planRun(ports: EnginePorts, options: StartOptions, cache?: ProcedureCache): Promise<Result<PlannedRun>> {
  const { vault, yaml, clock, settings } = ports;
  const loaded = await loadProcedure(vault, yaml, options.sopPath, cache);
  if (!loaded.ok) return loaded;
  // Inputs are checked before anything is written: a bad or missing one refuses the run with one sentence.
  const inputs = resolveInputs(loaded.value.settings.inputs ?? [], options.inputs ?? {}, (name) => vault.resolveLink(name, options.sopPath));
  if (!inputs.ok) return fail(inputs.error);
  const procedure = { ok: true as const, value: applyInputs(loaded.value, inputs.values) };
  const projectPath = options.projectPath || null;
  if (projectPath && !(await vault.exists(projectPath))) return fail(`The project note "${projectPath}" does not exist.`);
  const mode = options.mode ?? procedure.value.settings.mode ?? "step";
  if (mode !== "step" && mode !== "auto") return fail(`Unknown run mode "${String(mode)}"; use step or auto.`);

  const now = clock.now();
  const projectTitle = projectPath ? noteName(projectPath) : null;
  const parent = procedure.value.settings.runsFolder || settings.runsFolder;
  const folder = await uniqueFolder(vault, parent, runFolderName(now, procedure.value.title, projectTitle));
  const runPath = joinPath(folder, `${noteName(folder)}.md`);
  const steps = procedure.value.steps;
  const run: RunRecord = {
    runPath,
    folder,
    sopPath: options.sopPath,
    sopVersion: procedure.value.settings.version,
    projectPath,
    cue: options.cue ?? "",
    inputs: inputs.values,
    dues: new Map(),
    mode,
    model: ports.model ? options.model || settings.defaultModel : "",
    procedure: procedure.value,
    state: createRunState(steps, mode, ports.model !== null),
    tokensIn: 0,
    tokensOut: 0,
    cost: 0,
    started: isoDateTime(now),
    finished: "",
    waypointPaths: new Map(steps.map((step) => [step.index, waypointPath(folder, step.index, steps.length, step.title)])),
    roles: stepRoles(procedure.value),
    writtenRunProperties: null,
  };
  const worker = ports.model ? `model ${run.model || "(adapter default)"}` : "no model configured: every step is done by the person";
  const log = [`${isoDateTime(now)} Run created from ${vault.link(options.sopPath, runPath, procedure.value.title)} version ${run.sopVersion}, ${mode} mode, ${worker}.`];
  for (const warning of procedure.value.warnings) log.push(`${isoDateTime(now)} SOP warning: ${warning}`);
  return ok({ run, projectTitle, log });
}

export async function startRun(ports: EnginePorts, options: StartOptions, cache?: ProcedureCache): Promise<Result<RunRecord>> {
  const planned = await planRun(ports, options, cache);
  if (!planned.ok) return planned;
  const { run, projectTitle, log } = planned.value;
  const { vault, yaml, settings } = ports;
  const { folder, runPath, projectPath } = run;
  await vault.ensureFolder(folder);
  await vault.create(runPath, noteText(yaml, runProperties(run, vault), runNoteBody(run, vault, projectTitle)));
  // After the run note: a folder holding only a log is not a run (a start killed in between gets its log on the next write).
  await vault.create(logNotePath(runPath), logLines(log));
  if (projectPath && settings.linkProjects) await linkRunFromProject(vault, projectPath, runPath, noteName(runPath));
  return ok(run);
}
