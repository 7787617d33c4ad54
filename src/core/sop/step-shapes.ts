// The shapes a procedure takes in a section: list runs, numbered headings, bold "Step N" lines, phases, labelled groups.
import type { Block, Heading, List, ListItem, Paragraph } from "./markdown-blocks";
import { endOf, startOf } from "./markdown-tree";
import { plainText, titlePart } from "./plain-text";
import { headingText, type Section } from "./sections";

/** Where one step comes from: a list item (plus any interruption after it) or a heading-like block with what follows it. */
export type StepSource =
  | { kind: "item"; item: ListItem; extra: Block[]; end: number }
  | { kind: "section"; heading: Heading | Paragraph; title: string; nodes: Block[]; end: number }
  /** Lines of one code block, from a `# Step N` comment to the next; `fence` is the block's language. */
  | { kind: "lines"; start: number; end: number; title: string; fence: string };

export type ListKind = "ordered" | "task" | "bullet";

const stepPrefix = /^(?:(?:step|phase|stage|part)\s+(\d+)|(\d{1,3})(?=[.):]|\s+[-–—]))\s*[.):\-–—]?\s*(.*)$/iu;
/** Blocks that may sit between two halves of one list without ending the procedure. */
const interruptions = new Set(["paragraph", "code", "html", "blockquote", "table"]);

/** Headings that name what is not the procedure itself: navigation, prerequisites, reference material, after-care. */
export const decoyName =
  /^(?:table of contents|contents|toc|prerequisites?|pre-requisites?|requirements|before you (?:begin|start)|troubleshoot\w*|references?\b.*|resources|see also|(?:useful |related )?links|further reading|additional information|appendix\b.*|faq|frequently asked questions|glossary|changelog|change log|notes?|updating\b.*|upgrading\b.*|uninstall\w*\b.*|rollback|rolling back\b.*)$/iu;

/** Labels of text addressed to whoever fills in a template, not to the person who runs the procedure. */
const templateNote = /\b(?:issue|pr|pull request|template) (?:creator|author|opener)\b|\b(?:delete|remove) (?:this|these)\b|\bbefore (?:submitting|opening)\b/i;

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
function actionable(nodes: Block[]): boolean {
  return nodes.some((n) => n.type === "list" || n.type === "code" || n.type === "table");
}

/**
 * Numbered headings (`## 1.`, `### Step 2`) in one sequence: each number follows the one before (the level may change
 * midway); a repeated number is kept. Unnumbered sibling headings among them count when they hold something to do.
 */
export function numberedHeadingSteps(section: Section): StepSource[] | null {
  const headings = section.all.filter((n): n is Heading => n.type === "heading");
  let best: Heading[] = [];
  let bestWorded = false;
  const numbers = headings.map((h) => stepNumber(headingText(h)));
  const used = new Set<number>();
  for (let i = 0; i < headings.length; i++) {
    const first = numbers[i];
    // A run that starts inside an earlier run is part of it (lazy "1." headings would otherwise rescan the rest).
    if (!first || first.n > 1 || used.has(i)) continue;
    const run = [headings[i]];
    let last = first.n;
    for (let j = i + 1; j < headings.length; j++) {
      const next = numbers[j];
      if (!next || next.worded !== first.worded || next.within !== first.within) continue;
      if (next.n === last + 1 || next.n === last) {
        run.push(headings[j]);
        used.add(j);
        last = next.n;
      } else if (next.n <= 1) break;
    }
    if (run.length > best.length || (run.length === best.length && first.worded && !bestWorded)) [best, bestWorded] = [run, first.worded];
  }
  if (best.length < 2) return null;
  const chosen = new Set<Block>(best);
  const depth = Math.min(...best.map((h) => h.depth));
  // Unnumbered headings at the sequence's level count when they hold something to do and sit among its headings,
  // or right before its first one (a "step 0" such as setting up variables).
  const isExtra = (n: Block): n is Heading => n.type === "heading" && n.depth === depth && !chosen.has(n) && stepNumber(headingText(n)) === null && !isDecoyHeading(headingText(n));
  const firstAt = section.all.indexOf(best[0]);
  const lastAt = section.all.indexOf(best[best.length - 1]);
  for (let k = firstAt - 1; k >= 0; k--) {
    const n = section.all[k];
    if (n.type !== "heading") continue;
    if (!isExtra(n) || !actionable(ownBlocks(section.all, k))) break;
    chosen.add(n);
  }
  for (let k = firstAt + 1; k < lastAt; k++) {
    const n = section.all[k];
    if (isExtra(n) && actionable(ownBlocks(section.all, k))) chosen.add(n);
  }
  return headingSteps(section.all, (h) => (chosen.has(h) ? numberedTitle(h) ?? headingText(h) : null));
}

/** The blocks under the heading at `at` up to the next heading of any level. */
function ownBlocks(nodes: Block[], at: number): Block[] {
  const out: Block[] = [];
  for (let k = at + 1; k < nodes.length && nodes[k].type !== "heading"; k++) out.push(nodes[k]);
  return out;
}

/** Steps from chosen headings: each runs to the next chosen heading or a heading at least as high as its own. */
function headingSteps(nodes: Block[], titleOf: (h: Heading) => string | null): StepSource[] | null {
  const steps: StepSource[] = [];
  nodes.forEach((n, at) => {
    if (n.type !== "heading") return;
    const title = titleOf(n);
    if (title === null) return;
    const own: Block[] = [];
    for (let k = at + 1; k < nodes.length; k++) {
      const next = nodes[k];
      if (next.type === "heading" && (next.depth <= n.depth || titleOf(next) !== null)) break;
      own.push(next);
    }
    steps.push({ kind: "section", heading: n, title, nodes: own, end: own.length ? endOf(own[own.length - 1]) : endOf(n) });
  });
  return steps.length ? steps : null;
}

/** `**Step 3: …**` paragraphs: bold lines that are numbered steps, each with what follows up to the next. */
export function boldStepSteps(section: Section): StepSource[] | null {
  const nodes = section.all;
  const marks: { at: number; title: string }[] = [];
  let last = 0;
  nodes.forEach((n, at) => {
    if (n.type !== "paragraph") return;
    const bold = /^(\*\*|__)([^\n]+?)\1\s*:?\s*$/.exec(n.inline.split("\n")[0]);
    if (!bold) return;
    const parsed = stepNumber(plainText(titlePart({ ...n, inline: bold[2] })));
    if (!parsed || !parsed.worded || (parsed.n !== last + 1 && parsed.n !== last && marks.length > 0)) return;
    marks.push({ at, title: parsed.title });
    last = parsed.n;
  });
  if (marks.length < 2) return null;
  return marks.map(({ at, title }, m) => {
    const until = m + 1 < marks.length ? marks[m + 1].at : nodes.findIndex((n, k) => k > at && n.type === "heading");
    const rest = nodes.slice(at + 1, until === -1 ? nodes.length : until);
    const heading = nodes[at] as Paragraph;
    return { kind: "section", heading, title, nodes: rest, end: rest.length ? endOf(rest[rest.length - 1]) : endOf(heading) };
  });
}

/**
 * Phases: the section's sub-sections, one step each, in order until one is named like reference material. Not when
 * the section's own text already holds a list, or the lists under the phases carry one numbering on (a single list).
 */
export function phaseSteps(section: Section, source: string): StepSource[] | null {
  if (section.direct.some((n) => n.type === "list" && !isLinkList(n, source))) return null;
  const phases: Section[] = [];
  for (const sub of section.subsections) {
    if (isDecoyHeading(headingText(sub.heading as Heading))) break;
    phases.push(sub);
  }
  if (phases.length < 2) return null;
  const blocks = phases.flatMap((p) => p.all);
  // Phases are where the work is: the first holds something to do, and so do at least half of them.
  const doing = phases.filter((p) => actionable(p.all));
  if (!actionable(phases[0].all) || doing.length * 2 < phases.length) return null;
  const lists = blocks.filter((n): n is List => n.type === "list");
  if (lists.length > 0 && lists.every((l) => kindOf(l) === "task")) return null;
  const ordered = longestRun(blocks, source, "ordered");
  if (ordered && ordered.length > 0 && spansPhases(ordered, phases)) return null;
  return phases.map((p) => {
    const heading = p.heading as Heading;
    const nodes = p.all;
    return { kind: "section", heading, title: headingText(heading), nodes, end: nodes.length ? endOf(nodes[nodes.length - 1]) : endOf(heading) };
  });
}

function spansPhases(steps: StepSource[], phases: Section[]): boolean {
  // Both are in note order: walk them together.
  let p = 0;
  let touched = 0;
  let lastTouched = -1;
  for (const step of steps) {
    const at = stepStart(step);
    while (p < phases.length && (phases[p].all.length === 0 || at > endOf(phases[p].all[phases[p].all.length - 1]))) p++;
    if (p >= phases.length) break;
    if (phases[p].all.length > 0 && at >= startOf(phases[p].all[0]) && p !== lastTouched) {
      touched++;
      lastTouched = p;
      if (touched > 1) return true;
    }
  }
  return false;
}

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
    run.forEach((list, r) => {
      list.children.forEach((item, n) => {
        const isLast = n === list.children.length - 1;
        const gap = isLast && r < between.length ? between[r] : [];
        const heading = gap.findIndex((g) => g.type === "heading" || g.type === "thematicBreak");
        // What sits between two halves belongs to the step before it, up to a sub-heading (which only groups steps).
        const extra = heading === -1 ? gap : gap.slice(0, heading);
        steps.push({ kind: "item", item, extra, end: extra.length ? endOf(extra[extra.length - 1]) : endOf(item) });
      });
    });
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

/** Inside a Steps section: its sub-headings are the steps when it holds no list. */
export function plainHeadingSteps(section: Section): StepSource[] | null {
  const depths = section.all.filter((n): n is Heading => n.type === "heading").map((h) => h.depth);
  if (depths.length < 2) return null;
  const depth = Math.min(...depths);
  return headingSteps(section.all, (h) => (h.depth === depth ? numberedTitle(h) ?? headingText(h) : null));
}

/** Prose followed by its command: each paragraph directly followed by a code block is one step (with the code). */
export function commandSteps(section: Section): StepSource[] | null {
  const nodes = section.all;
  const steps: StepSource[] = [];
  for (let k = 0; k + 1 < nodes.length; k++) {
    const n = nodes[k];
    if (n.type !== "paragraph" || nodes[k + 1].type !== "code") continue;
    const code: Block[] = [];
    let j = k + 1;
    while (j < nodes.length && nodes[j].type === "code") code.push(nodes[j++]);
    steps.push({ kind: "section", heading: n, title: plainText(titlePart(n)), nodes: code, end: endOf(code[code.length - 1]) });
    k = j - 1;
  }
  return steps.length >= 2 ? steps : null;
}

const stepComment = /^[ \t]*(?:#+|\/\/|--|;+|REM\b|%)[ \t]*step[ \t]+(\d{1,3})\b[ \t]*[:.)\-–—]?[ \t]*(.*)$/i;

/** One code block holding the whole procedure as `# Step 1: …` comments: each comment and the lines after it. */
export function codeCommentSteps(section: Section, source: string): StepSource[] | null {
  for (const block of section.all) {
    if (block.type !== "code") continue;
    const text = source.slice(block.start, block.end);
    if (!/step[ \t]+\d/i.test(text)) continue;
    const marks: { at: number; title: string }[] = [];
    let offset = block.start;
    for (const line of text.split("\n")) {
      const match = stepComment.exec(line);
      if (match) marks.push({ at: offset, title: match[2].trim() || `Step ${match[1]}` });
      offset += line.length + 1;
    }
    if (marks.length < 2) continue;
    // Where the code inside the fence ends: before a closing fence line, if there is one.
    const closing = /\n[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(text);
    const codeEnd = closing ? block.start + closing.index : block.end;
    return marks.map((m, i) => ({ kind: "lines", start: m.at, end: i + 1 < marks.length ? marks[i + 1].at - 1 : codeEnd, title: m.title, fence: fenceInfo(text) }));
  }
  return null;
}

function fenceInfo(text: string): string {
  const open = /^[ \t]*(`{3,}|~{3,})([^\n]*)/.exec(text);
  return open ? open[2].trim() : "";
}

/** Where a step's source starts in the note. */
export function stepStart(step: StepSource): number {
  return step.kind === "item" ? startOf(step.item) : step.kind === "lines" ? step.start : startOf(step.heading);
}
