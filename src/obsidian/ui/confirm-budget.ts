// Before a run starts or resumes under a run budget its model's unknown price cannot keep, the person is asked first.
import type { App } from "obsidian";
import type { StartOptions } from "../../core/run/engine-types";
import { ConfirmModal } from "./confirm-modal";

export interface BudgetAsker {
  /** Why the run (a run note, or the run a start would create) needs a yes first, or null (core/app/pricing decides, as on the command line). */
  budgetQuestion?(target: string | StartOptions): Promise<string | null>;
}

/** Calls `go` at once when nothing needs asking, else only after the person chooses to run anyway. */
export async function confirmBudget(app: App, runs: BudgetAsker, target: string | StartOptions, go: () => void): Promise<void> {
  const question = (await runs.budgetQuestion?.(target)) ?? null;
  if (question === null) go();
  else askBudget(app, question, go);
}

/** The question itself: `go` runs only on "Run anyway". */
export function askBudget(app: App, question: string, go: () => void): void {
  new ConfirmModal(app, {
    title: "Run without a budget limit?",
    lines: [question, "Add the model to the price table in the plugin's options to keep the budget, or run anyway."],
    confirmText: "Run anyway",
    dismissText: "Don't start",
    onConfirm: go,
  }).open();
}
