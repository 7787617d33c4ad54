// Step deadlines: the `due` a step gets when it becomes current, and which runs have an overdue step.
import { dueAt, parseDue } from "../sop/step-schedule";
import type { Step } from "../sop/types";
import type { RunRecord } from "./run-record";
import type { RunStatus } from "./run-types";
import { isoDateTime } from "../notes/dates";

/** Sets the step's due time the first time it becomes current (a retry or revision keeps the deadline it had). */
export function markDue(run: RunRecord, step: Step, now: Date): void {
  if (run.dues.has(step.index)) return;
  const rule = step.fields.due ? parseDue(step.fields.due) : null;
  if (rule) run.dues.set(step.index, isoDateTime(dueAt(rule, now)));
}

const OPEN: readonly RunStatus[] = ["planned", "running", "awaiting-review", "paused", "failed"];

/** Whether a run whose current step is due at `due` (a local date-time, or "") is overdue at `now`. */
export function isOverdue(status: RunStatus, due: string, now: Date): boolean {
  if (!due || !OPEN.includes(status)) return false;
  const at = new Date(due);
  return !Number.isNaN(at.getTime()) && at.getTime() < now.getTime();
}
