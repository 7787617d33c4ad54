// Plain, one-line text of Markdown blocks for titles and checks: markup stripped, wikilinks shown as their text, fields removed.
import type { Token } from "markdown-it";
import { removeFields } from "./inline-fields";
import { inlineParser } from "./markdown-parsers";
import type { TextBlock } from "./markdown-tree";

/** Characters without which CommonMark inline source is its own visible text (`[…](` and references aside). */
const inlineSyntax = /[\\`*_&<]|\]\(/;

/** Headings are read several times while the procedure is chosen; paragraphs once. */
const headingText = new WeakMap<TextBlock, string>();

/** The block's inline tokens; a block of plain words skips the inline parser. */
export function inlineTokens(block: TextBlock): Token[] | null {
  const source = block.inline;
  if (!inlineSyntax.test(source) && !(source.includes("[") && Object.keys(block.references).length > 0)) return null;
  return inlineParser.parseInline(source, { references: block.references })[0]?.children ?? [];
}

/** Text of a block as a reader sees it; inline code keeps its backticks until fields are removed. */
function visibleText(block: TextBlock): string {
  const cached = block.type === "heading" ? headingText.get(block) : undefined;
  if (cached !== undefined) return cached;
  const tokens = inlineTokens(block);
  const text = tokens === null ? block.inline : tokensText(tokens);
  if (block.type === "heading") headingText.set(block, text);
  return text;
}

export function tokensText(tokens: Token[], codeMarks = true): string {
  let text = "";
  for (const token of tokens) {
    switch (token.type) {
      case "text":
      case "text_special":
        text += token.content;
        break;
      case "code_inline":
        text += codeMarks ? "`" + token.content + "`" : token.content;
        break;
      case "softbreak":
      case "hardbreak":
        text += "\n";
        break;
      case "image":
        text += tokensText(token.children ?? [], false);
        break;
    }
  }
  return text;
}

function tidyWikilinks(text: string): string {
  return text
    .replace(/!\[\[[^\]\n]*\]\]/g, "")
    .replace(/\[\[([^\]|\n]*)\|([^\]\n]*)\]\]/g, "$2")
    .replace(/\[\[([^\]\n]*)\]\]/g, (_, target: string) => target.replace(/#\^?/g, " > "));
}

/** White space that is not already one plain space (so ordinary words match nothing). */
const collapsible = /\s{2,}|[^\S ]/g;

function plainLines(raw: string): string[] {
  let text = removeFields(raw);
  // Most titles and checks have no code spans and no wikilinks; skip those passes for them.
  if (text.includes("`")) text = text.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, "$2");
  if (text.includes("[[")) text = tidyWikilinks(text);
  if (!text.includes("\n")) {
    const tidy = text.replace(collapsible, " ").trim();
    return tidy ? [tidy] : [];
  }
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const tidy = line.replace(collapsible, " ").trim();
    if (tidy) out.push(tidy);
  }
  return out;
}

function rawText(blocks: TextBlock | TextBlock[]): string {
  return (Array.isArray(blocks) ? blocks : [blocks]).map(visibleText).join("\n");
}

/** One line of plain text with inline fields removed and whitespace collapsed. */
export function plainText(blocks: TextBlock | TextBlock[]): string {
  return plainLines(rawText(blocks)).join(" ");
}

/** Plain text of visible text already taken out of its Markdown (a bold lead-in). */
export function plainFromText(text: string): string {
  return plainLines(text).join(" ");
}

/** The first line, joined with the lines that carry on its sentence (hard-wrapped prose starts them in lower case). */
export function firstLineText(blocks: TextBlock | TextBlock[]): string {
  const lines = plainLines(rawText(blocks));
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
