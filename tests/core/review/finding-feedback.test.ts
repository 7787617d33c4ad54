import { findingAsFeedback, findingsAsFeedback } from "../../../src/core/review/finding-feedback";
import { makeFinding } from "../../../src/core/review/finding";
import { parseFindings } from "../../../src/core/review/parse-findings";
import { factCheckerAnswer } from "./identity-fixtures";

const findings = parseFindings(factCheckerAnswer).findings;

describe("findingAsFeedback", () => {
  it("quotes the text, states the problem, the suggestion and the source", () => {
    expect(findingAsFeedback(findings[0], "Fact-checker")).toBe(
      "Fact-checker (high) on “SMS is allowed for MFA”: The access policy says SMS is not allowed for multi-factor authentication. Suggestion: SMS is not allowed for MFA (source: Access policy)",
    );
  });

  it("names an unmet check and works without a quote", () => {
    const missing = makeFinding({ problem: "No worked example for requesting access.", severity: "medium", check: "At least one worked example or config snippet per workflow" }, "f4");
    expect(findingAsFeedback(missing, "Fact-checker")).toBe(
      "Fact-checker (medium): No worked example for requesting access. (unmet check: At least one worked example or config snippet per workflow)",
    );
  });

  it("lists several findings, one bullet each", () => {
    const text = findingsAsFeedback(findings.slice(0, 2), "Fact-checker");
    expect(text.split("\n")).toHaveLength(2);
    expect(text).toMatch(/^- Fact-checker \(high\) on “SMS is allowed for MFA”/);
    expect(text).toContain("\n- Fact-checker (high) on “at least 12 characters”");
  });
});
