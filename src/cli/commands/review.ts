// `sop review <vault> <waypoint-note> --role <name>…`: has roles check a waypoint and prints their findings.
import type { AnchoredFindingView, ReviewView } from "../../core/review/review-service";
import { findRole } from "../../core/review/review-target";
import { countBySeverity } from "../../core/review/gate-rule";
import { DEFAULT_ENGINE_SETTINGS } from "../../core/run/engine-types";
import type { CliCommand, CliIo } from "../command";
import { UsageError } from "../command";
import { parseFlags } from "../flags";
import { chooseModel, MODEL_FLAG_OPTIONS } from "../model-options";
import { openVault, resolveNote, unwrap } from "../vault-session";
import { nodeYaml } from "../yaml-codec";
import { createRuntime } from "../../core/app/runtime";

export const reviewCommand: CliCommand = {
  name: "review",
  summary: "have roles check a waypoint against their sources and print the findings",
  usage: "sop review <vault> <waypoint-note> --role <name> [--role <name>…] [--json] [--base-url <url>] [--model <name>] [--api-key-env <NAME>] [--timeout <seconds>] [--retries <n>]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      role: { type: "string", multiple: true },
      json: { type: "boolean" },
      ...MODEL_FLAG_OPTIONS,
    });
    if (positionals.length > 2) throw new UsageError(`Unexpected argument "${positionals[2]}"; name roles with --role.`);
    const vault = await openVault(positionals[0]);
    const waypointPath = await resolveNote(vault, positionals[1], "waypoint note");
    const roles = (values.role ?? []).map((role) => role.trim()).filter((role) => role !== "");
    if (roles.length === 0) throw new UsageError("Name at least one role with --role (for example --role Fact-checker).");
    const roleTag = DEFAULT_ENGINE_SETTINGS.roleTag;
    for (const role of roles) {
      if ((await findRole(vault, nodeYaml, roleTag, role, waypointPath)) === null) {
        throw new UsageError(`No role note "${role}" in the vault: a role is a note tagged #${roleTag}.`);
      }
    }
    const choice = await chooseModel(values, io.env);
    if (choice.model === null) throw new UsageError("No model configured: reviewers need one (--base-url, or OPENAI_BASE_URL / OPENAI_API_KEY).");
    const service = createRuntime({ vault, yaml: nodeYaml, clock: { now: () => new Date() }, model: choice.model }, { roleTag, defaultModel: choice.modelName }).reviews;
    const views = unwrap(await service.review(waypointPath, roles, { signal: io.signal }));
    if (values.json) io.out(JSON.stringify(views, null, 2) + "\n");
    else for (const view of views) printView(view, io);
    // A reviewer that could not review is a failure, not "0 findings".
    const failed = views.filter((view) => view.error !== undefined && view.findings.length === 0);
    for (const view of failed) io.err(`Review failed: ${view.reviewer} could not review ${waypointPath}.\n`);
    return failed.length > 0 ? 1 : 0;
  },
};

function printView(view: ReviewView, io: CliIo): void {
  const findings = view.findings.map((anchored) => anchored.finding);
  const counts = countBySeverity(findings);
  io.out(`\n${view.reviewer} (revision ${view.revision}): ${findings.length} finding${findings.length === 1 ? "" : "s"} — ${counts.high} high, ${counts.medium} medium, ${counts.low} low\n`);
  if (view.error !== undefined) io.out(`  Error: ${view.error}\n`);
  view.findings.forEach((anchored, i) => io.out(findingLines(anchored, i + 1)));
  if (view.path !== "") io.out(`  Review note: ${view.path}\n`);
}

function findingLines(anchored: AnchoredFindingView, number: number): string {
  const { finding } = anchored;
  const lines = [`  ${number}. [${finding.severity}] ${finding.quote ? `“${oneLine(finding.quote)}”` : "(about the whole waypoint)"}${anchored.detached && finding.quote ? " (no longer in the text)" : ""}`];
  if (finding.problem) lines.push(`     Problem: ${oneLine(finding.problem)}`);
  if (finding.suggestion) lines.push(`     Suggestion: ${oneLine(finding.suggestion)}`);
  if (finding.source) lines.push(`     Source: ${oneLine(finding.source)}`);
  if (finding.check !== undefined) lines.push(`     Unmet check: ${oneLine(finding.check)}`);
  return lines.join("\n") + "\n";
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
