// `sop run <vault> <sop-note> …`: starts a run of an SOP and drives it on the terminal.
import type { CliCommand } from "../command";
import { parseFlags } from "../flags";
import { driveRun } from "../drive-run";
import { chooseModel, MODEL_FLAG_OPTIONS } from "../model-options";
import { confirmPricing, warnOnStderr } from "../price-check";
import { engineFor, openVault, parseBudget, resolveNote, unwrapInput } from "../vault-session";
import { INPUT_FLAG_OPTIONS, readInputOptions } from "../input-options";

export const runCommand: CliCommand = {
  name: "run",
  summary: "run an SOP step by step (gates on the terminal, or --auto unattended)",
  usage: "sop run <vault> <sop-note> [--project <note>] [--cue <text>] [--auto] [--wait] [--budget <usd>] [--input name=value]… [--inputs-file <yaml|json>] [--as <name>] [--base-url <url>] [--model <name>] [--api-key-env <NAME>] [--timeout <seconds>] [--retries <n>] [--context <tokens>]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      project: { type: "string" },
      cue: { type: "string" },
      auto: { type: "boolean" },
      wait: { type: "boolean" },
      budget: { type: "string" },
      as: { type: "string" },
      ...INPUT_FLAG_OPTIONS,
      ...MODEL_FLAG_OPTIONS,
    });
    const vault = await openVault(positionals[0]);
    const sopPath = await resolveNote(vault, positionals[1], "SOP note");
    const projectPath = values.project ? await resolveNote(vault, values.project, "project note") : null;
    const inputs = await readInputOptions(values);
    const choice = await chooseModel(values, io.env);
    const budget = parseBudget(values.budget);
    const engine = engineFor(vault, choice.model, choice.modelName, budget, undefined, warnOnStderr(io), choice.config);
    const start = { sopPath, projectPath, cue: values.cue ?? "", inputs, mode: values.auto ? ("auto" as const) : ("step" as const), model: choice.modelName || undefined };
    if (choice.model && budget > 0 && !(await confirmPricing(io, unwrapInput(await engine.models(start)), budget))) return 1;
    const runPath = unwrapInput(await engine.start(start));
    io.out(`${choice.describe}\nRun: ${runPath}\n`);
    return driveRun(engine, vault, runPath, io, {
      auto: Boolean(values.auto),
      wait: Boolean(values.wait),
      me: values.as ?? io.env.SOP_USER ?? "",
      resumeHint: `Continue with: sop resume "${positionals[0]}" "${runPath}"`,
    });
  },
};
