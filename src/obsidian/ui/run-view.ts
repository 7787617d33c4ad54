// The run view: the right-sidebar cockpit where a person follows a run, decides at each gate and works through review findings.
import { ItemView, MarkdownRenderer, TFile } from "obsidian";
import type { WorkspaceLeaf } from "obsidian";
import type { RunEvent, RunSummary } from "../../core/run/engine-types";
import type { RunRecord } from "../../core/run/run-record";
import type { ReviewController, ReviewView } from "../review-controller";
import type { RunController } from "../run-controller";
import { findingKey, renderFindings } from "./findings-panel";
import type { FindingActions } from "./findings-panel";
import { GateBar } from "./run-view-gate";
import { describeRun } from "./run-picker-modal";
import { currentStepOf, focusStepOf, noteName, renderHeader, renderPreview, renderTimeline } from "./run-view-sections";
import type { LinkOpener } from "./run-view-sections";
import { openRolePicker } from "./role-picker-modal";
import { ScorecardSection } from "./scorecard-section";
import { folderOf } from "../../core/run/note-names";
import { loadScorecard } from "../scorecard-command";

export const VIEW_TYPE_RUN = "sop-run-view";

/** Live output re-renders at most this often (4 per second) however fast the model streams. */
const OUTPUT_INTERVAL_MS = 250;

export interface RunViewServices {
  runs: RunController;
  reviews: ReviewController;
}

export class RunView extends ItemView {
  /** The run chosen in the picker; null follows the controller's active run. */
  private chosen: string | null = null;
  private record: RunRecord | null = null;
  private live: { runPath: string; step: number; text: string } | null = null;
  private outputTimer: number | null = null;
  private outputGeneration = 0;
  private refreshing: Promise<void> = Promise.resolve();
  private gate!: GateBar;
  private pickerEl!: HTMLSelectElement;
  private headerEl!: HTMLElement;
  private timelineEl!: HTMLElement;
  private outputEl!: HTMLElement;
  private findingsEl!: HTMLElement;
  private previewEl!: HTMLDetailsElement;
  private previewBodyEl!: HTMLElement;
  private scorecard!: ScorecardSection;
  private readonly links: LinkOpener;
  /** Reasons accepted suggestions were not applied, so a redraw does not lose them. */
  private readonly reasons = new Map<string, string>();
  private reviews: ReviewView[] = [];
  private listed: RunSummary[] | null = null;

  constructor(leaf: WorkspaceLeaf, private readonly services: RunViewServices) {
    super(leaf);
    this.links = {
      open: (path) => void this.services.runs.openNote(path),
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
    const pickerRow = root.createDiv({ cls: "sop-run-view-picker" });
    this.pickerEl = pickerRow.createEl("select", { cls: "dropdown", attr: { "aria-label": "Run to show" } });
    this.registerDomEvent(this.pickerEl, "focus", () => void this.fillPicker(this.shownRun(), true));
    this.registerDomEvent(this.pickerEl, "change", () => {
      this.chosen = this.pickerEl.value === "" ? null : this.pickerEl.value;
      void this.refresh();
    });
    this.headerEl = root.createDiv({ cls: "sop-run-view-header" });
    this.gate = new GateBar(root.createDiv({ cls: "sop-run-view-gate" }), {
      app: this.app,
      runs: this.services.runs,
      record: () => this.record,
      listen: (el, handler) => this.registerDomEvent(el, "click", handler),
      settled: () => void this.refresh(),
    });
    this.section(root, "Steps");
    this.timelineEl = root.createDiv({ cls: "sop-run-view-section" });
    this.section(root, "Output");
    this.outputEl = root.createDiv({ cls: ["sop-run-view-section", "sop-run-view-output", "markdown-rendered"] });
    this.section(root, "Review findings");
    this.findingsEl = root.createDiv({ cls: "sop-run-view-section" });
    this.previewEl = root.createEl("details", { cls: "sop-run-view-preview" });
    this.previewEl.createEl("summary", { text: "What will be sent" });
    this.previewBodyEl = this.previewEl.createDiv({ cls: "sop-run-view-section" });
    this.registerDomEvent(this.previewEl, "toggle", () => {
      if (this.previewEl.open) void this.renderPreview();
    });
    this.scorecard = new ScorecardSection(root, {
      load: (sopPath, runsFolder) => loadScorecard(this.app, sopPath, runsFolder),
      listen: (el, handler) => this.registerDomEvent(el, "toggle", handler),
    });

    const { runs, reviews } = this.services;
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
    await this.refresh();
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
    await this.fillPicker(runPath);
    if (runPath === null) {
      this.record = null;
      this.headerEl.empty();
      this.headerEl.createDiv({ cls: "sop-run-view-muted", text: "No run yet. Start one with the command \"Run an SOP…\"." });
      for (const el of [this.timelineEl, this.outputEl, this.findingsEl, this.previewBodyEl]) el.empty();
      this.scorecard.show(null, "");
      this.gate.update();
      return;
    }
    const loaded = await this.services.runs.loadRun(runPath);
    if (!loaded.ok) {
      this.record = null;
      this.headerEl.empty();
      this.headerEl.createDiv({ cls: "sop-run-view-error", text: loaded.error });
      this.gate.update();
      return;
    }
    const record = loaded.value;
    this.record = record;
    const current = currentStepOf(record);
    if (this.live && (this.live.runPath !== runPath || current?.status !== "streaming")) this.live = null;
    renderHeader(this.headerEl, record, this.links);
    renderTimeline(this.timelineEl, record, this.links);
    // The runs folder is the run folder's parent, wherever the SOP or the settings put it.
    this.scorecard.show(record.sopPath, folderOf(record.folder));
    this.gate.update();
    await this.renderOutput();
    this.renderFindings(await this.loadReviews());
    if (this.previewEl.open) await this.renderPreview();
  }

  private section(root: HTMLElement, title: string): void {
    root.createDiv({ cls: "sop-run-view-section-title", text: title });
  }

  /** Listing reads every run note, so it happens on open, when the picker is focused, and when a new run appears. */
  private async fillPicker(shown: string | null, reload = false): Promise<void> {
    if (reload || this.listed === null || (shown !== null && !this.listed.some((r) => r.run === shown))) this.listed = await this.services.runs.listRuns();
    this.pickerEl.empty();
    this.pickerEl.createEl("option", { text: "Follow the active run", attr: { value: "" } });
    for (const run of this.listed) this.pickerEl.createEl("option", { text: `${noteName(run.run)} · ${describeRun(run)}`, attr: { value: run.run } });
    if (shown !== null && !this.listed.some((r) => r.run === shown)) this.pickerEl.createEl("option", { text: noteName(shown), attr: { value: shown } });
    this.pickerEl.value = this.chosen ?? "";
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

  private scheduleOutput(): void {
    if (this.outputTimer !== null) return;
    this.outputTimer = window.setTimeout(() => {
      this.outputTimer = null;
      void this.renderOutput();
    }, OUTPUT_INTERVAL_MS);
  }

  /** Renders into a detached element and swaps it in, so a slow render never leaves two outputs on screen. */
  private async renderOutput(): Promise<void> {
    const generation = ++this.outputGeneration;
    const record = this.record;
    const step = record ? focusStepOf(record) : null;
    const target = createDiv({ cls: "sop-run-view-output-body" });
    if (!record || !step) target.createDiv({ cls: "sop-run-view-muted", text: "Nothing to show yet." });
    else {
      const text = this.live && this.live.step === step.index ? this.live.text : step.text;
      const caption = target.createDiv({ cls: "sop-run-view-muted", text: `Step ${step.index}: ${step.title}` });
      if (text.trim() === "") caption.setText(`Step ${step.index}: ${step.title}. Nothing written yet.`);
      else await MarkdownRenderer.render(this.app, text, target.createDiv(), record.waypointPaths.get(step.index) ?? record.runPath, this);
    }
    if (generation !== this.outputGeneration) return;
    this.outputEl.empty();
    this.outputEl.appendChild(target);
  }

  private async renderPreview(): Promise<void> {
    const record = this.record;
    this.previewBodyEl.empty();
    if (!record || !this.services.runs.isUnfinished(record.runPath)) {
      this.previewBodyEl.createDiv({ cls: "sop-run-view-muted", text: "Nothing more will be sent for this run." });
      return;
    }
    const preview = await this.services.runs.preview(record.runPath);
    if (preview && this.record === record) renderPreview(this.previewBodyEl, preview);
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
    if (waypointPath === this.focusWaypoint()) this.renderFindings(reviews);
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
        if (feedback !== null && record) this.gate.act(runs.revise(record.runPath, feedback));
      },
      checkWithRole: () => {
        if (waypointPath) openRolePicker(this.app, reviewer, waypointPath);
      },
    };
    renderFindings(this.findingsEl, { waypointPath, reviews, checking: waypointPath !== null && reviewer.isChecking(waypointPath), canRevise, reasons: this.reasons }, actions);
  }
}
