import fc from "fast-check";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { makeFinding, type Finding } from "../../../src/core/review/finding";
import { parseFindings } from "../../../src/core/review/parse-findings";
import {
  parseReviewNote, renderReviewBody, renderReviewNote, reviewCountProperties, reviewNoteName, reviewNotePath, setFindingState, type Review,
} from "../../../src/core/review/review-note";
import { factCheckerAnswer } from "./identity-fixtures";

const review: Review = {
  reviewOf: "[[03 Draft section content in plain, direct language]]",
  reviewer: "Fact-checker",
  revision: 2,
  findings: parseFindings(factCheckerAnswer).findings,
};

describe("review note names", () => {
  it("names the note after the waypoint, the reviewer and the revision, beside the waypoint", () => {
    expect(reviewNotePath("Runs/2026-11-24 Drafting internal product docs — Identity platform guide/03 Draft section content.md", "Fact-checker", 2))
      .toBe("Runs/2026-11-24 Drafting internal product docs — Identity platform guide/03 Draft section content — review by Fact-checker (r2).md");
    expect(reviewNotePath("03 Draft.md", "Editor", 1)).toBe("03 Draft — review by Editor (r1).md");
  });

  it("keeps path separators and link characters out of the file name", () => {
    expect(reviewNoteName("03 Draft", "QA/Legal [team]", 1)).toBe("03 Draft — review by QA Legal team (r1).md");
    expect(reviewNoteName("03 Draft", "  ", 1)).toBe("03 Draft — review by Reviewer (r1).md");
  });
});

describe("renderReviewNote", () => {
  const note = renderReviewNote(review, nodeYaml);

  it("writes flat properties a Base or Dataview query can use", () => {
    const { yaml } = { yaml: note.split("---\n")[1] };
    expect(nodeYaml.parse(yaml)).toEqual({
      sop_review_of: "[[03 Draft section content in plain, direct language]]",
      reviewer: "Fact-checker",
      revision: 2,
      findings_high: 2,
      findings_medium: 1,
      findings_low: 0,
      findings_open: 3,
      tags: ["sop-review"],
    });
  });

  it("writes each finding as a readable section: quote as a blockquote, then its fields", () => {
    expect(note).toContain([
      "### Finding f1",
      "",
      "> SMS is allowed for MFA",
      "",
      "- **Problem:** The access policy says SMS is not allowed for multi-factor authentication.",
      "- **Severity:** high",
      "- **Suggestion:** SMS is not allowed for MFA",
      "- **Source:** Access policy",
      "- **State:** open",
    ].join("\n"));
    expect(note).toContain("Fact-checker reviewed [[03 Draft section content in plain, direct language]] (revision 2): 3 findings — 2 high, 1 medium, 0 low.");
  });

  it("says when the reviewer found nothing", () => {
    expect(renderReviewBody({ ...review, findings: [] })).toContain("Fact-checker found nothing to flag");
  });

  it("keeps an answer that could not be read, and reads it back", () => {
    const raw = "I think the MFA part is wrong.\n```\nnot json\n```";
    const body = renderReviewBody({ ...review, findings: [], unparsedAnswer: raw });
    expect(body).toContain("could not be read as findings; it is kept below");
    expect(parseReviewNote(body)).toEqual({ findings: [], unparsedAnswer: raw });
  });
});

describe("parseReviewNote", () => {
  it("reads back the findings and properties it wrote", () => {
    const parsed = parseReviewNote(renderReviewNote(review, nodeYaml), nodeYaml);
    expect(parsed).toEqual({ findings: review.findings, reviewOf: review.reviewOf, reviewer: "Fact-checker", revision: 2 });
  });

  it("reads a note saved with Windows line endings", () => {
    const crlf = renderReviewNote(review, nodeYaml).replace(/\n/g, "\r\n");
    expect(parseReviewNote(crlf).findings).toEqual(review.findings);
  });

  it("tolerates an editor that stripped the indentation of a blank line inside a value", () => {
    const finding = makeFinding({ quote: "at least 12 characters", problem: "Policy says 14.\n\nSee rule 4." }, "f1");
    const body = renderReviewBody({ ...review, findings: [finding] }).replace("\n  \n", "\n\n");
    expect(parseReviewNote(body).findings[0].problem).toBe("Policy says 14.\n\nSee rule 4.");
  });

  it("round-trips any findings losslessly", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 60 });
    const multiline = fc.array(text, { maxLength: 4 }).map((lines) => lines.join("\n"));
    const draft = fc.record({
      id: fc.oneof(fc.constant(undefined), fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), text),
      quote: multiline, problem: multiline, suggestion: multiline, source: text, check: fc.oneof(fc.constant(undefined), multiline),
      severity: fc.constantFrom("high", "medium", "low", "critical", "nit"), state: fc.constantFrom("open", "accepted", "dismissed"),
    });
    fc.assert(
      fc.property(fc.array(draft, { maxLength: 5 }), fc.option(multiline, { nil: undefined }), (drafts, unparsedAnswer) => {
        const findings: Finding[] = drafts.map((d, i) => makeFinding(d, `f${i + 1}`));
        const unique = findings.filter((f, i) => findings.findIndex((g) => g.id === f.id) === i);
        const written: Review = { ...review, findings: unique, ...(unparsedAnswer !== undefined ? { unparsedAnswer } : {}) };
        const parsed = parseReviewNote(renderReviewNote(written, nodeYaml), nodeYaml);
        expect(parsed.findings).toEqual(unique);
        expect(parsed.unparsedAnswer).toBe(unparsedAnswer);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary notes", () => {
    fc.assert(fc.property(fc.string(), (text) => {
      expect(Array.isArray(parseReviewNote(text, nodeYaml).findings)).toBe(true);
    }), { numRuns: 300 });
  });
});

describe("setFindingState", () => {
  const note = renderReviewNote(review, nodeYaml);

  it("changes only that finding's state line", () => {
    const result = setFindingState(note, "f2", "accepted");
    expect(result.ok).toBe(true);
    expect(result.text).toBe(note.replace(/(### Finding f2[\s\S]*?- \*\*State:\*\* )open/, "$1accepted"));
    expect(parseReviewNote(result.text).findings.map((f) => f.state)).toEqual(["open", "accepted", "open"]);
  });

  it("lets a dismissal follow an acceptance, and the open count follow the states", () => {
    const accepted = setFindingState(note, "f1", "accepted").text;
    const dismissed = setFindingState(accepted, "f3", "dismissed").text;
    const findings = parseReviewNote(dismissed).findings;
    expect(findings.map((f) => f.state)).toEqual(["accepted", "open", "dismissed"]);
    expect(reviewCountProperties(findings)).toEqual({ findings_high: 2, findings_medium: 1, findings_low: 0, findings_open: 1 });
  });

  it("adds a state line to a finding whose line was deleted by hand", () => {
    const withoutState = note.replace(/(### Finding f3[\s\S]*?)- \*\*State:\*\* open\n?/, "$1");
    const result = setFindingState(withoutState, "f3", "dismissed");
    expect(parseReviewNote(result.text).findings[2]).toMatchObject({ id: "f3", state: "dismissed", source: "Access policy" });
  });

  it("reports an unknown finding in one sentence and changes nothing", () => {
    expect(setFindingState(note, "f9", "accepted")).toEqual({ text: note, ok: false, error: "There is no finding f9 in this review note." });
    expect(setFindingState(note, "f 1", "accepted")).toMatchObject({ text: note, ok: false });
  });
});
