// File names for runs and waypoints: sanitised, bounded, unique, so they are valid in every vault and OS.
import type { VaultPort } from "../ports";

const RESERVED = /[/\\:*?"<>|#^[\]]/g;

/** Replaces characters that break paths or links, collapses spaces, bounds the length; never empty. */
export function sanitizeName(name: string, maxLength = 100): string {
  const cleaned = name
    .replace(RESERVED, " ")
    // Control characters are invisible and rejected by some file systems.
    .replace(/\p{Cc}/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const bounded = cleaned.length > maxLength ? cleaned.slice(0, maxLength).trimEnd() : cleaned;
  return bounded.replace(/[. ]+$/, "") || "Untitled";
}

/** `YYYY-MM-DD` in the clock's local time, as people read dates in folder names. */
export function isoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `YYYY-MM-DDTHH:MM:SS` local time, the format Obsidian's date-time property uses. */
export function isoDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${isoDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function runFolderName(date: Date, sopTitle: string, projectTitle: string | null): string {
  return sanitizeName(`${isoDate(date)} ${sopTitle} — ${projectTitle ?? "no project"}`, 120);
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

export function joinPath(folder: string, name: string): string {
  const parent = folder.replace(/^\/+|\/+$/g, "");
  return parent ? `${parent}/${name}` : name;
}

export function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

/** The note's name as Obsidian shows it: the file name without folder or `.md`. */
export function noteName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1).replace(/\.md$/i, "");
}

/** Step numbers are zero-padded to a common width so waypoints sort in order. */
export function stepNumber(index: number, total: number): string {
  return String(index).padStart(Math.max(2, String(total).length), "0");
}

export function waypointPath(folder: string, index: number, total: number, title: string): string {
  return joinPath(folder, `${stepNumber(index, total)} ${sanitizeName(title, 80)}.md`);
}

/** `NN <title> (rK).md`; `suffix` distinguishes a diverted stream (`model`). */
export function revisionPath(mainPath: string, revision: number, suffix = ""): string {
  return mainPath.replace(/\.md$/i, "") + ` (r${revision}${suffix ? ` ${suffix}` : ""}).md`;
}
