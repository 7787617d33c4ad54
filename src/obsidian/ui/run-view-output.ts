// The run view's step output: the focused step's text (live while it streams, at most 4 renders a second), its
// title, and the revision diff toggle.
import { Component, MarkdownRenderer } from "obsidian";
import type { App } from "obsidian";
import type { RunEvent } from "../../core/run/engine-types";
import type { RunRecord } from "../../core/run/run-record";
import type { StepState } from "../../core/run/run-types";
import { iconButton } from "./icon-button";
import { highlightQuotes } from "./output-highlights";
import { renderRevisionDiff } from "./revision-diff";
import { focusStepOf, revisionLabel } from "./run-view-sections";

/** Live output re-renders at most this often (4 per second) however fast the model streams. */
const OUTPUT_INTERVAL_MS = 250;

export interface OutputHost {
  app: App;
  /** The view: it owns each render's children and the section's listeners. */
  owner: Component;
  record(): RunRecord | null;
  /** The open findings whose quotes are highlighted in the output. */
  marks(): { quote: string; severity: "high" | "medium" | "low"; problem: string }[];
  /** Opens the focused step's waypoint in a new tab. */
  openOutput(): void;
}

export class OutputSection {
  private live: { runPath: string; step: number; text: string } | null = null;
  private outputTimer: number | null = null;
  private outputGeneration = 0;
  /** A render in flight; the next one waits for it, so renders never overlap. */
  private rendering: Promise<void> = Promise.resolve();
  /** Owns the children of the output's last Markdown render; unloaded before the next render replaces it. */
  private outputChild: Component | null = null;
  /** The output shows the revision diff instead of the text. */
  private showDiff = false;
  private readonly outputTitleEl: HTMLElement;
  private readonly diffButton: HTMLButtonElement;
  private readonly outputEl: HTMLElement;

  constructor(parent: HTMLElement, private readonly host: OutputHost) {
    const output = parent.createDiv({ cls: "sop-run-view-output-section" });
    const outputHead = output.createDiv({ cls: "sop-run-view-output-head" });
    this.outputTitleEl = outputHead.createDiv({ cls: "sop-run-view-output-title" });
    this.diffButton = iconButton(outputHead, "git-compare", "What changed since Revision 1", "sop-run-view-diff-toggle");
    host.owner.registerDomEvent(this.diffButton, "click", () => {
      this.showDiff = !this.showDiff;
      void this.render();
    });
    const openOutput = iconButton(outputHead, "file-symlink", "Open the step output in a new tab", "sop-run-view-open-output");
    host.owner.registerDomEvent(openOutput, "click", () => host.openOutput());
    this.outputEl = output.createDiv({ cls: ["sop-run-view-output", "markdown-rendered"] });
  }

  /** A newly drawn run: another run's diff toggle and live text do not carry over, nor live text once the step stops streaming. */
  drawn(previous: RunRecord | null, record: RunRecord, current: StepState | null): void {
    if (record.runPath !== previous?.runPath) this.showDiff = false;
    if (this.live && (this.live.runPath !== record.runPath || current?.status !== "streaming")) this.live = null;
  }

  onRunEvent(runPath: string, event: RunEvent): void {
    if (event.type === "step-started") this.live = { runPath, step: event.step, text: "" };
    else if (event.type === "delta") {
      if (this.live?.runPath !== runPath || this.live.step !== event.step) this.live = { runPath, step: event.step, text: "" };
      this.live.text += event.text;
      this.scheduleOutput();
    }
  }

  close(): void {
    if (this.outputTimer !== null) window.clearTimeout(this.outputTimer);
    this.outputTimer = null;
  }

  /** Throttles live renders: one at most per interval, never two at once. */
  private scheduleOutput(): void {
    if (this.outputTimer !== null) return;
    this.outputTimer = window.setTimeout(() => {
      this.outputTimer = null;
      void this.render();
    }, OUTPUT_INTERVAL_MS);
  }

  render(): Promise<void> {
    const generation = ++this.outputGeneration;
    this.rendering = this.rendering.then(() => (generation === this.outputGeneration ? this.drawOutput(generation) : undefined)).catch(() => undefined);
    return this.rendering;
  }

  /**
   * Renders into a detached element owned by a fresh child component and swaps it in; the previous render's component
   * is unloaded then, so the render children (embeds, code blocks, their listeners) of old renders never pile up.
   */
  private async drawOutput(generation: number): Promise<void> {
    const record = this.host.record();
    const owner = this.host.owner;
    const step = record ? focusStepOf(record) : null;
    const target = createDiv({ cls: "sop-run-view-output-body" });
    const child = new Component();
    owner.addChild(child);
    this.drawOutputTitle(step);
    if (!record || !step) target.createDiv({ cls: "sop-run-view-muted", text: "Nothing to show yet." });
    else {
      const text = this.live && this.live.step === step.index ? this.live.text : step.text;
      const first = step.archived.find((kept) => kept.revision === 1);
      if (this.showDiff && first && !this.live) renderRevisionDiff(target, first.text, text, 1, step.revision);
      else if (text.trim() === "") target.createDiv({ cls: "sop-run-view-muted", text: step.status === "pending" ? "This step has not started yet." : "Nothing written yet. The step output appears here as it is written." });
      else {
        await MarkdownRenderer.render(this.host.app, text, target.createDiv(), record.waypointPaths.get(step.index) ?? record.runPath, child);
        if (!this.live) highlightQuotes(target, this.host.marks());
      }
    }
    if (generation !== this.outputGeneration) {
      owner.removeChild(child);
      return;
    }
    if (this.outputChild) owner.removeChild(this.outputChild);
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
}
