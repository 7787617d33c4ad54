// Reads and bumps an SOP note's `sop_version` property, touching no other line of its frontmatter.
import type { YamlCodec } from "../ports";
import { joinFrontmatter, splitFrontmatter } from "../notes/frontmatter";

function properties(yamlText: string | null, yaml: YamlCodec): Record<string, unknown> | null {
  if (yamlText === null || yamlText.trim() === "") return {};
  try {
    const parsed = yaml.parse(yamlText);
    if (parsed === null || parsed === undefined) return {};
    return typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** `sop_version` as an integer ≥ 1; absent or unreadable counts as 1, as the parser reads it. */
export function versionOf(value: unknown): number {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export function readSopVersion(noteText: string, yaml: YamlCodec): number {
  return versionOf(properties(splitFrontmatter(noteText).yaml, yaml)?.sop_version);
}

export type SetVersionResult = { ok: true; yamlText: string } | { ok: false; error: string };

/**
 * The frontmatter YAML with `sop_version` set. Edits the one line in place so the person's formatting,
 * comments and property order survive; only falls back to re-writing the YAML when the line is not a
 * plain `sop_version: N`.
 */
export function setSopVersion(yamlText: string | null, version: number, yaml: YamlCodec): SetVersionResult {
  const current = properties(yamlText, yaml);
  if (current === null) return { ok: false, error: "The SOP's properties could not be read, so its version could not be bumped; fix the frontmatter first." };
  const source = yamlText ?? "";
  const line = /^sop_version[ \t]*:[ \t]*[^\n#]*?([ \t]+#[^\n]*)?$/m;
  let edited: string;
  if (line.test(source)) {
    edited = source.replace(line, (_match, comment: string | undefined) => `sop_version: ${version}${comment ?? ""}`);
  } else if (!("sop_version" in current)) {
    const base = source === "" || source.endsWith("\n") ? source : `${source}\n`;
    edited = `${base}sop_version: ${version}\n`;
  } else {
    edited = yaml.stringify({ ...current, sop_version: version });
  }
  const check = properties(edited, yaml);
  if (check === null || check.sop_version !== version) edited = yaml.stringify({ ...current, sop_version: version });
  return { ok: true, yamlText: edited };
}

/** Joins carried-over frontmatter (with the new version) and a body into the note's text. */
export function noteWithVersion(originalNoteText: string, body: string, version: number, yaml: YamlCodec): { ok: true; text: string } | { ok: false; error: string } {
  const { yaml: yamlText } = splitFrontmatter(originalNoteText);
  const set = setSopVersion(yamlText, version, yaml);
  if (!set.ok) return set;
  return { ok: true, text: joinFrontmatter(set.yamlText, body) };
}
