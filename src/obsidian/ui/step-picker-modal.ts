// The picker for "Reopen an earlier step…": the run's approved and skipped steps.
import { FuzzySuggestModal } from "obsidian";
import type { App } from "obsidian";

export interface ReopenableStep {
  index: number;
  title: string;
  status: string;
}

export class StepPickerModal extends FuzzySuggestModal<ReopenableStep> {
  constructor(
    app: App,
    private readonly steps: ReopenableStep[],
    private readonly onPick: (step: ReopenableStep) => void,
  ) {
    super(app);
    this.setPlaceholder("Pick the step to reopen; the steps after it run again once it is approved");
  }

  override getItems(): ReopenableStep[] {
    return this.steps;
  }

  override getItemText(step: ReopenableStep): string {
    return `Step ${step.index}: ${step.title} (${step.status})`;
  }

  override onChooseItem(step: ReopenableStep): void {
    this.onPick(step);
  }
}
