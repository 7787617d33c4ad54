// `sop resume <vault> [<run-note>]`: continues an interrupted, paused or waiting run from its notes.
import type { CliCommand } from "../command";
import { UsageError } from "../command";
import { driveRun } from "../drive-run";
import { parseFlags } from "../flags";
import { chooseModel, MODEL_FLAG_OPTIONS } from "../model-options";
import { confirmPricing, warnOnStderr } from "../price-check";
import { engineFor, openVault, parseBudget, resolveNote, unwrap } from "../vault-session";

const UNFINISHED = new Set(["planned", "running", "awaiting-review", "paused", "failed"]);

export const resumeCommand: CliCommand = {
  name: "resume",
  summary: "continue an interrupted, paused or waiting run",
  usage: "sop resume <vault> [<run-note>] [--auto] [--wait] [--budget <usd>] [--as <name>] [--base-url <url>] [--model <name>] [--api-key-env <NAME>] [--timeout <seconds>] [--retries <n>] [--context <tokens>]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { auto: { type: "boolean" }, wait: { type: "boolean" }, budget: { type: "string" }, as: { type: "string" }, ...MODEL_FLAG_OPTIONS });
    const vault = await openVault(positionals[0]);
    const choice = await chooseModel(values, io.env);
    const budget = parseBudget(values.budget);
    const engine = engineFor(vault, choice.model, choice.modelName, budget, undefined, warnOnStderr(io), choice.config);
    let runPath: string;
    if (positionals[1]) {
      runPath = await resolveNote(vault, positionals[1], "run note");
    } else {
      const open = unwrap(await engine.listRuns()).filter((r) => UNFINISHED.has(r.status));
      if (open.length === 0) throw new UsageError("No unfinished run in this vault.");
      if (open.length > 1) {
        throw new UsageError(`${open.length} runs are unfinished; name one: ${open.map((r) => `"${r.run}" (${r.status})`).join(", ")}.`);
      }
      runPath = open[0].run;
    }
    if (choice.model && budget > 0 && !(await confirmPricing(io, unwrap(await engine.models(runPath)), budget))) return 1;
    io.out(`${choice.describe}\nResuming ${runPath}\n`);
    return driveRun(engine, vault, runPath, io, {
      auto: Boolean(values.auto),
      wait: Boolean(values.wait),
      me: values.as ?? io.env.SOP_USER ?? "",
      resumeHint: `Continue with: sop resume "${positionals[0]}" "${runPath}"`,
    });
  },
};
