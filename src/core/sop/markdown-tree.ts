// Markdown → a small block tree (CommonMark, YAML frontmatter, task items, GFM tables) with source offsets,
// built from markdown-it's block tokens: inline parsing is left to the few titles and checks that need it.
import type { Env } from "markdown-it";
import { blockParser } from "./markdown-parsers";
import { lineTable, type Lines } from "./source-lines";
import { TreeBuilder } from "./tree-builder";

interface Span {
  /** Offsets into the note (the first character of the block, the end of its last non-blank line). */
  start: number;
  end: number;
  /** 1-based column of `start`. */
  column: number;
}

/** Reference definitions of the note, so `[label]` resolves in titles as it does in the note. */
export type References = NonNullable<Env["references"]>;

/** A block whose inline Markdown is read for text: `inline` is that source, lines joined by `\n`. */
export interface Paragraph extends Span {
  type: "paragraph";
  inline: string;
  references: References;
}
export interface Heading extends Span {
  type: "heading";
  depth: number;
  inline: string;
  references: References;
}
export interface TableCell extends Span {
  type: "tableCell";
  inline: string;
  references: References;
}
export interface ListItem extends Span {
  type: "listItem";
  /** true / false for a task item (`[x]` / `[ ]`), null otherwise. */
  checked: boolean | null;
  children: Block[];
}
export interface List extends Span {
  type: "list";
  ordered: boolean;
  /** The first item's number as written (ordered lists), else null. */
  startNumber: number | null;
  children: ListItem[];
}
export interface Blockquote extends Span {
  type: "blockquote";
  children: Block[];
}
export interface Table extends Span {
  type: "table";
  children: TableCell[];
}
export interface Yaml extends Span {
  type: "yaml";
  /** The text between the fences. */
  value: string;
}
export interface Leaf extends Span {
  type: "code" | "html" | "thematicBreak" | "definition";
}
export type Block = Paragraph | Heading | List | ListItem | Blockquote | Table | TableCell | Yaml | Leaf;
export type TextBlock = Paragraph | Heading | TableCell;

export interface Root {
  type: "root";
  children: Block[];
}

export function parseMarkdownTree(markdown: string): Root {
  const lines = lineTable(markdown);
  const front = frontmatterOf(markdown, lines);
  // Frontmatter lines become blank lines, so markdown-it's line numbers still index the note.
  const rest = front ? "\n".repeat(front.lineCount) + markdown.slice(lines.starts[front.lineCount] ?? markdown.length) : markdown;
  // markdown-it's own normalising pass rewrites every line break; most notes have nothing to normalise.
  const body = rest.includes("\r") || rest.includes("\0") ? rest.replace(/\r\n?/g, "\n").replace(/\0/g, "\uFFFD") : rest;
  const env: Env = {};
  const tokens = blockParser.parse(body, env);
  const children = new TreeBuilder(markdown, lines, env.references ?? {}).build(tokens);
  const root: Root = { type: "root", children };
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
