// Finds notes by tag from the metadata cache alone (no file reads), the way SOPs and role notes are discovered.
import { getAllTags } from "obsidian";
import type { MetadataCache, TFile, Vault } from "obsidian";
import { isSopTagged } from "../../core/sop/detect";

export class TaggedNoteFinder {
  constructor(
    private readonly vault: Vault,
    private readonly metadataCache: MetadataCache,
  ) {}

  /** Markdown notes carrying `tag` or a nested `tag/…`, in frontmatter or inline, sorted by path. */
  find(tag: string): TFile[] {
    const found: TFile[] = [];
    for (const file of this.vault.getMarkdownFiles()) {
      const cache = this.metadataCache.getFileCache(file);
      if (!cache) continue;
      const tags = getAllTags(cache);
      // getAllTags gives "#sop"; isSopTagged ignores the leading "#", so no copy of the list is needed.
      if (tags && isSopTagged(tags, tag)) found.push(file);
    }
    return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
