import { buildBranchedReviewMessages, buildReviewMessages, boundedText, REVIEWER_RULES } from "../../../src/core/review/review-prompt";
import { accessPolicy, accessPolicyPath, draftStep, factCheckerInstructions, waypoint } from "./identity-fixtures";

const input = {
  roleName: "Fact-checker",
  roleInstructions: factCheckerInstructions,
  step: draftStep,
  waypointText: waypoint,
  sources: [{ path: accessPolicyPath, text: accessPolicy }],
  sopTitle: "Drafting internal product docs",
};

describe("buildReviewMessages", () => {
  const messages = buildReviewMessages(input);
  const [system, user] = messages;

  it("sends one system and one user message, so strict chat templates accept it", () => {
    expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
  });

  it("puts the reviewer rules first, then the role and its instructions", () => {
    expect(system.content.startsWith(REVIEWER_RULES)).toBe(true);
    expect(system.content).toContain("Your role: Fact-checker");
    expect(system.content).toContain("Quote the exact text you question");
    expect(REVIEWER_RULES).toMatch(/verbatim/);
    expect(REVIEWER_RULES).toMatch(/One problem per finding/);
    expect(REVIEWER_RULES).toMatch(/No style rewrites unless your role asks/);
    expect(REVIEWER_RULES).toMatch(/Answer only with JSON/);
  });

  it("keeps the system message identical across reviews of different waypoints, for prompt caching", () => {
    const other = buildReviewMessages({ ...input, waypointText: "Something else entirely.", sources: [] });
    expect(other[0].content).toBe(system.content);
  });

  it("offers the sources as evidence, named as the reviewer should cite them, before the step and the waypoint", () => {
    const sources = user.content.indexOf("### Source: Access policy");
    const step = user.content.indexOf("Step 3: Draft section content in plain, direct language");
    const text = user.content.indexOf("SMS is allowed for MFA");
    expect(sources).toBeGreaterThan(-1);
    expect(user.content).toContain("SMS is not allowed.");
    expect(sources).toBeLessThan(step);
    expect(step).toBeLessThan(text);
  });

  it("lists the step's checks as what good looks like", () => {
    expect(user.content).toContain("What good looks like (the step's checks):\n- Short sentences, active voice, no internal jargon without a definition\n- Each section starts with what the reader can do");
  });

  it("says plainly when there are no sources, instead of inviting the reviewer to guess", () => {
    const bare = buildReviewMessages({ ...input, sources: [] })[1].content;
    expect(bare).toContain("No source notes were given for this review.");
    expect(bare).not.toContain("### Source:");
  });

  it("cuts long sources at their share of the budget with a visible marker", () => {
    const long = { path: "Sources/Config export.md", text: Array.from({ length: 2000 }, (_, i) => `line ${i}: mfa.sms.enabled = false`).join("\n") };
    const content = buildReviewMessages({ ...input, sources: [long, { path: accessPolicyPath, text: accessPolicy }], sourceBudgetChars: 4000 })[1].content;
    expect(content).toMatch(/\[… cut: \d+ more characters of Config export not shown\]/);
    expect(content).toContain("Hardware keys are preferred; SMS is not allowed.");
    expect(content.length).toBeLessThan(4000 + waypoint.length + 2000);
  });

  it("keeps a waypoint containing code fences in one block", () => {
    const withCode = "Run:\n```bash\nidp user mfa --method hardware-key\n```\nDone.";
    const content = buildReviewMessages({ ...input, waypointText: withCode })[1].content;
    expect(content).toContain("````markdown\n" + withCode + "\n````");
  });
});

describe("boundedText", () => {
  it("leaves short text alone and cuts long text at a line break", () => {
    expect(boundedText("short", 100, "Note")).toBe("short");
    const cut = boundedText("aaaa\nbbbb\ncccc", 11, "Note");
    expect(cut).toBe("aaaa\nbbbb\n\n[… cut: 5 more characters of Note not shown]");
  });
});

describe("buildBranchedReviewMessages", () => {
  const conversation = [
    { role: "system" as const, content: "The worker's rules." },
    { role: "user" as const, content: "# Project and context notes\n\n## Context: Access policy\n\n…\n\n# Current step: 3 of 5: Draft" },
  ];

  it("extends the step's conversation with the waypoint as the assistant's turn and the review request as the user's", () => {
    const messages = buildBranchedReviewMessages(conversation, [accessPolicyPath], input);
    expect(messages.slice(0, 2)).toEqual(conversation);
    expect(messages[2]).toEqual({ role: "assistant", content: waypoint.trim() });
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    const request = messages[3].content;
    expect(request).toContain(REVIEWER_RULES);
    expect(request).toMatch(/^Your role: Fact-checker$/m);
    expect(request).toContain("Quote the exact text you question");
  });

  it("names the sources the conversation already carries instead of sending them again, and sends the others", () => {
    const carried = buildBranchedReviewMessages(conversation, [accessPolicyPath], input)[3].content;
    expect(carried).toContain('The source notes "Access policy" are in this conversation above; cite them by those names.');
    expect(carried).not.toContain("SMS is not allowed.");
    const sent = buildBranchedReviewMessages(conversation, [], input)[3].content;
    expect(sent).toContain("### Source: Access policy");
    expect(sent).toContain("SMS is not allowed.");
  });
});
