// Which recurring SOPs (`sop_every`) are due: never run, or their last run started longer ago than the interval.
import { isDue, nextDue } from "../sop/recurrence";
import type { SopSettings } from "../sop/types";
import { isoDateTime } from "../notes/dates";

export interface DueSop {
  path: string;
  title: string;
  /** The `sop_every` text as written ("7d", "weekly on monday"). */
  every: string;
  /** When its last run started (local date-time), null when it never ran. */
  lastStarted: string | null;
  /** Since when it has been due (local date-time), null when it never ran. */
  dueSince: string | null;
  /** Required inputs with no default: a run cannot start on its own until someone gives them. */
  missingInputs: string[];
}

export interface DueCheck {
  /** A parsed procedure fits; the plugin passes what the metadata cache knows, without reading the note. */
  sops: { path: string; procedure: { title: string; settings: Pick<SopSettings, "every" | "inputs"> } }[];
  /** Every run in the vault: which SOP it ran and when it started. */
  runs: { sop: string; started: string }[];
  now: Date;
}

/** The recurring SOPs due at `now`, oldest first (never-run ones first of all), each once. */
export function findDueSops({ sops, runs, now }: DueCheck): DueSop[] {
  const last = new Map<string, Date>();
  for (const run of runs) {
    const started = new Date(run.started);
    if (Number.isNaN(started.getTime())) continue;
    const seen = last.get(run.sop);
    if (!seen || started > seen) last.set(run.sop, started);
  }
  const due: DueSop[] = [];
  for (const { path, procedure } of sops) {
    const every = procedure.settings.every;
    if (!every) continue;
    const lastStarted = last.get(path) ?? null;
    if (!isDue(every, lastStarted, now)) continue;
    const since = nextDue(every, lastStarted);
    due.push({
      path,
      title: procedure.title,
      every: every.text,
      lastStarted: lastStarted ? isoDateTime(lastStarted) : null,
      dueSince: since ? isoDateTime(since) : null,
      missingInputs: (procedure.settings.inputs ?? []).filter((s) => s.required && s.default === null).map((s) => s.name),
    });
  }
  return due.sort((a, b) => (a.dueSince ?? "").localeCompare(b.dueSince ?? "") || a.path.localeCompare(b.path));
}

/** How a due SOP reads in a list: "Weekly handover — weekly on monday, never ran". */
export function describeDue(sop: DueSop): string {
  const when = sop.dueSince ? `due since ${sop.dueSince.replace("T", " ")}` : "never ran";
  const every = /^\d/.test(sop.every) ? `every ${sop.every}` : sop.every;
  return `${sop.title} — ${every}, ${when}`;
}
