import { ModelError, type ModelPort, type ModelRequest, type ModelResult } from "../../../src/core/ports";
import { FINDINGS_JSON_SCHEMA } from "../../../src/core/review/finding";
import { buildReviewMessages } from "../../../src/core/review/review-prompt";
import { runReviewers, type ReviewerCall } from "../../../src/core/review/run-reviewers";
import { accessPolicy, accessPolicyPath, draftStep, factCheckerAnswer, styleGuide, styleGuidePath, waypoint } from "./identity-fixtures";

interface Script {
  delayMs: number;
  answer?: string;
  error?: Error;
}

/** An in-process model that answers each reviewer after its own delay and records when calls start and end. */
class FakeModel implements ModelPort {
  readonly events: string[] = [];
  readonly requests: ModelRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(private readonly scripts: Record<string, Script>) {}

  async complete(request: ModelRequest): Promise<ModelResult> {
    const script = this.scripts[request.model];
    this.requests.push(request);
    this.events.push(`start ${request.model}`);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, script.delayMs));
    this.inFlight--;
    this.events.push(`end ${request.model}`);
    if (script.error) throw script.error;
    return { text: script.answer ?? "", finishReason: "stop", usage: { promptTokens: 100, completionTokens: 20, estimated: false }, model: request.model };
  }
}

const call = (reviewer: string, model: string, sources: Array<{ path: string; text: string }>): ReviewerCall => ({
  reviewer,
  model,
  messages: buildReviewMessages({ roleName: reviewer, roleInstructions: "", step: draftStep, waypointText: waypoint, sources, sopTitle: "Drafting internal product docs" }),
});

const reviewers = [
  call("Fact-checker", "slow", [{ path: accessPolicyPath, text: accessPolicy }]),
  call("Editor", "fast", [{ path: styleGuidePath, text: styleGuide }]),
  call("Security", "medium", []),
];

describe("runReviewers", () => {
  it("runs every reviewer at once and returns their findings in the reviewers' order", async () => {
    const model = new FakeModel({
      slow: { delayMs: 60, answer: factCheckerAnswer },
      fast: { delayMs: 5, answer: '{"findings": [{"quote": "Keep your password current", "problem": "Heading is fine but long.", "severity": "nit", "suggestion": "Update your password"}]}' },
      medium: { delayMs: 30, answer: '{"findings": []}' },
    });
    const outcomes = await runReviewers(reviewers, model);

    expect(model.maxInFlight).toBe(3);
    expect(model.events.slice(0, 3).every((event) => event.startsWith("start"))).toBe(true);
    expect(model.events.slice(3)).toEqual(["end fast", "end medium", "end slow"]);
    expect(outcomes.map((o) => o.reviewer)).toEqual(["Fact-checker", "Editor", "Security"]);
    expect(outcomes.map((o) => (o.ok ? o.findings.length : -1))).toEqual([3, 1, 0]);
    const editor = outcomes[1];
    expect(editor.ok && editor.findings[0].severity).toBe("low");
  });

  it("asks for JSON in the findings schema and passes the cancel signal to each call", async () => {
    const model = new FakeModel({ slow: { delayMs: 1, answer: "{}" }, fast: { delayMs: 1, answer: "{}" }, medium: { delayMs: 1, answer: "{}" } });
    const controller = new AbortController();
    await runReviewers(reviewers, model, controller.signal);
    expect(model.requests.map((r) => [r.responseFormat, r.signal])).toEqual([
      ["json", controller.signal], ["json", controller.signal], ["json", controller.signal],
    ]);
    expect(model.requests[0].responseSchema).toEqual({ name: "review_findings", schema: FINDINGS_JSON_SCHEMA });
  });

  it("keeps the others' findings when one reviewer fails, with that failure in one sentence", async () => {
    const model = new FakeModel({
      slow: { delayMs: 20, answer: factCheckerAnswer },
      fast: { delayMs: 5, error: new ModelError("rate-limit", "The endpoint is rate limiting requests; try again in 20 seconds.", "", 20000) },
      medium: { delayMs: 10, error: new TypeError("socket hang up") },
    });
    const [factChecker, editor, security] = await runReviewers(reviewers, model);
    expect(factChecker).toMatchObject({ ok: true });
    expect(factChecker.ok && factChecker.findings[0].quote).toBe("SMS is allowed for MFA");
    expect(editor).toEqual({ reviewer: "Editor", ok: false, kind: "rate-limit", partialText: "", error: "The review by Editor failed: The endpoint is rate limiting requests; try again in 20 seconds." });
    expect(security).toMatchObject({ ok: false, kind: "unknown", error: "The review by Security failed: socket hang up" });
  });

  it("keeps an answer that is not in the expected form, with the reason", async () => {
    const model = new FakeModel({ slow: { delayMs: 1, answer: "Looks fine to me." }, fast: { delayMs: 1, answer: "{}" }, medium: { delayMs: 1, answer: "{}" } });
    const [factChecker] = await runReviewers(reviewers, model);
    expect(factChecker.ok).toBe(true);
    if (!factChecker.ok) return;
    expect(factChecker.findings).toEqual([]);
    expect(factChecker.parseError).toMatch(/^The reviewer's answer was not in the expected form/);
    expect(factChecker.result.text).toBe("Looks fine to me.");
  });

  it("makes no call when the run was already cancelled", async () => {
    const model = new FakeModel({});
    const controller = new AbortController();
    controller.abort();
    const outcomes = await runReviewers(reviewers, model, controller.signal);
    expect(model.requests).toHaveLength(0);
    expect(outcomes.map((o) => (o.ok ? "ok" : o.kind))).toEqual(["cancelled", "cancelled", "cancelled"]);
  });
});
