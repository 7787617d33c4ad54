// Dates as people read them in note names and properties: the clock's local time, Obsidian's formats.

const pad = (n: number): string => String(n).padStart(2, "0");

/** `YYYY-MM-DD` in local time, the date a person sees on their calendar. */
export function isoDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `YYYY-MM-DDTHH:MM:SS` local time, the format Obsidian's date-time property uses. */
export function isoDateTime(date: Date): string {
  return `${isoDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
