// Turns a chosen step source into a Step: exact Markdown text, plain title, Dataview fields, sub-bullet checks.
import { FieldReader } from "./inline-fields";
import { endOf, startOf, type Block, type List, type ListItem, type Paragraph } from "./markdown-tree";
import { boundTitle, firstLineText, inlineTokens, plainFromText, plainText, titlePart, tokensText } from "./plain-text";
import type { StepSource } from "./select-procedure";
import { slug } from "./slug";
import type { Step } from "./types";

/** `fields` reads the step's Dataview fields; one reader serves all the steps of one parse of `markdown`. */
export function buildStep(source: StepSource, index: number, markdown: string, fields: FieldReader = new FieldReader(markdown)): Step {
  if (source.kind === "lines") return linesStep(source, index, markdown);
  const blocks: Block[] = source.kind === "item" ? [source.item, ...source.extra] : [source.heading, ...source.nodes];
  const title = boundTitle(source.kind === "item" ? itemTitle(source.item) : source.title) || `Step ${index}`;
  const text = source.kind === "item" ? itemText(source.item, source.end, markdown) : markdown.slice(startOf(source.heading), source.end).trimEnd();
  const lists = (source.kind === "item" ? [...source.item.children, ...source.extra] : source.nodes).filter((c): c is List => c.type === "list");
  return { index, id: `${index}-${slug(title)}`, title, text, fields: collectFields(blocks, fields), checks: checksOf(lists) };
}

/** A `# Step N` comment and the code lines after it, kept as a code block of the original language. */
function linesStep(source: Extract<StepSource, { kind: "lines" }>, index: number, markdown: string): Step {
  const title = boundTitle(source.title) || `Step ${index}`;
  const code = markdown.slice(source.start, source.end).replace(/\s+$/, "");
  const text = "```" + source.fence + "\n" + code + "\n```";
  return { index, id: `${index}-${slug(title)}`, title, text, fields: {}, checks: [] };
}

/** The item's first paragraph; a bold lead-in ("**Freeze the branch.** Then …") is the title on its own. */
function itemTitle(item: ListItem): string {
  const first = item.children[0];
  if (!first) return "";
  if (first.type === "paragraph") {
    const lead = leadIn(first);
    if (lead !== null) {
      const leadText = lead.replace(/[.:]\s*$/, "");
      if (leadText.length >= 3) return leadText;
    }
    return firstLineText(first);
  }
  if (first.type === "heading") return plainText(first);
  return "";
}

/** `**Lead-in.** more`, where the lead holds no other Markdown and its closing run ends it: the common case, read without the inline parser. */
const simpleLead = /^(\*\*|__|\*|_)([^*_`\\&<[\]!\s](?:[^*_`\\&<[\]!\n]*[^*_`\\&<[\]!\s])?)\1(?![*_])(?=[\s\p{P}\p{S}])/u;

/** The plain text of a strong or emphasised span that opens the paragraph and is followed by more. */
function leadIn(paragraph: Paragraph): string | null {
  const simple = simpleLead.exec(paragraph.inline);
  if (simple) return plainFromText(simple[2]);
  // Emphasis delimiters leave empty text tokens behind; they are not content.
  const tokens = inlineTokens(titlePart(paragraph))?.filter((t) => t.type !== "text" || t.content !== "");
  const open = tokens?.[0];
  if (!tokens || !open || (open.type !== "strong_open" && open.type !== "em_open")) return null;
  const close = tokens.findIndex((t, i) => i > 0 && t.type === open.type.replace("_open", "_close") && t.level === open.level);
  if (close === -1 || close === tokens.length - 1) return null;
  return plainFromText(tokensText(tokens.slice(1, close)));
}

/** From the item's content (marker and checkbox left out) to its end, continuation lines de-indented by the marker width. */
function itemText(item: ListItem, end: number, markdown: string): string {
  const first = item.children[0];
  if (!first) return "";
  let start = startOf(first);
  const checkbox = /^\[[ xX]\][ \t]*/.exec(markdown.slice(start, start + 8));
  if (item.checked !== null && item.checked !== undefined && checkbox) start += checkbox[0].length;
  const indent = Math.max(0, first.column - 1);
  const text = markdown.slice(start, end);
  if (indent === 0 || !/[\r\n]/.test(text)) return text.trimEnd();
  // Without tabs, de-indenting is dropping up to `indent` spaces after each line break.
  if (!text.includes("\t")) return (text.includes("\r") ? text.replace(spacesAfterBreak(indent), "$1") : dropSpacesAfterNewlines(text, indent)).trimEnd();
  const lines = text.split(/(\r?\n|\r)/);
  for (let i = 2; i < lines.length; i += 2) lines[i] = dedent(lines[i], indent);
  return lines.join("").trimEnd();
}

/** Up to `indent` spaces dropped after each `\n`: the common case (no `\r`, no tab) without a regular expression, which took twice as long. */
function dropSpacesAfterNewlines(text: string, indent: number): string {
  let out = "";
  let last = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) {
    let next = at + 1;
    const stop = next + indent;
    while (next < stop && text.charCodeAt(next) === 32) next++;
    if (next === at + 1) continue;
    out += text.slice(last, at + 1);
    last = next;
  }
  return last === 0 ? text : out + text.slice(last);
}

const spacesAfterBreaks = new Map<number, RegExp>();

function spacesAfterBreak(indent: number): RegExp {
  let pattern = spacesAfterBreaks.get(indent);
  if (!pattern) spacesAfterBreaks.set(indent, (pattern = new RegExp(`(\\r\\n?|\\n) {0,${indent}}`, "g")));
  return pattern;
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
function collectFields(blocks: Block[], reader: FieldReader): Record<string, string> {
  const fields: Record<string, string> = {};
  const visit = (node: Block): void => {
    switch (node.type) {
      case "paragraph":
      case "heading":
      case "tableCell":
        if (!reader.has(startOf(node), endOf(node))) return;
        for (const { key, value } of reader.fieldsIn(startOf(node), endOf(node))) {
          fields[key] = key in fields && fields[key] !== value ? `${fields[key]}, ${value}` : value;
        }
        return;
      case "list":
      case "listItem":
      case "blockquote":
      case "table":
        // Nothing inside holds a field when the whole block has no `::`.
        if (!reader.has(startOf(node), endOf(node))) return;
        for (const child of node.children) visit(child);
        return;
      default:
        // Code, HTML and properties hold no fields.
        return;
    }
  };
  blocks.forEach(visit);
  return fields;
}

/** Each sub-item's first line as plain text; items that only hold a field are not checks. */
function checksOf(lists: List[]): string[] {
  const checks: string[] = [];
  for (const list of lists) {
    for (const item of list.children) {
      const first = item.children[0] as Block | undefined;
      const text = first && first.type === "paragraph" ? plainText(first) : "";
      if (text) checks.push(text);
    }
  }
  return checks;
}
