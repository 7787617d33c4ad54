// Before a run talks to a model under a budget: without a known price the budget cannot stop it, so the person is
// asked (the rule is core/app/pricing's, the plugin asks the same question in a modal).
import { unpricedBudgetReason } from "../core/app/pricing";
import type { CliIo } from "./command";
import { cliPrice } from "./vault-session";

/**
 * True to go on: always without `--budget`; with it and a model the run will ask (`models`: its steps' and their
 * reviewers', from the engine) without a known price, only when the person says yes.
 */
export async function confirmPricing(io: CliIo, models: readonly string[], budgetUsd: number): Promise<boolean> {
  const reason = unpricedBudgetReason(cliPrice, models, budgetUsd, "--budget");
  if (reason === null) return true;
  const answer = await io.ask(`${reason} Run anyway? [y/N] `);
  const yes = answer?.trim().toLowerCase();
  if (yes === "y" || yes === "yes") return true;
  io.err(`Not started: ${reason.replace(/^No/, "no").replace(/, so --budget cannot stop the run\.$/, "")}, so the budget could not be kept.\n`);
  return false;
}

/** Where a command prints the one-time warning for a model without a price: stderr, once per model in this run. */
export function warnOnStderr(io: CliIo): (message: string) => void {
  return (message) => io.err(`${message}\n`);
}
