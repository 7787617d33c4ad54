// `--input name=value` (repeatable) and `--inputs-file <yaml|json>`: the values a run's `sop_inputs` take on the command line.
import { readFile } from "node:fs/promises";
import { UsageError } from "./command";
import { nodeYaml } from "./yaml-codec";

export const INPUT_FLAG_OPTIONS = {
  input: { type: "string", multiple: true },
  "inputs-file": { type: "string" },
} as const;

/** The given inputs as text, the file's first and each `--input` over it; a malformed flag or file is one line, exit 2. */
export async function readInputOptions(values: { input?: string[]; "inputs-file"?: string }): Promise<Record<string, string>> {
  const inputs: Record<string, string> = {};
  const file = values["inputs-file"];
  if (file) {
    const text = await readFile(file, "utf8").catch(() => null);
    if (text === null) throw new UsageError(`No inputs file at "${file}".`);
    let parsed: unknown;
    try {
      parsed = nodeYaml.parse(text);
    } catch (error) {
      throw new UsageError(`The inputs file "${file}" is not valid YAML or JSON: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new UsageError(`The inputs file "${file}" should map input names to values, like "service: payments".`);
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (value instanceof Date) inputs[name] = value.toISOString().slice(0, 10);
      else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") inputs[name] = String(value);
      else throw new UsageError(`Input "${name}" in "${file}" should be a single value, not ${JSON.stringify(value)}.`);
    }
  }
  for (const pair of values.input ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--input takes name=value, like --input service=payments (got "${pair}").`);
    inputs[pair.slice(0, at).trim()] = pair.slice(at + 1);
  }
  return inputs;
}
