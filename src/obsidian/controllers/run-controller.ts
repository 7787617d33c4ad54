// Drives runs inside Obsidian: tracks the active run, takes the run actions, cancels streams, reports status.
// What the settings make of the engine is in run-runtime.ts; what this session saw of each run in run-snapshot.ts.
import { TFile } from "obsidian";
import type { RunEngine } from "../../core/run/engine";
import type { AdvanceOutcome, PromptPreview, RunEvent, RunSummary, StartOptions } from "../../core/run/engine-types";
import type { RunRecord } from "../../core/run/run-record";
import type { Result } from "../../core/notes/result";
import type { EndpointConfig, ModelPort, TokenUsage } from "../../core/ports";
import type { RunMode } from "../../core/sop/types";
import type { Runtime } from "../../core/app/runtime";
import type { InputSpec } from "../../core/sop/inputs";
import { loadProcedure } from "../../core/sop/load-procedure";
import { ObsidianVault } from "../adapters/obsidian-vault";
import { obsidianYaml } from "../adapters/obsidian-yaml";
import { runOfFile } from "../adapters/run-of-file";
import { listRunsFromCache } from "../adapters/run-list";
import { openInOwnTab, saveOpenViews } from "../adapters/open-views";
import { RunSnapshots, snapshotOf, type RunEventListener, type RunSnapshot, type SnapshotListener } from "./run-snapshot";
import { RuntimeSource, type NoticeAction, type RunControllerHost } from "./run-runtime";

export type { RunSnapshot } from "./run-snapshot";

export class RunController {
  private active: string | null = null;
  private readonly advancing = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private readonly source: RuntimeSource;
  private readonly seen: RunSnapshots;

  constructor(private readonly host: RunControllerHost) {
    this.source = new RuntimeSource(host);
    this.seen = new RunSnapshots(host.app);
  }

  /** The run the gate commands act on: the open note's run, else the last one touched. */
  activeRun(): string | null {
    const file = this.host.app.workspace.getActiveFile();
    const fromFile = file ? runOfFile(this.host.app, file) : null;
    return fromFile ?? this.active;
  }

  snapshot(runPath: string | null = this.activeRun()): RunSnapshot | null {
    return runPath ? this.seen.get(runPath) : null;
  }

  /** Whether the run waits at a gate (what gate commands check before they show); synchronous, from memory or the metadata cache. */
  isAtGate(runPath: string | null = this.activeRun()): boolean {
    return runPath !== null && !this.advancing.has(runPath) && this.seen.knownStatus(runPath) === "awaiting-review";
  }

  /** Whether the run can still be cancelled or previewed. */
  isUnfinished(runPath: string | null = this.activeRun()): boolean {
    if (runPath === null) return false;
    const status = this.seen.knownStatus(runPath);
    return status !== null && status !== "done" && status !== "cancelled";
  }

  isAdvancing(runPath: string | null = this.activeRun()): boolean {
    return runPath !== null && this.advancing.has(runPath);
  }

  onChange(listener: SnapshotListener): () => void {
    return this.seen.onChange(listener);
  }

  onRunEvent(listener: RunEventListener): () => void {
    return this.seen.onRunEvent(listener);
  }

  /** The run rebuilt from its notes, or null when it cannot be read (the run view shows why). */
  async loadRun(runPath: string): Promise<Result<RunRecord>> {
    return this.engine().loadRun(runPath);
  }

  /** Every run under the runs folder, for the run view's picker: from the metadata cache, so no note is read. */
  listRuns(): RunSummary[] {
    return listRunsFromCache(this.host.app, this.host.settings().runsFolder);
  }

  // What the settings make of the engine: endpoint, prices, budget question, model, runtime (run-runtime.ts).
  endpoint(): EndpointConfig | null {
    return this.source.endpoint();
  }

  pricing(): ((usage: TokenUsage, model: string) => { usd: number; known: boolean }) | null {
    return this.source.pricing();
  }

  budgetQuestion(target: string | StartOptions): Promise<string | null> {
    return this.source.budgetQuestion(target);
  }

  model(): ModelPort | null {
    return this.source.model();
  }

  runtime(): Runtime {
    return this.source.runtime();
  }

  engine(): RunEngine {
    return this.runtime().engine;
  }
  /** The SOP's typed inputs (sop_inputs) and title, for the inputs modal; null after telling the person why the SOP cannot be read. */
  async inputSpecs(sopPath: string): Promise<{ title: string; specs: InputSpec[] } | null> {
    const loaded = await loadProcedure(ObsidianVault.fromApp(this.host.app), obsidianYaml, sopPath);
    if (!loaded.ok) return this.fail(loaded.error);
    return { title: loaded.value.title, specs: loaded.value.settings.inputs ?? [] };
  }

  /** Starts a run and takes its first step(s). Resolves to the run note's path, or null after telling the person why not. */
  async start(options: StartOptions): Promise<string | null> {
    const started = await this.engine().start({ mode: this.defaultModeFor(options.sopPath), ...options });
    if (!started.ok) return this.fail(started.error);
    this.touch(started.value);
    await this.advance(started.value);
    return started.value;
  }

  /** The SOP's own `sop_mode` wins (the engine reads it); the setting applies only to SOPs that name none. */
  private defaultModeFor(sopPath: string): RunMode | undefined {
    const file = this.host.app.vault.getFileByPath(sopPath);
    const own: unknown = file ? this.host.app.metadataCache.getFileCache(file)?.frontmatter?.sop_mode : undefined;
    return own === undefined ? this.host.settings().defaultMode : undefined;
  }

  /** Executes until a gate, the end or a pause; opens the gate's waypoint note for reading and editing. */
  async advance(runPath: string): Promise<AdvanceOutcome | null> {
    const running = this.advancing.get(runPath);
    if (running) {
      this.host.notify("This run is already working on a step.");
      return null;
    }
    this.touch(runPath);
    const abort = new AbortController();
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.advancing.set(runPath, { abort, done });
    this.publish(runPath);
    try {
      const result = await this.engine().advance(runPath, { signal: abort.signal, onEvent: (event) => this.onEvent(runPath, event) });
      if (!result.ok) return this.fail(result.error);
      await this.report(result.value);
      return result.value;
    } finally {
      this.advancing.delete(runPath);
      finish();
      await this.refresh(runPath);
    }
  }

  approve(runPath: string): Promise<AdvanceOutcome | null> {
    return this.gateThenAdvance(runPath, () => this.engine().approve(runPath));
  }

  revise(runPath: string, feedback: string): Promise<AdvanceOutcome | null> {
    if (feedback.trim() === "") return Promise.resolve(this.fail("A revision needs feedback; nothing was changed."));
    return this.gateThenAdvance(runPath, () => this.engine().revise(runPath, feedback.trim()));
  }

  retry(runPath: string): Promise<AdvanceOutcome | null> {
    return this.gateThenAdvance(runPath, () => this.engine().retry(runPath));
  }

  skip(runPath: string, reason: string): Promise<AdvanceOutcome | null> {
    if (reason.trim() === "") return Promise.resolve(this.fail("Skipping needs a reason; nothing was changed."));
    return this.gateThenAdvance(runPath, () => this.engine().skip(runPath, reason.trim()));
  }

  /** Stops a streaming step first (its partial text is kept), then cancels the run. */
  async cancel(runPath: string): Promise<boolean> {
    const running = this.advancing.get(runPath);
    if (running) {
      running.abort.abort();
      await running.done;
    }
    const result = await this.engine().cancel(runPath);
    if (!result.ok) return this.fail(result.error) ?? false;
    this.host.notify("Run cancelled.");
    await this.refresh(runPath);
    return true;
  }

  /** Stops the step being generated: its text so far is kept as an interrupted revision and the run pauses, resumable. */
  async stop(runPath: string): Promise<boolean> {
    const running = this.advancing.get(runPath);
    if (!running) return false;
    running.abort.abort();
    await running.done;
    return true;
  }

  /** Puts an earlier approved or skipped step back at its gate; the steps after it run again once it is approved. */
  async reopen(runPath: string, stepIndex: number): Promise<AdvanceOutcome | null> {
    this.touch(runPath);
    if (!(await this.saveRunViews(runPath))) return null;
    const result = await this.engine().reopen(runPath, stepIndex);
    if (!result.ok) return this.fail(result.error);
    if (result.value.status !== "awaiting-review") return this.advance(runPath);
    await this.report(result.value);
    await this.refresh(runPath);
    return result.value;
  }

  /** Steps a run can go back to: approved or skipped ones, for the reopen picker. */
  async reopenable(runPath: string): Promise<{ index: number; title: string; status: string }[]> {
    const loaded = await this.engine().loadRun(runPath);
    if (!loaded.ok) return this.fail(loaded.error) ?? [];
    const settled = loaded.value.state.steps.filter((s) => s.status === "approved" || s.status === "skipped");
    if (settled.length === 0) this.host.notify("No step is approved or skipped yet, so there is nothing to reopen.");
    return settled.map((s) => ({ index: s.index, title: s.title, status: s.status }));
  }

  /** A run left running, paused or failed continues where its notes say it stopped. */
  resume(runPath: string): Promise<AdvanceOutcome | null> {
    return this.advance(runPath);
  }

  /** Runs that are not done or cancelled, for the resume picker. */
  async unfinishedRuns(): Promise<RunSummary[]> {
    const listed = await this.engine().listRuns();
    if (!listed.ok) return this.fail(listed.error) ?? [];
    return listed.value.filter((run) => run.status !== "done" && run.status !== "cancelled");
  }

  async preview(target: string | StartOptions): Promise<PromptPreview | null> {
    const result = await this.engine().preview(target);
    return result.ok ? result.value : this.fail(result.error);
  }

  /** Reads the run's notes again and tells the listeners. */
  async refresh(runPath: string): Promise<RunSnapshot | null> {
    const loaded = await this.engine().loadRun(runPath);
    if (!loaded.ok) return null;
    const snapshot = snapshotOf(loaded.value);
    this.seen.set(runPath, snapshot);
    this.publish(runPath);
    return snapshot;
  }

  /** A note changed, appeared, moved or went away (the vault's events): the engine reads it again when it next needs it. */
  forgetNote(path: string): void {
    this.source.notes.forget(path);
  }

  forgetAllNotes(): void {
    this.source.notes.forgetAll();
  }

  /** Makes a run the active one (the last touched). */
  touch(runPath: string): void {
    this.active = runPath;
  }

  /** Aborts every advancing run: the plugin is unloading. */
  stopAll(): void {
    for (const running of this.advancing.values()) running.abort.abort();
  }

  private async gateThenAdvance(runPath: string, action: () => Promise<Result<AdvanceOutcome>>): Promise<AdvanceOutcome | null> {
    this.touch(runPath);
    if (!(await this.saveRunViews(runPath))) return null;
    const result = await action();
    if (!result.ok) return this.fail(result.error);
    if (result.value.status === "done" || result.value.status === "cancelled") {
      await this.report(result.value);
      await this.refresh(runPath);
      return result.value;
    }
    return this.advance(runPath);
  }

  /** A gate acts on what the person sees: every open view of the run's notes saves its unsaved typing first, then the engine reads. */
  private async saveRunViews(runPath: string): Promise<boolean> {
    try {
      await saveOpenViews(this.host.app, (file) => runOfFile(this.host.app, file) === runPath);
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return this.fail(`Could not save your open note of this run first (${reason}), so nothing was changed; try again.`) ?? false;
    }
  }

  private onEvent(runPath: string, event: RunEvent): void {
    this.seen.emit(runPath, event);
    if (event.type === "step-started" || event.type === "step-finished") void this.refresh(runPath);
  }

  private async report(outcome: AdvanceOutcome): Promise<void> {
    if (outcome.status === "done") this.host.notify("Run finished: every step is approved or skipped.");
    else if (outcome.status === "paused" || outcome.status === "failed") {
      const resume: NoticeAction = { label: "Resume", run: () => void this.resume(outcome.run) };
      this.host.notify(outcome.error ? `Run ${outcome.status}: ${outcome.error}` : `Run ${outcome.status}. Resume it to go on.`, resume);
    }
    if (outcome.gate?.waypointPath) await this.openNote(outcome.gate.waypointPath);
  }

  async openNote(path: string): Promise<void> {
    const file = this.host.app.vault.getAbstractFileByPath(path);
    if (!(file instanceof TFile)) {
      this.host.notify(`The note "${path}" is gone.`);
      return;
    }
    const runPath = runOfFile(this.host.app, file);
    try {
      await openInOwnTab(this.host.app, file, this.host.settings().openNotesIn, (other) => runPath !== null && runOfFile(this.host.app, other) === runPath);
    } catch {
      this.host.notify(`Could not open "${path}".`);
    }
  }

  private publish(runPath: string): void {
    this.seen.publish(runPath, this.active);
  }

  /** Every engine error ends here: one sentence to the person, null to the caller. */
  private fail(message: string): null {
    this.host.notify(message);
    return null;
  }
}
