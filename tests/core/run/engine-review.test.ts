import type { RunEvent } from "../../../src/core/run/engine-types";
import { runLog } from "./engine-fixture";
import { findingsJson, isReview, LOW_FINDING, reviewerOf, reviewFixture, SMS_FINDING, SOP_PATH, value } from "../review/review-fixture";

async function autoRun(fx: ReturnType<typeof reviewFixture>, mode: "auto" | "step" = "auto") {
  const runPath = value(await fx.engine.start({ sopPath: SOP_PATH, mode }));
  const events: RunEvent[] = [];
  const outcome = value(await fx.engine.advance(runPath, { onEvent: (event) => events.push(event) }));
  return { runPath, outcome, events, log: runLog(fx.vault, runPath) };
}

describe("reviewers declared by a step (review::)", () => {
  it("in auto mode an open high-severity finding stops the run at that step's gate, saying how many", async () => {
    const fx = reviewFixture({ review: "Fact-checker" });
    const { outcome, events, log } = await autoRun(fx);

    expect(outcome.status).toBe("awaiting-review");
    expect(outcome.gate).toMatchObject({ step: 1, title: "Draft the MFA section" });
    expect(log).toContain("Step 1 waits for the person: the reviewers left 1 high-severity finding open.");
    expect(log).toContain("Step 1 reviewed by Fact-checker: 1 high, 0 medium, 1 low");
    expect(log).not.toContain("Step 1 approved automatically");
    expect(events.filter((e) => e.type === "review")).toEqual([{ type: "review", step: 1, reviewer: "Fact-checker", findings: { high: 1, medium: 0, low: 1 } }]);
    expect(events.map((e) => e.type).filter((t) => t !== "delta")).toEqual(["step-started", "review", "step-finished", "gate"]);
    const waypoint = outcome.gate?.waypointPath ?? "";
    expect(fx.vault.properties(waypoint).waypoint_status).toBe("awaiting-review");
    expect(fx.vault.files.has(waypoint.replace(/\.md$/, " — review by Fact-checker (r1).md"))).toBe(true);
    // The run can go on once the person decides.
    value(await fx.engine.approve(outcome.run));
    expect(value(await fx.engine.advance(outcome.run)).status).toBe("done");
  });

  it("in auto mode a review with only low findings lets the run go on to the end", async () => {
    const fx = reviewFixture({ review: "Fact-checker", reviewer: () => findingsJson(LOW_FINDING) });
    const { outcome, log } = await autoRun(fx);
    expect(outcome.status).toBe("done");
    expect(log).toContain("Step 1 reviewed by Fact-checker: 0 high, 0 medium, 1 low");
    expect(log).toContain("Step 1 approved automatically (auto mode).");
    expect(fx.model.requests.filter(isReview)).toHaveLength(1);
  });

  it("a reviewer that fails is tried once more, then the review failed: logged, and the gate stays closed in auto mode", async () => {
    const fx = reviewFixture({ review: "Fact-checker, Editor", reviewer: (request) => (reviewerOf(request) === "Editor" ? { error: { kind: "rate-limit", message: "Too many requests." } } : findingsJson(LOW_FINDING)) });
    const { outcome, events, log } = await autoRun(fx);
    expect(outcome.status).toBe("awaiting-review");
    expect(log).toContain("Step 1: review failed: The review by Editor failed: Too many requests.");
    expect(log).toContain("Step 1 waits for the person: a review failed, so the step was not checked.");
    expect(log).not.toContain("Step 1 approved automatically");
    expect(fx.model.requests.filter((r) => reviewerOf(r) === "Editor")).toHaveLength(2);
    expect(events.find((e) => e.type === "review" && e.reviewer === "Editor")).toMatchObject({ error: "The review by Editor failed: Too many requests." });
  });

  it("an unknown reviewer role is a failed review: logged, and the step waits for the person", async () => {
    const fx = reviewFixture({ review: "[[Nobody]]" });
    const { outcome, log } = await autoRun(fx);
    expect(outcome.status).toBe("awaiting-review");
    // The reason's link and tag syntax is escaped in the log: the run note neither links a missing note nor becomes tagged as a role.
    expect(log).toContain('Step 1: review failed, the reviewers could not run: No role note "\\[\\[Nobody\\]\\]" was found: a role is a note tagged \\#sop-role');
  });

  it("in step mode the reviewers run too, so their findings wait at the gate", async () => {
    const fx = reviewFixture({ review: "Fact-checker", reviewer: () => findingsJson(SMS_FINDING) });
    const { outcome } = await autoRun(fx, "step");
    expect(outcome.status).toBe("awaiting-review");
    const reviews = value(await fx.service.reviewsOf(outcome.gate?.waypointPath ?? ""));
    expect(reviews.map((r) => r.findings.map((f) => f.finding.severity))).toEqual([["high"]]);
  });

  it("a step without reviewers makes no review call and writes no review note", async () => {
    const fx = reviewFixture();
    const { outcome } = await autoRun(fx);
    expect(outcome.status).toBe("done");
    expect(fx.model.requests.filter(isReview)).toEqual([]);
    expect([...fx.vault.files.keys()].filter((path) => path.includes("review by"))).toEqual([]);
  });
});
