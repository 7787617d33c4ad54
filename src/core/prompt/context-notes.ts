// Finds the notes a run carries as context: the project note, the notes it links, and the SOP's `context::` notes.
import type { VaultPort } from "../ports";
import { splitFrontmatter } from "../notes/frontmatter";
import { linkPathsIn, linksIn } from "../notes/links";
import { noteName } from "../notes/names";
import type { Procedure } from "../sop/types";
import type { PromptNote } from "./prompt-types";

/** The heading under which project notes list their runs (written by the run engine). */
export const SOP_RUNS_HEADING = "## SOP runs";

/**
 * The project note without its "SOP runs" section: that list is the runtime's bookkeeping, it grows with every run,
 * and following its links would pull run notes into prompts.
 */
export function withoutRunsSection(text: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.trim() === SOP_RUNS_HEADING);
  if (start === -1) return text;
  let end = start + 1;
  while (end < lines.length && !/^#{1,2} /.test(lines[end])) end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join("\n").replace(/\n{3,}/g, "\n\n");
}

export async function readPromptNote(vault: VaultPort, path: string): Promise<PromptNote | null> {
  const text = await vault.read(path);
  if (text === null) return null;
  return { path, name: noteName(path), text: splitFrontmatter(text).body };
}

/**
 * The same notes in the same order for every step of a run (they sit in the stable prefix of each prompt):
 * project links first, then every step's `context::` notes, each note once, never the SOP or project itself.
 */
export async function collectContext(vault: VaultPort, procedure: Procedure, sopPath: string, projectPath: string | null): Promise<{ project: PromptNote | null; context: PromptNote[] }> {
  const projectNote = projectPath ? await readPromptNote(vault, projectPath) : null;
  const project = projectNote ? { ...projectNote, text: withoutRunsSection(projectNote.text) } : null;
  const seen = new Set<string>([sopPath, ...(projectPath ? [projectPath] : [])]);
  const wanted: string[] = [];
  const add = (target: string, from: string) => {
    const path = vault.resolveLink(target, from);
    if (path && path.toLowerCase().endsWith(".md") && !seen.has(path)) {
      seen.add(path);
      wanted.push(path);
    }
  };
  if (project && projectPath) for (const link of linksIn(project.text)) add(link.path, projectPath);
  for (const step of procedure.steps) for (const target of linkPathsIn(step.fields.context ?? "")) add(target, sopPath);
  const context: PromptNote[] = [];
  for (const path of wanted) {
    const note = await readPromptNote(vault, path);
    if (note) context.push(note);
  }
  return { project, context };
}
