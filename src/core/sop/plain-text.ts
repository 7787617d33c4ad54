// Plain, one-line text of Markdown nodes for titles and checks: markup stripped, wikilinks shown as their text, fields removed.
import type { Nodes } from "mdast";
import { removeFields } from "./inline-fields";

/** Text of a node as a reader sees it; inline code keeps its backticks until fields are removed. */
function visibleText(node: Nodes): string {
  switch (node.type) {
    case "text":
      return node.value;
    case "inlineCode":
      return "`" + node.value + "`";
    case "break":
      return "\n";
    case "image":
      return node.alt ?? "";
    case "html":
    case "code":
    case "yaml":
      return "";
    default:
      return "children" in node ? node.children.map((child) => visibleText(child as Nodes)).join("") : "";
  }
}

function tidyWikilinks(text: string): string {
  return text
    .replace(/!\[\[[^\]\n]*\]\]/g, "")
    .replace(/\[\[([^\]|\n]*)\|([^\]\n]*)\]\]/g, "$2")
    .replace(/\[\[([^\]\n]*)\]\]/g, (_, target: string) => target.replace(/#\^?/g, " > "));
}

function plainLines(nodes: Nodes | Nodes[]): string[] {
  const raw = (Array.isArray(nodes) ? nodes : [nodes]).map(visibleText).join("\n");
  const withoutFields = removeFields(raw).replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, "$2");
  return tidyWikilinks(withoutFields)
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

/** One line of plain text with inline fields removed and whitespace collapsed. */
export function plainText(nodes: Nodes | Nodes[]): string {
  return plainLines(nodes).join(" ");
}

/** The first line, joined with the lines that carry on its sentence (hard-wrapped prose starts them in lower case). */
export function firstLineText(nodes: Nodes | Nodes[]): string {
  const lines = plainLines(nodes);
  let text = lines[0] ?? "";
  for (let i = 1; i < lines.length && /^\p{Ll}/u.test(lines[i]) && !/[.!?:]$/.test(text); i++) text += " " + lines[i];
  return text;
}

/** A title: bounded, first sentence when the paragraph runs long, trailing colon trimmed. */
export function boundTitle(text: string, maxLength = 100): string {
  let title = text.trim();
  if (title.length > maxLength) {
    const sentenceEnd = title.search(/[.!?](\s|$)/);
    if (sentenceEnd >= 10 && sentenceEnd < maxLength) title = title.slice(0, sentenceEnd + 1);
    else {
      const cut = title.slice(0, maxLength);
      const space = cut.lastIndexOf(" ");
      title = (space > maxLength / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, "") + "…";
    }
  }
  return title.replace(/\s*[:：]+$/, "").replace(/([^.])\.$/, "$1").trim();
}
