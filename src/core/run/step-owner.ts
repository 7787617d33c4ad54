// A step's owner (`owner::` as written, a link or a name) and its due time, as the run and waypoint notes record them.
import type { RunRecord } from "./run-record";
import { stepAt } from "./state-machine";

export function ownerOf(run: RunRecord, index: number): string {
  return stepAt(run.procedure.steps, index)?.fields.owner?.trim() ?? "";
}

export function dueOf(run: RunRecord, index: number): string {
  return run.dues.get(index) ?? "";
}
