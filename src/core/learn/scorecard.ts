// An SOP's scorecard across its runs: per step and per role, split by version, with "keep it?" signals.
import type { FindingCounts, ReviewRecord, PastRun, PastStep } from "./past-runs";
import { formatCost } from "../notes/money";

export interface StepScore {
  index: number;
  title: string;
  /** Runs that reached this step. */
  runs: number;
  /** Share (0–1) of the step's decided runs (approved or skipped) where the first revision was approved; null when none decided. */
  first_pass_approval: number | null;
  /** Mean number of extra revisions (revision − 1) per run; null when no run reached the step. */
  revisions: number | null;
  skips: number;
  findings: FindingCounts;
  /** Prompt + completion tokens, every revision included. */
  tokens: number;
  /** Recorded per-step cost, else the run's cost shared out by tokens; null when no run records a cost. */
  cost: number | null;
  /** Runs of the step whose cost is unknown, wholly or in part (a model without a price): `cost` is only what is known. */
  cost_unknown: number;
  avg_seconds: number | null;
}

export interface RoleScore {
  role: string;
  /** Step runs done by this role. */
  steps: number;
  first_pass_approval: number | null;
  revisions: number | null;
  findings: FindingCounts;
  /** Findings reviewers raised on this role's work that were not dismissed: checks the role left unaddressed. */
  unaddressed_checks: number;
  /** Step runs of this role that a reviewer looked at. */
  reviewed: number;
}

export interface ScorecardBody {
  runs: number;
  steps: StepScore[];
  roles: RoleScore[];
}

export interface VersionScore extends ScorecardBody {
  sop_version: number;
}

export interface ScorecardSignals {
  worth_keeping: {
    verdict: "keep" | "rework" | "too-early";
    /** One sentence saying why. */
    reason: string;
    completed: number;
    /** Done runs among finished ones (done, cancelled, failed); null when none finished. */
    completion_rate: number | null;
    /** Steps skipped in more than half the runs that reached them. */
    often_skipped: number[];
  };
  refinements: { latest_version: number; amendments: number; versions_run: number[] };
  stability: { first_pass_approval: number | null; previous: number | null; trend: "improving" | "steady" | "declining" | "unknown" };
  /** Roles whose reviewed work had findings left unaddressed, most per reviewed step first. */
  skipping_checks: { role: string; unaddressed_checks: number; reviewed: number; per_reviewed_step: number; checks: string[] }[];
}

export interface Scorecard extends ScorecardBody {
  byVersion: VersionScore[];
  signals: ScorecardSignals;
}

const NO_ROLE = "(no role)";

/** A step's cost as people read it: "$0.0200", "unknown", or "$0.0200 + 1 unknown" when some runs had no price. */
export function formatStepCost(score: Pick<StepScore, "cost" | "cost_unknown">): string {
  if (score.cost === null || score.cost_unknown === 0) return formatCost(score.cost);
  return `${formatCost(score.cost)} + ${score.cost_unknown} unknown`;
}
const MIN_RUNS_FOR_VERDICT = 3;
const KEEP_COMPLETION_RATE = 0.6;
const TREND_MARGIN = 0.05;

interface Instance {
  step: PastStep;
  cost: number | null;
}

function zeroFindings(): FindingCounts {
  return { high: 0, medium: 0, low: 0 };
}

function addFindings(into: FindingCounts, reviews: readonly ReviewRecord[]): FindingCounts {
  for (const r of reviews) {
    into.high += r.findings.high;
    into.medium += r.findings.medium;
    into.low += r.findings.low;
  }
  return into;
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

function firstPass(steps: readonly PastStep[]): number | null {
  const decided = steps.filter((s) => s.status === "approved" || s.status === "skipped");
  if (!decided.length) return null;
  return decided.filter((s) => s.status === "approved" && s.revision === 1).length / decided.length;
}

/** Each step's cost: its own recorded cost, else its token share of what the run cost beyond the recorded ones. */
function instancesOf(run: PastRun): Instance[] {
  const known = run.steps.reduce((sum, s) => sum + (s.cost ?? 0), 0);
  const unknown = run.steps.filter((s) => s.cost === null);
  const left = run.cost === null ? null : Math.max(0, run.cost - known);
  const unknownTokens = unknown.reduce((sum, s) => sum + s.tokensIn + s.tokensOut, 0);
  return run.steps.map((step) => {
    if (step.cost !== null) return { step, cost: step.cost };
    if (left === null) return { step, cost: null };
    const share = unknownTokens > 0 ? (step.tokensIn + step.tokensOut) / unknownTokens : 1 / unknown.length;
    return { step, cost: left * share };
  });
}

/** Steps are followed by their stable id; a waypoint that records none joins the id of a step with its number and title. */
function stepKeys(records: readonly PastRun[]): (step: PastStep) => string {
  const place = (step: PastStep): string => `#${step.step}|${step.title.toLowerCase()}`;
  const ids = new Map<string, string>();
  for (const step of records.flatMap((r) => r.steps)) if (step.stepId !== null && !ids.has(place(step))) ids.set(place(step), step.stepId);
  return (step) => step.stepId ?? ids.get(place(step)) ?? place(step);
}

function scoreSteps(groups: Map<string, Instance[]>): StepScore[] {
  const scores: StepScore[] = [];
  for (const instances of groups.values()) {
    const steps = instances.map((i) => i.step);
    const latest = steps[steps.length - 1];
    const costs = instances.map((i) => i.cost).filter((c): c is number => c !== null);
    scores.push({
      index: latest.step,
      title: latest.title,
      runs: steps.length,
      first_pass_approval: firstPass(steps),
      revisions: mean(steps.map((s) => Math.max(0, s.revision - 1))),
      skips: steps.filter((s) => s.status === "skipped").length,
      findings: addFindings(zeroFindings(), steps.flatMap((s) => s.reviews)),
      tokens: steps.reduce((sum, s) => sum + s.tokensIn + s.tokensOut, 0),
      cost: costs.length ? costs.reduce((a, b) => a + b, 0) : null,
      cost_unknown: steps.filter((s) => (s.unknownCosts ?? 0) > 0).length,
      avg_seconds: mean(steps.map((s) => s.seconds).filter((s): s is number => s !== null)),
    });
  }
  return scores.sort((a, b) => a.index - b.index || a.title.localeCompare(b.title));
}

function scoreRoles(steps: readonly PastStep[]): RoleScore[] {
  const byRole = new Map<string, PastStep[]>();
  for (const step of steps) {
    const role = step.role ?? NO_ROLE;
    byRole.set(role, [...(byRole.get(role) ?? []), step]);
  }
  return [...byRole.entries()]
    .map(([role, list]) => ({
      role,
      steps: list.length,
      first_pass_approval: firstPass(list),
      revisions: mean(list.map((s) => Math.max(0, s.revision - 1))),
      findings: addFindings(zeroFindings(), list.flatMap((s) => s.reviews)),
      unaddressed_checks: list
        .flatMap((s) => s.reviews)
        .reduce((sum, r) => sum + Math.max(0, r.findings.high + r.findings.medium + r.findings.low - r.dismissed), 0),
      reviewed: list.filter((s) => s.reviews.length > 0).length,
    }))
    .sort((a, b) => a.role.localeCompare(b.role));
}

function scoreBody(records: readonly PastRun[]): ScorecardBody {
  const groups = new Map<string, Instance[]>();
  const stepKey = stepKeys(records);
  for (const run of records) {
    for (const instance of instancesOf(run)) {
      const key = stepKey(instance.step);
      groups.set(key, [...(groups.get(key) ?? []), instance]);
    }
  }
  return { runs: records.length, steps: scoreSteps(groups), roles: scoreRoles(records.flatMap((r) => r.steps)) };
}

/** The step checks reviewers said this role's work did not meet, most often named first. */
function namedChecks(records: readonly PastRun[], role: string): string[] {
  const counts = new Map<string, number>();
  for (const step of records.flatMap((r) => r.steps)) {
    if ((step.role ?? NO_ROLE) !== role) continue;
    for (const finding of step.reviews.flatMap((r) => r.items)) {
      if (finding.state !== "dismissed" && finding.check !== null) counts.set(finding.check, (counts.get(finding.check) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([check]) => check);
}

function signalsOf(records: readonly PastRun[], body: ScorecardBody, byVersion: VersionScore[]): ScorecardSignals {
  const completed = records.filter((r) => r.status === "done").length;
  const finished = records.filter((r) => r.status === "done" || r.status === "cancelled" || r.status === "failed").length;
  const completionRate = finished ? completed / finished : null;
  const oftenSkipped = body.steps.filter((s) => s.runs > 0 && s.skips / s.runs > 0.5).map((s) => s.index);
  let verdict: ScorecardSignals["worth_keeping"]["verdict"];
  let reason: string;
  if (records.length < MIN_RUNS_FOR_VERDICT) {
    verdict = "too-early";
    reason = `Only ${records.length} run${records.length === 1 ? "" : "s"} so far; ${MIN_RUNS_FOR_VERDICT} are needed for a verdict.`;
  } else if (completionRate !== null && completionRate >= KEEP_COMPLETION_RATE) {
    verdict = "keep";
    reason = `${completed} of ${finished} finished runs were completed.`;
  } else {
    verdict = "rework";
    reason = completionRate === null ? "No run has finished yet." : `Only ${completed} of ${finished} finished runs were completed.`;
  }
  if (oftenSkipped.length) reason += ` Often skipped: step ${oftenSkipped.join(", ")}.`;

  const versions = byVersion.map((v) => v.sop_version);
  const overall = (subset: readonly PastRun[]): number | null => firstPass(subset.flatMap((r) => r.steps));
  const latest = versions.length ? versions[versions.length - 1] : 1;
  const current = overall(records.filter((r) => r.sopVersion === latest));
  const previousVersion = versions.length > 1 ? versions[versions.length - 2] : null;
  const previous = previousVersion === null ? null : overall(records.filter((r) => r.sopVersion === previousVersion));
  const trend =
    current === null || previous === null ? "unknown" : current - previous > TREND_MARGIN ? "improving" : previous - current > TREND_MARGIN ? "declining" : "steady";

  const skipping = body.roles
    .filter((r) => r.unaddressed_checks > 0 && r.reviewed > 0)
    .map((r) => ({ role: r.role, unaddressed_checks: r.unaddressed_checks, reviewed: r.reviewed, per_reviewed_step: r.unaddressed_checks / r.reviewed, checks: namedChecks(records, r.role) }))
    .sort((a, b) => b.per_reviewed_step - a.per_reviewed_step || a.role.localeCompare(b.role));

  return {
    worth_keeping: { verdict, reason, completed, completion_rate: completionRate, often_skipped: oftenSkipped },
    refinements: { latest_version: latest, amendments: latest - 1, versions_run: versions },
    stability: { first_pass_approval: current, previous, trend },
    skipping_checks: skipping,
  };
}

/** The scorecard of the given runs (all of one SOP): totals, one split per `sop_version` run, and signals. */
export function computeScorecard(records: readonly PastRun[]): Scorecard {
  const body = scoreBody(records);
  const versions = [...new Set(records.map((r) => r.sopVersion))].sort((a, b) => a - b);
  const byVersion = versions.map((v) => ({ sop_version: v, ...scoreBody(records.filter((r) => r.sopVersion === v)) }));
  return { ...body, byVersion, signals: signalsOf(records, body, byVersion) };
}
