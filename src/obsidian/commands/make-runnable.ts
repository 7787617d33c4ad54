// "Make this note runnable…" without a model: appends a `## Steps` skeleton built from the note's headings or paragraphs.
import type { Plugin, TFile } from "obsidian";
import { parseProcedure } from "../../core/sop/parse-procedure";
import { withStepsSkeleton } from "../../core/sop/runnable-skeleton";
import { obsidianYaml } from "../obsidian-yaml";
import type { CommandServices } from "../commands";

export const MAKE_RUNNABLE_COMMAND_ID = "make-runnable";

export function registerMakeRunnableCommand(plugin: Plugin, services: CommandServices): void {
  const { app } = services;
  plugin.addCommand({
    id: MAKE_RUNNABLE_COMMAND_ID,
    name: "Make this note runnable…",
    checkCallback: (checking) => {
      const file = app.workspace.getActiveFile();
      if (!file || file.extension !== "md") return false;
      if (!checking) void makeRunnable(services, file);
      return true;
    },
  });
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
  notify(added ? `Added a "## Steps" list to "${file.basename}" from its headings or paragraphs: edit the steps, then run it.` : reason);
  return added;
}
