import fc from "fast-check";
import { joinFrontmatter, splitFrontmatter } from "../../../src/core/notes/frontmatter";

describe("splitFrontmatter", () => {
  it("separates properties from the body", () => {
    expect(splitFrontmatter("---\ntags: [sop]\n---\n# Title\n")).toEqual({ yaml: "tags: [sop]\n", body: "# Title\n" });
  });

  it("handles CRLF line endings", () => {
    expect(splitFrontmatter("---\r\na: 1\r\n---\r\nbody")).toEqual({ yaml: "a: 1\r\n", body: "body" });
  });

  it("treats a note without an opening fence as all body", () => {
    expect(splitFrontmatter("# Title\n---\nx")).toEqual({ yaml: null, body: "# Title\n---\nx" });
  });

  it("treats an unclosed block as body, so nothing is lost", () => {
    expect(splitFrontmatter("---\na: 1\n# Title")).toEqual({ yaml: null, body: "---\na: 1\n# Title" });
  });

  it("on random notes of fences, dots, dashes and line breaks, ends the block where the first line reading --- or ... is", () => {
    // The rule stated line by line: the first line is `---`; the block runs to the next line that is `---` or `...`
    // (a line's one trailing \r aside); without one, the note has no block.
    const byLines = (text: string): { yaml: string | null; body: string } => {
      const lines = text.split("\n");
      if (lines.length < 2 || lines[0].replace(/\r$/, "") !== "---") return { yaml: null, body: text };
      for (let i = 1, offset = lines[0].length + 1; i < lines.length; offset += lines[i].length + 1, i++) {
        const line = lines[i].replace(/\r$/, "");
        if (line === "---" || line === "...") return { yaml: text.slice(lines[0].length + 1, offset), body: lines.slice(i + 1).join("\n") };
      }
      return { yaml: null, body: text };
    };
    const piece = fc.constantFrom("---", "...", "--", "----", "a", "\r", "\n", "\r\n", " ", "-", ".", "x: 1");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("");
        expect(splitFrontmatter(text)).toEqual(byLines(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("round-trips through joinFrontmatter", () => {
    const note = "---\na: 1\n---\nbody\n";
    const { yaml, body } = splitFrontmatter(note);
    expect(joinFrontmatter(yaml ?? "", body)).toBe(note);
  });

  it("drops an empty properties block", () => {
    expect(joinFrontmatter("{}\n", "body")).toBe("body");
  });
});
