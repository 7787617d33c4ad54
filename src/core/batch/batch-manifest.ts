// The batch manifest note's text: flat properties and one line per target, and reading them back after a crash.
import type { VaultPort, YamlCodec } from "../ports";
import { linkTarget, propertyLink } from "../notes/links";
import { noteName } from "../notes/names";
import { oneLine } from "../run/run-note";
import { noteText } from "../run/waypoint-note";
import { fail, ok, type Result } from "../notes/result";
import { BATCH_TAG, DEFAULT_CONCURRENCY, describeSelector, type BatchRecord, type BatchSelector, type BatchStatus, type BatchTarget, type TargetStatus, countTargets, textProperty } from "./batch-types";
import { bodyOf, propertiesOf, tagsOf } from "../notes/frontmatter";

const RUNS_HEADING = "## Runs";
const BATCH_STATUSES: readonly BatchStatus[] = ["planned", "running", "done", "cancelled", "partial"];
const TARGET_STATUSES: readonly TargetStatus[] = ["pending", "running", "done", "failed", "waiting", "paused"];
/** A wikilink or a Markdown link, as VaultPort.link writes them. */
const LINK = String.raw`\[\[[^\]]+\]\]|\[[^\]]*\]\((?:<[^>]*>|[^)]*)\)`;
const TARGET_LINE = new RegExp(String.raw`^- \[[ xX]\] (${LINK}) — ([a-z-]+)(?: → (${LINK}))?(?:: (.*))?$`);

export function manifestProperties(batch: BatchRecord, vault: VaultPort): Record<string, unknown> {
  const counts = countTargets(batch.targets);
  return {
    sop: propertyLink(vault, batch.sopPath, batch.path, noteName(batch.sopPath)),
    batch_status: batch.status,
    select_tag: "tag" in batch.selector ? batch.selector.tag : "",
    select_folder: "folder" in batch.selector ? batch.selector.folder : "",
    total: counts.total,
    done: counts.done,
    failed: counts.failed,
    waiting: counts.waiting,
    concurrency: batch.concurrency,
    model: batch.model,
    started: batch.started,
    finished: batch.finished,
    tags: [BATCH_TAG],
  };
}

export function targetLine(target: BatchTarget, batchPath: string, vault: VaultPort): string {
  const box = target.status === "done" ? "x" : " ";
  const run = target.runPath ? ` → ${vault.link(target.runPath, batchPath, noteName(target.runPath))}` : "";
  const detail = target.detail ? `: ${oneLine(target.detail)}` : "";
  return `- [${box}] ${vault.link(target.path, batchPath, noteName(target.path))} — ${target.status}${run}${detail}`;
}

export function manifestText(batch: BatchRecord, vault: VaultPort, yaml: YamlCodec): string {
  const body = [
    `# ${batch.sopTitle} — batch`,
    "",
    `Runs ${vault.link(batch.sopPath, batch.path, noteName(batch.sopPath))} over ${describeSelector(batch.selector, true)}, each note the project of its own run in auto mode, ${batch.concurrency} at a time. Running the same batch again continues it: a note whose run exists is resumed, never started twice.`,
    "",
    RUNS_HEADING,
    "",
    ...batch.targets.map((target) => targetLine(target, batch.path, vault)),
    "",
  ].join("\n");
  return noteText(yaml, manifestProperties(batch, vault), body);
}

/** The current note with fresh properties and run list; anything else a person wrote in it stays. */
export function updateManifestText(current: string, batch: BatchRecord, vault: VaultPort, yaml: YamlCodec): string {
  const properties = { ...propertiesOf(current, yaml), ...manifestProperties(batch, vault) };
  const body = bodyOf(current);
  const list = batch.targets.map((target) => targetLine(target, batch.path, vault));
  const lines = body.split("\n");
  const start = lines.findIndex((line) => line.trim() === RUNS_HEADING);
  if (start === -1) return noteText(yaml, properties, `${body.replace(/\n*$/, "\n\n")}${RUNS_HEADING}\n\n${list.join("\n")}\n`);
  let end = start + 1;
  while (end < lines.length && !/^#{1,2} /.test(lines[end])) end++;
  return noteText(yaml, properties, [...lines.slice(0, start + 1), "", ...list, "", ...lines.slice(end)].join("\n"));
}

/** Rebuilds a batch from its manifest note alone; links are resolved from the note, so renamed notes still count. */
export function parseManifest(path: string, text: string, vault: VaultPort, yaml: YamlCodec): Result<BatchRecord> {
  const properties = propertiesOf(text, yaml);
  if (!tagsOf(properties).includes(BATCH_TAG)) return fail(`"${path}" is not a batch note (it has no #${BATCH_TAG} tag).`);
  const sopLink = linkTarget(properties.sop);
  const sopPath = vault.resolveLink(sopLink, path);
  if (!sopPath) return fail(`The batch note "${path}" names an SOP that is not in the vault ("${sopLink}").`);
  const status = String(properties.batch_status) as BatchStatus;
  if (!BATCH_STATUSES.includes(status)) return fail(`The batch note "${path}" has an unknown batch_status "${String(properties.batch_status)}".`);
  const tag = typeof properties.select_tag === "string" ? properties.select_tag : "";
  const selector: BatchSelector = tag ? { tag } : { folder: typeof properties.select_folder === "string" ? properties.select_folder : "" };
  const targets: BatchTarget[] = [];
  for (const line of bodyOf(text).split("\n")) {
    const match = TARGET_LINE.exec(line.trimEnd());
    if (!match) continue;
    const [, targetLink, word, runLink, detail] = match;
    const targetPath = vault.resolveLink(linkTarget(targetLink), path);
    if (!targetPath) continue; // a project note deleted since: nothing left to run it on
    const runPath = runLink ? vault.resolveLink(linkTarget(runLink), path) : null;
    const known = TARGET_STATUSES.includes(word as TargetStatus) ? (word as TargetStatus) : "pending";
    // A run link that no longer resolves means the run note is gone: the note is run afresh.
    const status = runLink && !runPath ? "pending" : known;
    targets.push({ path: targetPath, runPath, status, detail: detail?.trim() || null });
  }
  const concurrency = Number(properties.concurrency);
  return ok({
    path,
    sopPath,
    sopTitle: /^# (.+)$/m.exec(bodyOf(text))?.[1]?.replace(/ — batch$/, "") ?? noteName(sopPath),
    selector,
    status,
    concurrency: Number.isInteger(concurrency) && concurrency > 0 ? concurrency : DEFAULT_CONCURRENCY,
    model: typeof properties.model === "string" ? properties.model : "",
    started: textProperty(properties.started),
    finished: textProperty(properties.finished),
    targets,
  });
}
