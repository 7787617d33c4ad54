// Checks which recurring SOPs are due and which open runs are overdue: after layout-ready and then hourly, never in onload.
import { findDueSops, type DueSop } from "../../core/app/due-sops";
import type { RunSummary } from "../../core/run/engine-types";
import type { DueCheck } from "../../core/app/due-sops";
import type { App } from "obsidian";
import { readInputSpecs } from "../../core/sop/inputs";
import { parseRecurrence } from "../../core/sop/recurrence";
import { TaggedNoteFinder } from "../adapters/tagged-notes";

export interface DueCheckResult {
  due: DueSop[];
  /** Open runs whose current step is past its due time; they escalate but never approve themselves. */
  overdue: RunSummary[];
}

export interface DueWatcherSources {
  /** Every SOP note with its parsed procedure (from the metadata cache and the procedure cache). */
  sops(): Promise<DueCheck["sops"]>;
  /** The newest run of each SOP: its path and when it started. */
  lastRuns(): Map<string, { started: string }>;
  /** The vault's unfinished runs (with owner, due and overdue). */
  openRuns(): Promise<RunSummary[]>;
  now(): Date;
}

export class DueWatcher {
  private latest: DueCheckResult = { due: [], overdue: [] };
  private readonly listeners = new Set<(result: DueCheckResult) => void>();
  /** Overdue runs already announced, by run and due time, so an hourly check does not repeat itself. */
  private readonly announced = new Set<string>();

  constructor(private readonly sources: DueWatcherSources) {}

  result(): DueCheckResult {
    return this.latest;
  }

  onChange(listener: (result: DueCheckResult) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs one check; resolves to the overdue runs not announced before (the caller shows a notice for them). */
  async check(): Promise<RunSummary[]> {
    const [sops, open] = await Promise.all([this.sources.sops(), this.sources.openRuns()]);
    const runs = [...this.sources.lastRuns()].map(([sop, run]) => ({ sop, started: run.started }));
    this.latest = { due: findDueSops({ sops, runs, now: this.sources.now() }), overdue: open.filter((run) => run.overdue) };
    for (const listener of this.listeners) listener(this.latest);
    const fresh = this.latest.overdue.filter((run) => !this.announced.has(`${run.run}|${run.due}`));
    for (const run of fresh) this.announced.add(`${run.run}|${run.due}`);
    return fresh;
  }
}

/** The recurring SOPs of the vault from their cached properties (`sop_every`, `sop_inputs`, `title`): no note is read. */
export function recurringSops(app: App, sopTag: string): DueCheck["sops"] {
  const found: DueCheck["sops"] = [];
  for (const file of new TaggedNoteFinder(app.vault, app.metadataCache).find(sopTag)) {
    const cache = app.metadataCache.getFileCache(file);
    const properties = (cache?.frontmatter ?? {}) as Record<string, unknown>;
    const raw = properties.sop_every;
    const every = typeof raw === "string" || typeof raw === "number" ? parseRecurrence(String(raw)) : null;
    if (!every) continue;
    const inputs = readInputSpecs(properties.sop_inputs);
    const heading = cache?.headings?.find((h) => h.level === 1)?.heading;
    const title = typeof properties.title === "string" && properties.title.trim() ? properties.title.trim() : (heading ?? file.basename);
    found.push({ path: file.path, procedure: { title, settings: { every, inputs: inputs.ok ? inputs.specs : [] } } });
  }
  return found;
}
