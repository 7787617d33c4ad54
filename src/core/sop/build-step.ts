// Turns a chosen step source into a Step: exact Markdown text, plain title, Dataview fields, sub-bullet checks.
import type { List, ListItem, Nodes, RootContent } from "mdast";
import { findFields } from "./inline-fields";
import { endOf, startOf } from "./markdown-tree";
import { boundTitle, firstLineText, plainText } from "./plain-text";
import type { StepSource } from "./select-procedure";
import { slug } from "./slug";
import type { Step } from "./types";

export function buildStep(source: StepSource, index: number, markdown: string): Step {
  const blocks: Nodes[] = source.kind === "item" ? [source.item, ...source.extra] : [source.heading, ...source.nodes];
  const title = boundTitle(source.kind === "item" ? itemTitle(source.item) : source.title) || `Step ${index}`;
  const text = source.kind === "item" ? itemText(source.item, source.end, markdown) : markdown.slice(startOf(source.heading), source.end).trimEnd();
  const lists = (source.kind === "item" ? [...source.item.children, ...source.extra] : source.nodes).filter((c): c is List => c.type === "list");
  return { index, id: `${index}-${slug(title)}`, title, text, fields: collectFields(blocks, markdown), checks: checksOf(lists) };
}

/** The item's first paragraph; a bold lead-in ("**Freeze the branch.** Then …") is the title on its own. */
function itemTitle(item: ListItem): string {
  const first = item.children[0];
  if (!first) return "";
  if (first.type === "paragraph") {
    const lead = first.children[0];
    if ((lead?.type === "strong" || lead?.type === "emphasis") && first.children.length > 1) {
      const leadText = plainText(lead).replace(/[.:]\s*$/, "");
      if (leadText.length >= 3) return leadText;
    }
    return firstLineText(first);
  }
  if (first.type === "heading") return plainText(first);
  return "";
}

/** From the item's content (marker and checkbox left out) to its end, continuation lines de-indented by the marker width. */
function itemText(item: ListItem, end: number, markdown: string): string {
  const first = item.children[0];
  if (!first) return "";
  let start = startOf(first);
  const checkbox = /^\[[ xX]\][ \t]*/.exec(markdown.slice(start, start + 8));
  if (item.checked !== null && item.checked !== undefined && checkbox) start += checkbox[0].length;
  const indent = Math.max(0, (first.position?.start.column ?? 1) - 1);
  const lines = markdown.slice(start, end).split(/(\r?\n|\r)/);
  for (let i = 2; i < lines.length; i += 2) lines[i] = dedent(lines[i], indent);
  return lines.join("").trimEnd();
}

function dedent(line: string, indent: number): string {
  let width = 0;
  let i = 0;
  while (i < line.length && width < indent && (line[i] === " " || line[i] === "\t")) {
    width += line[i] === "\t" ? 4 - (width % 4) : 1;
    i++;
  }
  return line.slice(i);
}

/** Fields anywhere in the step's prose (paragraphs, headings, table cells), never inside code. */
function collectFields(blocks: Nodes[], markdown: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const visit = (node: Nodes): void => {
    if (node.type === "paragraph" || node.type === "heading" || node.type === "tableCell") {
      for (const { key, value } of findFields(markdown.slice(startOf(node), endOf(node)))) {
        fields[key] = key in fields && fields[key] !== value ? `${fields[key]}, ${value}` : value;
      }
      return;
    }
    if (node.type === "code" || node.type === "html" || node.type === "yaml") return;
    if ("children" in node) for (const child of node.children) visit(child);
  };
  blocks.forEach(visit);
  return fields;
}

/** Each sub-item's first line as plain text; items that only hold a field are not checks. */
function checksOf(lists: List[]): string[] {
  const checks: string[] = [];
  for (const list of lists) {
    for (const item of list.children) {
      const first = item.children[0] as RootContent | undefined;
      const text = first && first.type === "paragraph" ? plainText(first) : "";
      if (text) checks.push(text);
    }
  }
  return checks;
}
