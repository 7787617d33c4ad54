// Markdown → a small block tree (CommonMark, YAML frontmatter, task items, GFM tables) with source offsets,
// built from markdown-it's block tokens: inline parsing is left to the few titles and checks that need it.
import type { Env } from "markdown-it";
import { unindentAdmonitions } from "./admonitions";
import { blockParser, setextUnderline, type BlockEnv } from "./markdown-parsers";
import type { Block, References, Root, Yaml } from "./markdown-blocks";
import { lineTable, type Lines } from "./source-lines";
import { TreeBuilder } from "./tree-builder";

export type * from "./markdown-blocks";

export function parseMarkdownTree(markdown: string): Root {
  const lines = lineTable(markdown);
  const front = frontmatterOf(markdown, lines);
  // Frontmatter lines become blank lines, so markdown-it's line numbers still index the note.
  const rest = front ? "\n".repeat(front.lineCount) + markdown.slice(lines.starts[front.lineCount] ?? markdown.length) : markdown;
  // markdown-it's own normalising pass rewrites every line break; most notes have nothing to normalise.
  const body = unindentAdmonitions(rest.includes("\r") || rest.includes("\0") ? rest.replace(/\r\n?/g, "\n").replace(/\0/g, "\uFFFD") : rest);
  // The references object exists before the parse, so blocks read before a definition resolve it too.
  const references: References = {};
  const builder = new TreeBuilder(markdown, lines, references);
  const env: Env & BlockEnv = { references, sink: builder };
  blockParser(setextUnderline.test(body)).parse(body, env);
  const children = builder.finish();
  const root: Root = { type: "root", children };
  if (env.tooDeepLine !== undefined) root.tooDeepLine = env.tooDeepLine + 1;
  if (front) root.children.unshift(front.node);
  return root;
}

/** Offsets into the source; every node the parser produces has them. */
export function startOf(node: Block): number {
  return node.start;
}

export function endOf(node: Block): number {
  return node.end;
}

/** `---` on the first line up to the next `---` line (trailing spaces allowed), as Obsidian and GFM's frontmatter read it. */
function frontmatterOf(text: string, lines: Lines): { node: Yaml; lineCount: number } | null {
  const fence = /^---[ \t]*$/;
  if (!fence.test(text.slice(0, lines.ends[0]))) return null;
  for (let l = 1; l < lines.starts.length; l++) {
    if (!fence.test(text.slice(lines.starts[l], lines.ends[l]))) continue;
    const value = l === 1 ? "" : text.slice(lines.starts[1], lines.ends[l - 1]);
    return { node: { type: "yaml", value, start: 0, end: lines.ends[l], column: 1 }, lineCount: l + 1 };
  }
  return null;
}
