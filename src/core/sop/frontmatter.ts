// Reads a note's YAML frontmatter through the injected codec; broken YAML becomes one sentence naming the line.
import type { Root, Yaml } from "./markdown-tree";
import type { YamlCodec } from "../ports";
import { readFlatYaml } from "../notes/flat-yaml";

export type FrontmatterOutcome =
  | { ok: true; data: Record<string, unknown>; node: Yaml | null; warnings: string[] }
  | { ok: false; error: string };

export function readFrontmatter(tree: Root, yaml: YamlCodec, name: string): FrontmatterOutcome {
  const first = tree.children[0];
  if (!first || first.type !== "yaml") return { ok: true, data: {}, node: null, warnings: [] };
  if (first.value.trim() === "") return { ok: true, data: {}, node: first, warnings: [] };
  let parsed: unknown;
  try {
    // The flat blocks SOPs have (`tags: [sop]`, a version, a pin) without the parser, exactly as it reads them.
    parsed = readFlatYaml(first.value, yaml) ?? yaml.parse(first.value);
  } catch (error) {
    return { ok: false, error: yamlErrorSentence(error, name, 1) };
  }
  if (parsed === null || parsed === undefined) return { ok: true, data: {}, node: first, warnings: [] };
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    return { ok: true, data: {}, node: first, warnings: [`The properties of "${name}" are not a list of key: value pairs, so they were ignored.`] };
  }
  return { ok: true, data: parsed as Record<string, unknown>, node: first, warnings: [] };
}

/** The codec names the line inside the YAML; the person needs the line in the note (after the opening `---`). */
function yamlErrorSentence(error: unknown, name: string, frontmatterLine: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split(/\r?\n/)[0].trim();
  const lineMatch = /line (\d+)/i.exec(message);
  const reason = firstLine.replace(/\s*at line \d+(, column \d+)?:?\s*$/i, "").replace(/[.:]\s*$/, "");
  if (lineMatch) {
    const noteLine = frontmatterLine + Number(lineMatch[1]);
    return `The properties (YAML frontmatter) of "${name}" are not valid YAML at line ${noteLine}: ${reason}.`;
  }
  return `The properties (YAML frontmatter) of "${name}" are not valid YAML: ${reason || "unreadable"}.`;
}
