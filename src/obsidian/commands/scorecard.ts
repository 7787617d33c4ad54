// An SOP's scorecard in Obsidian: computed from its runs' notes, written to a note beside the SOP and opened.
import { normalizePath } from "obsidian";
import type { App, Plugin } from "obsidian";
import { loadPastRuns } from "../../core/learn/load-past-runs";
import { computeScorecard, type Scorecard } from "../../core/learn/scorecard";
import { writeScorecardNote } from "../../core/learn/write-scorecard-note";
import { noteName } from "../../core/notes/names";
import { parseProcedure } from "../../core/sop/parse-procedure";
import { ObsidianVault } from "../adapters/obsidian-vault";
import { obsidianYaml } from "../adapters/obsidian-yaml";
import { isSop, pickSop, type RunCommandServices } from "./run";
import type { SopRuntimeSettings } from "../settings";

export interface ScorecardServices extends RunCommandServices {
  settings: () => SopRuntimeSettings;
}

export interface LoadedScorecard {
  title: string;
  scorecard: Scorecard;
  /** Notes that looked like part of a run but could not be read (left out of the numbers). */
  problems: string[];
}


/**
 * The SOP's scorecard over every run below its runs folder (the SOP's own `sop_runs_folder`, else
 * `fallbackRunsFolder`); null when the SOP note cannot be read. An SOP that no longer parses still scores.
 */
export async function loadScorecard(app: App, sopPath: string, fallbackRunsFolder: string): Promise<LoadedScorecard | null> {
  const vault = ObsidianVault.fromApp(app);
  const text = await vault.read(sopPath);
  if (text === null) return null;
  const parsed = parseProcedure(text, { name: noteName(sopPath), yaml: obsidianYaml });
  const title = parsed.ok ? parsed.procedure.title || noteName(sopPath) : noteName(sopPath);
  const runsFolder = (parsed.ok ? parsed.procedure.settings.runsFolder : undefined) || fallbackRunsFolder;
  const { records, problems } = await loadPastRuns(vault, obsidianYaml, sopPath, runsFolder);
  return { title, scorecard: computeScorecard(records), problems };
}

/** `<SOP title> — scorecard.md` beside the SOP: created the first time, its body replaced (other properties kept) after that. */
export function writeScorecardNoteIn(app: App, sopPath: string, loaded: LoadedScorecard): Promise<string> {
  return writeScorecardNote(ObsidianVault.fromApp(app), obsidianYaml, normalizePath(sopPath), loaded.title, loaded.scorecard, new Date());
}

export function registerScorecardCommand(plugin: Plugin, services: ScorecardServices): void {
  const { app } = services;
  plugin.addCommand({
    id: "open-scorecard",
    name: "Open SOP scorecard",
    callback: () => {
      const file = app.workspace.getActiveFile();
      if (file && isSop(app, file, services.sopTag())) void openScorecard(services, file.path);
      else void pickSop(services, "Pick an SOP to score", (sop) => void openScorecard(services, sop.path));
    },
  });
}

export async function openScorecard(services: ScorecardServices, sopPath: string): Promise<string | null> {
  const { app, notify } = services;
  try {
    const loaded = await loadScorecard(app, sopPath, services.settings().runsFolder);
    if (!loaded) {
      notify(`Could not read "${sopPath}".`);
      return null;
    }
    const path = await writeScorecardNoteIn(app, sopPath, loaded);
    if (loaded.problems.length > 0) notify(`${loaded.problems.length} run note${loaded.problems.length === 1 ? "" : "s"} could not be read and were left out: ${loaded.problems[0]}`);
    await services.runs.openNote(path);
    return path;
  } catch (error) {
    notify(`Could not write the scorecard for "${noteName(sopPath)}": ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
