// The resume picker: unfinished runs with their status and step.
import { FuzzySuggestModal } from "obsidian";
import type { App, FuzzyMatch } from "obsidian";
import type { RunSummary } from "../../core/run/engine-types";

export function describeRun(run: RunSummary): string {
  const status = run.status === "awaiting-review" ? "waiting for you" : run.status;
  return `${status} · step ${Math.min(run.step, run.steps)} of ${run.steps}`;
}

function nameOf(path: string): string {
  return (path.split("/").pop() ?? path).replace(/\.md$/, "");
}

export class RunPickerModal extends FuzzySuggestModal<RunSummary> {
  constructor(
    app: App,
    private readonly runs: RunSummary[],
    private readonly onPick: (run: RunSummary) => void,
  ) {
    super(app);
    this.setPlaceholder("Pick a run to resume");
  }

  override getItems(): RunSummary[] {
    return this.runs;
  }

  override getItemText(run: RunSummary): string {
    return `${nameOf(run.run)} ${run.run}`;
  }

  override renderSuggestion(match: FuzzyMatch<RunSummary>, el: HTMLElement): void {
    const run = match.item;
    el.addClass("sop-runtime-picker-item");
    const line = el.createDiv({ cls: "sop-runtime-picker-line" });
    line.createSpan({ cls: "sop-runtime-picker-title", text: nameOf(run.run) });
    line.createSpan({ cls: "sop-runtime-picker-steps", text: describeRun(run) });
    el.createDiv({ cls: "sop-runtime-picker-path", text: run.run });
  }

  override onChooseItem(run: RunSummary): void {
    this.onPick(run);
  }
}
