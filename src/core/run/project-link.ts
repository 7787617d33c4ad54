// Links a run from its project note under a "## SOP runs" heading, touching nothing else in the note.
import type { VaultPort } from "../ports";
import { SOP_RUNS_HEADING as HEADING } from "../prompt/context-notes";
import { noteName } from "../notes/names";

/** Adds `- <link>` at the end of the "SOP runs" section (created at the end of the note if absent); idempotent. */
export function addRunLink(text: string, link: string): string {
  if (text.includes(link)) return text;
  const line = `- ${link}`;
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.trim() === HEADING);
  if (start === -1) return `${text.replace(/\n*$/, text.trim() ? "\n\n" : "")}${HEADING}\n\n${line}\n`;
  let end = start + 1;
  while (end < lines.length && !/^#{1,2} /.test(lines[end])) end++;
  let insertAt = end;
  while (insertAt > start + 1 && lines[insertAt - 1].trim() === "") insertAt--;
  const before = insertAt === start + 1 ? [...lines.slice(0, insertAt), ""] : lines.slice(0, insertAt);
  return [...before, line, ...lines.slice(insertAt)].join("\n");
}

export async function linkRunFromProject(vault: VaultPort, projectPath: string, runPath: string, runName: string): Promise<void> {
  const link = vault.link(runPath, projectPath, runName);
  await vault.process(projectPath, (text) => addRunLink(text, link));
}

/** Links the run from its project when the project note does not link it yet (a start killed halfway); reads only otherwise. */
export async function ensureProjectLink(vault: VaultPort, projectPath: string, runPath: string): Promise<void> {
  const text = await vault.read(projectPath);
  if (text === null || text.includes(vault.link(runPath, projectPath, noteName(runPath)))) return;
  await linkRunFromProject(vault, projectPath, runPath, noteName(runPath));
}
