// The SOP's "Changelog" section: the runtime (not the model) records each amendment there with a dated entry.

export interface ChangelogEntry {
  /** YYYY-MM-DD. */
  date: string;
  /** The version the amendment creates. */
  version: number;
  /** One line; line breaks are folded into spaces. */
  summary: string;
  /** A link to the run that taught the change, as the vault writes links (e.g. `[[Runs/2026-11-24 …/… run]]`). */
  runLink?: string | null;
}

const CHANGELOG_HEADING = /^(#{1,6})[ \t]+changelog[ \t]*#*[ \t]*$/i;
const ANY_HEADING = /^(#{1,6})[ \t]+\S/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** `- 2026-11-24 — v2: Step 1: added a line (from [[run]])` */
export function formatChangelogEntry(entry: ChangelogEntry): string {
  const summary = entry.summary.replace(/\s+/g, " ").trim() || "amended";
  const from = entry.runLink ? ` (from ${entry.runLink})` : "";
  return `- ${entry.date} — v${entry.version}: ${summary}${from}`;
}

/** Heading lines outside fenced code, as [line index, level, isChangelog]. */
function headings(lines: string[]): { index: number; level: number; changelog: boolean }[] {
  const found: { index: number; level: number; changelog: boolean }[] = [];
  let fence: string | null = null;
  lines.forEach((line, index) => {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1];
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return;
    }
    if (fence !== null) return;
    const heading = ANY_HEADING.exec(line);
    if (heading) found.push({ index, level: heading[1].length, changelog: CHANGELOG_HEADING.test(line) });
  });
  return found;
}

/**
 * Adds the entry to the body's Changelog section, newest first, creating a "## Changelog" section at
 * the end when the note has none. Everything else in the body is left exactly as it was.
 */
export function addChangelogEntry(body: string, entry: ChangelogEntry): string {
  const line = formatChangelogEntry(entry);
  const lines = body.split("\n");
  const all = headings(lines);
  const section = all.find((h) => h.changelog);
  if (!section) {
    const trimmed = body.replace(/\s+$/, "");
    const separator = trimmed === "" ? "" : "\n\n";
    return `${trimmed}${separator}## Changelog\n\n${line}\n`;
  }
  const next = all.find((h) => h.index > section.index && h.level <= section.level);
  const end = next ? next.index : lines.length;
  // Newest first: the entry goes above the first existing list item, or right under the heading.
  let insertAt = section.index + 1;
  while (insertAt < end && lines[insertAt].trim() === "") insertAt++;
  const firstContent = insertAt < end ? lines[insertAt] : null;
  const listFollows = firstContent !== null && /^\s*[-*+] /.test(firstContent);
  if (listFollows) {
    lines.splice(insertAt, 0, line);
  } else {
    lines.splice(section.index + 1, 0, "", line, ...(firstContent === null && end === lines.length ? [] : [""]));
  }
  const result = lines.join("\n");
  return result.endsWith("\n") ? result : `${result}\n`;
}

/** The Changelog section (its heading through the line before the next heading of its level), or null. */
export function changelogSection(body: string): string | null {
  const lines = body.split("\n");
  const all = headings(lines);
  const section = all.find((h) => h.changelog);
  if (!section) return null;
  const next = all.find((h) => h.index > section.index && h.level <= section.level);
  return lines.slice(section.index, next ? next.index : lines.length).join("\n").replace(/\s+$/, "");
}
