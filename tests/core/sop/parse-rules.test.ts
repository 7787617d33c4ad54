// The parser's smaller rules: titles, ids, settings, line endings, field edge cases, what counts as a step.
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import type { Procedure } from "../../../src/core/sop/types";
import { nodeYaml } from "../../../src/cli/yaml-codec";

function parse(markdown: string, name = "Note"): Procedure {
  const outcome = parseProcedure(markdown, { name, yaml: nodeYaml });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.procedure;
}

describe("parseProcedure rules", () => {
  it("title: frontmatter title, else the first H1, else the note name", () => {
    expect(parse("---\ntitle: From props\n---\n# From heading\n1. a\n").title).toBe("From props");
    expect(parse("# From **heading**\n1. a\n").title).toBe("From heading");
    expect(parse("1. a\n2. b\n", "My note").title).toBe("My note");
  });

  it("CRLF line endings give the same steps and text without stray carriage returns in titles", () => {
    const p = parse("# T\r\n\r\n## Steps\r\n\r\n1. First\r\n   role:: Editor\r\n2. Second\r\n");
    expect(p.steps.map((s) => s.title)).toEqual(["First", "Second"]);
    expect(p.steps[0].fields).toEqual({ role: "Editor" });
  });

  it("a byte-order mark does not shift step text", () => {
    const p = parse("\uFEFF---\ntitle: T\n---\n# H\n\nIntro\n\n1. Alpha\n   role:: X\n2. Beta\n");
    expect(p.preamble).toBe("Intro");
    expect(p.steps.map((s) => s.text)).toEqual(["Alpha\nrole:: X", "Beta"]);
    expect(p.steps[0].fields).toEqual({ role: "X" });
  });

  it("bullets under '## Next steps' do not beat a numbered list elsewhere", () => {
    const p = parse("# Guide\n\n1. Install\n2. Configure\n\n## Next steps\n\n- Read the FAQ\n- Join the chat\n");
    expect(p.steps.map((s) => s.title)).toEqual(["Install", "Configure"]);
  });

  it("a bold lead-in is the title; long titles are bounded", () => {
    const long = "word ".repeat(60);
    const p = parse(`1. **Freeze the branch.** Then tell the team.\n2. ${long}\n`);
    expect(p.steps[0].title).toBe("Freeze the branch");
    expect(p.steps[1].title.length).toBeLessThanOrEqual(101);
    expect(p.steps[1].title.endsWith("…")).toBe(true);
  });

  it("a step that is only code gets a 'Step N' title", () => {
    const p = parse("1. ```\n   make\n   ```\n2. Done\n");
    expect(p.steps[0].title).toBe("Step 1");
    expect(p.steps[0].id).toBe("1-step-1");
  });

  it("invalid settings warn and fall back to defaults", () => {
    const p = parse("---\nsop_version: 0\nsop_mode: fast\nsop_model: 3\n---\n1. a\n");
    expect(p.settings).toEqual({ version: 1 });
    expect(p.warnings).toHaveLength(3);
    expect(p.warnings[0]).toContain("sop_version");
  });

  it("duplicate step titles are a warning, ids stay distinct", () => {
    const p = parse("1. Check\n2. Check\n");
    expect(p.warnings).toEqual(['Steps 1 and 2 have the same title "Check".']);
    expect(p.steps.map((s) => s.id)).toEqual(["1-check", "2-check"]);
  });

  it("an ordered list that starts again at 1 after a paragraph is a different list", () => {
    const p = parse("1. a\n2. b\n\nLater:\n\n1. c\n2. d\n3. e\n");
    expect(p.steps.map((s) => s.title)).toEqual(["c", "d", "e"]);
  });

  it("a sub-list indented 3 spaces under item 10 still belongs to step 10, and the list goes on", () => {
    const items = Array.from({ length: 9 }, (_, i) => `${i + 1}. Step ${i + 1}`).join("\n");
    const p = parse(`${items}\n10. Tenth\n   - check ten\n11. Eleventh\n`);
    expect(p.steps).toHaveLength(11);
    expect(p.steps[9].checks).toEqual(["check ten"]);
    expect(p.steps[10].title).toBe("Eleventh");
  });

  it("a Steps heading with nothing list-like falls back to the rest of the note", () => {
    const p = parse("## Process notes\n\nNothing here.\n\n## Rollout\n\n1. Real step\n");
    expect(p.steps.map((s) => s.title)).toEqual(["Real step"]);
  });

  it("keys are lower-cased; a field repeated in a step is joined", () => {
    const p = parse("1. Review\n   Review:: Editor\n   - review:: Fact-checker\n");
    expect(p.steps[0].fields).toEqual({ review: "Editor, Fact-checker" });
    expect(p.steps[0].checks).toEqual([]);
  });

  it("empty, whitespace-only and heading-only notes are errors, not exceptions", () => {
    for (const markdown of ["", "   \n\n", "# Only a title\n", "---\n---\n"]) {
      const outcome = parseProcedure(markdown, { name: "Empty", yaml: nodeYaml });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error).toContain('"Empty"');
    }
  });

  it("a codec error without a line number still yields one sentence", () => {
    const yaml = { parse: (text: string): unknown => JSON.parse(text.slice(0, 1)), stringify: () => "" };
    // A block the flat reader leaves to the codec (a map inside a map): the codec's error is what is reported.
    const outcome = parseProcedure("---\na: {b: 1}\n---\n1. x\n", { name: "Odd", yaml });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error).toContain('"Odd"');
  });
});
