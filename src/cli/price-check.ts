// Before a run talks to a model under a budget: without a known price the budget cannot stop it, so the person is asked.
import { DEFAULT_PRICES, priceOf } from "../llm/cost";
import type { CliIo } from "./command";

/** True to go on: always without `--budget`; with it and no known price, only when the person says yes. */
export async function confirmPricing(io: CliIo, modelName: string, budgetUsd: number): Promise<boolean> {
  if (!modelName || priceOf(modelName, DEFAULT_PRICES)) return true;
  if (budgetUsd <= 0) return true;
  const answer = await io.ask(`No price is known for model "${modelName}", so --budget cannot stop the run. Run anyway? [y/N] `);
  const yes = answer?.trim().toLowerCase();
  if (yes === "y" || yes === "yes") return true;
  io.err(`Not started: no price is known for model "${modelName}", so the budget could not be kept.\n`);
  return false;
}
