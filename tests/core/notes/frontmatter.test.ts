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

  it("round-trips through joinFrontmatter", () => {
    const note = "---\na: 1\n---\nbody\n";
    const { yaml, body } = splitFrontmatter(note);
    expect(joinFrontmatter(yaml ?? "", body)).toBe(note);
  });

  it("drops an empty properties block", () => {
    expect(joinFrontmatter("{}\n", "body")).toBe("body");
  });
});
