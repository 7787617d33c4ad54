// The run view: the right-sidebar cockpit where a person reads one step's output, decides on it, and moves on.
import { ItemView, TFile } from "obsidian";
import type { WorkspaceLeaf } from "obsidian";
import type { RunEvent, RunSummary } from "../../core/run/engine-types";
import type { RunRecord } from "../../core/run/run-record";
import { folderOf } from "../../core/notes/names";
import type { ReviewController, ReviewView } from "../controllers/review-controller";
import type { RunController } from "../controllers/run-controller";
import { loadScorecard } from "../commands/scorecard";
import { pickStepToReopen } from "../commands/run";
import { ActionBar } from "./run-view-actions";
import { confirmCancel } from "./confirm-cancel";
import { findingKey, renderFindings } from "./findings-panel";
import type { FindingActions } from "./findings-panel";
import { PromptPreviewModal } from "./prompt-preview-modal";
import { fillRunPicker, watchRunList } from "./run-view-picker";
import { currentStepOf, elapsedOf, focusStepOf, renderHeader, renderSteps } from "./run-view-sections";
import type { LinkOpener } from "./run-view-sections";
import { openRolePicker } from "./role-picker-modal";
import { ScorecardSection } from "./scorecard-section";
import type { DueWatcher } from "../controllers/due-watcher";
import { renderDueSops } from "./due-sops-section";
import { renderProcedureLine } from "./run-view-procedure";
import { OutputSection } from "./run-view-output";

export const VIEW_TYPE_RUN = "sop-run-view";

export interface RunViewServices {
  runs: RunController;
  reviews: ReviewController;
  /** The runs folder from the settings (where the picker's runs live). */
  runsFolder(): string;
  /** Starts the "Run an SOP…" flow (the empty state's button). */
  startRun(): void;
  /** Recurring SOPs that are due, shown in their own section with a button to start each. */
  due?: DueWatcher;
  startDue?: (sopPath: string) => void;
  /** One sentence for the person (the procedure switch's outcome). */
  notify?: (message: string) => void;
}

export class RunView extends ItemView {
  /** The run chosen in the picker; null follows the controller's active run. */
  private chosen: string | null = null;
  private record: RunRecord | null = null;
  private refreshing: Promise<void> = Promise.resolve();
  private actions!: ActionBar;
  private pickerEl!: HTMLSelectElement;
  private headerEl!: HTMLElement;
  private procedureEl!: HTMLElement;
  private emptyEl!: HTMLElement;
  private bodyEl!: HTMLElement;
  private output!: OutputSection;
  private findingsEl!: HTMLElement;
  private stepsEl!: HTMLElement;
  private scorecard!: ScorecardSection;
  private readonly links: LinkOpener;
  /** Reasons accepted suggestions were not applied, so a redraw does not lose them. */
  private readonly reasons = new Map<string, string>();
  private reviews: ReviewView[] = [];
  /** The picker's runs, kept from the metadata cache and updated on its events. */
  private readonly listed = new Map<string, RunSummary>();

  constructor(leaf: WorkspaceLeaf, private readonly services: RunViewServices) {
    super(leaf);
    this.links = {
      open: (path) => void this.services.runs.openNote(path),
      openInNewTab: (path) => this.openInNewTab(path),
      exists: (path) => this.app.vault.getFileByPath(path) !== null,
    };
  }

  override getViewType(): string {
    return VIEW_TYPE_RUN;
  }

  override getDisplayText(): string {
    return "Run view";
  }

  override getIcon(): string {
    return "list-checks";
  }

  /** The run whose notes the view shows. */
  shownRun(): string | null {
    return this.chosen ?? this.services.runs.activeRun();
  }

  override async onOpen(): Promise<void> {
    const root = this.contentEl;
    root.empty();
    root.addClass("sop-run-view");
    this.pickerEl = root.createDiv({ cls: "sop-run-view-picker" }).createEl("select", { cls: "dropdown", attr: { "aria-label": "Run to show" } });
    this.registerDomEvent(this.pickerEl, "change", () => {
      this.chosen = this.pickerEl.value === "" ? null : this.pickerEl.value;
      void this.refresh();
    });
    this.renderDue(root.createDiv({ cls: "sop-run-view-due" }));
    this.headerEl = root.createDiv({ cls: "sop-run-view-header" });
    this.procedureEl = root.createDiv({ cls: "sop-run-view-procedure-row" });
    this.emptyEl = root.createDiv({ cls: "sop-run-view-empty" });
    this.bodyEl = root.createDiv({ cls: "sop-run-view-body" });
    const { runs, reviews } = this.services;
    this.actions = new ActionBar(this.bodyEl.createDiv({ cls: "sop-run-view-gate" }), {
      app: this.app,
      runs,
      record: () => this.record,
      listen: (el, type, handler) => this.registerDomEvent(el, type, handler),
      settled: () => void this.refresh(),
      reopen: (runPath) => void pickStepToReopen(this.app, runs, runPath).then(() => this.refresh()),
      checkWithRole: () => this.checkWithRole(),
      previewPrompt: (runPath) => void runs.preview(runPath).then((preview) => preview && new PromptPreviewModal(this.app, preview).open()),
      openRunNote: (runPath) => void runs.openNote(runPath),
      cancel: (runPath) => confirmCancel(this.app, runs, runPath),
    });

    this.output = new OutputSection(this.bodyEl, {
      app: this.app,
      owner: this,
      record: () => this.record,
      marks: () => this.openFindingMarks(),
      openOutput: () => {
        const path = this.focusWaypoint();
        if (path) this.openInNewTab(path);
      },
    });

    this.section(this.bodyEl, "Review findings");
    this.findingsEl = this.bodyEl.createDiv({ cls: "sop-run-view-section" });
    this.section(this.bodyEl, "Steps");
    this.stepsEl = this.bodyEl.createDiv({ cls: "sop-run-view-section" });
    this.scorecard = new ScorecardSection(this.bodyEl, {
      load: (sopPath, runsFolder) => loadScorecard(this.app, sopPath, runsFolder),
      listen: (el, handler) => this.registerDomEvent(el, "toggle", handler),
    });

    this.register(runs.onChange(() => void this.refresh()));
    this.register(runs.onRunEvent((runPath, event) => this.onRunEvent(runPath, event)));
    this.register(reviews.onChange((waypointPath, list) => this.onReviews(waypointPath, list)));
    // An accepted suggestion or the person's own edit changes the waypoint: its output and anchors are read again.
    // While the step streams the engine writes the note often, and the live text already shows it.
    this.registerEvent(
      this.app.vault.on("modify", (file) => {
        const record = this.record;
        if (record && !runs.isAdvancing(record.runPath) && file.path === this.focusWaypoint()) void this.refresh();
      }),
    );
    this.registerEvent(
      this.app.workspace.on("file-open", () => {
        if (this.chosen === null && this.shownRun() !== this.record?.runPath) void this.refresh();
      }),
    );
    const repick = (): void => fillRunPicker(this.pickerEl, this.listed, this.shownRun(), this.chosen);
    watchRunList(this.listed, {
      app: this.app,
      owner: this,
      runsFolder: () => this.services.runsFolder(),
      changed: repick,
      // The shown run changed outside the view (a command, another window): its notes are read again.
      runChanged: (path) => {
        if (path === this.record?.runPath && !this.services.runs.isAdvancing(path)) void this.refresh();
      },
    });
    // The elapsed time ticks while a run is open; only that one text changes.
    this.registerInterval(window.setInterval(() => this.tick(), 1000));
    await this.refresh();
  }

  private renderDue(el: HTMLElement): void {
    const { due, startDue } = this.services;
    if (!due) return;
    const actions = { start: (path: string) => startDue?.(path), open: (path: string) => void this.services.runs.openNote(path) };
    renderDueSops(el, due.result(), actions);
    this.register(due.onChange((result) => renderDueSops(el, result, actions)));
  }

  override async onClose(): Promise<void> {
    this.output.close();
    this.contentEl.empty();
    await Promise.resolve();
  }

  /** Reads the shown run again and redraws every section; calls queue so two refreshes never interleave their drawing. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.draw()).catch(() => undefined);
    return this.refreshing;
  }

  private async draw(): Promise<void> {
    const runPath = this.shownRun();
    fillRunPicker(this.pickerEl, this.listed, runPath, this.chosen);
    if (runPath === null) {
      this.record = null;
      this.showEmpty(null);
      return;
    }
    const loaded = await this.services.runs.loadRun(runPath);
    if (!loaded.ok) {
      this.record = null;
      this.showEmpty(loaded.error);
      return;
    }
    const record = loaded.value;
    this.output.drawn(this.record, record, currentStepOf(record));
    this.record = record;
    this.emptyEl.empty();
    this.bodyEl.removeClass("is-hidden");
    renderHeader(this.headerEl, record, this.links);
    renderProcedureLine(this.procedureEl, record, { app: this.app, runs: this.services.runs, notify: this.services.notify, onPicked: () => (this.chosen = null) });
    const canReopen = this.services.runs.isUnfinished(record.runPath) && !this.services.runs.isAdvancing(record.runPath);
    renderSteps(this.stepsEl, record, this.links, { reopen: (step) => void this.reopen(record.runPath, step.index) }, canReopen);
    // The runs folder is the run folder's parent, wherever the SOP or the settings put it.
    this.scorecard.show(record.sopPath, folderOf(record.folder));
    this.actions.update();
    const reviews = await this.loadReviews();
    this.reviews = reviews;
    await this.output.render();
    this.renderFindings(reviews);
  }

  private showEmpty(error: string | null): void {
    this.headerEl.empty();
    this.procedureEl.empty();
    this.emptyEl.empty();
    this.bodyEl.addClass("is-hidden");
    this.scorecard.show(null, "");
    this.actions.update();
    if (error !== null) {
      this.emptyEl.createDiv({ cls: "sop-run-view-error", text: error });
      return;
    }
    this.emptyEl.createDiv({ cls: "sop-run-view-empty-text", text: "No run yet — run an SOP from the palette: Run an SOP…" });
    const start = this.emptyEl.createEl("button", { cls: "mod-cta", text: "Run an SOP…", attr: { type: "button" } });
    start.addEventListener("click", () => this.services.startRun());
  }

  private section(root: HTMLElement, title: string): void {
    root.createDiv({ cls: "sop-run-view-section-title", text: title });
  }

  private tick(): void {
    const record = this.record;
    const el = this.headerEl.querySelector(".sop-run-view-elapsed");
    if (record && el && record.finished === "") el.setText(elapsedOf(record, Date.now()) ?? "");
  }

  private onRunEvent(runPath: string, event: RunEvent): void {
    if (runPath !== this.shownRun()) return;
    this.output.onRunEvent(runPath, event);
  }

  private openFindingMarks(): { quote: string; severity: "high" | "medium" | "low"; problem: string }[] {
    return this.reviews.flatMap((review) => review.findings.filter((item) => item.finding.state === "open" && !item.detached).map((item) => item.finding));
  }

  private openInNewTab(path: string): void {
    const file = this.app.vault.getFileByPath(path);
    if (!file) return;
    void this.app.workspace.getLeaf("tab").openFile(file);
  }

  private async reopen(runPath: string, step: number): Promise<void> {
    await this.services.runs.reopen(runPath, step);
    await this.refresh();
  }

  private checkWithRole(): void {
    const waypoint = this.focusWaypoint();
    if (waypoint) openRolePicker(this.app, this.services.reviews, waypoint);
  }

  /** The waypoint whose reviews the panel shows: the focused step's, when its note exists. */
  private focusWaypoint(): string | null {
    const record = this.record;
    const step = record ? focusStepOf(record) : null;
    const path = record && step ? record.waypointPaths.get(step.index) : undefined;
    return path && this.app.vault.getFileByPath(path) instanceof TFile ? path : null;
  }

  private async loadReviews(): Promise<ReviewView[]> {
    const waypoint = this.focusWaypoint();
    return waypoint ? this.services.reviews.reviewsOf(waypoint) : [];
  }

  private onReviews(waypointPath: string, reviews: ReviewView[]): void {
    if (waypointPath !== this.focusWaypoint()) return;
    this.reviews = reviews;
    this.renderFindings(reviews);
    void this.output.render();
  }

  private renderFindings(reviews: ReviewView[]): void {
    this.reviews = reviews;
    const waypointPath = this.focusWaypoint();
    const record = this.record;
    const { runs, reviews: reviewer } = this.services;
    const step = record ? currentStepOf(record) : null;
    const canRevise = record !== null && step !== null && runs.isAtGate(record.runPath) && record.waypointPaths.get(step.index) === waypointPath;
    const actions: FindingActions = {
      accept: async (review, item) => {
        const outcome = await reviewer.accept(review.waypointPath, review.path, item.finding.id);
        if (outcome && !outcome.applied) {
          this.reasons.set(findingKey(review, item), outcome.reason ?? "The suggestion was not applied.");
          this.renderFindings(this.reviews);
        }
      },
      dismiss: async (review, item) => {
        await reviewer.dismiss(review.waypointPath, review.path, item.finding.id);
      },
      sendToRevision: async (review, item) => {
        const feedback = await reviewer.feedbackFor(review.path, [item.finding.id]);
        if (feedback !== null && record) this.actions.act(runs.revise(record.runPath, feedback));
      },
      checkWithRole: () => this.checkWithRole(),
    };
    renderFindings(this.findingsEl, { waypointPath, reviews, checking: waypointPath !== null && reviewer.isChecking(waypointPath), canRevise, reasons: this.reasons }, actions);
  }
}
