// Finds every procedure a note holds (candidates) and picks the main one by stated rules, or the one the note pins.
import type { Block, Heading, Root } from "./markdown-blocks";
import { allSections, headingText, sectionTree, type Section } from "./sections";
import { isDecoyHeading, stepNumber, stepStart, type ListKind, type StepSource } from "./step-shapes";
import { labelledGroupSteps, longestRun } from "./step-shapes-lists";
import { boldStepSteps, numberedHeadingSteps, phaseSteps, plainHeadingSteps } from "./step-shapes-headings";
import { codeCommentSteps, commandSteps } from "./step-shapes-code";

export type { StepSource } from "./step-shapes";

export type Shape =
  | "numbered headings"
  | "bold step lines"
  | "phases"
  | "numbered list"
  | "labelled groups"
  | "checklist"
  | "step comments in code"
  | "prose and commands"
  | "bullet list"
  | "sub-headings";

export interface Candidate {
  /** Heading texts from the note's top down to the section the procedure sits in (empty: the note as a whole). */
  path: string[];
  shape: Shape;
  steps: StepSource[];
  /** "top": the procedure's own steps; "leaf": the finer reading, items gathered across phases. */
  reading: "top" | "leaf";
}

export interface Selection {
  /** The chosen procedure first, then the others in the order the rules rank them. */
  candidates: Candidate[];
  /** Why the first candidate won. */
  reason: string;
  /** Nodes that introduce the procedure but are not part of it (the "## Steps" heading). */
  skip: Block[];
  /** Set when `sop_procedure` named something the note does not have. */
  pinMissed?: string;
}

/** A person chooses among a handful; a note of thousands of small lists would otherwise list them all. */
const maxCandidates = 12;

/** Headings that say "the procedure is here". */
const sectionName = /\b(steps?|procedures?|process(es)?|checklists?|instructions?|runbook|playbook|directions|method|how to)\b/i;

type Finder = (s: Section, source: string, runs: Runs) => StepSource[] | null;

/**
 * The longest run of each kind of list in a section's blocks, found once per selection: the same section is searched
 * for a numbered list when it is named, as the whole note, and again for the other candidates (a 4,000-step list
 * was walked four times).
 */
type Runs = (nodes: Block[], source: string, kind: ListKind) => StepSource[] | null;

function runsOnce(): Runs {
  const found = new Map<Block[], Map<ListKind, StepSource[] | null>>();
  return (nodes, source, kind) => {
    let byKind = found.get(nodes);
    if (!byKind) found.set(nodes, (byKind = new Map<ListKind, StepSource[] | null>()));
    let steps = byKind.get(kind);
    if (steps === undefined) byKind.set(kind, (steps = longestRun(nodes, source, kind)));
    return steps;
  };
}

/** The shapes tried in a section; `weak` ones only count inside a section named like a procedure. */
const shapes: { shape: Shape; reading: "top" | "leaf"; weak: boolean; find: Finder }[] = [
  { shape: "numbered headings", reading: "top", weak: false, find: (s) => numberedHeadingSteps(s) },
  { shape: "bold step lines", reading: "top", weak: false, find: (s) => boldStepSteps(s) },
  { shape: "numbered list", reading: "top", weak: false, find: (s, src, runs) => runs(s.all, src, "ordered") },
  { shape: "labelled groups", reading: "top", weak: false, find: (s, src) => labelledGroupSteps(s, src) },
  { shape: "checklist", reading: "leaf", weak: false, find: (s, src, runs) => runs(s.all, src, "task") },
  { shape: "step comments in code", reading: "top", weak: false, find: (s, src) => codeCommentSteps(s, src) },
  { shape: "prose and commands", reading: "leaf", weak: true, find: (s) => commandSteps(s) },
  { shape: "phases", reading: "top", weak: true, find: (s, src) => phaseSteps(s, src) },
  { shape: "bullet list", reading: "top", weak: true, find: (s, src, runs) => runs(s.all, src, "bullet") },
  { shape: "sub-headings", reading: "top", weak: true, find: (s) => plainHeadingSteps(s) },
];

/** Inside a section named like a procedure, phases come before a single list: the lists are the phases' own. */
const strongNamedOrder: Shape[] = ["numbered headings", "bold step lines", "phases", "numbered list", "labelled groups", "checklist", "step comments in code"];
const namedOrder: Shape[] = [...strongNamedOrder, "bullet list", "sub-headings", "prose and commands"];
const strongOrder: Shape[] = shapes.filter((s) => !s.weak).map((s) => s.shape);

export function selectProcedure(tree: Root, source: string, pin?: string): Selection | null {
  const nodes = tree.children.filter((n) => n.type !== "yaml");
  const root = sectionTree(nodes);
  const sections = allSections(root);
  const runs = runsOnce();
  const found: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate): void => {
    if (seen.has(keyOf(c))) return;
    seen.add(keyOf(c));
    found.push(c);
  };

  let chosen: Candidate | null = null;
  let reason = "";
  let skip: Block[] = [];
  let pinMissed: string | undefined;
  const choose = (c: Candidate, why: string, heading: Heading | null): void => {
    if (chosen) return add(c);
    chosen = c;
    reason = why;
    skip = heading ? [heading] : [];
  };

  if (pin) {
    const section = findPinned(sections, pin);
    const c = section ? firstIn(section, source, runs, namedOrder, true) : null;
    if (c && section) choose(c, `sop_procedure pins "${pin}"`, section.heading);
    else pinMissed = pin;
  }

  // Named by its words, not its number: "5. Procedure" is named; "Step 7. Update the docs" is a step, not a name.
  const isNamed = (s: Section): boolean => {
    if (!s.heading) return false;
    const text = headingText(s.heading);
    return sectionName.test(stepNumber(text)?.title ?? text) && !isDecoyHeading(text);
  };
  // The most specific first: a "Steps" heading inside "Office closing procedure" says more than the title does.
  const named = sections.filter(isNamed);
  const hasNamedInside = (s: Section): boolean => allSections(s).some((d) => d !== s && isNamed(d));
  const byPrecision = [...named.filter((s) => !hasNamedInside(s)), ...named.filter(hasNamedInside)];

  for (const section of byPrecision) {
    const c = firstIn(section, source, runs, strongNamedOrder, true);
    const name = headingText(section.heading as Heading);
    if (c) choose(c, `the first section named like a procedure ("${name}") holds ${describe(c)}`, section.heading);
  }

  // The note as a whole: strong shapes in order.
  const whole = firstIn(root, source, runs, strongOrder, false);
  if (whole) {
    choose(
      whole,
      `no section is named like a procedure; ${describe(whole)} is the strongest shape in the note (numbered headings, bold "Step N" lines, a numbered list, labelled groups, a checklist, in that order)`,
      null,
    );
  }

  // Weaker shapes count only under a heading named like a procedure and only when nothing stronger exists ("## Next steps" bullets).
  for (const section of byPrecision) {
    const c = firstIn(section, source, runs, ["bullet list", "sub-headings"], true);
    const name = headingText(section.heading as Heading);
    if (c) choose(c, `nothing is numbered or ticked; the section named like a procedure ("${name}") holds ${describe(c)}`, section.heading);
  }

  // Sub-sections that each hold part of the work (prose and code under "Installing", "Configuring", …).
  for (const section of sections) {
    if (chosen && found.length >= maxCandidates) break;
    if (!section.heading || isDecoyHeading(headingText(section.heading))) continue;
    const phases = phaseSteps(section, source);
    if (!phases) continue;
    const c: Candidate = { path: section.path, shape: "phases", steps: phases, reading: "top" };
    choose(c, `no list or numbered heading makes a procedure; the sub-sections of "${headingText(section.heading)}" each hold part of the work`, section.heading);
  }

  // Last: paragraphs each followed by their command, anywhere in the note.
  const commands = commandSteps(root);
  if (commands) choose({ path: [], shape: "prose and commands", steps: commands, reading: "leaf" }, "nothing else makes a procedure; each paragraph followed by a code block is a step", null);

  // Every other list and heading sequence of two steps or more, for the person to choose from.
  for (const section of sections) {
    if (found.length >= maxCandidates) break;
    for (const shape of shapes) {
      if (shape.weak && !isNamed(section)) continue;
      const steps = shape.find(section, source, runs);
      if (steps && steps.length >= 2) add({ path: section.path, shape: shape.shape, steps, reading: shape.reading });
    }
  }

  const winner = chosen as Candidate | null;
  if (!winner) return null;
  // A list found by looking at the whole note still sits under some heading: name that one.
  for (const c of [winner, ...found]) if (c.path.length === 0) c.path = innermostPath(sections, stepStart(c.steps[0]));
  const chosenKey = keyOf(winner);
  const candidates = [winner, ...found.filter((f) => keyOf(f) !== chosenKey).slice(0, maxCandidates - 1)];
  return { candidates, reason, skip, ...(pinMissed !== undefined ? { pinMissed } : {}) };
}

function firstIn(section: Section, source: string, runs: Runs, order: Shape[], named: boolean): Candidate | null {
  for (const name of order) {
    const shape = shapes.find((s) => s.shape === name);
    if (!shape || (shape.weak && !named)) continue;
    const steps = shape.find(section, source, runs);
    if (steps && steps.length > 0) return { path: section.path, shape: shape.shape, steps, reading: shape.reading };
  }
  return null;
}

function describe(c: Candidate): string {
  return `${c.shape} (${c.steps.length} step${c.steps.length === 1 ? "" : "s"})`;
}

/** Two candidates with the same steps are one: where the first starts, how many, where the last starts. */
function keyOf(c: Candidate): string {
  return `${stepStart(c.steps[0])}:${c.steps.length}:${stepStart(c.steps[c.steps.length - 1])}`;
}

/** A heading's text, or a path of them joined by ">" or "/", matched without case; the first match in the note wins. */
function findPinned(sections: Section[], pin: string): Section | null {
  const wanted = pin
    .split(/\s*(?:>|\/|#)\s*/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  if (wanted.length === 0) return null;
  const matches = sections.filter((s) => {
    if (s.path.length < wanted.length) return false;
    const tail = s.path.slice(s.path.length - wanted.length).map((p) => p.toLowerCase());
    return tail.every((p, i) => p === wanted[i]);
  });
  return matches[0] ?? null;
}

/** The heading path of the innermost section holding `offset`. */
function innermostPath(sections: Section[], offset: number): string[] {
  let path: string[] = [];
  for (const s of sections) {
    if (!s.heading || s.heading.start > offset || s.all.length === 0) continue;
    if (s.all[s.all.length - 1].end >= offset && s.path.length >= path.length) path = s.path;
  }
  return path;
}
