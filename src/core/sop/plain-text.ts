// Plain, one-line text of Markdown blocks for titles and checks: markup stripped, wikilinks shown as their text, fields removed.
import type { Token } from "markdown-it";
import { removeFields } from "./inline-fields";
import { inlineParser, inlinePiece, inlinePieces } from "./markdown-parsers";
import { replaceCodeSpans, tidyWikilinks } from "./inline-scan";
import type { TextBlock } from "./markdown-tree";

/** Characters without which CommonMark inline source is its own visible text (`[…](` and references aside). */
const inlineSyntax = /[\\`*_&<]|\]\(/;

/** Headings are read several times while the procedure is chosen; paragraphs once. */
const headingText = new WeakMap<TextBlock, string>();

/** A title is at most a line of about a hundred characters; this much source is more than enough to find it. */
const titleSource = 1024;

/** The block's inline tokens; a block of plain words skips the inline parser. */
export function inlineTokens(block: TextBlock): Token[] | null {
  const source = block.inline;
  if (!inlineSyntax.test(source) && !(source.includes("[") && Object.keys(block.references).length > 0)) return null;
  if (source.length <= inlinePiece) return parseInline(source, block.references);
  const tokens: Token[] = [];
  for (const { text, separator } of inlinePieces(source)) {
    tokens.push(...parseInline(text, block.references));
    // The character the cut fell on: a line break or a space, as the tokens of the whole would have it.
    if (separator === "\n") tokens.push({ type: "softbreak", content: "", level: 0, children: null } as unknown as Token);
    else if (separator) tokens.push({ type: "text", content: separator, level: 0, children: null } as unknown as Token);
  }
  return tokens;
}

function parseInline(source: string, references: TextBlock["references"]): Token[] {
  return inlineParser().parseInline(source, { references })[0]?.children ?? [];
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

/** White space that is not already one plain space (so ordinary words match nothing). */
const collapsible = /\s{2,}|[^\S ]/g;

function plainLines(raw: string): string[] {
  let text = removeFields(raw);
  // Most titles and checks have no code spans and no wikilinks; skip those passes for them.
  if (text.includes("`")) text = replaceCodeSpans(text, (span) => text.slice(span.contentStart, span.contentEnd));
  if (text.includes("[[")) text = tidyWikilinks(text);
  // Hugo shortcodes ({{< hint >}} … {{< /hint >}}) are markup, not words.
  if (text.includes("{{")) text = text.replace(/\{\{[<%][^\n]{0,200}?[%>]\}\}/g, "");
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
  const lines = plainLines(rawText((Array.isArray(blocks) ? blocks : [blocks]).map(titlePart)));
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

/** The start of a long block, cut at a line break or a space, as the source its title is read from. */
export function titlePart<T extends TextBlock>(block: T): T {
  if (block.inline.length <= titleSource) return block;
  const head = block.inline.slice(0, titleSource);
  const cut = Math.max(head.lastIndexOf("\n"), head.lastIndexOf(" "));
  return { ...block, inline: cut > titleSource / 2 ? head.slice(0, cut) : head };
}
