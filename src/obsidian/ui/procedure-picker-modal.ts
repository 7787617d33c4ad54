// The picker for "Choose the procedure…": every procedure the note holds, with its heading path and first steps.
import { SuggestModal } from "obsidian";
import type { App } from "obsidian";
import type { ProcedureCandidate } from "../../core/sop/types";

export class ProcedurePickerModal extends SuggestModal<ProcedureCandidate> {
  constructor(
    app: App,
    private readonly candidates: ProcedureCandidate[],
    private readonly onPick: (candidate: ProcedureCandidate) => void,
  ) {
    super(app);
    this.setPlaceholder("Pick the procedure this SOP runs");
  }

  override getSuggestions(query: string): ProcedureCandidate[] {
    const q = query.trim().toLowerCase();
    if (!q) return this.candidates;
    return this.candidates.filter((c) => `${candidateLabel(c)} ${c.firstSteps.join(" ")}`.toLowerCase().includes(q));
  }

  override renderSuggestion(candidate: ProcedureCandidate, el: HTMLElement): void {
    el.createDiv({ text: `${candidate.chosen ? "Runs now: " : ""}${candidateLabel(candidate)}` });
    el.createEl("small", { cls: "sop-procedure-first-steps", text: candidate.firstSteps.map((t, i) => `${i + 1}. ${t}`).join("  ") });
  }

  override onChooseSuggestion(candidate: ProcedureCandidate): void {
    this.onPick(candidate);
  }
}

/** "Releases > Patch release: numbered list, 5 steps". */
export function candidateLabel(c: ProcedureCandidate): string {
  const where = c.path.length ? c.path.join(" > ") : "The whole note";
  return `${where}: ${c.shape}, ${c.stepCount} step${c.stepCount === 1 ? "" : "s"}`;
}
