// `sop scorecard <vault> <sop-note> [--json] [--write]`: how an SOP's runs went, per step and per role.
import { loadPastRuns } from "../../core/learn/load-past-runs";
import { computeScorecard, formatStepCost, type Scorecard } from "../../core/learn/scorecard";
import { writeScorecardNote } from "../../core/learn/write-scorecard-note";
import { DEFAULT_ENGINE_SETTINGS } from "../../core/run/engine-types";
import { parseProcedure } from "../../core/sop/parse-procedure";
import { UsageError, type CliCommand } from "../command";
import { noteName } from "../../core/notes/names";
import { parseFlags } from "../flags";
import { openVault, resolveNote } from "../vault-session";
import { nodeYaml } from "../yaml-codec";
import { percent, decimal, findings } from "../../core/learn/scorecard-format";


export const scorecardCommand: CliCommand = {
  name: "scorecard",
  summary: "score an SOP across its runs: approvals, revisions, findings, skips, tokens, cost per step and role",
  usage: "sop scorecard <vault> <sop-note> [--json] [--write]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { json: { type: "boolean" }, write: { type: "boolean" } });
    if (positionals.length > 2) throw new UsageError(`Expected a vault and an SOP note, got ${positionals.length} arguments.`);
    const vault = await openVault(positionals[0]);
    const sopPath = await resolveNote(vault, positionals[1], "SOP note");
    const text = await vault.read(sopPath);
    if (text === null) throw new UsageError(`Could not read ${sopPath}.`);
    // A scorecard is still useful for an SOP that no longer parses; it then uses the note name and the default runs folder.
    const parsed = parseProcedure(text, { name: noteName(sopPath), yaml: nodeYaml });
    const title = parsed.ok ? parsed.procedure.title : noteName(sopPath);
    const runsFolder = (parsed.ok ? parsed.procedure.settings.runsFolder : undefined) || DEFAULT_ENGINE_SETTINGS.runsFolder;

    const { records, problems } = await loadPastRuns(vault, nodeYaml, sopPath, runsFolder);
    for (const problem of problems) io.err(`Warning: ${problem}\n`);
    const scorecard = computeScorecard(records);

    if (values.json) io.out(`${JSON.stringify(scorecard, null, 2)}\n`);
    else io.out(readable(scorecard, title, runsFolder));
    if (values.write) {
      const notePath = await writeScorecardNote(vault, nodeYaml, sopPath, title, scorecard, new Date());
      // With --json, stdout stays pure JSON.
      const line = `Scorecard note: ${notePath}\n`;
      if (values.json) io.err(line);
      else io.out(line);
    }
    return 0;
  },
};

/** Columns padded to their widest cell; numbers right-aligned. */
function table(header: string[], rows: string[][], rightFrom: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i >= rightFrom ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function readable(scorecard: Scorecard, title: string, runsFolder: string): string {
  if (scorecard.runs === 0) return `${title}: no runs yet in "${runsFolder}".\n`;
  const s = scorecard.signals;
  const out = [`${title}: ${scorecard.runs} run${scorecard.runs === 1 ? "" : "s"}, version${s.refinements.versions_run.length === 1 ? "" : "s"} ${s.refinements.versions_run.join(", ")}`, ""];
  out.push(
    table(
      ["Step", "Runs", "First pass", "Extra rev.", "Skips", "Findings h/m/l", "Tokens", "Cost"],
      scorecard.steps.map((step) => [`${step.index}. ${step.title}`, String(step.runs), percent(step.first_pass_approval), decimal(step.revisions), String(step.skips), findings(step.findings), String(step.tokens), formatStepCost(step)]),
      1,
    ),
    "",
    table(
      ["Role", "Step runs", "First pass", "Extra rev.", "Findings h/m/l", "Unaddressed", "Reviewed"],
      scorecard.roles.map((role) => [role.role, String(role.steps), percent(role.first_pass_approval), decimal(role.revisions), findings(role.findings), String(role.unaddressed_checks), String(role.reviewed)]),
      1,
    ),
    "",
    `Verdict: ${s.worth_keeping.verdict} (${s.worth_keeping.reason})`,
    `Stability: ${s.stability.trend}; first-pass approval ${percent(s.stability.first_pass_approval)} on version ${s.refinements.latest_version}.`,
  );
  for (const role of s.skipping_checks) {
    out.push(`Checks left unaddressed by ${role.role}: ${role.unaddressed_checks} in ${role.reviewed} reviewed step${role.reviewed === 1 ? "" : "s"}${role.checks.length ? ` (most often "${role.checks[0]}")` : ""}.`);
  }
  return `${out.join("\n")}\n`;
}
