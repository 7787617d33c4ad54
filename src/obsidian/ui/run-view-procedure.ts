// The run view's procedure line: which of the SOP's procedures this run runs, why, and a switch that starts a new run with another.
import type { App } from "obsidian";
import type { RunRecord } from "../../core/run/run-record";
import type { ProcedureCandidate } from "../../core/sop/types";
import { pinProcedure } from "../commands/choose-procedure";
import type { RunController } from "../controllers/run-controller";
import { startWithInputs } from "../commands/start-with-inputs";
import { ProcedurePickerModal } from "./procedure-picker-modal";

export interface ProcedureSwitchServices {
  app: App;
  runs: RunController;
  notify?: (message: string) => void;
  /** Called once a new procedure is pinned, before its run starts (the view then follows the new run). */
  onPicked?: () => void;
}

/** The candidate the run runs: the chosen one (first), or null for a procedure without candidates. */
function runningCandidate(record: RunRecord): ProcedureCandidate | null {
  return record.procedure.candidates.find((c) => c.chosen) ?? record.procedure.candidates[0] ?? null;
}

/** "Procedure: Release › Steps · pinned by sop_procedure", and "Switch…" when the SOP holds more than one. */
export function renderProcedureLine(el: HTMLElement, record: RunRecord | null, services: ProcedureSwitchServices): void {
  el.empty();
  const running = record ? runningCandidate(record) : null;
  if (!record || !running) return;
  const line = el.createDiv({ cls: "sop-run-view-procedure", attr: { "aria-label": record.procedure.choice } });
  line.createSpan({ cls: "sop-run-view-procedure-label", text: "Procedure: " });
  line.createSpan({ cls: "sop-run-view-procedure-path", text: running.path.length > 0 ? running.path.join(" › ") : "the whole note" });
  const pinned = (record.procedure.pin ?? "") !== "";
  line.createSpan({ cls: "sop-run-view-procedure-how", text: pinned ? "pinned by sop_procedure" : "chosen by the rules" });
  if (record.procedure.candidates.length < 2) return;
  const button = line.createEl("button", { cls: "sop-run-view-procedure-switch", text: "Switch…", attr: { type: "button", "aria-label": "Run another procedure of this SOP (starts a new run)" } });
  button.addEventListener("click", () => void switchProcedure(services, record));
}

/**
 * Opens the procedure picker over the run's candidates; a pick pins it in the SOP's `sop_procedure` and starts a new
 * run (same project, cue and mode). The shown run keeps its own procedure: it recorded it when it started.
 */
export function switchProcedure(services: ProcedureSwitchServices, record: RunRecord): ProcedurePickerModal | null {
  const { app, runs } = services;
  const notify = services.notify ?? (() => undefined);
  const sop = app.vault.getFileByPath(record.sopPath);
  if (!sop) {
    notify(`The SOP "${record.sopPath}" is gone, so there is no procedure to switch to.`);
    return null;
  }
  const modal = new ProcedurePickerModal(app, record.procedure.candidates, (candidate) => {
    if (candidate.chosen) return notify("This run already runs that procedure.");
    void pinProcedure(app, sop, candidate, notify).then((pinned) => {
      if (!pinned) return;
      services.onPicked?.();
      return startWithInputs(app, runs, { sopPath: record.sopPath, projectPath: record.projectPath, cue: record.cue, mode: record.mode });
    });
  });
  modal.setPlaceholder("Pick the procedure to run: a new run starts with it");
  modal.open();
  return modal;
}
