// Drives runs inside Obsidian: builds the engine over the vault, tracks the active run, cancels streams, reports status.
import { TFile } from "obsidian";
import type { App } from "obsidian";
import { RunEngine } from "../../core/run/engine";
import type { AdvanceOutcome, PromptPreview, RunEvent, RunSummary, StartOptions } from "../../core/run/engine-types";
import type { RunRecord } from "../../core/run/run-record";
import type { Result } from "../../core/notes/result";
import type { ModelPort, TokenUsage } from "../../core/ports";
import type { RunMode } from "../../core/sop/types";
import type { EndpointConfig, ModelLayer } from "../../core/ports";
import { ObsidianVault } from "../adapters/obsidian-vault";
import { obsidianYaml } from "../adapters/obsidian-yaml";
import type { SopRuntimeSettings } from "../settings";
import type { FetchLike, RequestUrlLike } from "../adapters/transport/fallback-fetch";
import { pluginTransport } from "../adapters/transport/plugin-transport";
import { runOfFile } from "../adapters/run-of-file";
import { listRunsFromCache } from "../adapters/run-list";
import { snapshotOf } from "./run-snapshot";
import { loadProcedure } from "../../core/sop/load-procedure";
import type { InputSpec } from "../../core/sop/inputs";
import type { RunSnapshot } from "./run-snapshot";
import { ObsidianLockFiles } from "../adapters/lock-files";
import { createRuntime, type Runtime } from "../../core/app/runtime";
import { runtimeConfigOf } from "../settings";
import { openInOwnTab, saveOpenViews } from "../adapters/open-views";
import { runStatusOf } from "../../core/run/run-note";
import { budgetQuestion, enginePrice } from "./run-pricing";
import { NoteCache } from "../../core/notes/note-cache";

export type { RunSnapshot } from "./run-snapshot";

export interface NoticeAction {
  label: string;
  run(): void;
}

export interface RunControllerHost {
  app: App;
  settings(): SopRuntimeSettings;
  saveSettings(): Promise<void>;
  /** One sentence to the person; with an action, a button that does it (Resume, for a paused run). */
  notify(message: string, action?: NoticeAction): void;
  modelLayer: ModelLayer | null;
  /** Test seams: the model port to use instead of one built from settings, and the transports. */
  model?: () => ModelPort | null;
  fetch?: FetchLike;
  requestUrl?: RequestUrlLike;
}

export type SnapshotListener = (snapshot: RunSnapshot | null) => void;
/** Every progress event of every run this controller advances (the run view's live output). */
export type RunEventListener = (runPath: string, event: RunEvent) => void;

export class RunController {
  private active: string | null = null;
  private readonly snapshots = new Map<string, RunSnapshot>();
  private readonly advancing = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private readonly listeners = new Set<SnapshotListener>();
  private readonly eventListeners = new Set<RunEventListener>();
  private cached: { key: string; runtime: Runtime } | null = null;
  /** Models without a price already told about in this session. */
  private readonly unpriced = new Set<string>();
  /** One lock holder for the app's lifetime: a run this window drives stays its own across settings changes. */
  private readonly locks: ObsidianLockFiles;
  /** What the engine has read of the vault, for the app's lifetime; the plugin forgets a note whenever the vault says it changed. */
  private readonly notes = new NoteCache();

  constructor(private readonly host: RunControllerHost) {
    this.locks = new ObsidianLockFiles(host.app);
  }

  /** The run the gate commands act on: the open note's run, else the last one touched. */
  activeRun(): string | null {
    const file = this.host.app.workspace.getActiveFile();
    const fromFile = file ? runOfFile(this.host.app, file) : null;
    return fromFile ?? this.active;
  }

  snapshot(runPath: string | null = this.activeRun()): RunSnapshot | null {
    return runPath ? (this.snapshots.get(runPath) ?? null) : null;
  }

  /** Whether the run waits at a gate (what gate commands check before they show); synchronous, from memory or the metadata cache. */
  isAtGate(runPath: string | null = this.activeRun()): boolean {
    return runPath !== null && !this.advancing.has(runPath) && this.knownStatus(runPath) === "awaiting-review";
  }

  /** Whether the run can still be cancelled or previewed. */
  isUnfinished(runPath: string | null = this.activeRun()): boolean {
    if (runPath === null) return false;
    const status = this.knownStatus(runPath);
    return status !== null && status !== "done" && status !== "cancelled";
  }

  /** The status this session last saw, else what the run note's properties say. */
  private knownStatus(runPath: string): RunSummary["status"] | null {
    const known = this.snapshots.get(runPath)?.status;
    if (known) return known;
    const file = this.host.app.vault.getFileByPath(runPath);
    const status: unknown = file ? runStatusOf(this.host.app.metadataCache.getFileCache(file)?.frontmatter) : undefined;
    return typeof status === "string" ? (status as RunSummary["status"]) : null;
  }

  isAdvancing(runPath: string | null = this.activeRun()): boolean {
    return runPath !== null && this.advancing.has(runPath);
  }

  onChange(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onRunEvent(listener: RunEventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** The run rebuilt from its notes, or null when it cannot be read (the run view shows why). */
  async loadRun(runPath: string): Promise<Result<RunRecord>> {
    return this.engine().loadRun(runPath);
  }

  /** Every run under the runs folder, for the run view's picker: from the metadata cache, so no note is read. */
  listRuns(): RunSummary[] {
    return listRunsFromCache(this.host.app, this.host.settings().runsFolder);
  }

  /** The endpoint from the settings, the key read from secret storage at call time; null when no provider is set. */
  endpoint(): EndpointConfig | null {
    const settings = this.host.settings();
    const layer = this.host.modelLayer;
    if (!layer || settings.provider === "" || settings.baseUrl === "") return null;
    const preset = layer.presets.find((p) => p.id === settings.provider);
    const apiKey = settings.apiKeySecret ? (this.host.app.secretStorage.getSecret(settings.apiKeySecret) ?? "") : "";
    return {
      baseUrl: settings.baseUrl,
      apiKey,
      fetch: this.transport(),
      isOpenAI: preset?.isOpenAI,
      keyHint: "the API key secret in the plugin's options",
      baseUrlHint: "the base URL in the plugin's options",
      timeoutMs: settings.timeoutSeconds * 1000,
      maxRetries: settings.retries,
    };
  }

  /** Prices a step's tokens on a model with the settings' table (or the default one); null without a model layer. */
  pricing(): ((usage: TokenUsage, model: string) => { usd: number; known: boolean }) | null {
    const layer = this.host.modelLayer;
    if (!layer) return null;
    const prices = this.host.settings().prices ?? layer.defaultPrices;
    return (usage, model) => layer.costOf(usage, model, prices);
  }

  /** Why a run should be confirmed before it starts or resumes (a run budget its model's unknown price cannot keep), or null. */
  budgetQuestion(): string | null {
    const settings = this.host.settings();
    const hasModel = this.host.model ? this.host.model() !== null : this.endpoint() !== null;
    return hasModel ? budgetQuestion(this.pricing(), settings.defaultModel, settings.budgetUsd) : null;
  }

  engine(): RunEngine {
    return this.runtime().engine;
  }

  /** The engine, review service and batch runner for the current settings, rebuilt only when they change. */
  runtime(): Runtime {
    const settings = this.host.settings();
    // The secret's value is part of the key (in memory only) so that a key changed in secret storage takes effect.
    const secret = settings.apiKeySecret ? this.host.app.secretStorage.getSecret(settings.apiKeySecret) : null;
    const key = JSON.stringify([settings.provider, settings.baseUrl, secret, runtimeConfigOf(settings), settings.prices, settings.timeoutSeconds, settings.retries]);
    if (this.cached?.key === key) return this.cached.runtime;
    const pricing = this.pricing();
    const runtime = createRuntime(
      {
        vault: ObsidianVault.fromApp(this.host.app),
        yaml: obsidianYaml,
        clock: { now: () => new Date() },
        model: this.model(),
        price: pricing ? enginePrice(pricing, this.unpriced, (message) => this.host.notify(message)) : undefined,
        locks: this.locks,
        notes: this.notes,
      },
      runtimeConfigOf(settings),
    );
    this.cached = { key, runtime };
    return runtime;
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
    this.snapshots.set(runPath, snapshot);
    this.publish(runPath);
    return snapshot;
  }

  /** A note changed, appeared, moved or went away (the vault's events): the engine reads it again when it next needs it. */
  forgetNote(path: string): void {
    this.notes.forget(path);
  }

  forgetAllNotes(): void {
    this.notes.forgetAll();
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
    for (const listener of this.eventListeners) listener(runPath, event);
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

  /** The model from the settings (also what reviewers ask); null when none is set up. */
  model(): ModelPort | null {
    if (this.host.model) return this.host.model();
    const endpoint = this.endpoint();
    if (!endpoint || !this.host.modelLayer) return null;
    try {
      return this.host.modelLayer.createModel(endpoint);
    } catch (error) {
      // A model that cannot be built must not leave the person stuck: the steps fall back to checklists, and they are told.
      const reason = error instanceof Error ? error.message : String(error);
      this.host.notify(`Could not set up the model at ${endpoint.baseUrl} (${reason}), so steps go to you as checklists.`);
      return null;
    }
  }

  private transport(): FetchLike {
    return pluginTransport(this.host);
  }

  private publish(runPath: string): void {
    if (runPath !== this.active) return;
    const snapshot = this.snapshots.get(runPath) ?? null;
    for (const listener of this.listeners) listener(snapshot);
  }

  /** Every engine error ends here: one sentence to the person, null to the caller. */
  private fail(message: string): null {
    this.host.notify(message);
    return null;
  }
}
