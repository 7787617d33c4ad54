// Picks a batch's targets: notes carrying a tag or under a folder, never the SOP, a role note, or anything a run wrote.
import type { VaultPort, YamlCodec } from "../ports";
import { extractTags, isSopTagged } from "../sop/detect";
import { fail, ok, type Result } from "../notes/result";
import type { BatchSelector } from "./batch-types";

export interface TargetRules {
  sopPath: string;
  /** Every folder runs may be written to (the settings' and the SOP's own); nothing under them is a project. */
  runsFolders: string[];
  roleTag: string;
}

/** A tag without `#` or surrounding space; a folder with forward slashes and no leading `./` or trailing `/`. */
export function normalizeSelector(selector: BatchSelector): Result<BatchSelector> {
  if ("tag" in selector) {
    const tag = selector.tag.trim().replace(/^#+/, "").trim();
    if (!tag || /\s/.test(tag)) return fail(`"${selector.tag}" is not a tag; give one like --tag guide.`);
    return ok({ tag });
  }
  const folder = selector.folder
    .trim()
    .replace(/\\/g, "/")
    .replace(/^(\.\/)+/, "")
    .replace(/^\/+|\/+$/g, "");
  if (folder.split("/").includes("..")) return fail(`The folder "${selector.folder}" lies outside the vault.`);
  return ok({ folder });
}

export function sameSelector(a: BatchSelector, b: BatchSelector): boolean {
  if ("tag" in a && "tag" in b) return a.tag.toLowerCase() === b.tag.toLowerCase();
  if ("folder" in a && "folder" in b) return a.folder === b.folder;
  return false;
}

export async function selectTargets(vault: VaultPort, yaml: YamlCodec, selector: BatchSelector, rules: TargetRules): Promise<Result<string[]>> {
  const normalized = normalizeSelector(selector);
  if (!normalized.ok) return normalized;
  const chosen = normalized.value;
  const underRuns = (path: string) => rules.runsFolders.some((folder) => folder && (path === folder || path.startsWith(`${folder.replace(/\/+$/, "")}/`)));
  const candidates = (await vault.list("tag" in chosen ? "" : chosen.folder)).filter((path) => path !== rules.sopPath && !underRuns(path));
  const targets: string[] = [];
  for (const path of candidates) {
    const text = (await vault.read(path)) ?? "";
    const lower = text.toLowerCase();
    // Only a note whose text contains a tag's name can carry it: most notes skip the Markdown parse.
    const mayCarryTag = "tag" in chosen ? lower.includes(chosen.tag.toLowerCase()) : false;
    const mayBeRole = lower.includes(rules.roleTag.toLowerCase());
    if ("tag" in chosen && !mayCarryTag) continue;
    const tags = mayCarryTag || mayBeRole ? extractTags(text, yaml) : [];
    if (mayBeRole && isSopTagged(tags, rules.roleTag)) continue;
    if ("tag" in chosen && !isSopTagged(tags, chosen.tag)) continue;
    targets.push(path);
  }
  return ok(targets);
}
