// A one-line summary of what an amendment changed, step by step, for the Changelog entry.
import { diffArrays } from "diff";
import type { Procedure, Step } from "../sop/types";

const MAX_QUOTE = 140;
const MAX_SUMMARY = 240;

function quote(line: string): string {
  const bare = line.replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[.\]\s+)?/, "").trim();
  return `"${bare.length > MAX_QUOTE ? `${bare.slice(0, MAX_QUOTE - 1)}…` : bare}"`;
}

function meaningfulLines(text: string): string[] {
  return text.split("\n").map((l) => l.trimEnd()).filter((l) => l.trim() !== "");
}

function describeStepChange(before: Step, after: Step): string | null {
  if (before.text === after.text && before.title === after.title) return null;
  const changes = diffArrays(meaningfulLines(before.text), meaningfulLines(after.text));
  const added = changes.filter((c) => c.added).flatMap((c) => c.value);
  const removed = changes.filter((c) => c.removed).flatMap((c) => c.value);
  const label = `Step ${after.index}`;
  if (before.title !== after.title && added.length <= 1 && removed.length <= 1) return `${label} retitled ${quote(after.title)}`;
  const more = (n: number): string => (n > 1 ? ` and ${n - 1} more line${n > 2 ? "s" : ""}` : "");
  if (added.length > 0 && removed.length === 0) return `${label}: added ${quote(added[0])}${more(added.length)}`;
  if (removed.length > 0 && added.length === 0) return `${label}: removed ${quote(removed[0])}${more(removed.length)}`;
  if (added.length === 0 && removed.length === 0) return `${label}: reformatted`;
  return `${label} revised`;
}

/** E.g. `Step 1: added "Prompt for common confusions …"; added step 6 "Publish"`. */
export function summarizeAmendment(before: Procedure | null, after: Procedure): string {
  const parts: string[] = [];
  const oldSteps = before?.steps ?? [];
  const shared = Math.min(oldSteps.length, after.steps.length);
  for (let i = 0; i < shared; i++) {
    const change = describeStepChange(oldSteps[i], after.steps[i]);
    if (change) parts.push(change);
  }
  for (const step of after.steps.slice(shared)) parts.push(`added step ${step.index} ${quote(step.title)}`);
  for (const step of oldSteps.slice(shared)) parts.push(`removed step ${step.index} ${quote(step.title)}`);
  if (parts.length === 0) {
    parts.push(before && before.preamble !== after.preamble ? "revised the introduction" : "revised the text around the steps");
  }
  const summary = parts.join("; ");
  return summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary;
}
