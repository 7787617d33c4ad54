// Where batch manifests live and how they are created, read, found again and kept current in the vault.
import type { VaultPort, YamlCodec } from "../ports";
import { fail, type Result } from "../notes/result";
import { propertiesOf, tagsOf } from "../notes/frontmatter";
import { manifestText, parseManifest, updateManifestText } from "./batch-manifest";
import { BATCH_TAG, textProperty, type BatchRecord, type BatchSelector, type BatchStatus } from "./batch-types";
import { sameSelector } from "./select-targets";
import { linkTarget } from "../notes/links";
import { joinPath, safeNoteName } from "../notes/names";

export const BATCHES_FOLDER = "Batches";
const UNFINISHED: readonly BatchStatus[] = ["planned", "running", "cancelled", "partial"];

export function batchesFolder(runsFolder: string): string {
  return joinPath(runsFolder, BATCHES_FOLDER);
}

/** `<runs folder>/Batches/<date> <SOP title> — batch.md`, or `… (2).md` when a batch of that SOP already ran that day. */
export async function newManifestPath(vault: VaultPort, runsFolder: string, date: string, sopTitle: string): Promise<string> {
  const base = safeNoteName(`${date} ${sopTitle} — batch`, 120);
  for (let n = 1; ; n++) {
    const path = joinPath(batchesFolder(runsFolder), `${n === 1 ? base : `${base} (${n})`}.md`);
    if (!(await vault.exists(path))) return path;
  }
}

export async function createManifest(vault: VaultPort, yaml: YamlCodec, batch: BatchRecord, runsFolder: string): Promise<void> {
  await vault.ensureFolder(batchesFolder(runsFolder));
  await vault.create(batch.path, manifestText(batch, vault, yaml));
}

export async function loadManifest(vault: VaultPort, yaml: YamlCodec, path: string): Promise<Result<BatchRecord>> {
  const text = await vault.read(path);
  if (text === null) return fail(`The batch note "${path}" does not exist.`);
  return parseManifest(path, text, vault, yaml);
}

export async function saveManifest(vault: VaultPort, yaml: YamlCodec, batch: BatchRecord): Promise<void> {
  await vault.process(batch.path, (current) => updateManifestText(current, batch, vault, yaml));
}

/**
 * The newest batch of this SOP that is not done (planned, running, cancelled or partial), optionally only one over
 * the same tag or folder; null when there is none.
 */
export async function findUnfinishedBatch(vault: VaultPort, yaml: YamlCodec, runsFolder: string, sopPath: string, selector?: BatchSelector): Promise<string | null> {
  let newest: { path: string; started: string } | null = null;
  for (const path of await vault.list(batchesFolder(runsFolder))) {
    const text = await vault.read(path);
    if (text === null) continue;
    const properties = propertiesOf(text, yaml);
    if (!tagsOf(properties).includes(BATCH_TAG)) continue;
    if (!UNFINISHED.includes(properties.batch_status as BatchStatus)) continue;
    if (vault.resolveLink(linkTarget(properties.sop), path) !== sopPath) continue;
    if (selector) {
      const tag = typeof properties.select_tag === "string" ? properties.select_tag : "";
      const own: BatchSelector = tag ? { tag } : { folder: typeof properties.select_folder === "string" ? properties.select_folder : "" };
      if (!sameSelector(own, selector)) continue;
    }
    const started = textProperty(properties.started);
    if (!newest || started > newest.started || (started === newest.started && path > newest.path)) newest = { path, started };
  }
  return newest?.path ?? null;
}
