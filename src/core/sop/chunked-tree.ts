// Parses long notes in pieces: micromark's time grows faster than linearly with one document's size
// (its event edit map re-copies the whole event list), so a 1 MB note is cut at places where
// CommonMark guarantees every open block has closed, each piece is parsed alone, and the trees are joined.
import type { List, Nodes, Root } from "mdast";
import { parseMarkdownTree } from "./markdown-tree";

/** Pieces smaller than this are not worth a separate parse. */
const pieceSize = 8 * 1024;

export function parseMarkdownChunked(markdown: string): Root {
  const cuts = safeCuts(markdown);
  if (cuts.length === 0) return parseMarkdownTree(markdown, true);
  const root: Root = { type: "root", children: [], position: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } };
  let start = 0;
  let line = 1;
  for (const end of [...cuts, markdown.length]) {
    const piece = markdown.slice(start, end);
    const tree = parseMarkdownTree(piece, start === 0);
    for (const child of tree.children) shift(child, start, line - 1);
    if (root.position && tree.position) root.position.end = { ...tree.position.end, line: tree.position.end.line + line - 1, offset: (tree.position.end.offset ?? 0) + start };
    const first = tree.children[0];
    const last = root.children[root.children.length - 1];
    if (first?.type === "list" && last?.type === "list" && continuesList(last, first, markdown)) {
      last.children.push(...first.children);
      last.spread = true;
      if (last.position && first.position) last.position.end = first.position.end;
      root.children.push(...tree.children.slice(1));
    } else root.children.push(...tree.children);
    line += countLines(piece);
    start = end;
  }
  return root;
}

/**
 * Offsets where a new line starts at column 0 with text after a blank line, outside any top-level
 * fenced code, multi-line HTML block or frontmatter. Every container has closed there, except a list
 * whose next item follows (joined back by `continuesList`). When unsure (an unclosed fence), no cut.
 */
function safeCuts(markdown: string): number[] {
  if (markdown.length < pieceSize * 2) return [];
  const cuts: number[] = [];
  let fence: { char: string; length: number } | null = null;
  let htmlEnd: string | null = null;
  let inFrontmatter = markdown.startsWith("---\n") || markdown.startsWith("---\r");
  let previousBlank = false;
  let lastCut = 0;
  let offset = 0;
  let lineNo = 0;
  while (offset < markdown.length) {
    const next = markdown.indexOf("\n", offset);
    const end = next === -1 ? markdown.length : next + 1;
    const line = markdown.slice(offset, end).replace(/\r?\n$|\r$/, "");
    const blank = line.trim() === "";
    if (inFrontmatter) {
      if (lineNo > 0 && /^(---|\.\.\.)\s*$/.test(line)) inFrontmatter = false;
    } else if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = null;
    } else if (htmlEnd) {
      if (line.toLowerCase().includes(htmlEnd)) htmlEnd = null;
    } else {
      if (previousBlank && !blank && !/^\s/.test(line) && offset - lastCut >= pieceSize && markdown.length - offset >= pieceSize) {
        cuts.push(offset);
        lastCut = offset;
      }
      const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
      if (open && !(open[1][0] === "`" && open[2].includes("`"))) fence = { char: open[1][0], length: open[1].length };
      else htmlEnd = htmlBlockEnd(line);
    }
    previousBlank = blank;
    offset = end;
    lineNo++;
  }
  return cuts;
}

/** HTML blocks of CommonMark types 1–5 run until their end marker, across blank lines. */
function htmlBlockEnd(line: string): string | null {
  const trimmed = line.replace(/^ {0,3}/, "").toLowerCase();
  let end: string | null = null;
  const tag = /^<(script|pre|style|textarea)(\s|>|$)/.exec(trimmed);
  if (tag) end = `</${tag[1]}>`;
  else if (trimmed.startsWith("<!--")) end = "-->";
  else if (trimmed.startsWith("<![cdata[")) end = "]]>";
  else if (trimmed.startsWith("<?")) end = "?>";
  else if (/^<![a-z]/.test(trimmed)) end = ">";
  if (!end) return null;
  return trimmed.slice(1).includes(end) ? null : end;
}

/** A list item right after a cut belongs to the list before it when the marker kind matches. */
function continuesList(previous: List, next: List, markdown: string): boolean {
  if (previous.ordered !== next.ordered) return false;
  const a = previous.children[0];
  const b = next.children[0];
  return !!a && !!b && markerKind(a, markdown) === markerKind(b, markdown);
}

function markerKind(item: Nodes, markdown: string): string {
  const at = item.position?.start.offset ?? 0;
  const match = /^\s*(?:\d+([.)])|([-*+]))/.exec(markdown.slice(at, at + 12));
  return match ? match[1] ?? match[2] : "";
}

function shift(node: Nodes, offset: number, lines: number): void {
  if (node.position) {
    node.position.start.offset = (node.position.start.offset ?? 0) + offset;
    node.position.end.offset = (node.position.end.offset ?? 0) + offset;
    node.position.start.line += lines;
    node.position.end.line += lines;
  }
  if ("children" in node) for (const child of node.children) shift(child, offset, lines);
}

function countLines(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}
