// Procedures made of lists: the longest run of one kind of list (across interruptions and sub-headings), and
// checklists grouped under label lines.
import type { Block, List, ListItem, Paragraph } from "./markdown-blocks";
import { endOf, startOf } from "./markdown-tree";
import { plainText } from "./plain-text";
import { headingText, type Section } from "./sections";
import { isDecoyHeading, type ListKind, type StepSource } from "./step-shapes";

/** Blocks that may sit between two halves of one list without ending the procedure. */
const interruptions = new Set(["paragraph", "code", "html", "blockquote", "table"]);

/** Labels of text addressed to whoever fills in a template, not to the person who runs the procedure. */
const templateNote = /\b(?:issue|pr|pull request|template) (?:creator|author|opener)\b|\b(?:delete|remove) (?:this|these)\b|\bbefore (?:submitting|opening)\b/i;

/** A label paragraph: `**Before release**:`, `Tagging:` — one short line that only names what follows. */
function labelOf(node: Block): string | null {
  if (node.type !== "paragraph" || node.inline.includes("\n") || node.inline.length > 100) return null;
  const text = node.inline.trim();
  const bold = /^(\*\*|__)(.+?)\1\s*:?\s*$/.exec(text) ?? /^(\*\*|__)(.+?):\1\s*$/.exec(text);
  if (bold) return plainText({ ...node, inline: bold[2] }).replace(/:$/, "");
  if (/^[^*_`[\]<>]{2,80}:$/.test(text)) return text.slice(0, -1).trim();
  const callout = /^\[![\w-]+\][+-]?[ \t]+(\S.{0,80})$/.exec(text);
  if (callout) return callout[1].trim();
  return null;
}

/** Checklists grouped by label lines: each label and its list is one step; a list after the last group adds its items. */
export function labelledGroupSteps(section: Section, source: string): StepSource[] | null {
  const nodes = section.direct.length === section.all.length ? section.all : section.direct;
  const steps: StepSource[] = [];
  let groups = 0;
  for (let k = 0; k < nodes.length; k++) {
    const label = labelOf(nodes[k]);
    const next = nodes[k + 1];
    if (label !== null && next?.type === "list" && !isLinkList(next, source)) {
      if (templateNote.test(label)) {
        k++;
        continue;
      }
      const heading = nodes[k] as Paragraph;
      steps.push({ kind: "section", heading, title: label, nodes: [next], end: endOf(next) });
      groups++;
      k++;
    } else if (nodes[k].type === "list" && groups > 0) {
      for (const item of (nodes[k] as List).children) steps.push({ kind: "item", item, extra: [], end: endOf(item) });
    }
  }
  return groups >= 2 ? steps : null;
}

export function kindOf(list: List): ListKind {
  if (list.ordered) return "ordered";
  const tasks = list.children.filter((item) => item.checked !== null && item.checked !== undefined).length;
  return tasks * 2 >= list.children.length && tasks > 0 ? "task" : "bullet";
}

/** A table of contents or a list of links: every item is only a link. */
export function isLinkList(list: List, source: string): boolean {
  return list.children.length > 0 && list.children.every((item) => {
    const first = item.children[0];
    if (!first || first.type !== "paragraph") return false;
    const text = first.inline.trim();
    return /^(?:\[[^\]]*\]\([^)]*\)|\[\[[^\]]*\]\]|<https?:[^>]*>)[\s.,;:—–-]*$/.test(text) && source.length > 0;
  });
}

/** The list sits right after a label addressed to a template's author ("Instructions for the issue creator:"). */
function templateList(nodes: Block[], at: number): boolean {
  const prev = nodes[at - 1];
  return prev?.type === "paragraph" && templateNote.test(prev.inline);
}

/** The number as written before the item's marker (lazy `1.` lists write the same number again and again). */
export function writtenNumber(item: ListItem, source: string): number | null {
  const match = /^\s*(\d{1,9})[.)]/.exec(source.slice(startOf(item), startOf(item) + 12));
  return match ? Number(match[1]) : null;
}

/** Whether `next` resumes `run` after an interruption, judged by its start number. */
function resumes(run: List[], count: number, next: List, source: string): boolean {
  const first = run[0];
  if (!first.ordered) return true;
  const lastItem = run[run.length - 1].children[run[run.length - 1].children.length - 1];
  const last = lastItem ? writtenNumber(lastItem, source) : null;
  const start = next.startNumber ?? 1;
  return start === (first.startNumber ?? 1) + count || (last !== null && start === last + 1 && start > 1);
}

/** Longest run of lists of one kind; a run continues across interruptions when the next list resumes it. */
export function longestRun(nodes: Block[], source: string, kind: ListKind): StepSource[] | null {
  let best: StepSource[] | null = null;
  /** Lists under "Prerequisites", "Troubleshooting", "References"… are not the procedure. */
  let inDecoy = false;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.type === "heading") inDecoy = isDecoyHeading(headingText(node));
    if (node.type !== "list" || inDecoy || kindOf(node) !== kind || isLinkList(node, source) || templateList(nodes, i)) continue;
    const run: List[] = [node];
    let count = node.children.length;
    const between: Block[][] = [];
    let j = i + 1;
    for (;;) {
      let k = j;
      // Numbering that carries on under a new sub-heading ("### Day 2" then "7.") is still one procedure; so is a
      // checklist split by phase headings. A sub-list outdented under "10." also lands at the top level.
      while (k < nodes.length && (interruptions.has(nodes[k].type) || (kind !== "bullet" && gapIn(nodes[k], kind)))) k++;
      const next = nodes[k];
      if (!next || next.type !== "list" || kindOf(next) !== kind || !resumes(run, count, next, source)) break;
      between.push(nodes.slice(j, k));
      run.push(next);
      count += next.children.length;
      j = k + 1;
    }
    const steps: StepSource[] = [];
    for (let r = 0; r < run.length; r++) {
      const items = run[r].children;
      for (let n = 0; n < items.length; n++) {
        const item = items[n];
        // Only a list's last item can have blocks after it before the run resumes.
        if (n < items.length - 1 || r >= between.length) {
          steps.push({ kind: "item", item, extra: [], end: endOf(item) });
          continue;
        }
        const gap = between[r];
        const heading = gap.findIndex((g) => g.type === "heading" || g.type === "thematicBreak");
        // What sits between two halves belongs to the step before it, up to a sub-heading (which only groups steps).
        const extra = heading === -1 ? gap : gap.slice(0, heading);
        steps.push({ kind: "item", item, extra, end: extra.length ? endOf(extra[extra.length - 1]) : endOf(item) });
      }
    }
    if (!best || steps.length > best.length) best = steps;
    i = j - 1;
  }
  return best;
}

function gapIn(node: Block, kind: ListKind): boolean {
  if (node.type === "heading") return !isDecoyHeading(headingText(node));
  if (kind === "ordered") return node.type === "list" && !node.ordered;
  return node.type === "thematicBreak";
}
