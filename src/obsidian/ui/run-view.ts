// The run view: the right-sidebar cockpit where a person reads one step's output, decides on it, and moves on.
import { Component, ItemView, MarkdownRenderer, TFile } from "obsidian";
import type { WorkspaceLeaf } from "obsidian";
import type { RunEvent, RunSummary } from "../../core/run/engine-types";
import type { RunRecord } from "../../core/run/run-record";
import type { StepState } from "../../core/run/run-types";
import { folderOf } from "../../core/notes/names";
import type { ReviewController, ReviewView } from "../controllers/review-controller";
import type { RunController } from "../controllers/run-controller";
import { isUnderFolder, runSummaryOf } from "../adapters/run-list";
import { loadScorecard } from "../commands/scorecard";
import { pickStepToReopen } from "../commands/run";
import { ActionBar } from "./run-view-actions";
import { confirmCancel } from "./confirm-cancel";
import { findingKey, renderFindings } from "./findings-panel";
import type { FindingActions } from "./findings-panel";
import { iconButton } from "./icon-button";
import { highlightQuotes } from "./output-highlights";
import { PromptPreviewModal } from "./prompt-preview-modal";
import { renderRevisionDiff } from "./revision-diff";
import { fillRunPicker } from "./run-view-picker";
import { currentStepOf, elapsedOf, focusStepOf, renderHeader, renderSteps, revisionLabel } from "./run-view-sections";
import type { LinkOpener } from "./run-view-sections";
import { openRolePicker } from "./role-picker-modal";
import { ScorecardSection } from "./scorecard-section";
import type { DueWatcher } from "../controllers/due-watcher";
import { renderDueSops } from "./due-sops-section";
import { renderProcedureLine } from "./run-view-procedure";

export const VIEW_TYPE_RUN = "sop-run-view";

/** Live output re-renders at most this often (4 per second) however fast the model streams. */
const OUTPUT_INTERVAL_MS = 250;

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
  private live: { runPath: string; step: number; text: string } | null = null;
  private outputTimer: number | null = null;
  private outputGeneration = 0;
  /** A render in flight; the next one waits for it, so renders never overlap. */
  private rendering: Promise<void> = Promise.resolve();
  /** Owns the children of the output's last Markdown render; unloaded before the next render replaces it. */
  private outputChild: Component | null = null;
  /** The output shows the revision diff instead of the text. */
  private showDiff = false;
  private refreshing: Promise<void> = Promise.resolve();
  private actions!: ActionBar;
  private pickerEl!: HTMLSelectElement;
  private headerEl!: HTMLElement;
  private procedureEl!: HTMLElement;
  private emptyEl!: HTMLElement;
  private bodyEl!: HTMLElement;
  private outputTitleEl!: HTMLElement;
  private diffButton!: HTMLButtonElement;
  private outputEl!: HTMLElement;
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

    const output = this.bodyEl.createDiv({ cls: "sop-run-view-output-section" });
    const outputHead = output.createDiv({ cls: "sop-run-view-output-head" });
    this.outputTitleEl = outputHead.createDiv({ cls: "sop-run-view-output-title" });
    this.diffButton = iconButton(outputHead, "git-compare", "What changed since Revision 1", "sop-run-view-diff-toggle");
    this.registerDomEvent(this.diffButton, "click", () => {
      this.showDiff = !this.showDiff;
      void this.renderOutput();
    });
    const openOutput = iconButton(outputHead, "file-symlink", "Open the step output in a new tab", "sop-run-view-open-output");
    this.registerDomEvent(openOutput, "click", () => {
      const path = this.focusWaypoint();
      if (path) this.openInNewTab(path);
    });
    this.outputEl = output.createDiv({ cls: ["sop-run-view-output", "markdown-rendered"] });

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
    this.watchRunList();
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
    if (this.outputTimer !== null) window.clearTimeout(this.outputTimer);
    this.outputTimer = null;
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
    if (record.runPath !== this.record?.runPath) this.showDiff = false;
    this.record = record;
    this.emptyEl.empty();
    this.bodyEl.removeClass("is-hidden");
    const current = currentStepOf(record);
    if (this.live && (this.live.runPath !== runPath || current?.status !== "streaming")) this.live = null;
    renderHeader(this.headerEl, record, this.links);
    renderProcedureLine(this.procedureEl, record, { app: this.app, runs: this.services.runs, notify: this.services.notify, onPicked: () => (this.chosen = null) });
    const canReopen = this.services.runs.isUnfinished(record.runPath) && !this.services.runs.isAdvancing(record.runPath);
    renderSteps(this.stepsEl, record, this.links, { reopen: (step) => void this.reopen(record.runPath, step.index) }, canReopen);
    // The runs folder is the run folder's parent, wherever the SOP or the settings put it.
    this.scorecard.show(record.sopPath, folderOf(record.folder));
    this.actions.update();
    const reviews = await this.loadReviews();
    this.reviews = reviews;
    await this.renderOutput();
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

  /** The picker's list comes from the metadata cache once, then follows its events: no run note is read to list runs. */
  private watchRunList(): void {
    const folder = (): string => this.services.runsFolder();
    const update = (file: TFile): void => {
      const summary = isUnderFolder(file.path, folder()) ? runSummaryOf(this.app, file) : null;
      const before = this.listed.get(file.path);
      if (summary) this.listed.set(file.path, summary);
      else this.listed.delete(file.path);
      if (JSON.stringify(before) === JSON.stringify(summary ?? undefined)) return;
      fillRunPicker(this.pickerEl, this.listed, this.shownRun(), this.chosen);
      // The shown run changed outside the view (a command, another window): its notes are read again.
      if (file.path === this.record?.runPath && !this.services.runs.isAdvancing(file.path)) void this.refresh();
    };
    for (const file of this.app.vault.getMarkdownFiles()) {
      const summary = isUnderFolder(file.path, folder()) ? runSummaryOf(this.app, file) : null;
      if (summary) this.listed.set(file.path, summary);
    }
    this.registerEvent(
      this.app.metadataCache.on("changed", (file) => {
        if (file instanceof TFile) update(file);
      }),
    );
    this.registerEvent(
      this.app.vault.on("delete", (file) => {
        if (this.listed.delete(file.path)) fillRunPicker(this.pickerEl, this.listed, this.shownRun(), this.chosen);
      }),
    );
    this.registerEvent(
      this.app.vault.on("rename", (file, oldPath) => {
        this.listed.delete(oldPath);
        if (file instanceof TFile) update(file);
        else fillRunPicker(this.pickerEl, this.listed, this.shownRun(), this.chosen);
      }),
    );
  }

  private tick(): void {
    const record = this.record;
    const el = this.headerEl.querySelector(".sop-run-view-elapsed");
    if (record && el && record.finished === "") el.setText(elapsedOf(record, Date.now()) ?? "");
  }

  private onRunEvent(runPath: string, event: RunEvent): void {
    if (runPath !== this.shownRun()) return;
    if (event.type === "step-started") this.live = { runPath, step: event.step, text: "" };
    else if (event.type === "delta") {
      if (this.live?.runPath !== runPath || this.live.step !== event.step) this.live = { runPath, step: event.step, text: "" };
      this.live.text += event.text;
      this.scheduleOutput();
    }
  }

  /** Throttles live renders: one at most per interval, never two at once. */
  private scheduleOutput(): void {
    if (this.outputTimer !== null) return;
    this.outputTimer = window.setTimeout(() => {
      this.outputTimer = null;
      void this.renderOutput();
    }, OUTPUT_INTERVAL_MS);
  }

  private renderOutput(): Promise<void> {
    const generation = ++this.outputGeneration;
    this.rendering = this.rendering.then(() => (generation === this.outputGeneration ? this.drawOutput(generation) : undefined)).catch(() => undefined);
    return this.rendering;
  }

  /**
   * Renders into a detached element owned by a fresh child component and swaps it in; the previous render's component
   * is unloaded then, so the render children (embeds, code blocks, their listeners) of old renders never pile up.
   */
  private async drawOutput(generation: number): Promise<void> {
    const record = this.record;
    const step = record ? focusStepOf(record) : null;
    const target = createDiv({ cls: "sop-run-view-output-body" });
    const child = new Component();
    this.addChild(child);
    this.drawOutputTitle(step);
    if (!record || !step) target.createDiv({ cls: "sop-run-view-muted", text: "Nothing to show yet." });
    else {
      const text = this.live && this.live.step === step.index ? this.live.text : step.text;
      const first = step.archived.find((kept) => kept.revision === 1);
      if (this.showDiff && first && !this.live) renderRevisionDiff(target, first.text, text, 1, step.revision);
      else if (text.trim() === "") target.createDiv({ cls: "sop-run-view-muted", text: step.status === "pending" ? "This step has not started yet." : "Nothing written yet. The step output appears here as it is written." });
      else {
        await MarkdownRenderer.render(this.app, text, target.createDiv(), record.waypointPaths.get(step.index) ?? record.runPath, child);
        if (!this.live) highlightQuotes(target, this.openFindingMarks());
      }
    }
    if (generation !== this.outputGeneration) {
      this.removeChild(child);
      return;
    }
    if (this.outputChild) this.removeChild(this.outputChild);
    this.outputChild = child;
    this.outputEl.empty();
    this.outputEl.appendChild(target);
  }

  private drawOutputTitle(step: StepState | null): void {
    this.outputTitleEl.empty();
    this.outputTitleEl.createSpan({ cls: "sop-run-view-output-label", text: "Step output" });
    if (step) {
      this.outputTitleEl.createSpan({ cls: "sop-run-view-output-step", text: `${step.index}. ${step.title}` });
      if (step.revision > 0) this.outputTitleEl.createSpan({ cls: "sop-run-view-output-revision", text: revisionLabel(step.revision) });
    }
    const canDiff = step !== null && step.archived.some((kept) => kept.revision === 1) && step.revision > 1;
    this.diffButton.toggleClass("is-hidden", !canDiff);
    this.diffButton.toggleClass("is-active", canDiff && this.showDiff);
    this.diffButton.setAttr("aria-pressed", String(canDiff && this.showDiff));
    if (!canDiff) this.showDiff = false;
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
    void this.renderOutput();
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
