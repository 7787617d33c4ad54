// Markdown → mdast with just the syntax SOP notes need: CommonMark, YAML frontmatter, task items, tables.
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatter } from "micromark-extension-frontmatter";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { gfmTaskListItem } from "micromark-extension-gfm-task-list-item";
import { gfmTaskListItemFromMarkdown } from "mdast-util-gfm-task-list-item";
import { gfmTable } from "micromark-extension-gfm-table";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import type { Nodes, Root } from "mdast";

const withFrontmatter = {
  extensions: [frontmatter(["yaml"]), gfmTaskListItem(), gfmTable()],
  mdastExtensions: [frontmatterFromMarkdown(["yaml"]), gfmTaskListItemFromMarkdown(), gfmTableFromMarkdown()],
};
const bodyOnly = {
  extensions: [gfmTaskListItem(), gfmTable()],
  mdastExtensions: [gfmTaskListItemFromMarkdown(), gfmTableFromMarkdown()],
};

/** `atNoteStart` is false for a later piece of a long note, where a leading `---` is not frontmatter. */
export function parseMarkdownTree(markdown: string, atNoteStart = true): Root {
  return fromMarkdown(markdown, atNoteStart ? withFrontmatter : bodyOnly);
}

/** Offsets into the source; every node the parser produces has them. */
export function startOf(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}

export function endOf(node: Nodes): number {
  return node.position?.end.offset ?? 0;
}
