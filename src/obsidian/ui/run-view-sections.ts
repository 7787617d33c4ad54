// The run view's read-only sections: header (links, status, progress, tokens and cost), step timeline, prompt preview.
import type { PromptPreview } from "../../core/run/engine-types";
import type { RunRecord } from "../../core/run/run-record";
import type { StepState } from "../../core/run/run-types";
import { formatUsd } from "./run-status-bar";

export interface LinkOpener {
  /** Opens a vault note by path, as clicking an internal link does. */
  open(path: string): void;
  /** Whether the note exists (a link to a missing waypoint is not drawn). */
  exists(path: string): boolean;
}

const STATUS_LABELS: Record<string, string> = {
  "awaiting-review": "waiting for you",
  pending: "not started",
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

export function noteName(path: string): string {
  return (path.split("/").pop() ?? path).replace(/\.md$/, "");
}

/** The step the run is on: streaming or at its gate, else the first not yet approved or skipped; null when all are settled. */
export function currentStepOf(record: RunRecord): StepState | null {
  return record.state.steps.find((s) => s.status !== "approved" && s.status !== "skipped") ?? null;
}

/** The step whose output and reviews the view shows: the current one, else the last (a finished run). */
export function focusStepOf(record: RunRecord): StepState | null {
  return currentStepOf(record) ?? record.state.steps[record.state.steps.length - 1] ?? null;
}

export function internalLink(parent: HTMLElement, path: string, text: string, links: LinkOpener): HTMLElement {
  const a = parent.createEl("a", { cls: "internal-link", text, attr: { href: path, "data-href": path } });
  a.addEventListener("click", (event) => {
    event.preventDefault();
    links.open(path);
  });
  return a;
}

export function badge(parent: HTMLElement, status: string): HTMLElement {
  return parent.createSpan({ cls: ["sop-run-view-badge", `is-${status}`], text: statusLabel(status) });
}

export function renderHeader(el: HTMLElement, record: RunRecord, links: LinkOpener): void {
  el.empty();
  el.createEl("h4", { cls: "sop-run-view-title", text: record.procedure.title || noteName(record.sopPath) });
  const notes = el.createDiv({ cls: "sop-run-view-notes" });
  const sop = notes.createDiv({ cls: "sop-run-view-note" });
  sop.createSpan({ cls: "sop-run-view-label", text: "SOP " });
  internalLink(sop, record.sopPath, noteName(record.sopPath), links);
  if (record.projectPath) {
    const project = notes.createDiv({ cls: "sop-run-view-note" });
    project.createSpan({ cls: "sop-run-view-label", text: "Project " });
    internalLink(project, record.projectPath, noteName(record.projectPath), links);
  }
  const run = notes.createDiv({ cls: "sop-run-view-note" });
  run.createSpan({ cls: "sop-run-view-label", text: "Run note " });
  internalLink(run, record.runPath, noteName(record.runPath), links);

  const steps = record.state.steps;
  const settled = steps.filter((s) => s.status === "approved" || s.status === "skipped").length;
  const current = currentStepOf(record);
  const status = el.createDiv({ cls: "sop-run-view-status" });
  badge(status, record.state.status);
  status.createSpan({
    cls: "sop-run-view-step-of",
    text: current ? `Step ${current.index} of ${steps.length}` : `${steps.length} of ${steps.length} steps settled`,
  });
  el.createEl("progress", { cls: "sop-run-view-progress", attr: { max: String(Math.max(steps.length, 1)), value: String(settled) } });
  const tokens = record.tokensIn + record.tokensOut;
  el.createDiv({ cls: "sop-run-view-usage", text: `${tokens.toLocaleString("en-US")} tokens · ${formatUsd(record.cost)}` });
  if (record.state.error && (record.state.status === "paused" || record.state.status === "failed")) {
    el.createDiv({ cls: "sop-run-view-error", text: record.state.error });
  }
}

function revisionText(step: StepState): string {
  if (step.revision === 0) return "no revision yet";
  const kept = step.archived.length;
  return kept === 0 ? `revision ${step.revision}` : `revision ${step.revision}, ${kept} kept`;
}

export function renderTimeline(el: HTMLElement, record: RunRecord, links: LinkOpener): void {
  el.empty();
  const current = currentStepOf(record);
  const list = el.createEl("ol", { cls: "sop-run-view-timeline" });
  for (const step of record.state.steps) {
    const item = list.createEl("li", { cls: "sop-run-view-step" });
    if (step === current) item.addClass("is-current");
    const line = item.createDiv({ cls: "sop-run-view-step-line" });
    line.createSpan({ cls: "sop-run-view-step-number", text: String(step.index) });
    line.createSpan({ cls: "sop-run-view-step-title", text: step.title });
    badge(line, step.status);
    const details = item.createDiv({ cls: "sop-run-view-step-details" });
    const role = record.roles.get(step.index) ?? "";
    if (role !== "") details.createSpan({ cls: "sop-run-view-step-role", text: role });
    if (step.human) details.createSpan({ cls: "sop-run-view-step-role", text: "person" });
    details.createSpan({ cls: "sop-run-view-step-revisions", text: revisionText(step) });
    const waypoint = record.waypointPaths.get(step.index);
    if (waypoint && links.exists(waypoint)) internalLink(details, waypoint, "Waypoint", links).addClass("sop-run-view-step-link");
  }
}

export function renderPreview(el: HTMLElement, preview: PromptPreview): void {
  el.empty();
  const who = preview.model === null ? "This step goes to you as a checklist." : `Model: ${preview.model || "the endpoint's default"}.`;
  el.createDiv({ cls: "sop-run-view-preview-summary", text: `Step ${preview.step}: ${preview.title}. ${who} About ${preview.estimatedTokens.toLocaleString("en-US")} tokens.` });
  if (preview.included.length > 0) {
    const list = el.createEl("ul", { cls: "sop-run-view-preview-notes" });
    for (const note of preview.included) {
      const cut = note.cut > 0 ? `, ${note.cut.toLocaleString("en-US")} cut` : "";
      list.createEl("li", { text: `${noteName(note.path)} (${note.role}, ${note.chars.toLocaleString("en-US")} characters${cut})` });
    }
  } else el.createDiv({ cls: "sop-run-view-muted", text: "No notes are included." });
  for (const message of preview.messages) {
    const block = el.createEl("details", { cls: "sop-run-view-preview-message" });
    block.createEl("summary", { text: `${message.role} (${message.content.length.toLocaleString("en-US")} characters)` });
    block.createEl("pre", { cls: "sop-run-view-preview-text", text: message.content });
  }
}
