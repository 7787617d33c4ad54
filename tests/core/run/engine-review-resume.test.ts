// A process killed while a step's reviewers run: the resumed run runs the reviewers again, never the step's model.
import type { ModelRequest } from "../../../src/core/ports";
import { DEFAULT_ENGINE_SETTINGS, type RunEvent } from "../../../src/core/run/engine-types";
import { RunEngine } from "../../../src/core/run/engine";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { ScriptedModel, stepOf, type ScriptedReply } from "../../support/scripted-model";
import { runLog } from "./engine-fixture";
import { DRAFT, findingsJson, isReview, LOW_FINDING, reviewerOf, reviewFixture, SMS_FINDING, SOP_PATH, value, type ReviewFixture } from "../review/review-fixture";

const NEVER: ScriptedReply = { deltas: ["{"], afterDelta: () => new Promise<void>(() => undefined) };

/** Starts a run and abandons its engine (as a killed process) once `reviews` review requests were sent. */
async function killDuringReview(fx: ReviewFixture, mode: "auto" | "step", reviews = 1): Promise<string> {
  const runPath = value(await fx.engine.start({ sopPath: SOP_PATH, mode }));
  void fx.engine.advance(runPath);
  for (let i = 0; i < 500 && fx.model.requests.filter(isReview).length < reviews; i++) await new Promise((resolve) => setImmediate(resolve));
  expect(fx.model.requests.filter(isReview)).toHaveLength(reviews);
  return runPath;
}

/** A new engine over the same notes, as the next process; its model answers reviews with `reviewer`. */
function revive(fx: ReviewFixture, reviewer: (request: ModelRequest) => string) {
  const model = new ScriptedModel((request) => (isReview(request) ? reviewer(request) : `A new answer to step ${stepOf(request)}.`));
  const engine = new RunEngine({ vault: fx.vault, yaml: nodeYaml, clock: { now: () => new Date(2026, 10, 24, 10, 0) }, model, settings: { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "run-model" } });
  return { model, engine };
}

const waypointOf = (fx: ReviewFixture) => [...fx.vault.files.keys()].find((path) => /\/01 Draft the MFA section\.md$/.test(path)) ?? "";
const stepCalls = (model: ScriptedModel, step: number) => model.requests.filter((r) => !isReview(r) && stepOf(r) === step);
const notesOf = (fx: ReviewFixture, part: string) => [...fx.vault.files.keys()].filter((path) => path.includes(part)).sort();

describe("a process killed while a step's reviewers run", () => {
  it("resumes with the reviewers only: the first answer stays, one note per reviewer, and an auto run goes on to done", async () => {
    // The Editor fails once, so the Fact-checker's note is written before the Editor's second try, which never answers.
    let editorCalls = 0;
    const fx = reviewFixture({
      review: "Fact-checker, Editor",
      reviewer: (request) => (reviewerOf(request) === "Fact-checker" ? findingsJson(LOW_FINDING) : ++editorCalls === 1 ? { error: { kind: "server", message: "Overloaded." } } : NEVER),
    });
    const runPath = await killDuringReview(fx, "auto", 3);
    const waypoint = waypointOf(fx);
    expect(fx.vault.properties(waypoint)).toMatchObject({ waypoint_status: "streaming", review_pending: true, answer_hash: expect.stringMatching(/^[0-9a-z]+-[0-9a-f]{8}$/) as unknown });
    expect(notesOf(fx, " — review by ")).toHaveLength(1);

    const next = revive(fx, (request) => findingsJson(reviewerOf(request) === "Editor" ? LOW_FINDING : SMS_FINDING));
    const events: RunEvent[] = [];
    const outcome = value(await next.engine.advance(runPath, { onEvent: (event) => events.push(event) }));

    expect(stepCalls(next.model, 1)).toEqual([]);
    expect(next.model.requests.filter(isReview).map(reviewerOf).sort()).toEqual(["Editor", "Fact-checker"]);
    // The Fact-checker now finds a high finding: the auto run stops at the step's gate with the first answer.
    expect(outcome).toMatchObject({ status: "awaiting-review", gate: { step: 1 } });
    expect(fx.vault.body(waypoint)).toBe(DRAFT);
    expect(fx.vault.properties(waypoint)).toMatchObject({ waypoint_status: "awaiting-review", revision: 1 });
    expect(fx.vault.properties(waypoint).review_pending).toBeUndefined();
    expect(notesOf(fx, "(r1)").filter((path) => !path.includes(" — review by "))).toEqual([]);
    const reviews = notesOf(fx, " — review by ");
    expect(reviews.map((path) => path.slice(path.indexOf(" — review by ")))).toEqual([" — review by Editor (r1).md", " — review by Fact-checker (r1).md"]);
    expect(fx.vault.body(reviews[1])).toContain("SMS is allowed for MFA.");
    expect(runLog(fx.vault, runPath)).toContain("the reviewers run again on it (the step is not run again)");
    expect(events.filter((e) => e.type === "review").map((e) => (e.type === "review" ? e.reviewer : ""))).toEqual(["Fact-checker", "Editor"]);
    expect(events.filter((e) => e.type === "gate")).toHaveLength(1);

    value(await next.engine.approve(runPath));
    expect(value(await next.engine.advance(runPath)).status).toBe("done");
    expect(fx.vault.body(waypoint)).toBe(DRAFT);
  });

  it("in auto mode, with no high finding, the resumed step is approved and the run goes on to done", async () => {
    const fx = reviewFixture({ review: "Fact-checker", reviewer: () => NEVER });
    const runPath = await killDuringReview(fx, "auto");
    const next = revive(fx, () => findingsJson(LOW_FINDING));
    const outcome = value(await next.engine.advance(runPath));

    expect(outcome.status).toBe("done");
    expect(stepCalls(next.model, 1)).toEqual([]);
    expect(stepCalls(next.model, 2)).toHaveLength(1);
    expect(next.model.requests.filter(isReview)).toHaveLength(1);
    const waypoint = waypointOf(fx);
    expect(fx.vault.body(waypoint)).toBe(DRAFT);
    expect(fx.vault.properties(waypoint)).toMatchObject({ waypoint_status: "approved", revision: 1 });
    expect(notesOf(fx, " — review by ")).toHaveLength(1);
    expect(runLog(fx.vault, runPath)).toContain("Step 1 approved automatically (auto mode).");
  });

  it("in step mode the resumed step waits at its gate once reviewed", async () => {
    const fx = reviewFixture({ review: "Fact-checker", reviewer: () => NEVER });
    const runPath = await killDuringReview(fx, "step");
    const next = revive(fx, () => findingsJson(LOW_FINDING));
    const outcome = value(await next.engine.advance(runPath));

    expect(outcome).toMatchObject({ status: "awaiting-review", gate: { step: 1 } });
    expect(next.model.requests.map(isReview)).toEqual([true]);
    expect(fx.vault.properties(waypointOf(fx))).toMatchObject({ waypoint_status: "awaiting-review", revision: 1 });
  });

  it("a person's edit made while the process was dead is what the reviewers read and what the step keeps", async () => {
    const fx = reviewFixture({ review: "Fact-checker", reviewer: () => NEVER });
    const runPath = await killDuringReview(fx, "auto");
    const waypoint = waypointOf(fx);
    const edited = DRAFT.replace("SMS is allowed for MFA.", "SMS is never allowed for MFA.");
    await fx.vault.process(waypoint, (text) => text.replace(DRAFT, edited));
    const next = revive(fx, () => findingsJson(LOW_FINDING));
    const outcome = value(await next.engine.advance(runPath));

    expect(stepCalls(next.model, 1)).toEqual([]);
    const reviewed = next.model.requests.filter(isReview)[0]?.messages.map((message) => message.content).join("\n") ?? "";
    expect(reviewed).toContain("SMS is never allowed for MFA.");
    expect(reviewed).not.toContain("SMS is allowed for MFA.");
    // Nobody saw the edited text approved: even with no high finding an auto run waits at the step's gate with it.
    expect(outcome).toMatchObject({ status: "awaiting-review", gate: { step: 1 } });
    expect(fx.vault.body(waypoint)).toBe(edited);
    expect(fx.vault.properties(waypoint)).toMatchObject({ waypoint_status: "awaiting-review", revision: 1 });
    expect(fx.vault.properties(waypoint).answer_hash).toBeUndefined();
    expect(runLog(fx.vault, runPath)).toContain("Step 1: the waypoint was edited after its answer was kept and before the reviewers ran; the edited text stays and waits at the gate.");
    value(await next.engine.approve(runPath));
    expect(value(await next.engine.advance(runPath)).status).toBe("done");
    expect(fx.vault.body(waypoint)).toBe(edited);
  });

  it("a person's edit made while the reviewers run (no kill) stays, and an auto run waits for them at the gate", async () => {
    const edited = DRAFT.replace("SMS is allowed for MFA.", "SMS is never allowed for MFA.");
    const fx: ReviewFixture = reviewFixture({
      review: "Fact-checker",
      reviewer: () => ({ deltas: [findingsJson(LOW_FINDING)], afterDelta: async () => void (await fx.vault.process(waypointOf(fx), (text) => text.replace(DRAFT, edited))) }),
    });
    const runPath = value(await fx.engine.start({ sopPath: SOP_PATH, mode: "auto" }));
    const outcome = value(await fx.engine.advance(runPath));

    expect(outcome).toMatchObject({ status: "awaiting-review", gate: { step: 1 } });
    expect(fx.vault.body(waypointOf(fx))).toBe(edited);
    expect(runLog(fx.vault, runPath)).toContain("Step 1: the person edited the waypoint while the reviewers ran; their text stays");
    value(await fx.engine.approve(runPath));
    expect(fx.vault.body(waypointOf(fx))).toBe(edited);
  });
});
