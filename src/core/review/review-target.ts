// What a review draws on besides the waypoint: its SOP step (via the run note), the role notes, the source notes.
import type { VaultPort, YamlCodec } from "../ports";
import type { Step } from "../sop/types";
import { extractTags, isSopTagged } from "../sop/detect";
import { loadProcedure, recordedPin } from "../sop/load-procedure";
import { noteName } from "../notes/names";
import { bodyOf, propertiesOf } from "../notes/frontmatter";
import type { ReviewSource } from "./review-prompt";
import { linkTarget, linkPathsIn } from "../notes/links";

/** The step a waypoint answers, with where its links resolve from; a note outside any run gets a stand-in. */
export interface ReviewStep {
  step: Pick<Step, "index" | "title" | "text" | "checks" | "fields">;
  sopTitle: string;
  /** The SOP note's path (links in the step's fields resolve from it); "" when the waypoint is not part of a run. */
  sopPath: string;
  /** The run's project note: evidence too, since claims about the project are checked against it. */
  projectPath?: string | null;
}

export interface ReviewRole {
  /** The role's name as shown: its note name. */
  name: string;
  path: string;
  instructions: string;
  /** The role note's `model` property; "" when it sets none. */
  model: string;
  /** Links in the role note's `sources` property, already resolved to paths. */
  sources: string[];
}

/** The waypoint's step read from its properties: `step` and `sop_run` → run note → `sop` → the parsed SOP. */
export async function stepOfWaypoint(vault: VaultPort, yaml: YamlCodec, waypointPath: string, properties: Record<string, unknown>): Promise<ReviewStep> {
  const standIn: ReviewStep = {
    step: { index: Number(properties.step) || 0, title: noteName(waypointPath), text: "This note is not part of a run; review it on its own terms.", checks: [], fields: {} },
    sopTitle: "(none)",
    sopPath: "",
  };
  const runPath = vault.resolveLink(linkTarget(properties.sop_run), waypointPath);
  const runText = runPath === null ? null : await vault.read(runPath);
  if (runPath === null || runText === null) return standIn;
  const runProperties = propertiesOf(runText, yaml);
  const projectLink = linkTarget(runProperties.project);
  const projectPath = projectLink === "" ? null : vault.resolveLink(projectLink, runPath);
  const sopPath = vault.resolveLink(linkTarget(runProperties.sop), runPath);
  if (sopPath === null) return { ...standIn, projectPath };
  const procedure = await loadProcedure(vault, yaml, sopPath, undefined, recordedPin(runProperties));
  if (!procedure.ok) return { ...standIn, projectPath };
  const stepId = typeof properties.step_id === "string" ? properties.step_id : "";
  const step = procedure.value.steps.find((s) => s.id === stepId) ?? procedure.value.steps.find((s) => s.index === Number(properties.step));
  return step === undefined ? { ...standIn, sopTitle: procedure.value.title, sopPath, projectPath } : { step, sopTitle: procedure.value.title, sopPath, projectPath };
}

/** `Fact-checker`, `[[Fact-checker]]`, `[[Roles/Fact-checker|checker]]` → the link target without brackets or alias. */
export function roleLinkText(name: string): string {
  const raw = name.trim();
  const wiki = /^\[\[([^\]]+)\]\]$/.exec(raw);
  const inner = wiki ? wiki[1] : raw;
  return inner.split("|")[0].split("#")[0].trim();
}

/** A step's `review::` field: `Fact-checker, [[Editor]]` → `["Fact-checker", "[[Editor]]"]`. */
export function reviewerNames(field: string | undefined): string[] {
  const raw = (field ?? "").trim();
  if (raw === "") return [];
  const links = Array.from(raw.matchAll(/\[\[[^\]]+\]\]/g), (match) => match[0]);
  const rest = raw.replace(/\[\[[^\]]+\]\]/g, ",");
  const plain = rest.split(/[,;]/).map((part) => part.trim()).filter((part) => part !== "");
  return [...links, ...plain];
}

/** A role note by name or link: resolved like a link first, then any note tagged as a role with that name. */
export async function findRole(vault: VaultPort, yaml: YamlCodec, roleTag: string, name: string, from: string): Promise<ReviewRole | null> {
  const target = roleLinkText(name);
  if (target === "") return null;
  const linked = vault.resolveLink(target, from);
  const candidates = linked !== null ? [linked] : [];
  if (linked === null) {
    const wanted = noteName(target).toLowerCase();
    candidates.push(...(await vault.list("")).filter((path) => noteName(path).toLowerCase() === wanted));
  }
  for (const path of candidates) {
    const text = await vault.read(path);
    if (text === null || !isSopTagged(extractTags(text, yaml), roleTag)) continue;
    const properties = propertiesOf(text, yaml);
    const model = typeof properties.model === "string" ? properties.model.trim() : "";
    const sources = linkPathsIn(properties.sources).map((link) => vault.resolveLink(link, path)).filter((p): p is string => p !== null);
    return { name: noteName(path), path, instructions: bodyOf(text).trim(), model, sources };
  }
  return null;
}

/** The step's `sources::` notes, the role's, then the run's project note, each read once; a missing note is left out. */
export async function readSources(vault: VaultPort, step: ReviewStep, role: ReviewRole): Promise<ReviewSource[]> {
  const fromStep = linkPathsIn(step.step.fields.sources ?? "").map((link) => vault.resolveLink(link, step.sopPath || role.path));
  const paths = [...new Set([...fromStep, ...role.sources, step.projectPath ?? null].filter((p): p is string => p !== null))];
  const sources: ReviewSource[] = [];
  for (const path of paths) {
    const text = await vault.read(path);
    if (text !== null) sources.push({ path, text: bodyOf(text) });
  }
  return sources;
}

