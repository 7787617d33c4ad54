// Long notes are parsed in pieces; the joined tree must equal the one-piece parse, positions included.
import type { Nodes } from "mdast";
import { parseMarkdownChunked } from "../../../src/core/sop/chunked-tree";
import { parseMarkdownTree } from "../../../src/core/sop/markdown-tree";

const lazy = Array.from({ length: 30 }, (_, i) => `1. Lazy ${i}`).join("\n\n");
const tasks = Array.from({ length: 30 }, (_, i) => `- [ ] Task ${i}\n\n  more text`).join("\n\n");
const items = Array.from({ length: 30 }, (_, i) => `${i + 1}. Item ${i}\n   role:: X\n   - check`).join("\n\n");
const prose = "Long paragraph with **bold** and `code`. ".repeat(80);
const blocks = [
  lazy, tasks, items, prose,
  "<!-- a comment\n\nthat spans a blank line -->",
  "```\nfenced\n\nstill fenced\n\n# not a heading\n```",
  "> [!note]\n> A callout\n\n> another quote",
  "---",
  "| a | b |\n|---|---|\n| 1 | 2 |",
  "## A heading",
];

/** Everything the parser reads from a node: type, position, value, checked, start, children. */
function shape(node: Nodes): unknown {
  const n = node as Nodes & { value?: string; checked?: boolean | null; start?: number | null; children?: Nodes[] };
  return { type: n.type, position: n.position, value: n.value, checked: n.checked, start: n.start, children: n.children?.map(shape) };
}

describe("parseMarkdownChunked", () => {
  it.each(Array.from({ length: 12 }, (_, seed) => seed))("equals the one-piece parse (arrangement %i)", (seed) => {
    const parts = seed % 2 ? ["---\ntags: [sop]\n---"] : [];
    for (let k = 0; k < 40; k++) parts.push(blocks[(seed * 7 + k * 3) % blocks.length]);
    const markdown = (parts.join("\n\n") + "\n").replace(/\n/g, seed % 3 === 0 ? "\r\n" : "\n");
    expect(markdown.length).toBeGreaterThan(16 * 1024);
    expect(shape(parseMarkdownChunked(markdown))).toEqual(shape(parseMarkdownTree(markdown)));
  });

  it("does not cut inside an unclosed fence", () => {
    const markdown = "```\n" + "line\n\nmore\n".repeat(3000);
    expect(shape(parseMarkdownChunked(markdown))).toEqual(shape(parseMarkdownTree(markdown)));
  });
});
