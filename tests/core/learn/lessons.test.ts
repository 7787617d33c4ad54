import { collectLessons, lessonsInstruction, type LessonEvent } from "../../../src/core/learn/lessons";
import type { PastRun, PastStep } from "../../../src/core/learn/past-runs";

function step(n: number, title: string): PastStep {
  return { path: `Runs/r/0${n} ${title}.md`, step: n, stepId: null, title, role: null, status: "approved", revision: 1, model: null, tokensIn: 0, tokensOut: 0, cost: null, seconds: null, reviews: [], feedback: [] };
}

const run: PastRun = {
  path: "Runs/r/Run.md",
  sop: "SOPs/Drafting internal product docs.md",
  sopVersion: 1,
  status: "done",
  mode: "step",
  model: null,
  started: null,
  finished: null,
  tokensIn: 0,
  tokensOut: 0,
  cost: null,
  steps: [step(1, "Identify the target audience and their common questions"), step(5, "Spot-check accuracy")],
};

describe("collectLessons", () => {
  it("turns feedback and accepted findings into lines per step, in step order", () => {
    const events: LessonEvent[] = [
      { kind: "finding", step: 5, state: "accepted", severity: "high", problem: "The MFA reset claim contradicts the access policy", suggestion: "Quote the policy section", reviewer: "Fact-checker" },
      { kind: "feedback", step: 1, text: "Add: 'What happens if I leave a team or project?'" },
      { kind: "finding", step: 5, state: "dismissed", severity: "low", problem: "Too short" },
      { kind: "finding", step: 5, state: "open", severity: "medium", problem: "Unclear" },
    ];
    const lessons = collectLessons(run, events);
    expect(lessons.map((l) => l.line)).toEqual([
      "Step 1 — feedback: Add: 'What happens if I leave a team or project?'",
      "Step 5 — Fact-checker finding (high): The MFA reset claim contradicts the access policy. Suggestion: Quote the policy section.",
    ]);
    expect(lessons[0].stepTitle).toBe("Identify the target audience and their common questions");
    expect(lessons[1].kind).toBe("finding");
  });

  it("reads the feedback recorded on the run's waypoints before the log's events", () => {
    const withFeedback: PastRun = { ...run, steps: [{ ...run.steps[0], feedback: ["Add: 'What happens if I leave a team or project?'"] }, run.steps[1]] };
    const lessons = collectLessons(withFeedback, [{ kind: "feedback", step: 1, text: "Add: 'What happens if I leave a team or project?'" }]);
    expect(lessons.map((l) => l.line)).toEqual(["Step 1 — feedback: Add: 'What happens if I leave a team or project?'"]);
  });

  it("reads accepted findings from the run's review notes", () => {
    const reviewed: PastRun = {
      ...run,
      steps: [
        run.steps[0],
        {
          ...run.steps[1],
          reviews: [
            {
              path: "r.md",
              reviewer: "Fact-checker",
              revision: 1,
              findings: { high: 0, medium: 1, low: 1 },
              open: 0,
              dismissed: 1,
              items: [
                { severity: "medium", state: "accepted", problem: "No config snippet for SSO", suggestion: "Add one", check: null },
                { severity: "low", state: "dismissed", problem: "Wordy", suggestion: "", check: null },
              ],
            },
          ],
        },
      ],
    };
    expect(collectLessons(reviewed).map((l) => l.line)).toEqual(["Step 5 — Fact-checker finding (medium): No config snippet for SSO. Suggestion: Add one."]);
  });

  it("keeps repeated feedback once and ignores empty feedback", () => {
    const events: LessonEvent[] = [
      { kind: "feedback", step: 1, text: "Name the  audience\nfirst" },
      { kind: "feedback", step: 1, text: "Name the audience first" },
      { kind: "feedback", step: 1, text: "   " },
    ];
    expect(collectLessons(run, events).map((l) => l.line)).toEqual(["Step 1 — feedback: Name the audience first"]);
  });

  it("builds an amendment instruction that lists every lesson, or none when the run taught nothing", () => {
    const lessons = collectLessons(run, [{ kind: "feedback", step: 1, text: "Ask about departures" }]);
    const instruction = lessonsInstruction(lessons);
    expect(instruction).toContain("- Step 1 — feedback: Ask about departures");
    expect(instruction?.split("\n")[0]).toMatch(/^Fold these lessons/);
    expect(lessonsInstruction([])).toBeNull();
  });
});
