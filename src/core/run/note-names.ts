// File names for runs and waypoints: sanitised, bounded, unique, so they are valid in every vault and OS.
import type { VaultPort } from "../ports";
import { isoDate } from "../notes/dates";
import { joinPath, safeNoteName } from "../notes/names";

export function runFolderName(date: Date, sopTitle: string, projectTitle: string | null): string {
  return safeNoteName(`${isoDate(date)} ${sopTitle} — ${projectTitle ?? "no project"}`, 120);
}

/**
 * The first of `base`, `base (2)`, `base (3)`, … that holds no note yet. A folder left empty by a process that
 * stopped before writing its run note is reused, so an interrupted start never forks a second run folder.
 */
export async function uniqueFolder(vault: VaultPort, parent: string, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = joinPath(parent, n === 1 ? base : `${base} (${n})`);
    if ((await vault.list(candidate)).length === 0) return candidate;
  }
}

/** The run's log, beside its run note: `<run note name> log.md`, appended to and never rewritten. */
export function logNotePath(runPath: string): string {
  return runPath.replace(/\.md$/i, "") + " log.md";
}

/** Step numbers are zero-padded to a common width so waypoints sort in order. */
export function stepNumber(index: number, total: number): string {
  return String(index).padStart(Math.max(2, String(total).length), "0");
}

export function waypointPath(folder: string, index: number, total: number, title: string): string {
  return joinPath(folder, `${stepNumber(index, total)} ${safeNoteName(title, 80)}.md`);
}

/** `NN <title> (rK).md`; `suffix` distinguishes a diverted stream (`model`). */
export function revisionPath(mainPath: string, revision: number, suffix = ""): string {
  return mainPath.replace(/\.md$/i, "") + ` (r${revision}${suffix ? ` ${suffix}` : ""}).md`;
}
