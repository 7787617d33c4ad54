// The run view's run picker: "Follow the active run", then every listed run, newest first.
import type { RunSummary } from "../../core/run/engine-types";
import { describeRun } from "./run-picker-modal";
import { noteName } from "../../core/notes/names";

export function fillRunPicker(select: HTMLSelectElement, listed: ReadonlyMap<string, RunSummary>, shown: string | null, chosen: string | null): void {
  const runs = [...listed.values()].sort((a, b) => b.run.localeCompare(a.run));
  select.empty();
  select.createEl("option", { text: "Follow the active run", attr: { value: "" } });
  for (const run of runs) select.createEl("option", { text: `${noteName(run.run)} · ${describeRun(run)}`, attr: { value: run.run } });
  if (shown !== null && !listed.has(shown)) select.createEl("option", { text: noteName(shown), attr: { value: shown } });
  select.value = chosen ?? "";
}
