// `sop status <vault> [--json]`: every run in the vault with its status and step; a dead run shows as "interrupted".
import type { CliCommand } from "../command";
import { parseFlags } from "../flags";
import { engineFor, openVault, unwrap } from "../vault-session";

export const statusCommand: CliCommand = {
  name: "status",
  summary: "list the runs in a vault with their status, owner and deadline (overdue ones marked)",
  usage: "sop status <vault> [--json]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { json: { type: "boolean" } });
    const vault = await openVault(positionals[0]);
    // A run whose notes say "running" but whose lock is gone or stale was killed: it waits for `sop resume`.
    const runs = unwrap(await engineFor(vault, null, "").listRuns()).map(({ interrupted, ...run }) => (interrupted ? { ...run, status: "interrupted" as const } : run));
    if (values.json) {
      io.out(JSON.stringify(runs, null, 2) + "\n");
      return 0;
    }
    if (runs.length === 0) {
      io.out("No runs yet.\n");
      return 0;
    }
    for (const r of runs) {
      io.out(`${r.status.padEnd(15)} step ${r.step}/${r.steps}  ${r.run}\n                SOP: ${r.sop}\n`);
      if (r.owner || r.due) io.out(`                ${[r.owner && `owner ${r.owner}`, r.due && `due ${r.due}`].filter(Boolean).join(", ")}${r.overdue ? " — OVERDUE" : ""}\n`);
    }
    return 0;
  },
};
