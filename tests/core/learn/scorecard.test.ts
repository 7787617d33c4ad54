import { computeScorecard } from "../../../src/core/learn/scorecard";
import { renderScorecardNote } from "../../../src/core/learn/scorecard-note";
import type { ReviewFinding, ReviewRecord, PastRun, PastStep } from "../../../src/core/learn/past-runs";

const TITLES = ["", "Identify the audience", "Build an outline", "Spot-check accuracy"];
const ROLES = ["", "Drafter", "Drafter", "Fact-checker"];

function review(high: number, medium: number, low: number, dismissed = 0, items: ReviewFinding[] = []): ReviewRecord {
  return { path: "review.md", reviewer: "Editor", revision: 1, findings: { high, medium, low }, open: 0, dismissed, items };
}

const POLICY_CHECK = "Every claim about access matches the access policy";

function step(n: number, status: string, revision: number, tokensIn: number, tokensOut: number, extra: Partial<PastStep> = {}): PastStep {
  return {
    path: `Runs/x/0${n} ${TITLES[n]}.md`,
    step: n,
    stepId: `${n}-${TITLES[n].toLowerCase().replace(/ /g, "-")}`,
    title: TITLES[n],
    role: ROLES[n],
    status,
    revision,
    model: "m",
    tokensIn,
    tokensOut,
    cost: null,
    seconds: null,
    reviews: [],
    feedback: [],
    ...extra,
  };
}

function run(name: string, sopVersion: number, status: string, cost: number | null, steps: PastStep[]): PastRun {
  return { path: `Runs/${name}/Run.md`, sop: "SOPs/S.md", sopVersion, status, mode: "step", model: "m", started: `2026-11-0${name.length}`, finished: null, tokensIn: 0, tokensOut: 0, cost, steps };
}

// Three runs, computed by hand below.
const runA = run("A", 1, "done", 0.3, [
  step(1, "approved", 1, 100, 50, { seconds: 10 }),
  step(2, "approved", 2, 200, 100, { seconds: 20 }),
  step(3, "approved", 1, 150, 150, { reviews: [review(1, 0, 2, 1)] }),
]);
const runB = run("BB", 1, "cancelled", null, [step(1, "approved", 3, 300, 0), step(2, "skipped", 1, 0, 0)]);
const runC = run("CCC", 2, "done", 0.6, [
  step(1, "approved", 1, 100, 100, { cost: 0.1 }),
  step(2, "approved", 1, 250, 250),
  step(3, "approved", 1, 250, 250, { reviews: [review(0, 1, 0, 0, [{ severity: "medium", state: "accepted", problem: "MFA claim unsupported", suggestion: "", check: POLICY_CHECK }])] }),
]);

describe("computeScorecard", () => {
  const card = computeScorecard([runA, runB, runC]);

  it("counts runs and reports each step's numbers", () => {
    expect(card.runs).toBe(3);
    expect(card.steps.map((s) => [s.index, s.title, s.runs])).toEqual([
      [1, "Identify the audience", 3],
      [2, "Build an outline", 3],
      [3, "Spot-check accuracy", 2],
    ]);
    const [s1, s2, s3] = card.steps;
    // Step 1: first drafts approved in A and C, B needed revision 3.
    expect(s1.first_pass_approval).toBeCloseTo(2 / 3);
    expect(s1.revisions).toBeCloseTo((0 + 2 + 0) / 3);
    expect(s1.skips).toBe(0);
    expect(s1.tokens).toBe(150 + 300 + 200);
    // A's $0.30 shared by tokens (150 of 750) plus C's recorded $0.10; B recorded no cost.
    expect(s1.cost).toBeCloseTo(0.3 * (150 / 750) + 0.1);
    expect(s1.avg_seconds).toBe(10);
    // Step 2: approved at revision 2 in A, skipped in B, first draft approved in C.
    expect(s2.first_pass_approval).toBeCloseTo(1 / 3);
    expect(s2.revisions).toBeCloseTo(1 / 3);
    expect(s2.skips).toBe(1);
    expect(s2.tokens).toBe(300 + 0 + 500);
    // C: $0.60 − $0.10 recorded for step 1 = $0.50 shared by steps 2 and 3 (500 tokens each).
    expect(s2.cost).toBeCloseTo(0.3 * (300 / 750) + 0.5 * (500 / 1000));
    expect(s2.avg_seconds).toBe(20);
    expect(s3.first_pass_approval).toBe(1);
    expect(s3.revisions).toBe(0);
    expect(s3.findings).toEqual({ high: 1, medium: 1, low: 2 });
    expect(s3.avg_seconds).toBeNull();
  });

  it("scores roles, counting reviewer findings that were not dismissed as unaddressed checks", () => {
    const drafter = card.roles.find((r) => r.role === "Drafter");
    const checker = card.roles.find((r) => r.role === "Fact-checker");
    expect(drafter).toMatchObject({ steps: 6, reviewed: 0, unaddressed_checks: 0 });
    expect(drafter?.first_pass_approval).toBeCloseTo(3 / 6);
    expect(drafter?.revisions).toBeCloseTo((0 + 1 + 2 + 0 + 0 + 0) / 6);
    expect(checker).toMatchObject({ steps: 2, first_pass_approval: 1, revisions: 0, reviewed: 2, findings: { high: 1, medium: 1, low: 2 } });
    expect(checker?.unaddressed_checks).toBe(1 + 2 - 1 + 1);
  });

  it("splits by the sop_version each run ran", () => {
    expect(card.byVersion.map((v) => [v.sop_version, v.runs])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(card.byVersion[1].steps[0].first_pass_approval).toBe(1);
    expect(card.byVersion[0].steps[0].first_pass_approval).toBeCloseTo(1 / 2);
  });

  it("answers whether the process is worth keeping, how often it was refined and whether it is settling", () => {
    const s = card.signals;
    expect(s.worth_keeping).toMatchObject({ verdict: "keep", completed: 2, often_skipped: [] });
    expect(s.worth_keeping.completion_rate).toBeCloseTo(2 / 3);
    expect(s.refinements).toEqual({ latest_version: 2, amendments: 1, versions_run: [1, 2] });
    // Version 1: first drafts approved in 2 of 5 decided steps; version 2: all 3.
    expect(s.stability.previous).toBeCloseTo(2 / 5);
    expect(s.stability.first_pass_approval).toBe(1);
    expect(s.stability.trend).toBe("improving");
    expect(s.skipping_checks).toEqual([{ role: "Fact-checker", unaddressed_checks: 3, reviewed: 2, per_reviewed_step: 1.5, checks: [POLICY_CHECK] }]);
  });

  it("says it is too early with fewer than three runs and never divides by zero", () => {
    const empty = computeScorecard([]);
    expect(empty).toMatchObject({ runs: 0, steps: [], roles: [], byVersion: [] });
    expect(empty.signals.worth_keeping.verdict).toBe("too-early");
    const one = computeScorecard([run("D", 1, "running", null, [step(1, "awaiting-review", 1, 10, 10)])]);
    expect(one.steps[0]).toMatchObject({ runs: 1, first_pass_approval: null, revisions: 0, cost: null });
  });

  it("flags steps skipped in most runs", () => {
    const runs = ["E", "FF", "GGG"].map((n) => run(n, 1, "done", null, [step(1, "approved", 1, 1, 1), step(2, "skipped", 1, 0, 0)]));
    const card2 = computeScorecard(runs);
    expect(card2.signals.worth_keeping.often_skipped).toEqual([2]);
    expect(card2.signals.worth_keeping.reason).toContain("Often skipped: step 2.");
  });
});

describe("renderScorecardNote", () => {
  const note = renderScorecardNote(computeScorecard([runA, runB, runC]), "Drafting | docs");

  it("writes the signals and Markdown tables per step and role", () => {
    expect(note.split("\n")[0]).toBe("# Scorecard: Drafting | docs");
    expect(note).toContain("- **Worth keeping**: 2 of 3 finished runs were completed.");
    expect(note).toContain("| Step | Runs | First-pass approval | Extra revisions | Skips | Findings (high / medium / low) | Tokens | Cost | Average time |");
    expect(note).toContain("| 1. Identify the audience | 3 | 67% | 0.7 | 0 | 0 / 0 / 0 | 650 | $0.16 | 10 s |");
    expect(note).toContain("| Fact-checker | 2 | 100% | 0.0 | 1 / 1 / 2 | 3 | 2 |");
    expect(note).toContain(`- **Checks left unaddressed**: Fact-checker (3 in 2 reviewed steps; most often "${POLICY_CHECK}").`);
  });

  it("adds a table per version when runs used more than one", () => {
    expect(note).toContain("### Version 1 (2 runs)");
    expect(note).toContain("### Version 2 (1 run)");
  });

  it("keeps pipes in titles from breaking a table", () => {
    const card = computeScorecard([run("A", 1, "done", null, [step(1, "approved", 1, 1, 1, { title: "A | B" })])]);
    expect(renderScorecardNote(card, "S")).toContain("| 1. A \\| B | 1 |");
  });
});

describe("a step whose runs mix priced and unpriced models", () => {
  const priced = run("P", 1, "done", 0.1, [step(1, "approved", 1, 100, 100, { cost: 0.1, unknownCosts: 0 })]);
  const unpriced = run("UU", 1, "done", null, [step(1, "approved", 1, 100, 100, { cost: null, unknownCosts: 1 })]);
  const partly = run("PPP", 1, "done", null, [step(1, "approved", 2, 200, 200, { cost: 0.05, unknownCosts: 1 })]);

  it("shows the known cost with how many runs are unknown, never the known part alone as the total", () => {
    const card = computeScorecard([priced, unpriced, partly]);
    expect(card.steps[0]).toMatchObject({ cost_unknown: 2 });
    expect(card.steps[0].cost).toBeCloseTo(0.15);
    expect(renderScorecardNote(card, "S")).toMatch(/\| 1\. Identify the audience \|.*\| \$0\.15\d* \+ 2 unknown \|/);
  });

  it("shows unknown when no run of the step had a price, and the cost alone when every run had one", () => {
    expect(computeScorecard([unpriced]).steps[0]).toMatchObject({ cost: null, cost_unknown: 1 });
    expect(computeScorecard([priced]).steps[0]).toMatchObject({ cost: 0.1, cost_unknown: 0 });
  });
});
