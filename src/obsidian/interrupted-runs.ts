// Runs the app closed mid-step: found from the metadata cache at startup and offered back to the person.
import { getAllTags } from "obsidian";
import type { MetadataCache, Vault } from "obsidian";
import { RUN_TAG } from "../core/run/run-note";

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
      if (cache?.frontmatter?.run_status !== "running") continue;
      const tags = (getAllTags(cache) ?? []).map((tag) => tag.replace(/^#/, "").toLowerCase());
      if (tags.includes(RUN_TAG)) runs.push({ path: file.path, name: file.basename });
    }
    return runs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

const SHOWN_RUNS = 3;

/** One sentence naming the interrupted runs, and a button per run (up to three) that opens its note. */
export function interruptedRunsNotice(runs: InterruptedRun[], open: (path: string) => void): DocumentFragment {
  const sentence =
    runs.length === 1
      ? `The run "${runs[0].name}" stopped mid-step when Obsidian closed. Open its note to pick it up again.`
      : `${runs.length} runs stopped mid-step when Obsidian closed. Open a run note to pick it up again.`;
  return createFragment((fragment) => {
    fragment.createDiv({ text: sentence });
    for (const run of runs.slice(0, SHOWN_RUNS)) {
      const button = fragment.createEl("button", { cls: "sop-runtime-notice-action", text: runs.length === 1 ? "Open run note" : run.name });
      button.addEventListener("click", () => open(run.path));
    }
  });
}
