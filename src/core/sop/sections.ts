// The note as a tree of sections: each heading with what sits under it, so candidates can be looked for section by section.
import type { Block, Heading } from "./markdown-blocks";
import { plainText } from "./plain-text";

export interface Section {
  /** null for the note as a whole. */
  heading: Heading | null;
  /** The heading texts from the outermost section down to this one. */
  path: string[];
  /** Blocks before the first sub-section. */
  direct: Block[];
  /** Every block under the heading, sub-headings included, in order. */
  all: Block[];
  subsections: Section[];
}

/** Builds the section tree over the top-level blocks (frontmatter left out). */
export function sectionTree(nodes: Block[]): Section {
  const root: Section = { heading: null, path: [], direct: [], all: [], subsections: [] };
  const open: Section[] = [root];
  for (const node of flattenCallouts(nodes)) {
    if (node.type === "heading") {
      while (open.length > 1 && (open[open.length - 1].heading as Heading).depth >= node.depth) open.pop();
      const parent = open[open.length - 1];
      const section: Section = { heading: node, path: [...parent.path, headingText(node)], direct: [], all: [], subsections: [] };
      for (const s of open) s.all.push(node);
      parent.subsections.push(section);
      open.push(section);
      continue;
    }
    for (const s of open) s.all.push(node);
    const innermost = open[open.length - 1];
    if (innermost.subsections.length === 0) innermost.direct.push(node);
  }
  return root;
}

/** Every section, depth first, in note order (the note itself first). */
export function allSections(root: Section): Section[] {
  const out: Section[] = [];
  const visit = (s: Section): void => {
    out.push(s);
    s.subsections.forEach(visit);
  };
  visit(root);
  return out;
}

const headingTexts = new WeakMap<Heading, string>();

/** A heading's plain text without a trailing `{#anchor}` attribute; read once per heading, as the rules ask often. */
export function headingText(heading: Heading): string {
  let text = headingTexts.get(heading);
  if (text === undefined) headingTexts.set(heading, (text = plainText(heading).replace(/\s*\{#[^}]*\}\s*$/, "").trim()));
  return text;
}

/** A quote or callout that holds a list is read for its blocks: a procedure inside `> [!example] Steps` counts. */
function flattenCallouts(nodes: Block[]): Block[] {
  if (!nodes.some((n) => n.type === "blockquote")) return nodes;
  const out: Block[] = [];
  for (const n of nodes) {
    if (n.type === "blockquote" && n.children.some((c) => c.type === "list")) out.push(...flattenCallouts(n.children));
    else out.push(n);
  }
  return out;
}
