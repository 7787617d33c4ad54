// `sop parse <file.md> [--json]`: shows how the runtime reads an SOP note, as an outline or as JSON.
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
  usage: "sop parse <file.md> [--json]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { json: { type: "boolean" } });
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError("name the SOP note to parse, e.g. sop parse SOPs/Release.md");
    if (extra.length) throw new UsageError(`expected one file, got ${positionals.length}`);
    const markdown = await readNote(file);
    const outcome = parseProcedure(markdown, { name: basename(file, extname(file)), yaml: nodeYaml });
    if (!outcome.ok) throw new UsageError(outcome.error);
    io.out(values.json ? JSON.stringify(toJson(outcome.procedure), null, 2) + "\n" : outline(outcome.procedure));
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
  };
}

function outline(procedure: Procedure): string {
  const count = procedure.steps.length;
  const lines = [procedure.title, `${count} step${count === 1 ? "" : "s"}`, ""];
  const width = String(count).length;
  for (const step of procedure.steps) {
    lines.push(`${String(step.index).padStart(width)}. ${step.title}`);
    const pad = " ".repeat(width + 2);
    for (const [key, value] of Object.entries(step.fields)) lines.push(`${pad}${key}: ${value}`);
    for (const check of step.checks) lines.push(`${pad}- ${check}`);
  }
  if (procedure.warnings.length) lines.push("", "Warnings:", ...procedure.warnings.map((w) => `  - ${w}`));
  return lines.join("\n") + "\n";
}
