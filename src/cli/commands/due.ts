// `sop due <vault> [--json] [--start [--auto]]`: recurring SOPs whose next run is due, and starting a fresh run of each.
import { describeDue, findDueSops } from "../../core/app/due-sops";
import type { CliCommand } from "../command";
import { driveRun } from "../drive-run";
import { parseFlags } from "../flags";
import { chooseModel, MODEL_FLAG_OPTIONS } from "../model-options";
import { vaultSops } from "../vault-sops";
import { engineFor, openVault, unwrap } from "../vault-session";
import { warnOnStderr } from "../price-check";

export const dueCommand: CliCommand = {
  name: "due",
  summary: "list recurring SOPs (sop_every) that are due; --start starts a fresh run of each",
  usage: "sop due <vault> [--json] [--start [--auto]] [--base-url <url>] [--model <name>] [--api-key-env <NAME>] [--timeout <seconds>] [--retries <n>] [--context <tokens>]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { json: { type: "boolean" }, start: { type: "boolean" }, auto: { type: "boolean" }, ...MODEL_FLAG_OPTIONS });
    const vault = await openVault(positionals[0]);
    const sops = (await vaultSops(vault)).flatMap((s) => (s.procedure ? [{ path: s.path, procedure: s.procedure }] : []));
    const runs = unwrap(await engineFor(vault, null, "").listRuns());
    const due = findDueSops({ sops, runs, now: new Date() });
    if (!values.start) {
      if (values.json) io.out(JSON.stringify(due, null, 2) + "\n");
      else if (due.length === 0) io.out("No recurring SOP is due.\n");
      else io.out(due.map((d) => `${d.path} — ${describeDue(d)}`).join("\n") + "\n");
      return 0;
    }
    if (due.length === 0) {
      io.out("No recurring SOP is due.\n");
      return 0;
    }
    const choice = await chooseModel(values, io.env);
    const engine = engineFor(vault, choice.model, choice.modelName, 0, undefined, warnOnStderr(io), choice.config);
    let refused = 0;
    let code = 0;
    for (const sop of due) {
      // Each recurrence is a fresh run with the inputs' defaults; earlier runs stay as they are.
      const started = await engine.start({ sopPath: sop.path, mode: values.auto ? "auto" : undefined, model: choice.modelName || undefined });
      if (!started.ok) {
        refused += 1;
        io.err(`${sop.path}: not started: ${started.error}\n`);
        continue;
      }
      const resumeHint = `Continue with: sop resume "${positionals[0]}" "${started.value}"`;
      io.out(`Started ${started.value}\n`);
      if (values.auto) code = Math.max(code, await driveRun(engine, vault, started.value, io, { auto: true, resumeHint }));
      else io.out(`${resumeHint}\n`);
    }
    return refused > 0 ? 2 : code;
  },
};
