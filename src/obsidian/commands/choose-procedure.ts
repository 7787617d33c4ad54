// "Choose the procedure…": lists the procedures an SOP holds and pins the chosen one in its `sop_procedure` property.
import type { App, Plugin, TFile } from "obsidian";
import { parseProcedure } from "../../core/sop/parse-procedure";
import type { ProcedureCandidate } from "../../core/sop/types";
import { obsidianYaml } from "../adapters/obsidian-yaml";
import { isSop, pickSop, type RunCommandServices } from "./run";
import { ProcedurePickerModal } from "../ui/procedure-picker-modal";

export const CHOOSE_PROCEDURE_COMMAND_ID = "choose-procedure";

export function registerChooseProcedureCommand(plugin: Plugin, services: RunCommandServices): void {
  const { app } = services;
  plugin.addCommand({
    id: CHOOSE_PROCEDURE_COMMAND_ID,
    name: "Choose the procedure…",
    callback: () => {
      const file = app.workspace.getActiveFile();
      if (file && isSop(app, file, services.sopTag())) void chooseProcedure(services, file);
      else
        void pickSop(services, "Pick the SOP whose procedure to choose", (sop) => {
          const picked = app.vault.getFileByPath(sop.path);
          if (picked) void chooseProcedure(services, picked);
        });
    },
  });
}

/** Opens the picker over the note's candidates; resolves to it (null when the note holds none, with a notice). */
export async function chooseProcedure(services: RunCommandServices, file: TFile): Promise<ProcedurePickerModal | null> {
  const { app, notify } = services;
  let text: string;
  try {
    text = await app.vault.read(file);
  } catch (error) {
    notify(`Could not read "${file.path}": ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  const outcome = parseProcedure(text, { name: file.basename, yaml: obsidianYaml });
  if (!outcome.ok) {
    notify(`${outcome.error} Or use "Make this note runnable…".`);
    return null;
  }
  const modal = new ProcedurePickerModal(app, outcome.procedure.candidates, (candidate) => void pinProcedure(app, file, candidate, notify));
  modal.open();
  return modal;
}

/** Writes `sop_procedure` (the heading path, or nothing for the whole note) through processFrontMatter; resolves to whether it was written. */
export async function pinProcedure(app: App, file: TFile, candidate: ProcedureCandidate, notify: (message: string) => void): Promise<boolean> {
  const pin = candidate.path.join(" > ");
  try {
    await app.fileManager.processFrontMatter(file, (frontmatter: Record<string, unknown>) => {
      if (pin) frontmatter["sop_procedure"] = pin;
      else delete frontmatter["sop_procedure"];
    });
    notify(pin ? `"${file.basename}" now runs the procedure under "${pin}".` : `"${file.basename}" runs its default procedure again.`);
    return true;
  } catch (error) {
    notify(`Could not write sop_procedure to "${file.path}": ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
