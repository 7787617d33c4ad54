// The block tree's node types: each block with the offsets of its first and last character in the note.
import type { Env } from "markdown-it";

export interface Span {
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
  /** The first line (1-based) whose lists or quotes were nested too deep to read as structure: kept as text. */
  tooDeepLine?: number;
}
