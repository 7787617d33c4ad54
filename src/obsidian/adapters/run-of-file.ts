// Which run a note belongs to: a run note is its own run; a waypoint belongs to the run note in its folder.
import { getAllTags, TFile } from "obsidian";
import type { App } from "obsidian";
import { RUN_TAG } from "../../core/run/run-note";

export function isRunNote(app: App, file: TFile): boolean {
  const cache = app.metadataCache.getFileCache(file);
  if (!cache) return false;
  return (getAllTags(cache) ?? []).some((tag) => tag.replace(/^#/, "").toLowerCase() === RUN_TAG);
}

/** The run note's path for a run note or one of its waypoints, from the metadata cache (no note is read). */
export function runOfFile(app: App, file: TFile): string | null {
  if (file.extension !== "md") return null;
  if (isRunNote(app, file)) return file.path;
  const siblings = file.parent?.children ?? [];
  for (const sibling of siblings) {
    if (sibling instanceof TFile && sibling.extension === "md" && isRunNote(app, sibling)) return sibling.path;
  }
  return null;
}
