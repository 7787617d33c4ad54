// The newest run of each SOP, read from run notes' properties in the metadata cache (no note is read).
import { getAllTags } from "obsidian";
import type { MetadataCache, Vault } from "obsidian";
import { RUN_TAG, runStatusOf } from "../../core/run/run-note";
import { linkTarget } from "../../core/notes/links";

export interface LastRun {
  runPath: string;
  /** The run note's `started` property as written (ISO date and time). */
  started: string;
  status: string;
}

export class LastRunFinder {
  constructor(
    private readonly vault: Vault,
    private readonly metadataCache: MetadataCache,
  ) {}

  /** SOP path → its newest run, by the runs' `started` property. */
  bySop(): Map<string, LastRun> {
    const newest = new Map<string, LastRun>();
    for (const file of this.vault.getMarkdownFiles()) {
      const cache = this.metadataCache.getFileCache(file);
      const properties = cache?.frontmatter;
      if (!cache || !properties || typeof properties.sop !== "string") continue;
      const tags = (getAllTags(cache) ?? []).map((tag) => tag.replace(/^#/, "").toLowerCase());
      if (!tags.includes(RUN_TAG)) continue;
      const sop = this.metadataCache.getFirstLinkpathDest(linkTarget(properties.sop), file.path);
      if (!sop) continue;
      const started = typeof properties.started === "string" ? properties.started : "";
      const known = newest.get(sop.path);
      if (!known || started > known.started) {
        newest.set(sop.path, { runPath: file.path, started, status: runStatusOf(properties) ?? "" });
      }
    }
    return newest;
  }
}

/** "last run 2026-11-24, done" or "never run". */
export function describeLastRun(lastRun: LastRun | null | undefined): string {
  if (!lastRun) return "never run";
  const day = lastRun.started.slice(0, 10);
  return `last run ${day || "(date unknown)"}${lastRun.status ? `, ${lastRun.status}` : ""}`;
}
