// Costs that may be unknown: one rule for the plugin and the command line. A model without a price makes a run's cost
// unknown (never $0), the person is warned once, and a run under a budget asks first, since the budget cannot stop it.
import type { EnginePorts } from "../run/engine-types";

/** US dollars for tokens on a model; null when no price is known for it. */
export type CostFunction = NonNullable<EnginePorts["price"]>;

const NO_TOKENS = { promptTokens: 0, completionTokens: 0 };

/** Whether a price is known for `model` ("" is the endpoint's own default model, whose price is not known). */
export function isPriced(price: CostFunction | undefined, model: string): boolean {
  return price !== undefined && model !== "" && price(NO_TOKENS, model) !== null;
}

/**
 * Why a run needs the person's yes before it starts, or null when it does not: a budget (named `budgetName`, such
 * as "--budget") is set and a model the run will ask (its steps', their reviewers') has no price, so the budget
 * could not stop the run.
 */
export function unpricedBudgetReason(price: CostFunction | undefined, models: readonly string[], budgetUsd: number, budgetName: string): string | null {
  if (budgetUsd <= 0 || price === undefined) return null;
  const unpriced = [...new Set(models)].filter((model) => !isPriced(price, model));
  if (unpriced.length === 0) return null;
  return `No price is known for ${joinNames(unpriced.map(modelLabel))}, so ${budgetName} cannot stop the run.`;
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The one-time warning for a model without a price. */
export function unpricedWarning(model: string): string {
  return `No price is known for ${modelLabel(model)}: its cost is recorded and shown as unknown, not $0.`;
}

/** `price`, calling `warn` the first time each model turns out to have no price (`warned` remembers them). */
export function warningOnUnpriced(price: CostFunction, warned: Set<string>, warn: (message: string) => void): CostFunction {
  return (usage, model) => {
    const cost = price(usage, model);
    if (cost === null && !warned.has(model)) {
      warned.add(model);
      warn(unpricedWarning(model));
    }
    return cost;
  };
}

function modelLabel(model: string): string {
  return model ? `model "${model}"` : "the endpoint's default model";
}
