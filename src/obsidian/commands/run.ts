// The command palette entries that start and drive runs (stable ids, no default hotkeys, checkCallback for context).
import { getAllTags, TFile } from "obsidian";
import type { App, Plugin } from "obsidian";
import { isSopTagged } from "../../core/sop/detect";
import type { CommandServices } from "./index";
import type { RunController } from "../controllers/run-controller";
import { isRunNote } from "../adapters/run-of-file";
import type { SopListing } from "../adapters/sop-catalog";
import { ProjectPickerModal } from "../ui/note-picker-modal";
import type { ProjectChoice } from "../ui/note-picker-modal";
import { PromptPreviewModal } from "../ui/prompt-preview-modal";
import { RunPickerModal } from "../ui/run-picker-modal";
import { SopPickerModal } from "../ui/sop-picker-modal";
import { TextPromptModal } from "../ui/text-prompt-modal";
import { askRevisionFeedback, askSkipReason } from "../ui/gate-prompts";
import { startWithInputs } from "./start-with-inputs";
import { confirmCancel } from "../ui/confirm-cancel";
import { confirmBudget } from "../ui/confirm-budget";
import { StepPickerModal } from "../ui/step-picker-modal";

export interface RunCommandServices extends CommandServices {
  runs: RunController;
}

export const RUN_COMMAND_IDS = [
  "run-sop",
  "run-this-sop",
  "run-sop-on-this-note",
  "approve-and-continue",
  "revise-with-feedback",
  "retry-step",
  "skip-step",
  "cancel-run",
  "stop-generating",
  "reopen-step",
  "resume-run",
  "preview-prompts",
] as const;

export function registerRunCommands(plugin: Plugin, services: RunCommandServices): void {
  const { app, runs } = services;
  const gate = (act: (runPath: string) => void) => (checking: boolean) => {
    const runPath = runs.activeRun();
    if (runPath === null || !runs.isAtGate(runPath)) return false;
    if (!checking) act(runPath);
    return true;
  };

  plugin.addCommand({ id: "run-sop", name: "Run an SOP…", callback: () => startRunFromPicker(services) });
  plugin.addCommand({
    id: "run-this-sop",
    name: "Run this SOP",
    checkCallback: (checking) => {
      const file = app.workspace.getActiveFile();
      if (!file || !isSop(app, file, services.sopTag())) return false;
      if (!checking) askProject(services, file.path);
      return true;
    },
  });
  plugin.addCommand({
    id: "run-sop-on-this-note",
    name: "Run an SOP on this note",
    checkCallback: (checking) => {
      const file = app.workspace.getActiveFile();
      if (!file || file.extension !== "md" || isRunNote(app, file)) return false;
      if (!checking) void pickSop(services, `Pick an SOP to run on "${file.basename}"`, (sop) => askCue(services, sop.path, file.path));
      return true;
    },
  });
  plugin.addCommand({ id: "approve-and-continue", name: "Approve and continue", checkCallback: gate((run) => void runs.approve(run)) });
  plugin.addCommand({
    id: "revise-with-feedback",
    name: "Revise with feedback…",
    checkCallback: gate((run) => void askRevisionFeedback(app, (feedback) => void runs.revise(run, feedback))),
  });
  plugin.addCommand({ id: "retry-step", name: "Retry step", checkCallback: gate((run) => void runs.retry(run)) });
  plugin.addCommand({
    id: "skip-step",
    name: "Skip step…",
    checkCallback: gate((run) => void askSkipReason(app, (reason) => void runs.skip(run, reason))),
  });
  plugin.addCommand({
    id: "cancel-run",
    name: "Cancel run",
    checkCallback: (checking) => {
      const run = runs.activeRun();
      if (run === null || !runs.isUnfinished(run)) return false;
      if (!checking) confirmCancel(app, runs, run);
      return true;
    },
  });
  plugin.addCommand({
    id: "stop-generating",
    name: "Stop generating",
    checkCallback: (checking) => {
      const run = runs.activeRun();
      if (run === null || !runs.isAdvancing(run)) return false;
      if (!checking) void runs.stop(run);
      return true;
    },
  });
  plugin.addCommand({
    id: "reopen-step",
    name: "Reopen an earlier step…",
    checkCallback: (checking) => {
      const run = runs.activeRun();
      if (run === null || !runs.isUnfinished(run) || runs.isAdvancing(run)) return false;
      if (!checking) void pickStepToReopen(app, runs, run);
      return true;
    },
  });
  plugin.addCommand({ id: "resume-run", name: "Resume run…", callback: () => void pickRunToResume(services) });
  plugin.addCommand({ id: "preview-prompts", name: "Preview prompts", callback: () => void previewPrompts(services) });
}

/** "Run an SOP…": the SOP, then the project, then the cue. */
export function startRunFromPicker(services: RunCommandServices): void {
  void pickSop(services, "Pick an SOP to run", (sop) => askProject(services, sop.path));
}

export async function pickStepToReopen(app: App, runs: RunController, runPath: string): Promise<void> {
  const steps = await runs.reopenable(runPath);
  if (steps.length > 0) new StepPickerModal(app, steps, (step) => void runs.reopen(runPath, step.index)).open();
}

export function isSop(app: App, file: TFile, sopTag: string): boolean {
  const cache = app.metadataCache.getFileCache(file);
  const tags = cache ? getAllTags(cache) : null;
  return file.extension === "md" && tags !== null && isSopTagged(tags, sopTag);
}

export async function pickSop(services: RunCommandServices, placeholder: string, onPick: (sop: SopListing) => void): Promise<void> {
  let listings: SopListing[];
  try {
    listings = await services.catalog.list();
  } catch (error) {
    services.notify(`Could not list the SOPs: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (listings.length === 0) {
    services.notify(`No note is tagged #${services.sopTag()} yet. Add that tag to a note to make it an SOP.`);
    return;
  }
  new SopPickerModal(services.app, listings, onPick, placeholder).open();
}

function askProject(services: RunCommandServices, sopPath: string): void {
  const { app } = services;
  const exclude = (file: TFile): boolean => file.path === sopPath || isRunNote(app, file) || isSop(app, file, services.sopTag());
  new ProjectPickerModal(app, (project: ProjectChoice) => askCue(services, sopPath, project?.path ?? null), exclude).open();
}

function askCue(services: RunCommandServices, sopPath: string, projectPath: string | null): void {
  new TextPromptModal(services.app, {
    title: "What is this run for?",
    description: "A cue for every step, such as who the audience is or what to focus on. You can leave it empty.",
    placeholder: "The audience is new IT hires this quarter.",
    submitText: "Run",
    required: false,
    onSubmit: (cue) => void startWithInputs(services.app, services.runs, { sopPath, projectPath, cue }),
  }).open();
}

async function pickRunToResume(services: RunCommandServices): Promise<void> {
  const unfinished = await services.runs.unfinishedRuns();
  if (unfinished.length === 0) {
    services.notify("No run is waiting to be resumed.");
    return;
  }
  new RunPickerModal(services.app, unfinished, (run) => void confirmBudget(services.app, services.runs, run.run, () => void services.runs.resume(run.run))).open();
}

/** The active run's next step; with no active run, the first step of an SOP the person picks. */
async function previewPrompts(services: RunCommandServices): Promise<void> {
  const { app, runs } = services;
  const run = runs.activeRun();
  if (run !== null && runs.isUnfinished(run)) {
    const preview = await runs.preview(run);
    if (preview) new PromptPreviewModal(app, preview).open();
    return;
  }
  await pickSop(services, "Pick an SOP to preview", (sop) => {
    void runs.preview({ sopPath: sop.path }).then((preview) => {
      if (preview) new PromptPreviewModal(app, preview).open();
    });
  });
}
