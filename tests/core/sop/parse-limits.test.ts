// The parser's limits: nesting at any depth loses no step, and any input parses in time proportional to its size.
import fc from "fast-check";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import type { Procedure } from "../../../src/core/sop/types";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { inlineParser, inlinePiece } from "../../../src/core/sop/markdown-parsers";

function parse(markdown: string): Procedure {
  const outcome = parseProcedure(markdown, { name: "Note", yaml: nodeYaml });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.procedure;
}

/** A bullet list nested `depth` levels deep, indented to sit inside a `1.` item. */
function nested(depth: number): string {
  let text = "";
  for (let d = 0; d < depth; d++) text += "   " + "  ".repeat(d) + `- level ${d + 1}\n`;
  return text;
}

describe("nesting", () => {
  it("a step holding a 30-level nested list keeps the steps after it", () => {
    const p = parse(`# Deep\n\n## Steps\n\n1. First\n${nested(30)}2. Second\n3. Third\n4. Fourth\n`);
    expect(p.steps.map((s) => s.title)).toEqual(["First", "Second", "Third", "Fourth"]);
    expect(p.steps[0].text).toContain("- level 30");
    expect(p.warnings).toEqual([]);
  });

  it("past the depth read as structure, the rest is kept as text and a warning names the line", () => {
    for (const depth of [100, 2000]) {
      const p = parse(`# Deep\n\n## Steps\n\n1. First\n${nested(depth)}2. Second\n3. Third\n4. Fourth\n`);
      expect(p.steps.map((s) => s.title)).toEqual(["First", "Second", "Third", "Fourth"]);
      expect(p.steps[0].text).toContain(`- level ${depth}`);
      expect(p.warnings).toEqual([expect.stringMatching(/^Lists or quotes from line \d+ are nested too deep/)]);
    }
  });

  it("thousands of nested quotes or list markers on one line neither throw nor swallow the next step", () => {
    for (const marks of [">".repeat(5000), "- ".repeat(5000), "> - ".repeat(2000)]) {
      const p = parse(`## Steps\n\n1. First\n   ${marks} deep\n2. Second\n`);
      expect(p.steps.map((s) => s.title)).toEqual(["First", "Second"]);
    }
  });
});

/** Syntax that opens inline constructs and never closes them: the inputs that made the old reading quadratic. */
const pieces = ["[[", "*_", "<a", "`", "![", "``", "[a:: ", "(a:: [", "&#", "\\", "**", "_", "[", "](", "<", "]]", "|", "#^", "::", " ", "x"];
const unit = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }).map((p) => p.join(""));
/** Where a long line sits: a step's title, a check, a heading, a table cell, a quote, a field. */
const place = fc.constantFrom(
  (t: string) => `## Steps\n\n1. ${t}\n2. second\n`,
  (t: string) => `## Steps\n\n1. first\n   - ${t}\n2. second\n`,
  (t: string) => `## 1. ${t}\n\nbody\n\n## 2. second\n`,
  (t: string) => `1. first\n\n   | ${t} |\n   |--|\n2. second\n`,
  (t: string) => `1. first\n   > ${t}\n2. second\n`,
  (t: string) => `1. first\n   role:: ${t}\n2. [k:: ${t}]\n`,
  (t: string) => `**Step 1: ${t}**\n\n**Step 2: second**\n`,
);

/** Milliseconds allowed: far above what the parser needs (about 1 µs a character), far below a quadratic reading. */
const allowedMs = (chars: number): number => 300 + chars * 0.025;

describe("time proportional to size", () => {
  it("random and adversarial lines up to 120 KB parse within a per-character bound", () => {
    fc.assert(
      fc.property(unit, place, fc.integer({ min: 20_000, max: 120_000 }), (u, wrap, size) => {
        const markdown = wrap(u.repeat(Math.ceil(size / u.length)));
        const start = performance.now();
        parseProcedure(markdown, { name: "Note", yaml: nodeYaml });
        const elapsed = performance.now() - start;
        expect(elapsed).toBeLessThan(allowedMs(markdown.length));
      }),
      { numRuns: 25 },
    );
  });

  it("a 120 KB step title of `[[`, `*_`, `<a`, backticks and `![` parses, titled, within the bound", () => {
    const line = ["[[", "*_", "<a", "`", "!["].join("").repeat(12 * 1024);
    const start = performance.now();
    const p = parse(`# P\n\n## Steps\n\n1. ${line}\n2. Second\n`);
    expect(performance.now() - start).toBeLessThan(allowedMs(line.length));
    expect(p.steps).toHaveLength(2);
    expect(p.steps[0].title.length).toBeLessThanOrEqual(101);
    expect(p.steps[0].text).toBe(line);
  });
});

/** The lengths of every source markdown-it's inline parser reads while `markdown` is parsed. */
function inlineReads(markdown: string): number[] {
  const spy = jest.spyOn(inlineParser(), "parseInline");
  try {
    parseProcedure(markdown, { name: "Note", yaml: nodeYaml });
    return spy.mock.calls.map(([source]) => source.length);
  } finally {
    spy.mockRestore();
  }
}

/** Places that inline-parse a whole paragraph: a step, a checkbox item, a numbered heading, a bold step line, a check. */
const readPlace = fc.constantFrom(
  (t: string) => `## Steps\n\n1. ${t}\n2. second\n`,
  (t: string) => `## Steps\n\n- [ ] ${t}\n- [ ] second\n`,
  (t: string) => `## 1. ${t}\n\nbody\n\n## 2. second\n`,
  (t: string) => `**Step 1: ${t}**\n\n**Step 2: second**\n`,
  (t: string) => `## Steps\n\n1. first\n   - ${t}\n2. second\n`,
);

// Counted, not timed: markdown-it's inline pass can grow faster than its input on runs of delimiters, so the parser
// gives it pieces of at most `inlinePiece` characters and reads each character a bounded number of times; the work is
// then at most a constant times the note's size, whatever the note holds.
describe("inline reading is bounded", () => {
  it("no inline read is longer than a piece, and all of them together read at most 4× the note", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(unit, readPlace, fc.integer({ min: 1, max: 40_000 })), { minLength: 1, maxLength: 4 }), (blocks) => {
        const markdown = blocks.map(([u, wrap, size]) => wrap(u.repeat(Math.ceil(size / u.length)))).join("\n");
        const reads = inlineReads(markdown);
        expect(Math.max(0, ...reads)).toBeLessThanOrEqual(inlinePiece);
        expect(reads.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(4 * markdown.length);
      }),
      { numRuns: 40 },
    );
  });

  it("a 120 KB bold step line is read for its title, not whole each time the sections are searched", () => {
    const line = "*[".repeat(60 * 1024);
    const markdown = `**Step 1: ${line}**\n\n**Step 2: Second**\n`;
    expect(inlineReads(markdown).reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(4 * inlinePiece);
    const p = parse(markdown);
    expect(p.steps.map((s) => s.title)).toEqual([expect.stringMatching(/^\S{100}…$/), "Second"]);
    expect(p.steps[0].text).toContain(line);
  });

  it("a 120 KB task item of `*[` is read in pieces and keeps its text", () => {
    const line = "*[".repeat(60 * 1024);
    const markdown = `## Steps\n\n- [ ] ${line}\n- [ ] Second\n`;
    expect(Math.max(...inlineReads(markdown))).toBeLessThanOrEqual(inlinePiece);
    expect(parse(markdown).steps.map((s) => s.text)).toEqual([line, "Second"]);
  });
});
