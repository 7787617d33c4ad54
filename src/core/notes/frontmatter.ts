// Splits a note into its YAML frontmatter block and its body, the way Obsidian reads properties.
import type { YamlCodec } from "../ports";
import { readFlatYaml } from "./flat-yaml";

export interface FrontmatterSplit {
  /** The YAML between the `---` fences, or null when the note has no frontmatter block. */
  yaml: string | null;
  /** Everything after the closing fence (or the whole note). */
  body: string;
}

/** Obsidian only treats `---` on the very first line as the start of properties. */
export function splitFrontmatter(text: string): FrontmatterSplit {
  const firstBreak = text.indexOf("\n");
  // The first line is `---` (or `---\r`); a note that is only that line has no block.
  if (firstBreak !== 3 && !(firstBreak === 4 && text.charCodeAt(3) === CR)) return { yaml: null, body: text };
  if (!text.startsWith("---")) return { yaml: null, body: text };
  // Line by line, without cutting each line out: the block of every note a run loads is scanned here.
  let cursor = firstBreak + 1;
  while (cursor <= text.length) {
    const end = text.indexOf("\n", cursor);
    const stop = end === -1 ? text.length : end;
    const lineEnd = stop > cursor && text.charCodeAt(stop - 1) === CR ? stop - 1 : stop;
    if (lineEnd - cursor === 3 && (text.startsWith("---", cursor) || text.startsWith("...", cursor))) {
      return { yaml: text.slice(firstBreak + 1, cursor), body: end === -1 ? "" : text.slice(end + 1) };
    }
    if (end === -1) break;
    cursor = end + 1;
  }
  return { yaml: null, body: text };
}

const CR = 13;

/** Joins properties (already YAML text, ending in a newline or empty) and a body into a note. */
export function joinFrontmatter(yaml: string, body: string): string {
  if (yaml.trim() === "" || yaml.trim() === "{}") return body;
  return `---\n${yaml.endsWith("\n") ? yaml : yaml + "\n"}---\n${body}`;
}

/** A note's text after its properties. */
export function bodyOf(text: string): string {
  return splitFrontmatter(text).body;
}

/** A note's properties read from its text; a note without (or with unreadable) properties has none. */
export function propertiesOf(text: string, yaml: YamlCodec): Record<string, unknown> {
  return propertiesOfBlock(splitFrontmatter(text).yaml, yaml);
}

/** The properties a block (the text between the fences, as `splitFrontmatter` returns it) holds; none when null or unreadable. */
export function propertiesOfBlock(block: string | null, yaml: YamlCodec): Record<string, unknown> {
  if (block === null) return {};
  // The flat blocks the engine writes are read without the full parser, exactly as it would read them.
  const flat = readFlatYaml(block, yaml);
  if (flat) return flat;
  try {
    const parsed = yaml.parse(block);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Replaces a note's body and leaves its properties exactly as they are. */
export function withBody(text: string, body: string): string {
  const { yaml } = splitFrontmatter(text);
  return yaml === null ? body : `---\n${yaml}---\n${body}`;
}

/** The note's tags from `tags` (or the older `tag`), list or text, without `#`, lower-cased as Obsidian matches them. */
export function tagsOf(properties: Record<string, unknown>): string[] {
  const raw = properties.tags ?? properties.tag;
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(/[,\s]+/) : [];
  return list
    .filter((tag): tag is string => typeof tag === "string")
    .map((tag) => tag.replace(/^#/, "").trim().toLowerCase())
    .filter((tag) => tag !== "");
}
