// The run view's "Due SOPs" section: recurring SOPs whose next run is due, each with a button to start it, and overdue runs.
import { describeDue } from "../../core/app/due-sops";
import { noteName } from "../../core/notes/names";
import type { DueCheckResult } from "../controllers/due-watcher";

export interface DueSopsActions {
  start(sopPath: string): void;
  open(path: string): void;
}

export function renderDueSops(el: HTMLElement, result: DueCheckResult, actions: DueSopsActions): void {
  el.empty();
  el.addClass("sop-runtime-due");
  el.createEl("h4", { cls: "sop-runtime-due-title", text: "Due SOPs" });
  if (result.due.length === 0 && result.overdue.length === 0) {
    el.createDiv({ cls: "sop-runtime-due-empty", text: "Nothing is due." });
    return;
  }
  const list = el.createEl("ul", { cls: "sop-runtime-due-list" });
  for (const sop of result.due) {
    const item = list.createEl("li", { cls: "sop-runtime-due-item" });
    const name = item.createEl("a", { cls: "sop-runtime-due-name", text: describeDue(sop) });
    name.addEventListener("click", () => actions.open(sop.path));
    if (sop.missingInputs.length) item.createDiv({ cls: "sop-runtime-due-note", text: `Needs ${sop.missingInputs.join(", ")} when it starts.` });
    const button = item.createEl("button", { cls: "sop-runtime-due-start", text: "Start" });
    button.addEventListener("click", () => actions.start(sop.path));
  }
  for (const run of result.overdue) {
    const item = list.createEl("li", { cls: "sop-runtime-due-item is-overdue" });
    const name = item.createEl("a", { cls: "sop-runtime-due-name", text: `Overdue: step ${run.step} of ${noteName(run.run)}${run.owner ? `, ${run.owner}` : ""}, due ${run.due.replace("T", " ")}` });
    name.addEventListener("click", () => actions.open(run.run));
  }
}
