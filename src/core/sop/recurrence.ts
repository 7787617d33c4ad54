// Recurring SOPs: `sop_every` (7d, 2w, 1mo, daily, weekly on monday) and when such an SOP is next due.
import { addDuration, parseDuration, type Duration } from "./durations";

export type Recurrence = { kind: "interval"; text: string; every: Duration } | { kind: "weekday"; text: string; day: number };

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const NAMED: Record<string, string> = { hourly: "1h", daily: "1d", weekly: "1w", fortnightly: "2w", monthly: "1mo" };

export const RECURRENCE_HELP = "an interval like 1d, 7d, 2w or 1mo, or a day like \"weekly on monday\"";

/** The recurrence `sop_every` describes, or null when the text is not one. */
export function parseRecurrence(value: string): Recurrence | null {
  const text = value.trim().toLowerCase().replace(/\s+/g, " ");
  const weekday = /^(?:weekly |every )?on (\w+?)s?$/.exec(text) ?? /^every (\w+?)s?$/.exec(text);
  if (weekday) {
    const day = WEEKDAYS.findIndex((name) => name === weekday[1] || name.slice(0, 3) === weekday[1]);
    if (day !== -1) return { kind: "weekday", text: value.trim(), day };
  }
  const every = parseDuration(NAMED[text] ?? text);
  return every ? { kind: "interval", text: value.trim(), every } : null;
}

/** When an SOP that last started a run at `lastStarted` (null: never) is due again; null means due now, never run. */
export function nextDue(recurrence: Recurrence, lastStarted: Date | null): Date | null {
  if (!lastStarted) return null;
  if (recurrence.kind === "interval") return addDuration(lastStarted, recurrence.every);
  // The first start of the chosen weekday after the last run began (local time, as the person reads their week).
  const next = new Date(lastStarted.getFullYear(), lastStarted.getMonth(), lastStarted.getDate());
  do next.setDate(next.getDate() + 1);
  while (next.getDay() !== recurrence.day);
  return next;
}

/** Whether an SOP is due at `now`: it never ran, or its next due time has come. */
export function isDue(recurrence: Recurrence, lastStarted: Date | null, now: Date): boolean {
  const due = nextDue(recurrence, lastStarted);
  return due === null || due.getTime() <= now.getTime();
}
