// The block tree is built while markdown-it parses, token by token, so that a long note's token stream never exists
// whole; it must be the very tree that reading the finished token array gives, on any note.
import fc from "fast-check";
import type { Env } from "markdown-it";
import { unindentAdmonitions } from "../../../src/core/sop/admonitions";
import { blockParser, setextUnderline, type BlockEnv } from "../../../src/core/sop/markdown-parsers";
import { parseMarkdownTree, type Block, type References } from "../../../src/core/sop/markdown-tree";
import { lineTable } from "../../../src/core/sop/source-lines";
import { TreeBuilder } from "../../../src/core/sop/tree-builder";

/** The tree read from markdown-it's finished token array (every token's fields final), for a note without frontmatter. */
function fromTokenArray(markdown: string): Block[] {
  const references: References = {};
  const env: Env & BlockEnv = { references };
  const tokens = blockParser().parse(unindentAdmonitions(markdown), env);
  return new TreeBuilder(markdown, lineTable(markdown), references).build(tokens);
}

/** Lines that open, continue or close blocks where a reader going token by token could go wrong. */
const line = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("", "", "text", "lazy continuation", "more **text**", "[ref]") },
  fc.constantFrom("- item", "* item", "+ item", "1. step", "2) step", "10. step", "- [ ] task", "- [x] done", "-", "1.", "- - nested"),
  fc.constantFrom("```", "```js", "~~~", "````", "    indented code", "\tcode"),
  fc.constantFrom("# Heading", "## 1. Step heading", "###### h6", "#nospace", "===", "---", "***", "- - -", "Setext\n==="),
  fc.constantFrom("> quote", ">", "> - quoted item", "> > deeper", "> [!note] Callout", "> ```"),
  fc.constantFrom("| a | b |", "|---|---|", "| 1 | 2 |", "a | b", "--|--", "| x \\| y |"),
  fc.constantFrom("<div>", "</div>", "<!-- comment", "-->", "<pre>", "</pre>", "<b>inline</b>", "<?php", "?>"),
  fc.constantFrom("[ref]: https://example.com", "[ref]:", "role:: Editor", "**Step 3: Bold step**"),
);
const indent = fc.constantFrom("", "", "", " ", "  ", "   ", "    ", "      ", "\t", "> ", "   > ");
// The reference reads no frontmatter, so a note never opens with "---" (a properties block to parseMarkdownTree).
const note = fc
  .array(fc.tuple(indent, line).map(([i, l]) => i + l), { minLength: 1, maxLength: 60 })
  .map((lines) => lines.join("\n"))
  .map((text) => (text.startsWith("---") ? `text\n${text}` : text));

describe("the block tree built token by token", () => {
  it("equals the tree of the finished token array on random and adversarial notes", () => {
    fc.assert(
      fc.property(note, (markdown) => {
        expect(parseMarkdownTree(markdown).children).toEqual(fromTokenArray(markdown));
      }),
      { numRuns: 400 },
    );
  });

  it("reads containers' ends once they close: a quote, a list and a table that run on past their first line", () => {
    const markdown = "> quote\n> more\n\n- a\n\n  b\n- c\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nafter\n";
    const children = parseMarkdownTree(markdown).children;
    expect(children.map((b) => markdown.slice(b.start, b.end))).toEqual(["> quote\n> more", "- a\n\n  b\n- c", "| a | b |\n|---|---|\n| 1 | 2 |", "after"]);
    expect(children).toEqual(fromTokenArray(markdown));
  });
});

describe("leaving out setext headings for a note that has no line to underline one with", () => {
  const tokensOf = (markdown: string, setext: boolean) => blockParser(setext).parse(unindentAdmonitions(markdown), { references: {} });
  const setextHeadings = (markdown: string) => tokensOf(markdown, true).filter((t) => t.type === "heading_open" && (t.markup === "=" || t.markup === "-"));

  it("finds an underline wherever markdown-it reads a setext heading, in lists, quotes and lazy lines", () => {
    for (const markdown of ["Title\n===", "Title\n---", "- item\n  ---", "> quote\n> ===", ">  > deep\n>  > ---  ", "1. step\n   text\n   ==\t", "\tcode\nTitle\n  ="]) {
      expect(setextHeadings(markdown).length).toBeGreaterThan(0);
      expect(setextUnderline.test(markdown)).toBe(true);
    }
    fc.assert(
      fc.property(note, (markdown) => {
        if (setextHeadings(markdown).length > 0) expect(setextUnderline.test(markdown)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("gives the same tokens as the full parser on notes without such a line", () => {
    const withoutUnderline = note.map((markdown) => markdown.replace(/^([ \t>]*)(=+|-+)([ \t]*)$/gm, "$1$2 x$3"));
    fc.assert(
      fc.property(withoutUnderline, (markdown) => {
        expect(setextUnderline.test(markdown)).toBe(false);
        expect(tokensOf(markdown, false)).toEqual(tokensOf(markdown, true));
      }),
      { numRuns: 400 },
    );
  });
});
