// The SOP parser: a note's Markdown → title, preamble, ordered steps, settings and warnings. Never throws.
import type { YamlCodec } from "../ports";
import { buildStep } from "./build-step";
import { readFrontmatter } from "./frontmatter";
import { endOf, parseMarkdownTree, startOf, type Block, type Heading, type Root } from "./markdown-tree";
import { plainText } from "./plain-text";
import { selectProcedure, type StepSource } from "./select-procedure";
import { readSettings } from "./settings";
import { readInputSpecs } from "./inputs";
import { parseRecurrence, RECURRENCE_HELP } from "./recurrence";
import { checkStepFields } from "./check-step-fields";
import type { ParseOutcome, SopSettings, Step } from "./types";

export interface ParseOptions {
  /** The note's name, used in messages ("Release checklist"). */
  name: string;
  yaml: YamlCodec;
}

export function noProcedureMessage(name: string): string {
  return `No procedure found in "${name}": add a "## Steps" heading followed by a numbered list (1. First step, 2. Next step, …), or number your headings (## 1. …).`;
}

export function parseProcedure(markdown: string, options: ParseOptions): ParseOutcome {
  const name = options.name || "this note";
  try {
    // A byte-order mark is not part of the note's text (and would hide frontmatter).
    const text = typeof markdown === "string" ? markdown.replace(/^\uFEFF/, "") : "";
    return parse(text, name, options.yaml);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, error: `Could not read "${name}" as an SOP: ${reason}` };
  }
}

function parse(markdown: string, name: string, yaml: YamlCodec): ParseOutcome {
  const tree = parseMarkdownTree(markdown);
  const front = readFrontmatter(tree, yaml, name);
  if (!front.ok) return front;
  const warnings = [...front.warnings];
  const selection = selectProcedure(tree, markdown);
  if (!selection || selection.steps.length === 0) return { ok: false, error: noProcedureMessage(name) };

  const h1 = tree.children.find((n): n is Heading => n.type === "heading" && n.depth === 1);
  const titleProperty = front.data["title"];
  const title = typeof titleProperty === "string" && titleProperty.trim() ? titleProperty.trim() : (h1 && plainText(h1)) || name;
  const steps = selection.steps.map((s, i) => buildStep(s, i + 1, markdown));
  warnings.push(...duplicateTitleWarnings(steps));
  if (tree.tooDeepLine !== undefined) {
    warnings.push(`Lists or quotes from line ${tree.tooDeepLine} are nested too deep to read as structure; what is deeper is kept as plain text.`);
  }
  const settings = readSettings(front.data, warnings);
  const scheduled = readRunOptions(front.data, steps, name);
  if (typeof scheduled === "string") return { ok: false, error: scheduled };
  Object.assign(settings, scheduled);
  const skip = new Set<Block>([...selection.skip, ...(h1 ? [h1] : [])]);
  const preamble = preambleOf(tree, markdown, firstStart(selection.steps[0]), skip);
  return { ok: true, procedure: { title, preamble, steps, settings, frontmatter: front.data, warnings } };
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

function firstStart(step: StepSource): number {
  return startOf(step.kind === "item" ? step.item : step.heading);
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

function duplicateTitleWarnings(steps: Step[]): string[] {
  const seen = new Map<string, number>();
  const warnings: string[] = [];
  for (const step of steps) {
    const key = step.title.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) warnings.push(`Steps ${earlier} and ${step.index} have the same title "${step.title}".`);
    else seen.set(key, step.index);
  }
  return warnings;
}
