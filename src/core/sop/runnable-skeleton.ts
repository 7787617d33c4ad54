// "Make this note runnable" without a model: a `## Steps` list built from the note's headings or paragraphs, appended.
import { parseMarkdownTree } from "./markdown-tree";
import type { Block, Heading } from "./markdown-blocks";
import { boundTitle, firstLineText } from "./plain-text";
import { headingText } from "./sections";
import { isDecoyHeading } from "./step-shapes";

/**
 * The note's text with a `## Steps` skeleton appended (everything before it unchanged, byte for byte): one step per
 * sub-heading when the note has two or more, else one per paragraph's first sentence; null when there is nothing
 * to build from.
 */
export function withStepsSkeleton(markdown: string): string | null {
  const steps = skeletonSteps(markdown);
  if (steps.length === 0) return null;
  const list = steps.map((s, i) => `${i + 1}. ${s}`).join("\n");
  const base = markdown.replace(/\s+$/, "");
  return `${base}${base ? "\n\n" : ""}## Steps\n\n${list}\n`;
}

export function skeletonSteps(markdown: string): string[] {
  const blocks = parseMarkdownTree(markdown).children.filter((b: Block) => b.type !== "yaml");
  const headings = blocks.filter((b): b is Heading => b.type === "heading" && b.depth > 1 && !isDecoyHeading(headingText(b)));
  if (headings.length >= 2) {
    const depth = Math.min(...headings.map((h) => h.depth));
    return headings.filter((h) => h.depth === depth).map((h) => tidy(headingText(h))).filter(Boolean);
  }
  return blocks
    .filter((b) => b.type === "paragraph")
    .map((p) => (p.type === "paragraph" ? tidy(firstLineText(p)) : ""))
    .filter((t) => t.length > 0 && !/^#\S+$/.test(t));
}

/** A step line: the first sentence, bounded, with no characters that would start Markdown of their own. */
function tidy(text: string): string {
  const sentence = /^(.{10,}?[.!?])\s/.exec(text)?.[1] ?? text;
  return boundTitle(sentence.replace(/^[-*+>#\d.)\s]+/, "")).trim();
}
