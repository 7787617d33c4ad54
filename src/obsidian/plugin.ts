// The plugin's lifecycle: onload loads settings and registers; anything heavier waits for the layout to be ready.
import { Notice, Plugin, TFile } from "obsidian";
import type { TAbstractFile } from "obsidian";
import { registerCommands } from "./commands/index";
import { registerRunCommands, startRunFromPicker } from "./commands/run";
import { registerBatchCommands } from "./commands/batch";
import { registerAmendCommands } from "./commands/amend";
import { registerScorecardCommand } from "./commands/scorecard";
import { registerChooseProcedureCommand } from "./commands/choose-procedure";
import { registerMakeRunnableCommand } from "./commands/make-runnable";
import type { EndpointConfig, ModelLayer } from "../core/ports";
import { RunController } from "./controllers/run-controller";
import { RunStatusBar } from "./ui/run-status-bar";
import { ReviewController } from "./controllers/review-controller";
import { activateRunView, registerRunView } from "./ui/run-view-setup";
import { noticeWithAction } from "./ui/notice-action";
import { InterruptedRunFinder, interruptedRunsNotice } from "./adapters/interrupted-runs";
import { openInOwnTab } from "./adapters/open-views";
import { runOfFile } from "./adapters/run-of-file";
import { obsidianYaml } from "./adapters/obsidian-yaml";
import { ProcedureCache } from "./adapters/procedure-cache";
import { DEFAULT_SETTINGS, settingsFromData } from "./settings";
import type { SopRuntimeSettings } from "./settings";
import { SopRuntimeSettingTab } from "./ui/settings-tab";
import { SopCatalog } from "./adapters/sop-catalog";
import { TaggedNoteFinder } from "./adapters/tagged-notes";
import { LastRunFinder } from "./adapters/last-runs";
import { DueWatcher, recurringSops } from "./controllers/due-watcher";
import { DueStatusBar } from "./ui/due-status-bar";
import { startWithInputs } from "./commands/start-with-inputs";
import { withoutControlCharacters } from "../core/notes/untrusted-text";
import { confirmBudget } from "./ui/confirm-budget";

/** How often recurring SOPs and overdue steps are checked once the layout is ready. */
const DUE_CHECK_MS = 60 * 60 * 1000;

/** A notice that offers a button stays until the person clicks it or dismisses it (Notice duration 0). */
const ACTION_NOTICE_MS = 0;

export default class SopRuntimePlugin extends Plugin {
  override settings: SopRuntimeSettings = { ...DEFAULT_SETTINGS };
  /** Null until onload: the services hold no data until first used. */
  private procedures: ProcedureCache | null = null;
  /** The model layer (src/llm), passed in by main.ts; null builds only checklist runs. */
  modelLayer: ModelLayer | null = null;
  runs: RunController | null = null;
  reviews: ReviewController | null = null;
  /** Recurring SOPs that are due and overdue runs; checked after layout-ready and hourly. */
  due: DueWatcher | null = null;

  override async onload(): Promise<void> {
    await this.loadSettings();
    this.addSettingTab(new SopRuntimeSettingTab(this.app, this, this));

    const procedures = new ProcedureCache(this.app.vault, obsidianYaml);
    this.procedures = procedures;
    const catalog = new SopCatalog(
      new TaggedNoteFinder(this.app.vault, this.app.metadataCache),
      procedures,
      () => this.settings.sopTag,
      new LastRunFinder(this.app.vault, this.app.metadataCache),
    );
    const services = {
      app: this.app,
      catalog,
      sopTag: () => this.settings.sopTag,
      notify: (message: string) => this.notify(message),
    };
    registerCommands(this, services);
    const runs = new RunController({
      app: this.app,
      settings: () => this.settings,
      saveSettings: () => this.saveSettings(),
      notify: (message, action) => this.notify(action ? noticeWithAction(message, action) : message, action ? ACTION_NOTICE_MS : undefined),
      modelLayer: this.modelLayer,
    });
    this.runs = runs;
    registerRunCommands(this, { ...services, runs });
    registerBatchCommands(this, { ...services, runs, settings: () => this.settings });
    registerAmendCommands(this, { ...services, runs, settings: () => this.settings });
    registerScorecardCommand(this, { ...services, runs, settings: () => this.settings });
    registerChooseProcedureCommand(this, { ...services, runs });
    registerMakeRunnableCommand(this, { ...services, runs, settings: () => this.settings });
    const reviews = new ReviewController({
      app: this.app,
      settings: () => this.settings,
      notify: (message) => this.notify(message),
      model: () => runs.model(),
    });
    this.reviews = reviews;
    const lastRuns = new LastRunFinder(this.app.vault, this.app.metadataCache);
    const due = new DueWatcher({
      // From the metadata cache alone: an hourly check never reads a note.
      sops: () => Promise.resolve(recurringSops(this.app, this.settings.sopTag)),
      lastRuns: () => lastRuns.bySop(),
      openRuns: () => runs.unfinishedRuns(),
      now: () => new Date(),
    });
    this.due = due;
    const startDue = (sopPath: string): void => void startWithInputs(this.app, runs, { sopPath }).then(() => this.checkDue());
    registerRunView(this, { runs, reviews, runsFolder: () => this.settings.runsFolder, startRun: () => startRunFromPicker({ ...services, runs }), due, startDue, notify: services.notify });
    const statusBarEl = this.addStatusBarItem();
    const statusBar = new RunStatusBar(statusBarEl);
    this.registerDomEvent(statusBarEl, "click", () => {
      if (statusBar.run()) void activateRunView(this.app);
    });
    this.register(runs.onChange((snapshot) => statusBar.show(snapshot)));
    this.register(() => runs.stopAll());
    const dueBarEl = this.addStatusBarItem();
    const dueBar = new DueStatusBar(dueBarEl);
    this.registerDomEvent(dueBarEl, "click", () => void activateRunView(this.app));
    this.register(due.onChange((result) => dueBar.show(result)));

    // Vault events fire once per file while the vault loads; listening only after layout-ready skips that storm.
    this.app.workspace.onLayoutReady(() => {
      this.watchVault();
      this.offerInterruptedRuns();
      void this.checkDue();
      this.registerInterval(window.setInterval(() => void this.checkDue(), DUE_CHECK_MS));
    });
  }

  /** Every message to the person goes through here: one sentence, or a sentence with buttons. */
  notify(message: string | DocumentFragment, durationMs?: number): void {
    // A model's or an endpoint's words may carry control characters; a notice shows none (fragments are built clean).
    new Notice(typeof message === "string" ? withoutControlCharacters(message) : message, durationMs);
  }

  /** Checks for due SOPs and overdue steps; an overdue step is announced once, and nothing is ever approved for the person. */
  async checkDue(): Promise<void> {
    const fresh = await this.due?.check();
    for (const run of fresh ?? []) {
      const who = run.owner ? ` (${run.owner})` : "";
      this.notify(`Step ${run.step} of "${run.run.slice(run.run.lastIndexOf("/") + 1).replace(/\.md$/, "")}"${who} was due ${run.due.replace("T", " ")} and is overdue.`);
    }
  }

  /** The endpoint the settings describe (for the settings tab's model list and connection test). */
  endpoint(): EndpointConfig | null {
    return this.runs?.endpoint() ?? null;
  }

  async loadSettings(): Promise<void> {
    let data: unknown = null;
    try {
      data = await this.loadData();
    } catch {
      this.notify("Could not read the saved options, so the defaults apply until you change them.");
    }
    this.settings = settingsFromData(data);
  }

  async saveSettings(): Promise<void> {
    await this.saveData(this.settings);
  }

  /** Runs left `running` by a closed app, each offered once; the notice stays until dismissed because it asks for an action. */
  private offerInterruptedRuns(): void {
    const interrupted = new InterruptedRunFinder(this.app.vault, this.app.metadataCache).find();
    const offered = new Set(this.settings.offeredInterruptedRuns);
    const runs = interrupted.filter((run) => !offered.has(run.path));
    // Only runs still interrupted are remembered, so the list does not grow; a run interrupted again is offered again.
    const remembered = interrupted.map((run) => run.path);
    if (remembered.length !== offered.size || runs.length > 0) {
      this.settings.offeredInterruptedRuns = remembered;
      void this.saveSettings();
    }
    if (runs.length === 0) return;
    const open = (path: string): void => {
      const file = this.app.vault.getFileByPath(path);
      if (!file) {
        this.notify(`The run note "${path}" is gone.`);
        return;
      }
      openInOwnTab(this.app, file, this.settings.openNotesIn, (other) => runOfFile(this.app, other) === path).catch(() => this.notify(`Could not open the run note "${path}".`));
    };
    const resume = (path: string): void => {
      // Resumed here: should the app close mid-step again, the next start offers it again.
      this.settings.offeredInterruptedRuns = this.settings.offeredInterruptedRuns.filter((p) => p !== path);
      void this.saveSettings();
      const runs = this.runs;
      if (runs) void confirmBudget(this.app, runs, path, () => void runs.resume(path));
    };
    this.notify(interruptedRunsNotice(runs, { open, resume }), 0);
  }

  private watchVault(): void {
    // What was read before the vault's events were heard may be out of date.
    this.runs?.forgetAllNotes();
    const forget = (file: TAbstractFile, oldPath?: string): void => {
      if (!(file instanceof TFile)) return;
      this.procedures?.forget(file.path);
      this.runs?.forgetNote(file.path);
      if (oldPath !== undefined) this.procedures?.forget(oldPath);
      if (oldPath !== undefined) this.runs?.forgetNote(oldPath);
    };
    this.registerEvent(this.app.vault.on("create", (file) => forget(file)));
    this.registerEvent(this.app.vault.on("modify", (file) => forget(file)));
    this.registerEvent(this.app.vault.on("delete", (file) => forget(file)));
    this.registerEvent(this.app.vault.on("rename", (file, oldPath) => forget(file, oldPath)));
  }
}
