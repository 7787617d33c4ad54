// The runs the run view's picker lists, read from run notes' properties in the metadata cache (no note is read from disk).
import { getAllTags, normalizePath } from "obsidian";
import type { App, CachedMetadata, TFile } from "obsidian";
import type { RunSummary } from "../../core/run/engine-types";
import { RUN_TAG, runStatusOf } from "../../core/run/run-note";
import { linkTarget } from "../../core/notes/links";
import { isOverdue } from "../../core/run/step-deadlines";

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function isRunCache(cache: CachedMetadata | null): cache is CachedMetadata {
  return cache !== null && (getAllTags(cache) ?? []).some((tag) => tag.replace(/^#/, "").toLowerCase() === RUN_TAG);
}

/** One run note's summary from its cached properties; null when the note is not a run note. */
export function runSummaryOf(app: App, file: TFile): RunSummary | null {
  const cache = app.metadataCache.getFileCache(file);
  if (!isRunCache(cache)) return null;
  const properties = cache.frontmatter ?? {};
  const sopLink = typeof properties.sop === "string" ? linkTarget(properties.sop) : "";
  return {
    run: file.path,
    sop: app.metadataCache.getFirstLinkpathDest(sopLink, file.path)?.path ?? sopLink,
    status: runStatusOf(properties) ?? "planned",
    step: Number(properties.current_step) || 0,
    steps: Number(properties.steps_total) || 0,
    started: text(properties.started),
    owner: text(properties.owner),
    due: text(properties.due),
    overdue: isOverdue(runStatusOf(properties) ?? "planned", text(properties.due), new Date()),
  };
}

/** Whether a path lies under the runs folder (the whole vault when the folder is empty or "/"). */
export function isUnderFolder(path: string, folder: string): boolean {
  const root = normalizePath(folder);
  return root === "/" || root === "" || path.startsWith(`${root}/`);
}

/** Every run note under the runs folder, newest name first, from the metadata cache. */
export function listRunsFromCache(app: App, runsFolder: string): RunSummary[] {
  const runs: RunSummary[] = [];
  for (const file of app.vault.getMarkdownFiles()) {
    if (!isUnderFolder(file.path, runsFolder)) continue;
    const summary = runSummaryOf(app, file);
    if (summary) runs.push(summary);
  }
  return runs.sort((a, b) => b.run.localeCompare(a.run));
}
