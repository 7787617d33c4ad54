// The SOP notes of the vault with their step counts: what the pickers list.
import type { TFile } from "obsidian";
import type { ProcedureCache } from "./procedure-cache";
import type { TaggedNoteFinder } from "./tagged-notes";
import type { LastRun, LastRunFinder } from "./last-runs";

export interface SopListing {
  file: TFile;
  path: string;
  /** The procedure's title, or the note name when it has no procedure. */
  title: string;
  /** Null when the note has no procedure the parser can find. */
  stepCount: number | null;
  /** Why there is no procedure, one sentence. */
  problem?: string;
  /** The SOP's newest run, or null when it never ran. */
  lastRun: LastRun | null;
}

/** "1 step", "5 steps", or "no procedure". */
export function describeSteps(listing: SopListing): string {
  if (listing.stepCount === null) return "no procedure";
  return listing.stepCount === 1 ? "1 step" : `${listing.stepCount} steps`;
}

export class SopCatalog {
  constructor(
    private readonly finder: TaggedNoteFinder,
    private readonly procedures: ProcedureCache,
    private readonly sopTag: () => string,
    private readonly lastRuns: LastRunFinder | null = null,
  ) {}

  /** SOP notes sorted by path; only these notes are read, and each only when it changed. */
  async list(): Promise<SopListing[]> {
    const files = this.finder.find(this.sopTag());
    const lastRuns = this.lastRuns?.bySop() ?? new Map<string, LastRun>();
    return Promise.all(
      files.map(async (file): Promise<SopListing> => {
        const outcome = await this.procedures.get(file);
        if (outcome.ok) {
          const title = outcome.procedure.title.trim() || file.basename;
          return { file, path: file.path, title, stepCount: outcome.procedure.steps.length, lastRun: lastRuns.get(file.path) ?? null };
        }
        return { file, path: file.path, title: file.basename, stepCount: null, problem: outcome.error, lastRun: lastRuns.get(file.path) ?? null };
      }),
    );
  }
}
