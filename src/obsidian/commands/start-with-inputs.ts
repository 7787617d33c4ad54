// Starts a run, first asking for the SOP's typed inputs in one modal when it declares any (sop_inputs).
import type { App } from "obsidian";
import type { StartOptions } from "../../core/run/engine-types";
import type { InputSpec } from "../../core/sop/inputs";
import { InputsModal } from "../ui/inputs-modal";
import { askBudget, confirmBudget, type BudgetAsker } from "../ui/confirm-budget";

export interface InputStarter extends BudgetAsker {
  inputSpecs(sopPath: string): Promise<{ title: string; specs: InputSpec[] } | null>;
  start(options: StartOptions): Promise<string | null>;
}

export async function startWithInputs(app: App, runs: InputStarter, options: StartOptions): Promise<void> {
  const declared = await runs.inputSpecs(options.sopPath);
  if (!declared || declared.specs.length === 0) {
    const question = (await runs.budgetQuestion?.(options)) ?? null;
    if (question === null) await runs.start(options);
    else askBudget(app, question, () => void runs.start(options));
    return;
  }
  new InputsModal(app, {
    sopTitle: declared.title,
    specs: declared.specs,
    resolveNote: (name) => app.metadataCache.getFirstLinkpathDest(name, options.sopPath)?.path ?? null,
    onSubmit: (inputs) => void confirmBudget(app, runs, { ...options, inputs }, () => void runs.start({ ...options, inputs })),
  }).open();
}
