// The plugin's side of unknown prices (core/app/pricing has the rule): the engine's price function with a notice once
// per session and model, and the question a run under a budget asks first when its model has no price.
import type { TokenUsage } from "../../core/ports";
import { unpricedBudgetReason, warningOnUnpriced, type CostFunction } from "../../core/app/pricing";

export type TablePricing = (usage: TokenUsage, model: string) => { usd: number; known: boolean };

/** US dollars, or null when the price table has no price for the model. */
export function knownCost(pricing: TablePricing): CostFunction {
  return (usage, model) => {
    const cost = pricing({ ...usage, estimated: false }, model);
    return cost.known ? cost.usd : null;
  };
}

/** The engine's price function: a notice the first time in this session (`warned`) each model has no price. */
export function enginePrice(pricing: TablePricing, warned: Set<string>, notify: (message: string) => void): CostFunction {
  return warningOnUnpriced(knownCost(pricing), warned, notify);
}

/** Why starting or resuming a run needs a yes first (a run budget, a model the run will ask without a price), or null. */
export function budgetQuestion(pricing: TablePricing | null, models: readonly string[], budgetUsd: number): string | null {
  return pricing ? unpricedBudgetReason(knownCost(pricing), models, budgetUsd, "the run budget") : null;
}
