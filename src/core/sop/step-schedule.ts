// Owners and deadlines on steps: `owner:: [[Person]]` and `due:: 2h` (after the step becomes current) or `due:: 2026-12-24`.
import { addDuration, DURATION_HELP, parseDuration, type Duration } from "./durations";

export type DueRule = { kind: "relative"; after: Duration } | { kind: "absolute"; at: Date };

export const DUE_HELP = `${DURATION_HELP} after the step becomes current, or a date like 2026-12-24 (optionally with a time, 2026-12-24T17:00)`;

/** A `due::` value, or null when it is neither a duration nor a date. A bare date is due at the end of that day. */
export function parseDue(value: string): DueRule | null {
  const text = value.trim();
  const after = parseDuration(text);
  if (after) return { kind: "relative", after };
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = match[4] ? new Date(year, month - 1, day, Number(match[4]), Number(match[5])) : new Date(year, month - 1, day, 23, 59, 59);
  if (at.getMonth() !== month - 1 || at.getDate() !== day) return null;
  return { kind: "absolute", at };
}

/** When a step is due, given when it became current. */
export function dueAt(rule: DueRule, becameCurrent: Date): Date {
  return rule.kind === "absolute" ? rule.at : addDuration(becameCurrent, rule.after);
}

/** The person an `owner::` field names: `[[People/Dana|Dana]]` → Dana, `Dana` → Dana. */
export function ownerName(field: string | undefined): string {
  const raw = (field ?? "").trim();
  const link = /^\[\[([^\]]+)\]\]$/.exec(raw);
  if (!link) return raw;
  const [target, alias] = link[1].split("|");
  return (alias ?? target.split("#")[0].split("/").pop() ?? "").replace(/\.md$/i, "").trim();
}

/** Whether the person running this (a name, or "" when unknown) is someone other than the step's owner. */
export function ownedByOther(field: string | undefined, me: string): boolean {
  const owner = ownerName(field);
  if (!owner) return false;
  return !me.trim() || owner.toLowerCase() !== ownerName(me).toLowerCase();
}
