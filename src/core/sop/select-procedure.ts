// Chooses which part of a note is the procedure: a Steps-like section, numbered headings, an ordered list, a task list.
import { endOf, startOf, type Block, type Heading, type List, type ListItem, type Root } from "./markdown-tree";
import { plainText } from "./plain-text";

/** Where one step comes from: a list item (plus any interruption after it) or a heading with its section. */
export type StepSource =
  | { kind: "item"; item: ListItem; extra: Block[]; end: number }
  | { kind: "section"; heading: Heading; title: string; nodes: Block[]; end: number };

export interface Selection {
  steps: StepSource[];
  /** Nodes that introduce the procedure but are not part of it (the "## Steps" heading). */
  skip: Block[];
}

const sectionName = /\b(steps?|procedures?|process(es)?|checklists?|instructions?)\b/i;
const stepPrefix = /^(?:(?:step|phase|stage|part)\s+(\d+)|(\d{1,3})(?=[.):]|\s+[-–—]))\s*[.):\-–—]?\s*(.*)$/iu;
/** Blocks that may sit between two halves of one list without ending the procedure. */
const interruptions = new Set(["paragraph", "code", "html", "blockquote", "table", "math"]);

export function selectProcedure(tree: Root, source: string): Selection | null {
  const nodes = tree.children.filter((n) => n.type !== "yaml");
  const sections: { heading: Block; nodes: Block[] }[] = [];
  nodes.forEach((node, i) => {
    if (node.type === "heading" && sectionName.test(plainText(node))) sections.push({ heading: node, nodes: sectionAfter(nodes, i) });
  });
  for (const section of sections) {
    const steps = numberedHeadingSteps(section.nodes) ?? longestRun(section.nodes, source, "ordered") ?? longestRun(section.nodes, source, "task");
    if (steps) return { steps, skip: [section.heading] };
  }
  const steps = numberedHeadingSteps(nodes) ?? longestRun(nodes, source, "ordered") ?? longestRun(nodes, source, "task");
  if (steps) return { steps, skip: [] };
  // Weaker shapes count only under a Steps-like heading and only when nothing numbered exists ("## Next steps" bullets).
  for (const section of sections) {
    const weak = longestRun(section.nodes, source, "bullet") ?? plainHeadingSteps(section.nodes);
    if (weak) return { steps: weak, skip: [section.heading] };
  }
  return null;
}

/** The siblings after heading `i` up to the next heading of the same or a higher level. */
function sectionAfter(nodes: Block[], i: number): Block[] {
  const depth = (nodes[i] as Heading).depth;
  const out: Block[] = [];
  for (let j = i + 1; j < nodes.length; j++) {
    const n = nodes[j];
    if (n.type === "heading" && n.depth <= depth) break;
    out.push(n);
  }
  return out;
}

/** The heading's words without "1." / "Step 2" / "Phase 3:"; null when the heading is not numbered. */
export function numberedTitle(heading: Heading): string | null {
  const text = plainText(heading).replace(/^[^\p{L}\p{N}]+/u, "");
  const match = stepPrefix.exec(text);
  if (!match) return null;
  return match[3].trim() || text;
}

function numberedHeadingSteps(nodes: Block[]): StepSource[] | null {
  const byDepth = new Map<number, number>();
  for (const n of nodes) if (n.type === "heading" && numberedTitle(n) !== null) byDepth.set(n.depth, (byDepth.get(n.depth) ?? 0) + 1);
  let depth = 0;
  let best = 0;
  for (const [d, count] of [...byDepth.entries()].sort((a, b) => a[0] - b[0])) {
    if (count > best) [depth, best] = [d, count];
  }
  if (best < 2) return null;
  return headingSections(nodes, (h) => (h.depth === depth ? numberedTitle(h) : null), depth);
}

/** Inside a Steps section: its sub-headings are the steps when it holds no list. */
function plainHeadingSteps(nodes: Block[]): StepSource[] | null {
  const depths = nodes.filter((n): n is Heading => n.type === "heading").map((h) => h.depth);
  if (depths.length < 2) return null;
  const depth = Math.min(...depths);
  return headingSections(nodes, (h) => (h.depth === depth ? numberedTitle(h) ?? plainText(h) : null), depth);
}

function headingSections(nodes: Block[], titleOf: (h: Heading) => string | null, depth: number): StepSource[] | null {
  const steps: StepSource[] = [];
  let current: Extract<StepSource, { kind: "section" }> | null = null;
  for (const n of nodes) {
    if (n.type === "heading" && n.depth <= depth) {
      const title = titleOf(n);
      current = title === null ? null : { kind: "section", heading: n, title, nodes: [], end: endOf(n) };
      if (current) steps.push(current);
      continue;
    }
    if (current) {
      current.nodes.push(n);
      current.end = endOf(n);
    }
  }
  return steps.length ? steps : null;
}

type ListKind = "ordered" | "task" | "bullet";

function isOrderedGap(node: Block): boolean {
  return node.type === "heading" || (node.type === "list" && !node.ordered);
}

function kindOf(list: List): ListKind {
  if (list.ordered) return "ordered";
  const tasks = list.children.filter((item) => item.checked !== null && item.checked !== undefined).length;
  return tasks * 2 >= list.children.length && tasks > 0 ? "task" : "bullet";
}

/** The number as written before the item's marker (lazy `1.` lists write the same number again and again). */
function writtenNumber(item: ListItem, source: string): number | null {
  const match = /^\s*(\d{1,9})[.)]/.exec(source.slice(startOf(item), startOf(item) + 12));
  return match ? Number(match[1]) : null;
}

/** Whether `next` resumes `run` after an interruption, judged by its start number. */
function resumes(run: List[], next: List, source: string): boolean {
  const first = run[0];
  if (!first.ordered) return true;
  const count = run.reduce((sum, list) => sum + list.children.length, 0);
  const lastItem = run[run.length - 1].children[run[run.length - 1].children.length - 1];
  const last = lastItem ? writtenNumber(lastItem, source) : null;
  const start = next.startNumber ?? 1;
  return start === (first.startNumber ?? 1) + count || (last !== null && start === last + 1 && start > 1);
}

/** Longest run of lists of one kind; a run continues across interruptions when the next list resumes it. */
function longestRun(nodes: Block[], source: string, kind: ListKind): StepSource[] | null {
  let best: StepSource[] | null = null;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.type !== "list" || kindOf(node) !== kind) continue;
    const run: List[] = [node];
    const between: Block[][] = [];
    let j = i + 1;
    for (;;) {
      let k = j;
      // Numbering that carries on under a new sub-heading ("### Day 2" then "7.") is still one procedure.
      // A sub-list outdented under "10." (3 spaces instead of 4) also lands at the top level; the numbering says it continues.
      while (k < nodes.length && (interruptions.has(nodes[k].type) || (kind === "ordered" && isOrderedGap(nodes[k])))) k++;
      const next = nodes[k];
      if (!next || next.type !== "list" || kindOf(next) !== kind || !resumes(run, next, source)) break;
      between.push(nodes.slice(j, k));
      run.push(next);
      j = k + 1;
    }
    const steps: StepSource[] = [];
    run.forEach((list, r) => {
      list.children.forEach((item, n) => {
        const isLast = n === list.children.length - 1;
        const gap = isLast && r < between.length ? between[r] : [];
        const heading = gap.findIndex((n) => n.type === "heading");
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
