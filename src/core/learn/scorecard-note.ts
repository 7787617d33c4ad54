// Renders a scorecard as a Markdown note: tables per step and per role, versions, and the plain-words signals.
import type { RoleScore, Scorecard, StepScore } from "./scorecard";
import { formatStepCost } from "./scorecard";
import { percent, decimal, findings } from "./scorecard-format";

/** Table cells may not contain pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function duration(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `| ${header.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

function stepTable(steps: readonly StepScore[]): string {
  if (!steps.length) return "No step has run yet.";
  return table(
    ["Step", "Runs", "First-pass approval", "Extra revisions", "Skips", "Findings (high / medium / low)", "Tokens", "Cost", "Average time"],
    steps.map((s) => [
      `${s.index}. ${s.title}`,
      String(s.runs),
      percent(s.first_pass_approval),
      decimal(s.revisions),
      String(s.skips),
      findings(s.findings),
      String(s.tokens),
      formatStepCost(s),
      duration(s.avg_seconds),
    ]),
  );
}

function roleTable(roles: readonly RoleScore[]): string {
  if (!roles.length) return "No role has worked on this SOP yet.";
  return table(
    ["Role", "Step runs", "First-pass approval", "Extra revisions", "Findings (high / medium / low)", "Unaddressed checks", "Reviewed"],
    roles.map((r) => [r.role, String(r.steps), percent(r.first_pass_approval), decimal(r.revisions), findings(r.findings), String(r.unaddressed_checks), String(r.reviewed)]),
  );
}

/** The scorecard note's Markdown body (no frontmatter): the answer to "is this process worth keeping?" first. */
export function renderScorecardNote(scorecard: Scorecard, sopTitle: string): string {
  const s = scorecard.signals;
  const out: string[] = [`# Scorecard: ${sopTitle}`, ""];
  out.push(`${scorecard.runs} run${scorecard.runs === 1 ? "" : "s"} across version${s.refinements.versions_run.length === 1 ? "" : "s"} ${s.refinements.versions_run.join(", ") || "–"}.`, "");
  out.push("## Signals", "");
  const verdicts = { keep: "Worth keeping", rework: "Needs rework", "too-early": "Too early to tell" } as const;
  out.push(`- **${verdicts[s.worth_keeping.verdict]}**: ${s.worth_keeping.reason}`);
  out.push(`- **Refinements**: ${s.refinements.amendments} amendment${s.refinements.amendments === 1 ? "" : "s"}; now at version ${s.refinements.latest_version}.`);
  const trendWords = { improving: "improving", steady: "steady", declining: "declining", unknown: "not yet comparable" } as const;
  const stability =
    s.stability.previous === null
      ? `first-pass approval ${percent(s.stability.first_pass_approval)} on the latest version`
      : `first-pass approval ${percent(s.stability.first_pass_approval)} on the latest version, ${percent(s.stability.previous)} on the one before`;
  out.push(`- **Stability**: ${trendWords[s.stability.trend]} (${stability}).`);
  if (s.skipping_checks.length) {
    const who = s.skipping_checks
      .map((r) => {
        const named = r.checks.length ? `; most often "${r.checks[0]}"` : "";
        return `${r.role} (${r.unaddressed_checks} in ${r.reviewed} reviewed step${r.reviewed === 1 ? "" : "s"}${named})`;
      })
      .join(", ");
    out.push(`- **Checks left unaddressed**: ${who}.`);
  } else {
    out.push("- **Checks left unaddressed**: none found by reviewers.");
  }
  out.push("", "## Steps", "", stepTable(scorecard.steps), "", "## Roles", "", roleTable(scorecard.roles));
  if (scorecard.byVersion.length > 1) {
    out.push("", "## By version");
    for (const version of scorecard.byVersion) {
      out.push("", `### Version ${version.sop_version} (${version.runs} run${version.runs === 1 ? "" : "s"})`, "", stepTable(version.steps));
    }
  }
  out.push(
    "",
    "First-pass approval: share of decided runs (approved or skipped) where the first draft was approved. Extra revisions: mean revisions beyond the first. Unaddressed checks: reviewer findings on a role's work that were not dismissed.",
    "",
  );
  return out.join("\n");
}
