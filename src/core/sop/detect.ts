// SOP detection: a note's tags from its properties and its body text, and whether they include the SOP tag.
import type { YamlCodec } from "../ports";
import { parseMarkdownTree, type Block } from "./markdown-tree";
import { inlineTokens } from "./plain-text";

/** Obsidian's tag syntax: `#` after a space or line start, then letters, digits, `_`, `-`, `/`, at least one non-digit. */
const inlineTag = /(^|[\s(,;])#([\p{L}\p{N}_/-]+)/gu;

export function extractTags(markdown: string, yaml: YamlCodec): string[] {
  const tags: string[] = [];
  try {
    const tree = parseMarkdownTree(typeof markdown === "string" ? markdown.replace(/^\uFEFF/, "") : "");
    const first = tree.children[0];
    if (first?.type === "yaml") tags.push(...propertyTags(first.value, yaml));
    const visit = (node: Block): void => {
      if (node.type === "paragraph" || node.type === "heading" || node.type === "tableCell") {
        if (!node.inline.includes("#")) return;
        // Only text counts: not inline code, HTML, link targets or image descriptions.
        const tokens = inlineTokens(node);
        if (tokens === null) tags.push(...textTags(node.inline));
        else for (const token of tokens) if (token.type === "text") tags.push(...textTags(token.content));
      } else if ("children" in node) for (const child of node.children as Block[]) visit(child);
    };
    tree.children.forEach(visit);
  } catch {
    // Detection must never break a listing; a note we cannot read simply has no tags.
  }
  const seen = new Set<string>();
  return tags.filter((t) => t && !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
}

export function isSopTagged(tags: string[], sopTag: string): boolean {
  const wanted = normalise(sopTag);
  if (!wanted) return false;
  return tags.some((tag) => {
    const t = normalise(tag);
    return t === wanted || t.startsWith(wanted + "/");
  });
}

function normalise(tag: string): string {
  return String(tag).trim().replace(/^#+/, "").toLowerCase();
}

function propertyTags(frontmatter: string, yaml: YamlCodec): string[] {
  let data: unknown;
  try {
    data = yaml.parse(frontmatter);
  } catch {
    return [];
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key.toLowerCase() !== "tags" && key.toLowerCase() !== "tag") continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v !== "string" && typeof v !== "number") continue;
      out.push(...String(v).split(/[\s,]+/).map((t) => t.replace(/^#+/, "").trim()));
    }
  }
  return out.filter(Boolean);
}

function textTags(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(inlineTag)) {
    const tag = match[2].replace(/\/+$/, "");
    if (/[^\d/]/u.test(tag)) out.push(tag);
  }
  return out;
}
