// The run view's run picker: "Follow the active run", then every listed run, newest first; the runs it lists come
// from the metadata cache once, then follow its events (no run note is read).
import { TFile } from "obsidian";
import type { App, Component } from "obsidian";
import type { RunSummary } from "../../core/run/engine-types";
import { isUnderFolder, runSummaryOf } from "../adapters/run-list";
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

export interface RunListHost {
  app: App;
  /** The view: it owns the vault and metadata cache listeners. */
  owner: Component;
  /** The runs folder from the settings. */
  runsFolder(): string;
  /** The list changed: the picker is filled again. */
  changed(): void;
  /** A listed run's summary changed (a command, another window). */
  runChanged(path: string): void;
}

/** Fills `listed` with the runs under the runs folder and keeps it up to date. */
export function watchRunList(listed: Map<string, RunSummary>, host: RunListHost): void {
  const { app, owner } = host;
  const summaryOf = (file: TFile): RunSummary | null => (isUnderFolder(file.path, host.runsFolder()) ? runSummaryOf(app, file) : null);
  const update = (file: TFile): void => {
    const summary = summaryOf(file);
    const before = listed.get(file.path);
    if (summary) listed.set(file.path, summary);
    else listed.delete(file.path);
    if (JSON.stringify(before) === JSON.stringify(summary ?? undefined)) return;
    host.changed();
    host.runChanged(file.path);
  };
  for (const file of app.vault.getMarkdownFiles()) {
    const summary = summaryOf(file);
    if (summary) listed.set(file.path, summary);
  }
  owner.registerEvent(
    app.metadataCache.on("changed", (file) => {
      if (file instanceof TFile) update(file);
    }),
  );
  owner.registerEvent(
    app.vault.on("delete", (file) => {
      if (listed.delete(file.path)) host.changed();
    }),
  );
  owner.registerEvent(
    app.vault.on("rename", (file, oldPath) => {
      listed.delete(oldPath);
      if (file instanceof TFile) update(file);
      else host.changed();
    }),
  );
}
