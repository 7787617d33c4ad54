// Procedures made of headings: numbered headings, bold "Step N" lines, phases (sub-sections), plain sub-headings.
import type { Block, Heading, List, Paragraph } from "./markdown-blocks";
import { endOf, startOf } from "./markdown-tree";
import { plainText, titlePart } from "./plain-text";
import { headingText, type Section } from "./sections";
import { actionable, isDecoyHeading, numberedTitle, stepNumber, stepStart, type StepSource } from "./step-shapes";
import { isLinkList, kindOf, longestRun } from "./step-shapes-lists";

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

/** Inside a Steps section: its sub-headings are the steps when it holds no list. */
export function plainHeadingSteps(section: Section): StepSource[] | null {
  const depths = section.all.filter((n): n is Heading => n.type === "heading").map((h) => h.depth);
  if (depths.length < 2) return null;
  const depth = Math.min(...depths);
  return headingSteps(section.all, (h) => (h.depth === depth ? numberedTitle(h) ?? headingText(h) : null));
}
