import fc from "fast-check";
import { anchorAll, anchorFinding, locateQuote } from "../../../src/core/review/anchor";
import { parseFindings } from "../../../src/core/review/parse-findings";
import { factCheckerAnswer, waypoint } from "./identity-fixtures";

const spanText = (text: string, quote: string) => {
  const span = anchorFinding(text, quote);
  return span === null ? null : text.slice(span.from, span.to);
};

describe("anchorFinding", () => {
  it("finds an exact quote at its offsets", () => {
    const span = anchorFinding(waypoint, "SMS is allowed for MFA");
    expect(span).not.toBeNull();
    expect(waypoint.slice(span!.from, span!.to)).toBe("SMS is allowed for MFA");
    expect(locateQuote(waypoint, "SMS is allowed for MFA")?.match).toBe("exact");
  });

  it("matches despite case, curly quotes, line breaks and emphasis markers, mapped back to the original text", () => {
    const text = "Roles come from your **team** membership,\nso moving teams changes what you can open. Don’t share accounts.";
    expect(spanText(text, "roles come from your team membership, so moving teams")).toBe("Roles come from your **team** membership,\nso moving teams");
    expect(spanText(text, "Don't share accounts")).toBe("Don’t share accounts");
    expect(locateQuote(text, "Don't share accounts")?.match).toBe("normalised");
  });

  it("keeps Markdown emphasis and links whole when the quote dropped the markers", () => {
    expect(spanText(waypoint, "Roles come from your team membership")).toBe("Roles come from your *team membership*");
    expect(spanText("See the [[Access policy]] for MFA.", "See the Access policy")).toBe("See the [[Access policy]]");
    expect(spanText("Hardware keys are **strongly preferred** today.", "strongly preferred today")).toBe("**strongly preferred** today");
  });

  it("falls back to a fuzzy match when a word or two changed", () => {
    const quote = "Your manager approves the request, usually within one day.";
    const located = locateQuote(waypoint, quote);
    expect(located?.match).toBe("fuzzy");
    expect(waypoint.slice(located!.span.from, located!.span.to)).toBe("Your manager approves the request, usually within a day");
  });

  it("returns null when the quote is not in the text any more", () => {
    expect(anchorFinding(waypoint, "SMS codes are sent to your phone")).toBeNull();
    expect(anchorFinding(waypoint, "")).toBeNull();
    expect(anchorFinding("", "SMS")).toBeNull();
  });

  it("does not fuzzy-match short quotes", () => {
    expect(anchorFinding(waypoint, "SMS is forbidden")).toBeNull();
  });
});

describe("anchorAll", () => {
  const { findings } = parseFindings(factCheckerAnswer);

  it("anchors every finding of a review and keeps the order", () => {
    const anchored = anchorAll(waypoint, findings);
    expect(anchored.map((a) => (a.span ? waypoint.slice(a.span.from, a.span.to) : null))).toEqual([
      "SMS is allowed for MFA",
      "at least 12 characters",
      "hardware keys are optional",
    ]);
    expect(anchored.every((a) => !a.detached)).toBe(true);
  });

  it("re-anchors after the waypoint is edited and marks a finding whose quote was removed as detached", () => {
    const edited = "Intro added by the person.\n\n" + waypoint.replace("SMS is allowed for MFA, and ", "");
    const anchored = anchorAll(edited, findings);
    expect(anchored[0]).toMatchObject({ detached: true, span: null, finding: findings[0] });
    expect(edited.slice(anchored[1].span!.from, anchored[1].span!.to)).toBe("at least 12 characters");
    expect(anchored[2].detached).toBe(false);
  });

  it("still finds any quote that survives around arbitrary edits", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const text = before + waypoint + after;
        const [anchored] = anchorAll(text, [findings[1]]);
        expect(anchored.detached).toBe(false);
        expect(text.slice(anchored.span!.from, anchored.span!.to)).toBe("at least 12 characters");
      }),
    );
  });

  it("returns spans inside the text for any quote", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ maxLength: 40 }), (text, quote) => {
        const span = anchorFinding(text, quote);
        if (span !== null) {
          expect(span.from).toBeGreaterThanOrEqual(0);
          expect(span.to).toBeLessThanOrEqual(text.length);
          expect(span.from).toBeLessThan(span.to);
        }
      }),
      { numRuns: 500 },
    );
  });
});
