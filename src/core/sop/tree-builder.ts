// Turns markdown-it's flat block tokens into nested blocks, giving each the offsets of its first and last character.
import type { Token } from "markdown-it";
import { inlineParser, inlinePiece, inlinePieces } from "./markdown-parsers";
import type { Block, Blockquote, Leaf, List, ListItem, Paragraph, References, TableCell } from "./markdown-blocks";
import { leadingSpace, visualColumn, type Lines } from "./source-lines";

type Container = Blockquote | List | ListItem;

const leafTypes: Record<string, Leaf["type"]> = { fence: "code", code_block: "code", html_block: "html", hr: "thematicBreak", reference_definition: "definition" };

/** A container being read, with the line range markdown-it fills in once it closes, and where its children start. */
interface OpenBlock {
  block: Container;
  map: [number, number];
  from: number;
}

/**
 * Reads markdown-it's block tokens one by one as the parser pushes them, so that no token outlives the block it
 * describes: a long note's token stream never exists whole. A token is read when the next one arrives (or at the
 * end), because markdown-it sets a token's fields just after pushing it; a container's last line (`map[1]`) is set
 * when it closes, so its end is read then.
 */
export class TreeBuilder {
  /**
   * How far container markers (`>`, list markers) have been read on the line where the latest container opened, for
   * blocks that share the line: tokens come in the order of their first lines, so no earlier line is asked about.
   */
  private cursorLine = -1;
  private cursorAt = 0;
  /** Enclosing blockquotes of the token being read. */
  private quotes = 0;
  private readonly root: Block[] = [];
  private readonly open: OpenBlock[] = [];
  /** The children of the open containers, innermost last: each gets an array of its exact size when it closes. */
  private readonly children: Block[] = [];
  /** How many of `children` are in use: the array is not shortened, so its storage is not given back and regrown. */
  private childCount = 0;
  private pending: Token | null = null;
  /** The paragraph or heading being read (its opening token) and its inline source, once read. */
  private textBlock: Token | null = null;
  private inline = "";
  private table: { start: number; map: [number, number]; cells: TableCell[] } | null = null;

  constructor(
    private readonly text: string,
    private readonly lines: Lines,
    private readonly references: References,
  ) {}

  /** The tree of a whole token stream. */
  build(tokens: Token[]): Block[] {
    for (const token of tokens) this.take(token);
    return this.finish();
  }

  /** The next token markdown-it pushed. */
  take(token: Token): void {
    const previous = this.pending;
    this.pending = token;
    if (previous) this.read(previous);
  }

  /** The blocks read, once the parser has pushed its last token. */
  finish(): Block[] {
    const last = this.pending;
    this.pending = null;
    if (last) this.read(last);
    return this.root;
  }

  private add(block: Block): void {
    const parent = this.open[this.open.length - 1]?.block;
    if (!parent) this.root.push(block);
    else if (parent.type !== "list" || block.type === "listItem") this.children[this.childCount++] = block;
  }

  private openContainer(block: Container, map: [number, number]): void {
    this.add(block);
    this.open.push({ block, map, from: this.childCount });
  }

  /** The innermost open container, given its children. */
  private closeContainer(): OpenBlock | undefined {
    const closed = this.open.pop();
    if (!closed) return undefined;
    (closed.block.children as Block[]) = this.children.slice(closed.from, this.childCount);
    this.childCount = closed.from;
    return closed;
  }

  private setCursor(line: number, at: number): void {
    this.cursorLine = line;
    this.cursorAt = at;
  }

  private read(token: Token): void {
    const map = token.map;
    if (this.table) {
      if (token.type === "tr_open" && map) this.rowCells(map[0], this.table.cells);
      else if (token.type === "table_close") {
        const { start, map: lines, cells } = this.table;
        this.table = null;
        this.add({ type: "table", start, end: this.lastEnd(lines, this.quotes), column: start - this.lines.starts[lines[0]] + 1, children: cells });
      }
      return;
    }
    switch (token.type) {
      case "paragraph_open":
      case "heading_open":
        this.textBlock = map ? token : null;
        this.inline = "";
        break;
      case "inline":
        this.inline = token.content;
        break;
      case "paragraph_close":
      case "heading_close": {
        const open = this.textBlock;
        const lines = open?.map;
        this.textBlock = null;
        if (!open || !lines) break;
        const start = this.contentStart(lines[0]);
        const end = this.lastEnd(lines, this.quotes);
        const column = start - this.lines.starts[lines[0]] + 1;
        const inline = this.inline;
        if (open.type === "paragraph_open") this.add({ type: "paragraph", start, end, column, inline, references: this.references });
        else this.add({ type: "heading", depth: Number(open.tag.slice(1)), start, end, column, inline, references: this.references });
        break;
      }
      case "blockquote_open": {
        if (!map) break;
        const start = this.contentStart(map[0]);
        this.setCursor(map[0], start + 1);
        const quote: Blockquote = { type: "blockquote", start, end: start, column: start - this.lines.starts[map[0]] + 1, children: [] };
        this.openContainer(quote, map);
        this.quotes++;
        break;
      }
      case "bullet_list_open":
      case "ordered_list_open": {
        if (!map) break;
        const ordered = token.type === "ordered_list_open";
        const start = this.contentStart(map[0]);
        const list: List = { type: "list", ordered, startNumber: ordered ? Number(token.attrGet("start") ?? 1) : null, start, end: start, column: start - this.lines.starts[map[0]] + 1, children: [] };
        this.openContainer(list, map);
        break;
      }
      case "list_item_open": {
        if (!map) break;
        const start = this.contentStart(map[0]);
        const marker = token.info ? token.info.length + 1 : 1;
        this.setCursor(map[0], this.itemContent(start + marker, map[0]));
        const item: ListItem = { type: "listItem", checked: null, start, end: start, column: start - this.lines.starts[map[0]] + 1, children: [] };
        this.openContainer(item, map);
        break;
      }
      case "blockquote_close": {
        this.quotes--;
        const closed = this.closeContainer();
        if (closed) closed.block.end = this.lastEnd(closed.map, this.quotes);
        break;
      }
      case "bullet_list_close":
      case "ordered_list_close":
      case "list_item_close": {
        const closed = this.closeContainer();
        if (closed?.block.type === "list") this.closeList(closed.block);
        else if (closed?.block.type === "listItem") this.closeItem(closed.block, closed.map);
        break;
      }
      case "table_open": {
        if (map) this.table = { start: this.contentStart(map[0]), map, cells: [] };
        break;
      }
      case "fence":
      case "html_block":
      case "hr":
      case "reference_definition":
      case "code_block": {
        if (!map) break;
        // An indented code block starts where its indentation does.
        const start = token.type === "code_block" ? this.containerStart(map[0]) : this.contentStart(map[0]);
        const type = leafTypes[token.type] ?? "code";
        this.add({ type, start, end: Math.max(start, this.lastEnd(map, this.quotes)), column: start - this.lines.starts[map[0]] + 1 });
        break;
      }
    }
  }

  private closeList(list: List): void {
    const first = list.children[0];
    const last = list.children[list.children.length - 1];
    if (first) {
      list.start = first.start;
      list.column = first.column;
    }
    list.end = last ? last.end : list.start;
  }

  private closeItem(item: ListItem, map: [number, number]): void {
    const first = item.children[0];
    // GFM task item: `[ ]`, `[x]` or `[X]`, then white space, then something, at the start of the first paragraph.
    if (first?.type === "paragraph" && /^\[[ xX]\][ \t\n]/.test(first.inline) && first.inline.slice(3).trim() !== "") {
      item.checked = first.inline[1] !== " ";
      this.afterCheckbox(first);
    }
    const last = item.children[item.children.length - 1];
    item.end = last ? Math.max(item.start, last.end) : this.lastEnd(map, this.quotes);
  }

  /**
   * The paragraph then starts one character after the checkbox (past white space that ends the line), as in
   * GFM's tree, unless what follows that character is not plain text (`[ ] **Bold**`): then it stays on the box.
   */
  private afterCheckbox(paragraph: Paragraph): void {
    const rest = paragraph.inline.slice(3).replace(/^[ \t]+(?=\n)/, "").slice(1);
    paragraph.inline = paragraph.inline.slice(4);
    if (/^[[!*_`<]/.test(rest)) {
      // Its first piece is enough to tell, and keeps this linear on a long paragraph.
      const head = rest.length > inlinePiece ? inlinePieces(rest.slice(0, inlinePiece + 1))[0].text : rest;
      const first = inlineParser().parseInline(head, { references: this.references })[0]?.children?.find((t) => t.type !== "text" || t.content !== "");
      if (first && first.type !== "text") return;
    }
    let head = paragraph.start + 3;
    const toBreak = /^[ \t]*(?=[\r\n])/.exec(this.text.slice(head, head + 8));
    if (toBreak) head += toBreak[0].length;
    paragraph.column += head + 1 - paragraph.start;
    paragraph.start = head + 1;
  }

  /** Where an item's content starts: after the marker and 1–4 columns of space (one when more, as the content is then code). */
  private itemContent(afterMarker: number, line: number): number {
    const lineEnd = this.lines.ends[line];
    const spaces = leadingSpace(this.text, afterMarker, lineEnd);
    if (afterMarker + spaces >= lineEnd) return lineEnd;
    const from = this.lines.starts[line];
    const width = visualColumn(this.text, from, afterMarker + spaces) - visualColumn(this.text, from, afterMarker);
    return afterMarker + (width > 4 ? 1 : spaces);
  }

  /** A row's cells (the delimiter row is not one), each from its leading pipe, as GFM's tree splits them. */
  private rowCells(line: number, cells: TableCell[]): void {
    const from = this.contentStart(line);
    const to = this.lines.ends[line];
    const bounds = [from];
    for (let p = from + 1; p < to; p++) {
      if (this.text[p] === "\\") p++;
      else if (this.text[p] === "|") bounds.push(p);
    }
    // A closing pipe belongs to the last cell.
    if (bounds.length > 1 && this.text.slice(bounds[bounds.length - 1], to).trim() === "|") bounds.pop();
    bounds.push(to);
    for (let b = 0; b + 1 < bounds.length; b++) {
      const start = bounds[b];
      // Cells past the header's count are kept too (markdown-it drops them; GFM's tree does not).
      const inline = this.text.slice(start, bounds[b + 1]).replace(/^\||\|\s*$/g, "").trim().replace(/\\\|/g, "|");
      cells.push({ type: "tableCell", start, end: bounds[b + 1], column: start - this.lines.starts[line] + 1, inline, references: this.references });
    }
  }

  /** The end of the last line of `map` with content (markdown-it counts the blank lines after a list item in it). */
  private lastEnd(map: [number, number], quotes: number): number {
    let line = Math.min(map[1], this.lines.starts.length) - 1;
    while (line > map[0] && this.blankIn(line, quotes)) line--;
    return this.lines.ends[line];
  }

  /** Blank, or only `>` markers and spaces inside a blockquote. */
  private blankIn(line: number, quotes: number): boolean {
    for (let i = this.lines.starts[line]; i < this.lines.ends[line]; i++) {
      const c = this.text[i];
      if (c !== " " && c !== "\t" && !(quotes > 0 && c === ">")) return false;
    }
    return true;
  }

  /** Past the container markers on the line: those already read there, else one `>` per enclosing blockquote. */
  private containerStart(line: number): number {
    if (line === this.cursorLine) return this.cursorAt;
    let at = this.lines.starts[line];
    const end = this.lines.ends[line];
    for (let q = 0; q < this.quotes; q++) {
      at += leadingSpace(this.text, at, end);
      if (this.text[at] !== ">") break;
      at++;
    }
    return at;
  }

  private contentStart(line: number): number {
    const at = this.containerStart(line);
    return at + leadingSpace(this.text, at, this.lines.ends[line]);
  }
}
