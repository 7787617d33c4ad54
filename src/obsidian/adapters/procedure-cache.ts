// Parsed procedures of SOP notes, kept until the note changes, so reopening the picker never re-parses.
import type { TFile, Vault } from "obsidian";
import type { YamlCodec } from "../../core/ports";
import { parseProcedure } from "../../core/sop/parse-procedure";
import type { ParseOutcome } from "../../core/sop/types";

interface CachedOutcome {
  mtime: number;
  size: number;
  outcome: ParseOutcome;
}

export class ProcedureCache {
  private readonly entries = new Map<string, CachedOutcome>();

  constructor(
    private readonly vault: Vault,
    private readonly yaml: YamlCodec,
  ) {}

  /** The note's procedure, parsed at most once per version of the file (path, mtime and size). */
  async get(file: TFile): Promise<ParseOutcome> {
    const cached = this.entries.get(file.path);
    if (cached && cached.mtime === file.stat.mtime && cached.size === file.stat.size) return cached.outcome;
    const { mtime, size } = file.stat;
    let outcome: ParseOutcome;
    try {
      const markdown = await this.vault.cachedRead(file);
      outcome = parseProcedure(markdown, { name: file.basename, yaml: this.yaml });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      outcome = { ok: false, error: `Could not read "${file.path}": ${reason}` };
    }
    this.entries.set(file.path, { mtime, size, outcome });
    return outcome;
  }

  /** Drops what is known about a note that changed, moved or was deleted. */
  forget(path: string): void {
    this.entries.delete(path);
  }

  get cachedCount(): number {
    return this.entries.size;
  }
}
