// The SOP notes of a folder vault, parsed: what `sop due` and `sop eval` look through.
import { extractTags, isSopTagged } from "../core/sop/detect";
import { parseProcedure } from "../core/sop/parse-procedure";
import type { Procedure } from "../core/sop/types";
import { noteName } from "../core/notes/names";
import type { FolderVault } from "./folder-vault";
import { nodeYaml } from "./yaml-codec";

export interface VaultSop {
  path: string;
  procedure: Procedure | null;
  /** Why the note could not be parsed, when it could not. */
  error?: string;
}

export async function vaultSops(vault: FolderVault, tag = "sop"): Promise<VaultSop[]> {
  const found: VaultSop[] = [];
  for (const path of await vault.list("")) {
    const text = await vault.read(path);
    // A note can only carry the tag if its text contains it: skip the Markdown parse for every other note.
    if (text === null || !text.toLowerCase().includes(tag) || !isSopTagged(extractTags(text, nodeYaml), tag)) continue;
    const outcome = parseProcedure(text, { name: noteName(path), yaml: nodeYaml });
    found.push(outcome.ok ? { path, procedure: outcome.procedure } : { path, procedure: null, error: outcome.error });
  }
  return found;
}
