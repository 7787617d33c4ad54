// Waypoint notes: one per step holding the artifact only, plus kept revisions; their properties and their text.
import type { VaultPort, YamlCodec } from "../ports";
import { joinFrontmatter, splitFrontmatter } from "../frontmatter";
import type { ArchivedRevision, StepState } from "./run-types";
import type { RunRecord, StepUsage } from "./run-record";
import { noteName } from "./note-names";
import { dueOf, ownerOf } from "./step-owner";

export const WAYPOINT_TAG = "sop-waypoint";

/** What every note of a step shares, current or kept: its run, step and role. */
function stepIdentity(run: RunRecord, step: StepState, vault: VaultPort, path: string): Record<string, unknown> {
  return {
    sop_run: vault.link(run.runPath, path, noteName(run.runPath)),
    step: step.index,
    step_id: step.id,
    role: run.roles.get(step.index) ?? "",
  };
}

export function waypointProperties(run: RunRecord, step: StepState, vault: VaultPort, path: string, usage: StepUsage | null): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    ...stepIdentity(run, step, vault, path),
    waypoint_status: step.status,
    revision: step.revision,
    model: usage?.model ?? "",
    tokens_in: usage?.tokensIn ?? 0,
    tokens_out: usage?.tokensOut ?? 0,
    cost: usage?.cost ?? 0,
    tags: [WAYPOINT_TAG],
  };
  if (step.feedback) properties.feedback = step.feedback;
  if (step.skipReason) properties.skip_reason = step.skipReason;
  const owner = ownerOf(run, step.index);
  if (owner) properties.owner = owner;
  const due = dueOf(run, step.index);
  if (due) properties.due = due;
  return properties;
}

/** A kept revision: its own note, linked to the step's current waypoint, never overwritten. */
export function archivedProperties(run: RunRecord, step: StepState, kept: ArchivedRevision, vault: VaultPort, path: string, mainPath: string): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    ...stepIdentity(run, step, vault, path),
    waypoint_status: kept.status,
    revision: kept.revision,
    revision_of: vault.link(mainPath, path, noteName(mainPath)),
    tags: [WAYPOINT_TAG],
  };
  if (kept.feedback) properties.feedback = kept.feedback;
  return properties;
}

export function noteText(yaml: YamlCodec, properties: Record<string, unknown>, body: string): string {
  return joinFrontmatter(yaml.stringify(properties), body);
}

export function bodyOf(text: string): string {
  return splitFrontmatter(text).body;
}

export function propertiesOf(text: string, yaml: YamlCodec): Record<string, unknown> {
  const { yaml: block } = splitFrontmatter(text);
  if (block === null) return {};
  try {
    const parsed = yaml.parse(block);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Replaces a note's body and leaves its properties exactly as they are. */
export function withBody(text: string, body: string): string {
  const { yaml } = splitFrontmatter(text);
  return yaml === null ? body : `---\n${yaml}---\n${body}`;
}

/**
 * Creates a note, or reuses the one already there when it holds the same body (a crash between two writes
 * left it behind); a different note already at that path is never overwritten: the next free name is used.
 * Resolves to the path actually used.
 */
export async function createOrReuse(vault: VaultPort, path: string, content: string, nextPath: (n: number) => string): Promise<string> {
  const wanted = bodyOf(content);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? path : nextPath(n);
    const existing = await vault.read(candidate);
    if (existing === null) {
      await vault.create(candidate, content);
      return candidate;
    }
    if (bodyOf(existing) === wanted) return candidate;
  }
  throw new Error(`Could not find a free name next to "${path}".`);
}

export function tagsOf(properties: Record<string, unknown>): string[] {
  const tags = properties.tags;
  const list = Array.isArray(tags) ? tags : typeof tags === "string" ? tags.split(/[,\s]+/) : [];
  return list.filter((tag): tag is string => typeof tag === "string").map((tag) => tag.replace(/^#/, ""));
}
