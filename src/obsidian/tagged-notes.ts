// Finds notes by tag from the metadata cache alone (no file reads), the way SOPs and role notes are discovered.
import { getAllTags } from "obsidian";
import type { MetadataCache, TFile, Vault } from "obsidian";
import { isSopTagged } from "../core/sop/detect";

function withoutHash(tag: string): string {
  return tag.startsWith("#") ? tag.slice(1) : tag;
}

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
      if (tags && isSopTagged(tags.map(withoutHash), tag)) found.push(file);
    }
    return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
