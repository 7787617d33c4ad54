// The SOP parser: a note's Markdown → title, preamble, ordered steps, settings and warnings. Never throws.
import type { YamlCodec } from "../ports";
import { buildStep } from "./build-step";
import { FieldReader } from "./inline-fields";
import { readFrontmatter } from "./frontmatter";
import { endOf, parseMarkdownTree, startOf, type Block, type Heading, type Root } from "./markdown-tree";
import { plainText } from "./plain-text";
import { headingText } from "./sections";
import { selectProcedure, type Candidate, type StepSource } from "./select-procedure";
import { readSettings } from "./settings";
import { readInputSpecs } from "./inputs";
import { parseRecurrence, RECURRENCE_HELP } from "./recurrence";
import { checkStepFields } from "./check-step-fields";
import { isDecoyHeading, stepNumber, stepStart } from "./step-shapes";
import { writtenNumber } from "./step-shapes-lists";
import type { ParseOutcome, ProcedureCandidate, SopSettings, Step } from "./types";

export interface ParseOptions {
  /** The note's name, used in messages ("Release checklist"). */
  name: string;
  yaml: YamlCodec;
  /** Replaces the note's `sop_procedure`: the pin a run recorded ("" runs the rules' choice). */
  pin?: string;
}

export function noProcedureMessage(name: string): string {
  return `No procedure found in "${name}": add a "## Steps" heading followed by a numbered list (1. First step, 2. Next step, …), or number your headings (## 1. …).`;
}

export function parseProcedure(markdown: string, options: ParseOptions): ParseOutcome {
  const name = options.name || "this note";
  try {
    // A byte-order mark is not part of the note's text (and would hide frontmatter).
    const text = typeof markdown === "string" ? markdown.replace(/^\uFEFF/, "") : "";
    return parse(text, name, options.yaml, options.pin);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, error: `Could not read "${name}" as an SOP: ${reason}` };
  }
}

function parse(markdown: string, name: string, yaml: YamlCodec, pinned?: string): ParseOutcome {
  const tree = parseMarkdownTree(markdown);
  const front = readFrontmatter(tree, yaml, name);
  if (!front.ok) return front;
  const warnings = [...front.warnings];
  const pin = pinned === undefined ? readPin(front.data, warnings) : pinned.trim() || undefined;
  const selection = selectProcedure(tree, markdown, pin);
  if (!selection) return { ok: false, error: noProcedureMessage(name) };
  if (selection.pinMissed !== undefined) {
    warnings.push(`sop_procedure "${selection.pinMissed}" names no heading with a procedure under it in "${name}"; running the default choice instead.`);
  }
  const chosen = selection.candidates[0];

  const h1 = tree.children.find((n): n is Heading => n.type === "heading" && n.depth === 1);
  const titleProperty = front.data["title"];
  const title = typeof titleProperty === "string" && titleProperty.trim() ? titleProperty.trim() : (h1 && plainText(h1)) || name;
  const fields = new FieldReader(markdown);
  const steps = chosen.steps.map((s, i) => buildStep(s, i + 1, markdown, fields));
  warnings.push(...stepWarnings(steps, chosen.steps, markdown));
  if (tree.tooDeepLine !== undefined) {
    warnings.push(`Lists or quotes from line ${tree.tooDeepLine} are nested too deep to read as structure; what is deeper is kept as plain text.`);
  }
  const settings = readSettings(front.data, warnings);
  const scheduled = readRunOptions(front.data, steps, name);
  if (typeof scheduled === "string") return { ok: false, error: scheduled };
  Object.assign(settings, scheduled);
  const skip = new Set<Block>([...selection.skip, ...(h1 ? [h1] : [])]);
  const preamble = preambleOf(tree, markdown, stepStart(chosen.steps[0]), skip);
  const candidates = selection.candidates.map((c, i) => summarise(c, i === 0 ? steps : null, markdown, fields));
  return { ok: true, procedure: { title, preamble, steps, settings, frontmatter: front.data, warnings, candidates, choice: selection.reason, pin: selection.pinMissed === undefined ? (pin ?? "") : "" } };
}

/** `sop_procedure`: a heading's text or a heading path ("Release > Patch checklist") naming the procedure to run. */
function readPin(frontmatter: Record<string, unknown>, warnings: string[]): string | undefined {
  const value = frontmatter["sop_procedure"];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string" && value.trim()) return value.trim();
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) return value.join(" > ");
  warnings.push(`sop_procedure should be a heading's text (found ${JSON.stringify(value)}); using the default choice.`);
  return undefined;
}

/** The chosen candidate reuses its built steps; the others build only their first three. */
function summarise(c: Candidate, built: Step[] | null, markdown: string, fields: FieldReader): ProcedureCandidate {
  const first = built ? built.slice(0, 3) : c.steps.slice(0, 3).map((s, i) => buildStep(s, i + 1, markdown, fields));
  return { path: c.path, shape: c.shape, reading: c.reading, stepCount: c.steps.length, firstSteps: first.map((s) => s.title), chosen: built !== null };
}

/** `sop_inputs`, `sop_every` and the steps' `when::` / `due::` fields: a mistake in any is an error naming it, never a guess. */
function readRunOptions(data: Record<string, unknown>, steps: Step[], name: string): Pick<SopSettings, "inputs" | "every"> | string {
  const inputs = readInputSpecs(data["sop_inputs"]);
  if (!inputs.ok) return `"${name}": ${inputs.error}`;
  const options: Pick<SopSettings, "inputs" | "every"> = inputs.specs.length ? { inputs: inputs.specs } : {};
  const every = data["sop_every"];
  if (every !== undefined && every !== null && every !== "") {
    const recurrence = typeof every === "string" || typeof every === "number" ? parseRecurrence(String(every)) : null;
    if (!recurrence) return `"${name}": sop_every should be ${RECURRENCE_HELP} (found ${JSON.stringify(every)}).`;
    options.every = recurrence;
  }
  return checkStepFields(steps, inputs.specs, name) ?? options;
}

/** Top-level blocks before the procedure, as written, without the frontmatter, the title heading or the "Steps" heading. */
function preambleOf(tree: Root, markdown: string, procedureStart: number, skip: Set<Block>): string {
  const parts: string[] = [];
  for (const node of tree.children) {
    if (startOf(node) >= procedureStart) break;
    if (node.type === "yaml" || skip.has(node)) continue;
    // A list that holds the first step starts before it: stop there, its items are steps, not preamble.
    if (endOf(node) > procedureStart) break;
    parts.push(markdown.slice(startOf(node), endOf(node)));
  }
  return parts.join("\n\n").trim();
}

/** What the person can fix: repeated numbers, repeated titles, steps with no text, steps that read like reference material. */
function stepWarnings(steps: Step[], sources: StepSource[], markdown: string): string[] {
  const warnings: string[] = [];
  const seen = new Map<string, number>();
  for (const step of steps) {
    const key = step.title.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) warnings.push(`Steps ${earlier} and ${step.index} have the same title "${step.title}".`);
    else seen.set(key, step.index);
    if (step.text.trim() === "") warnings.push(`Step ${step.index} has no text.`);
    else if (isDecoyHeading(step.title)) warnings.push(`Step ${step.index} "${step.title}" looks like reference material rather than something to do.`);
  }
  const numbers = sources.map((s) => (s.kind === "item" ? writtenNumber(s.item, markdown) : s.kind === "section" && s.heading.type === "heading" ? (stepNumber(headingText(s.heading))?.n ?? null) : null));
  // Lazy numbering (every item "1.") is a style, not a mistake; one number written twice in a counted list is.
  const written = numbers.filter((n): n is number => n !== null);
  const lazy = written.length > 1 && written.every((n) => n === written[0]);
  if (!lazy) {
    for (let i = 1; i < numbers.length; i++) {
      if (numbers[i] !== null && numbers[i] === numbers[i - 1]) warnings.push(`Steps ${i} and ${i + 1} are both numbered ${numbers[i]}; they run in the order written.`);
    }
  }
  return warnings;
}
