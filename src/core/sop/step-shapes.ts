// What every shape of a procedure shares: where a step comes from, step numbers, decoy headings. The shapes
// themselves: step-shapes-lists.ts (list runs, labelled groups), step-shapes-headings.ts (numbered headings,
// bold Step lines, phases, plain sub-headings), step-shapes-code.ts (prose and commands, step comments in code).
import type { Block, Heading, ListItem, Paragraph } from "./markdown-blocks";
import { startOf } from "./markdown-tree";
import { plainText } from "./plain-text";
import { headingText } from "./sections";

/** Where one step comes from: a list item (plus any interruption after it) or a heading-like block with what follows it. */
export type StepSource =
  | { kind: "item"; item: ListItem; extra: Block[]; end: number }
  | { kind: "section"; heading: Heading | Paragraph; title: string; nodes: Block[]; end: number }
  /** Lines of one code block, from a `# Step N` comment to the next; `fence` is the block's language. */
  | { kind: "lines"; start: number; end: number; title: string; fence: string };

export type ListKind = "ordered" | "task" | "bullet";

const stepPrefix = /^(?:(?:step|phase|stage|part)\s+(\d+)|(\d{1,3})(?=[.):]|\s+[-–—]))\s*[.):\-–—]?\s*(.*)$/iu;

/** Headings that name what is not the procedure itself: navigation, prerequisites, reference material, after-care. */
export const decoyName =
  /^(?:table of contents|contents|toc|prerequisites?|pre-requisites?|requirements|before you (?:begin|start)|troubleshoot\w*|references?\b.*|resources|see also|(?:useful |related )?links|further reading|additional information|appendix\b.*|faq|frequently asked questions|glossary|changelog|change log|notes?|updating\b.*|upgrading\b.*|uninstall\w*\b.*|rollback|rolling back\b.*)$/iu;

export function isDecoyHeading(text: string): boolean {
  return decoyName.test(text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N})]+$/gu, "").trim());
}

/** The heading's words without "1." / "Step 2" / "Phase 3:"; null when the heading is not numbered. */
export function numberedTitle(heading: Heading | Paragraph): string | null {
  const parsed = stepNumber(heading.type === "heading" ? headingText(heading) : plainText(heading));
  return parsed ? parsed.title : null;
}

/** Decimal sections: "5.1 Prepare", "5.2. Mix" — numbered within section 5. */
const decimalPrefix = /^((?:\d{1,3}\.)+)(\d{1,3})\.?(?:\s+|$)(.*)$/u;

/** The number a heading or line starts with; `within` is the decimal section it counts in ("5." for 5.1, 5.2). */
export function stepNumber(text: string): { n: number; worded: boolean; within: string; title: string } | null {
  const clean = text.replace(/^[^\p{L}\p{N}]+/u, "");
  const decimal = decimalPrefix.exec(clean);
  if (decimal) return { n: Number(decimal[2]), worded: false, within: decimal[1], title: decimal[3].trim() || clean };
  const match = stepPrefix.exec(clean);
  if (!match) return null;
  return { n: Number(match[1] ?? match[2]), worded: match[1] !== undefined, within: "", title: match[3].trim() || clean };
}

/** What a section holds that someone does: a list, code, a table (not only explanation). */
export function actionable(nodes: Block[]): boolean {
  return nodes.some((n) => n.type === "list" || n.type === "code" || n.type === "table");
}

/** Where a step's source starts in the note. */
export function stepStart(step: StepSource): number {
  return step.kind === "item" ? startOf(step.item) : step.kind === "lines" ? step.start : startOf(step.heading);
}
