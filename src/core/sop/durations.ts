// Durations as people write them in properties and fields (`30m`, `2h`, `7d`, `2w`, `1mo`), and adding them to a date.

/** A span of time: fixed milliseconds, or calendar months (a month is not a fixed length). */
export type Duration = { ms: number; months: 0 } | { ms: 0; months: number };

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

const DURATION = /^(\d{1,4})\s*(m|min|h|d|w|mo)$/i;

/** `2h` → 2 hours; null when the text is not a whole number followed by m, h, d, w or mo. */
export function parseDuration(text: string): Duration | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  if (amount <= 0) return null;
  const unit = match[2].toLowerCase();
  if (unit === "mo") return { ms: 0, months: amount };
  return { ms: amount * UNIT_MS[unit], months: 0 };
}

/** The date `duration` after `from` (months by the calendar, clamped to the month's last day). */
export function addDuration(from: Date, duration: Duration): Date {
  if (duration.months === 0) return new Date(from.getTime() + duration.ms);
  const next = new Date(from.getTime());
  const day = next.getDate();
  next.setDate(1);
  next.setMonth(next.getMonth() + duration.months);
  const last = new Date(next.getFullYear(), next.getMonth() + 1, 0).getDate();
  next.setDate(Math.min(day, last));
  return next;
}

export const DURATION_HELP = "a number and a unit: 30m, 2h, 1d, 2w or 1mo";
