// "Make this note runnable…": with a model, the model's runnable version in the amendment diff; without one (or by
// "Insert a steps skeleton"), a `## Steps` skeleton built from the note's headings or paragraphs.
import type { Plugin, TFile } from "obsidian";
import { parseProcedure } from "../../core/sop/parse-procedure";
import { withStepsSkeleton } from "../../core/sop/runnable-skeleton";
import { obsidianYaml } from "../adapters/obsidian-yaml";
import type { CommandServices } from "./index";
import { RunnableProposer, tagHint, type MakeRunnableServices } from "./make-runnable-model";

export const MAKE_RUNNABLE_COMMAND_ID = "make-runnable";
export const STEPS_SKELETON_COMMAND_ID = "insert-steps-skeleton";
export const CANCEL_MAKE_RUNNABLE_COMMAND_ID = "cancel-make-runnable";

export function registerMakeRunnableCommand(plugin: Plugin, services: MakeRunnableServices): void {
  const { app } = services;
  const proposer = new RunnableProposer(services);
  const activeNote = (): TFile | null => {
    const file = app.workspace.getActiveFile();
    return file && file.extension === "md" ? file : null;
  };
  plugin.addCommand({
    id: MAKE_RUNNABLE_COMMAND_ID,
    name: "Make this note runnable…",
    checkCallback: (checking) => {
      const file = activeNote();
      if (!file) return false;
      if (!checking) {
        const model = services.runs.model();
        if (!model) void makeRunnable(services, file);
        else
          proposer.propose(model, file).catch((error: unknown) => {
            services.notify(`Making "${file.basename}" runnable stopped: ${error instanceof Error ? error.message : String(error)} Nothing was changed.`);
          });
      }
      return true;
    },
  });
  plugin.addCommand({
    id: STEPS_SKELETON_COMMAND_ID,
    name: "Insert a steps skeleton",
    checkCallback: (checking) => {
      const file = activeNote();
      if (!file) return false;
      if (!checking) void makeRunnable(services, file);
      return true;
    },
  });
  plugin.addCommand({
    id: CANCEL_MAKE_RUNNABLE_COMMAND_ID,
    name: "Cancel making the note runnable",
    checkCallback: (checking) => {
      if (!proposer.isAsking()) return false;
      if (!checking) proposer.cancel();
      return true;
    },
  });
  plugin.register(() => proposer.cancel());
}

/**
 * Appends the skeleton inside Vault.process, so what the person typed meanwhile is kept and only the new section is
 * added; resolves to whether the note changed.
 */
export async function makeRunnable(services: CommandServices, file: TFile): Promise<boolean> {
  const { app, notify } = services;
  let added = false;
  let reason = "";
  try {
    await app.vault.process(file, (text) => {
      const parsed = parseProcedure(text, { name: file.basename, yaml: obsidianYaml });
      if (parsed.ok) {
        reason = `"${file.basename}" already has a procedure (${parsed.procedure.steps.length} steps); use "Choose the procedure…" to pick another.`;
        return text;
      }
      const next = withStepsSkeleton(text);
      if (next === null) {
        reason = `"${file.basename}" has no headings or paragraphs to build steps from: write a "## Steps" heading and a numbered list.`;
        return text;
      }
      added = true;
      return next;
    });
  } catch (error) {
    notify(`Could not change "${file.path}": ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  notify(added ? `Added a "## Steps" list to "${file.basename}" from its headings or paragraphs: edit the steps, then run it.${tagHint(services, file.path)}` : reason);
  return added;
}
