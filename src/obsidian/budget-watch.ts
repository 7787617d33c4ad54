// Pauses a run whose spending passes the budget in settings: the controller aborts the advance, so the run is paused, not lost.
import type { ModelLayer } from "./model-layer";
import type { SopRuntimeSettings } from "./settings";
import { formatUsd } from "./ui/run-status-bar";

export interface BudgetHost {
  settings(): SopRuntimeSettings;
  notify(message: string): void;
  modelLayer: ModelLayer | null;
}

/** Pauses a run whose spending passes the budget in settings (0 = none). */
export class BudgetWatch {
  model = "";
  exceeded = false;

  constructor(
    private readonly host: BudgetHost,
    private spent: number,
    private readonly stop: () => void,
  ) {}

  add(tokensIn: number, tokensOut: number): void {
    const settings = this.host.settings();
    const layer = this.host.modelLayer;
    if (!layer || settings.budgetUsd <= 0) return;
    const prices = settings.prices ?? layer.defaultPrices;
    this.spent += layer.costOf({ promptTokens: tokensIn, completionTokens: tokensOut, estimated: false }, this.model, prices).usd;
    if (this.spent <= settings.budgetUsd || this.exceeded) return;
    this.exceeded = true;
    this.host.notify(`This run has spent ${formatUsd(this.spent)}, over its budget of ${formatUsd(settings.budgetUsd)}, so it is paused. Raise the budget, then resume it.`);
    this.stop();
  }
}
