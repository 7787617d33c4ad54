// Runs the app closed mid-step: found from the metadata cache at startup and offered back to the person.
import { getAllTags } from "obsidian";
import type { MetadataCache, Vault } from "obsidian";
import { RUN_TAG, runStatusOf } from "../../core/run/run-note";

export interface InterruptedRun {
  path: string;
  /** The run note's name, which says SOP, date and project. */
  name: string;
}

export class InterruptedRunFinder {
  constructor(
    private readonly vault: Vault,
    private readonly metadataCache: MetadataCache,
  ) {}

  /** Run notes (tag `sop-run`) whose `run_status` is still `running`, sorted by path; no note is read. */
  find(): InterruptedRun[] {
    const runs: InterruptedRun[] = [];
    for (const file of this.vault.getMarkdownFiles()) {
      const cache = this.metadataCache.getFileCache(file);
      if (!cache || runStatusOf(cache.frontmatter) !== "running") continue;
      const tags = (getAllTags(cache) ?? []).map((tag) => tag.replace(/^#/, "").toLowerCase());
      if (tags.includes(RUN_TAG)) runs.push({ path: file.path, name: file.basename });
    }
    return runs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

const SHOWN_RUNS = 3;

export interface InterruptedRunActions {
  open(path: string): void;
  /** Continues the run where its notes say it stopped (the partial step runs again, its text kept as a revision). */
  resume(path: string): void;
}

/** One sentence naming the interrupted runs, and for each (up to three) a Resume button and one that opens its note. */
export function interruptedRunsNotice(runs: InterruptedRun[], actions: InterruptedRunActions): DocumentFragment {
  const sentence =
    runs.length === 1
      ? `The run "${runs[0].name}" stopped mid-step when Obsidian closed. Resume it, or open its note first.`
      : `${runs.length} runs stopped mid-step when Obsidian closed. Resume one, or open its note first.`;
  return createFragment((fragment) => {
    fragment.createDiv({ text: sentence });
    for (const run of runs.slice(0, SHOWN_RUNS)) {
      const row = fragment.createDiv({ cls: "sop-runtime-notice-run" });
      if (runs.length > 1) row.createSpan({ cls: "sop-runtime-notice-run-name", text: run.name });
      const resume = row.createEl("button", { cls: "sop-runtime-notice-action mod-cta", text: "Resume" });
      resume.addEventListener("click", () => actions.resume(run.path));
      const open = row.createEl("button", { cls: "sop-runtime-notice-action", text: runs.length === 1 ? "Open run note" : "Open" });
      open.addEventListener("click", () => actions.open(run.path));
    }
  });
}
