// Waypoint notes: one per step holding the artifact only, plus kept revisions; their properties and their text.
import type { VaultPort, YamlCodec } from "../ports";
import { bodyOf, joinFrontmatter } from "../notes/frontmatter";
import type { ArchivedRevision, StepState } from "./run-types";
import type { RunRecord, StepUsage } from "./run-record";
import { noteName } from "../notes/names";
import { propertyLink } from "../notes/links";
import { dueOf, ownerOf } from "./step-owner";
import { stringifyProperties } from "../notes/flat-yaml";

export const WAYPOINT_TAG = "sop-waypoint";

/** What every note of a step shares, current or kept: its run, step and role. */
function stepIdentity(run: RunRecord, step: StepState, vault: VaultPort, path: string): Record<string, unknown> {
  return {
    sop_run: propertyLink(vault, run.runPath, path, noteName(run.runPath)),
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
    cost: usage ? usage.cost : 0,
    tags: [WAYPOINT_TAG],
  };
  if (step.feedback) properties.feedback = step.feedback;
  if (step.truncated) properties.truncated = true;
  if (step.reviewPending) properties.review_pending = true;
  if (step.reviewPending && step.answerHash) properties.answer_hash = step.answerHash;
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
    revision_of: propertyLink(vault, mainPath, path, noteName(mainPath)),
    tags: [WAYPOINT_TAG],
  };
  if (kept.feedback) properties.feedback = kept.feedback;
  return properties;
}

export function noteText(yaml: YamlCodec, properties: Record<string, unknown>, body: string): string {
  return joinFrontmatter(stringifyProperties(properties, yaml), body);
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

