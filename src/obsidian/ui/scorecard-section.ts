// The run view's collapsible "Scorecard": how the shown run's SOP has done across its runs, read only when opened.
import type { Scorecard } from "../../core/learn/scorecard";
import { percent, decimal, findings } from "../../core/learn/scorecard-format";

export interface ScorecardSource {
  /** The SOP's scorecard and title, or null when the SOP cannot be read. */
  load(sopPath: string, runsFolder: string): Promise<{ title: string; scorecard: Scorecard } | null>;
  /** Registers the toggle listener with the view, so it is removed when the view closes. */
  listen(el: HTMLElement, handler: () => void): void;
}

export class ScorecardSection {
  readonly el: HTMLDetailsElement;
  readonly bodyEl: HTMLElement;
  private target: { sopPath: string; runsFolder: string } | null = null;
  private generation = 0;

  constructor(parent: HTMLElement, private readonly source: ScorecardSource) {
    this.el = parent.createEl("details", { cls: "sop-run-view-scorecard" });
    this.el.createEl("summary", { text: "Scorecard" });
    this.bodyEl = this.el.createDiv({ cls: "sop-run-view-section" });
    source.listen(this.el, () => {
      if (this.el.open) void this.recompute();
    });
  }

  /** Follows the shown run's SOP; the numbers are read again only when the section opens or the SOP changes while open. */
  show(sopPath: string | null, runsFolder: string): void {
    const same = this.target?.sopPath === sopPath && this.target?.runsFolder === runsFolder;
    if (same) return;
    this.target = sopPath === null ? null : { sopPath, runsFolder };
    this.bodyEl.empty();
    if (this.el.open) void this.recompute();
  }

  /** Reads the SOP's runs and redraws; a slower earlier read never overwrites a newer one. */
  async recompute(): Promise<void> {
    const generation = ++this.generation;
    const target = this.target;
    if (!target) {
      this.bodyEl.empty();
      this.bodyEl.createDiv({ cls: "sop-run-view-muted", text: "No run is shown." });
      return;
    }
    let loaded: Awaited<ReturnType<ScorecardSource["load"]>>;
    try {
      loaded = await this.source.load(target.sopPath, target.runsFolder);
    } catch (error) {
      if (generation !== this.generation) return;
      this.bodyEl.empty();
      this.bodyEl.createDiv({ cls: "sop-run-view-error", text: `Could not score this SOP: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (generation !== this.generation) return;
    this.bodyEl.empty();
    if (!loaded) {
      this.bodyEl.createDiv({ cls: "sop-run-view-error", text: `Could not read "${target.sopPath}".` });
      return;
    }
    this.render(loaded.scorecard);
  }

  private render(scorecard: Scorecard): void {
    const runs = scorecard.runs;
    this.bodyEl.createDiv({ cls: "sop-scorecard-runs", text: `Runs: ${runs}` });
    if (runs === 0 || scorecard.steps.length === 0) {
      this.bodyEl.createDiv({ cls: "sop-run-view-muted", text: "No step has run yet." });
      return;
    }
    const table = this.bodyEl.createEl("table", { cls: "sop-scorecard-table" });
    const head = table.createEl("thead").createEl("tr");
    for (const title of ["#", "Step", "First pass", "Revisions", "Skips", "Findings h/m/l"]) head.createEl("th", { text: title });
    const body = table.createEl("tbody");
    for (const step of scorecard.steps) {
      const row = body.createEl("tr");
      for (const value of [String(step.index), step.title, percent(step.first_pass_approval), decimal(step.revisions), String(step.skips), findings(step.findings)]) {
        row.createEl("td", { text: value });
      }
    }
    const verdict = scorecard.signals.worth_keeping;
    this.bodyEl.createDiv({ cls: "sop-run-view-muted", text: verdict.reason });
  }
}
