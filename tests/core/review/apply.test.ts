import fc from "fast-check";
import { applySuggestion, isAdvice, replacementText } from "../../../src/core/review/apply";
import { makeFinding } from "../../../src/core/review/finding";
import { parseFindings } from "../../../src/core/review/parse-findings";
import { factCheckerAnswer, waypoint } from "./identity-fixtures";

const [sms, length, hardwareKeys] = parseFindings(factCheckerAnswer).findings;

describe("applySuggestion", () => {
  it("replaces exactly the quoted span and nothing else", () => {
    const result = applySuggestion(waypoint, sms);
    expect(result.applied).toBe(true);
    expect(result.text).toBe(waypoint.replace("SMS is allowed for MFA", "SMS is not allowed for MFA"));
    if (result.applied) expect(result.text.slice(result.span.from, result.span.to)).toBe("SMS is not allowed for MFA");
  });

  it("applies findings one after another, each re-anchored on the edited text", () => {
    const once = applySuggestion(waypoint, sms).text;
    const twice = applySuggestion(once, length);
    expect(twice.applied).toBe(true);
    expect(twice.text).toContain("SMS is not allowed for MFA");
    expect(twice.text).toContain("Passwords must be at least 14 characters and rotate every 180 days.");
  });

  it("keeps the person's edits elsewhere in the waypoint", () => {
    const edited = waypoint.replace("## Request access", "## Request access to a system");
    expect(applySuggestion(edited, sms).text).toContain("## Request access to a system");
  });

  it("does not apply advice and says why", () => {
    const result = applySuggestion(waypoint, hardwareKeys);
    expect(result).toEqual({ text: waypoint, applied: false, reason: expect.stringMatching(/advice rather than replacement text/) as unknown });
  });

  it("leaves the text unchanged when the quote is gone", () => {
    const without = waypoint.replace("SMS is allowed for MFA, and ", "");
    const result = applySuggestion(without, sms);
    expect(result.applied).toBe(false);
    expect(result.text).toBe(without);
    if (!result.applied) expect(result.reason).toBe('The quoted text "SMS is allowed for MFA" is no longer in the waypoint, so the suggestion was not applied.');
  });

  it("does not replace a passage that only resembles the quote, so a person's edit is never overwritten", () => {
    const finding = makeFinding({ quote: "Your manager approves the request, usually within one day.", suggestion: "Your manager approves the request within two working days." }, "f5");
    const result = applySuggestion(waypoint, finding);
    expect(result).toMatchObject({ applied: false, text: waypoint, reason: expect.stringMatching(/has changed since the review/) as unknown });
  });

  it("explains findings with no quote or no suggestion", () => {
    const general = makeFinding({ problem: "No worked example for requesting access.", suggestion: "at least one example" }, "f9");
    const noSuggestion = makeFinding({ quote: "SMS is allowed for MFA", problem: "Wrong." }, "f8");
    expect(applySuggestion(waypoint, general)).toMatchObject({ applied: false, reason: expect.stringMatching(/quotes no text/) as unknown });
    expect(applySuggestion(waypoint, noSuggestion)).toMatchObject({ applied: false, reason: expect.stringMatching(/no suggestion/) as unknown });
  });

  it("replaces a normalised match whole, emphasis included", () => {
    const finding = makeFinding({ quote: "roles come from your team membership", suggestion: "Your roles follow your team membership" }, "f1");
    expect(applySuggestion(waypoint, finding).text).toContain("Your roles follow your team membership, so moving teams");
  });

  it("never changes text outside the replaced span", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const text = `${before}\n${waypoint}\n${after}`;
        const result = applySuggestion(text, length);
        expect(result.applied).toBe(true);
        if (!result.applied) return;
        expect(result.text.slice(0, result.span.from)).toBe(text.slice(0, result.span.from));
        expect(result.text.slice(result.span.to)).toBe(text.slice(result.span.from + "at least 12 characters".length));
      }),
    );
  });
});

describe("replacementText", () => {
  it.each([
    ["SMS is not allowed for MFA", "SMS is not allowed for MFA"],
    ['"at least 14 characters"', "at least 14 characters"],
    ['Replace with "at least 14 characters".', "at least 14 characters"],
    ["Change to “rotate every 180 days”", "rotate every 180 days"],
    ["Should read: \"hardware keys are preferred\"", "hardware keys are preferred"],
    ["Consider mentioning the policy.", null],
    ["Add a worked example of a request.", null],
    ["Use hardware keys instead.", null],
    ["", null],
  ])("%p gives %p", (suggestion, expected) => {
    expect(replacementText(suggestion)).toBe(expected);
  });

  it("does not take a word that merely starts like advice for advice", () => {
    expect(isAdvice("Users sign in with one account.")).toBe(false);
    expect(isAdvice("Address changes go through the portal.")).toBe(false);
    expect(isAdvice("Consider")).toBe(true);
  });
});
