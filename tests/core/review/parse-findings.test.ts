import fc from "fast-check";
import { NOT_IN_EXPECTED_FORM, parseFindings } from "../../../src/core/review/parse-findings";
import { factCheckerAnswer } from "./identity-fixtures";

const smsFinding = {
  quote: "SMS is allowed for MFA",
  problem: "The access policy says SMS is not allowed.",
  severity: "high",
  suggestion: "SMS is not allowed for MFA",
  source: "Access policy",
};

describe("parseFindings", () => {
  it("reads a strict JSON answer into open findings with ids", () => {
    const { findings, error } = parseFindings(factCheckerAnswer);
    expect(error).toBeUndefined();
    expect(findings.map((f) => [f.id, f.quote, f.severity, f.state, f.source])).toEqual([
      ["f1", "SMS is allowed for MFA", "high", "open", "Access policy"],
      ["f2", "at least 12 characters", "high", "open", "Access policy"],
      ["f3", "hardware keys are optional", "medium", "open", "Access policy"],
    ]);
    expect(findings[0].check).toBeUndefined();
  });

  it("reads JSON inside a ```json fence with prose around it", () => {
    const answer = `Here are my findings:\n\n\`\`\`json\n${JSON.stringify({ findings: [smsFinding] }, null, 2)}\n\`\`\`\n\nLet me know if you need more.`;
    const { findings, error } = parseFindings(answer);
    expect(error).toBeUndefined();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ quote: "SMS is allowed for MFA", severity: "high", source: "Access policy" });
  });

  it("reads JSON preceded and followed by a sentence, without a fence", () => {
    const answer = `I checked the draft against the access policy. ${JSON.stringify({ findings: [smsFinding] })} That is the only problem.`;
    expect(parseFindings(answer).findings.map((f) => f.quote)).toEqual(["SMS is allowed for MFA"]);
  });

  it("accepts a bare array and a single finding object", () => {
    expect(parseFindings(JSON.stringify([smsFinding, { ...smsFinding, quote: "at least 12 characters" }])).findings).toHaveLength(2);
    const single = parseFindings(JSON.stringify(smsFinding));
    expect(single.error).toBeUndefined();
    expect(single.findings[0].problem).toBe("The access policy says SMS is not allowed.");
  });

  it("fills missing optional fields instead of rejecting the finding", () => {
    const { findings } = parseFindings('{"findings":[{"quote":"at least 12 characters","problem":"Policy says 14."}]}');
    expect(findings[0]).toEqual({ id: "f1", quote: "at least 12 characters", problem: "Policy says 14.", severity: "medium", suggestion: "", source: "", state: "open" });
  });

  it.each([
    ["critical", "high"], ["Major", "high"], ["HIGH", "high"], ["minor", "low"], ["nit", "low"], ["Low", "low"],
    ["moderate", "medium"], ["purple", "medium"], [3, "medium"],
  ])("maps severity %p to %s", (given, expected) => {
    const { findings } = parseFindings(JSON.stringify({ findings: [{ ...smsFinding, severity: given }] }));
    expect(findings[0].severity).toBe(expected);
  });

  it("trims quotation marks, ellipses and spaces the model put around the quote", () => {
    const { findings } = parseFindings(JSON.stringify({ findings: [{ ...smsFinding, quote: '  "…SMS is allowed for MFA…"  ' }, { ...smsFinding, quote: "“hardware keys are optional”" }] }));
    expect(findings.map((f) => f.quote)).toEqual(["SMS is allowed for MFA", "hardware keys are optional"]);
  });

  it("understands other field names models use and lists of sources", () => {
    const answer = JSON.stringify({ issues: [{ excerpt: "rotate every 90 days", issue: "Policy says 180 days.", level: "Critical", fix: "rotate every 180 days", sources: ["Access policy", "Identity platform guide"] }] });
    const [finding] = parseFindings(answer).findings;
    expect(finding).toMatchObject({ quote: "rotate every 90 days", problem: "Policy says 180 days.", severity: "high", suggestion: "rotate every 180 days", source: "Access policy, Identity platform guide" });
  });

  it("keeps the check a finding says is unmet", () => {
    const answer = JSON.stringify({ findings: [{ quote: "", problem: "No section starts with what the reader can do.", severity: "medium", suggestion: "", source: null, check: "Each section starts with what the reader can do" }] });
    expect(parseFindings(answer).findings[0]).toMatchObject({ quote: "", source: "", check: "Each section starts with what the reader can do" });
  });

  it("treats an empty list as a clean review, not an error", () => {
    expect(parseFindings('{"findings": []}')).toEqual({ findings: [] });
    expect(parseFindings("```json\n[]\n```")).toEqual({ findings: [] });
  });

  it("makes duplicate or unusable ids unique", () => {
    const answer = JSON.stringify({ findings: [{ ...smsFinding, id: "a" }, { ...smsFinding, id: "a" }, { ...smsFinding, id: "not ok!" }] });
    const ids = parseFindings(answer).findings.map((f) => f.id);
    expect(ids[0]).toBe("a");
    expect(new Set(ids).size).toBe(3);
  });

  it("falls back to a Markdown list with labelled fields", () => {
    const answer = [
      "I found two problems.",
      "",
      '1. **Quote:** "SMS is allowed for MFA"',
      "   **Problem:** The access policy forbids SMS for MFA.",
      "   **Severity:** critical",
      "   **Suggestion:** SMS is not allowed for MFA",
      "   **Source:** Access policy",
      '2. **Quote:** "at least 12 characters"',
      "   **Problem:** The policy requires 14 characters.",
      "   **Severity:** high",
    ].join("\n");
    const { findings, error } = parseFindings(answer);
    expect(error).toBeUndefined();
    expect(findings.map((f) => [f.quote, f.severity, f.source])).toEqual([
      ["SMS is allowed for MFA", "high", "Access policy"],
      ["at least 12 characters", "high", ""],
    ]);
  });

  it("falls back to a Markdown list of quoted phrases with their problems", () => {
    const answer = [
      "Findings:",
      '- "SMS is allowed for MFA" — the access policy forbids SMS (high)',
      '- "hardware keys are optional" — the policy prefers hardware keys [minor]',
    ].join("\n");
    const { findings } = parseFindings(answer);
    expect(findings.map((f) => [f.quote, f.problem, f.severity])).toEqual([
      ["SMS is allowed for MFA", "the access policy forbids SMS", "high"],
      ["hardware keys are optional", "the policy prefers hardware keys", "low"],
    ]);
  });

  it("says so in one sentence when the answer has no recognisable findings", () => {
    const result = parseFindings("The draft looks accurate to me overall, nice work.");
    expect(result.findings).toEqual([]);
    expect(result.error).toBe(NOT_IN_EXPECTED_FORM);
    expect(result.error).toMatch(/^The reviewer's answer was not in the expected form/);
  });

  it("reads a Markdown answer written like a review note", () => {
    const answer = "### Finding 1\n\n> SMS is allowed for MFA\n\n- **Problem:** The policy forbids SMS.\n- **Severity:** high\n\n### Finding 2\n\n- **Problem:** No worked example.\n- **Check:** At least one worked example or config snippet per workflow";
    expect(parseFindings(answer).findings.map((f) => [f.quote, f.problem, f.severity, f.check])).toEqual([
      ["SMS is allowed for MFA", "The policy forbids SMS.", "high", undefined],
      ["", "No worked example.", "medium", "At least one worked example or config snippet per workflow"],
    ]);
  });

  it("does not take a prose answer with a lone label for a finding", () => {
    expect(parseFindings("Issue: none. The draft matches the access policy.").error).toBe(NOT_IN_EXPECTED_FORM);
    expect(parseFindings("- Problem: no issues found").error).toBe(NOT_IN_EXPECTED_FORM);
  });

  it("does not mistake a task list's brackets for an empty answer", () => {
    expect(parseFindings("- [ ] check the MFA section\n- [ ] check passwords").error).toBe(NOT_IN_EXPECTED_FORM);
  });

  it("never throws, whatever the answer", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.json(), fc.constantFrom("{", "[", '{"findings": [', "```json\n{", '{"__proto__": {"quote": 1}}')), (text) => {
        const result = parseFindings(text);
        expect(Array.isArray(result.findings)).toBe(true);
        for (const finding of result.findings) expect(["high", "medium", "low"]).toContain(finding.severity);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on arbitrary JSON-shaped answers", () => {
    const item = fc.dictionary(fc.constantFrom("quote", "problem", "severity", "suggestion", "source", "check", "id", "state", "Quote"), fc.anything());
    fc.assert(
      fc.property(fc.array(item), (items) => {
        const result = parseFindings(JSON.stringify({ findings: items }));
        expect(result.error).toBeUndefined();
        expect(result.findings.length).toBeLessThanOrEqual(items.length);
        expect(new Set(result.findings.map((f) => f.id)).size).toBe(result.findings.length);
      }),
      { numRuns: 300 },
    );
  });
});
