// The block tree under the parser: offsets into the note as written, task items, frontmatter, definitions.
import { parseMarkdownTree, type Block, type ListItem } from "../../../src/core/sop/markdown-tree";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import { nodeYaml } from "../../../src/cli/yaml-codec";

const text = (markdown: string, node: Block): string => markdown.slice(node.start, node.end);

describe("parseMarkdownTree", () => {
  it("gives offsets into the note as written, whatever its line endings", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const markdown = ["# Title", "", "1. First  ", "   more", "", "   > quoted", "2. Second"].join(eol);
      const [heading, list] = parseMarkdownTree(markdown).children;
      expect(text(markdown, heading)).toBe("# Title");
      if (list.type !== "list") throw new Error("expected a list");
      expect(list.children.map((item) => text(markdown, item))).toEqual([["1. First  ", "   more", "", "   > quoted"].join(eol), "2. Second"]);
      expect(list.children[0].children.map((c) => c.type)).toEqual(["paragraph", "blockquote"]);
    }
  });

  it("reads task items as GFM does: a checkbox, white space, then something", () => {
    const markdown = "- [ ] open\n- [x] done\n- [X] Done\n- [ ]\n- [ ]x\n";
    const list = parseMarkdownTree(markdown).children[0] as { children: ListItem[] };
    expect(list.children.map((item) => item.checked)).toEqual([false, true, true, null, null]);
    const first = list.children[0].children[0];
    expect(text(markdown, first)).toBe("open");
  });

  it("reads frontmatter only when the first line opens it and a later line closes it", () => {
    expect(parseMarkdownTree("---\ntags: [sop]\n---\n1. a\n").children.map((c) => c.type)).toEqual(["yaml", "list"]);
    expect(parseMarkdownTree("---\ntags: [sop]\n").children[0].type).toBe("thematicBreak");
    expect(parseMarkdownTree("\n---\na: 1\n---\n").children.map((c) => c.type)).toEqual(["thematicBreak", "heading"]);
  });

  it("keeps reference definitions and table cells past the header's count", () => {
    const markdown = "[ref]: https://example.com\n\n| a | b |\n|---|---|\n| 1 | 2 | role:: X |\n";
    const [definition, table] = parseMarkdownTree(markdown).children;
    expect(text(markdown, definition)).toBe("[ref]: https://example.com");
    if (table.type !== "table") throw new Error("expected a table");
    expect(table.children.map((cell) => cell.inline)).toEqual(["a", "b", "1", "2", "role:: X"]);
  });
});

describe("parseProcedure on CommonMark corners", () => {
  it("an ordered list after an indented code block is a list, whatever its first number", () => {
    const outcome = parseProcedure("    make build\n\n12) Deploy\n13) Verify\n", { name: "N", yaml: nodeYaml });
    expect(outcome.ok && outcome.procedure.steps.map((s) => s.title)).toEqual(["Deploy", "Verify"]);
  });

  it("an unclosed `---` on the first line is a rule, and the list after it is still found", () => {
    const outcome = parseProcedure("---\n> note\n\n1. One\n2. Two\n", { name: "N", yaml: nodeYaml });
    expect(outcome.ok && outcome.procedure.steps.map((s) => s.title)).toEqual(["One", "Two"]);
  });
});
