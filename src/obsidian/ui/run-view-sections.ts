// The run view's read-only sections: the compact header (links, step k of n, elapsed, cost, progress) and the steps, one line each.
import { setIcon } from "obsidian";
import type { RunRecord } from "../../core/run/run-record";
import type { StepState } from "../../core/run/run-types";
import { iconButton } from "./icon-button";
import { formatCost } from "../../core/notes/money";
import { noteName } from "../../core/notes/names";

export interface LinkOpener {
  /** Opens a vault note by path, as clicking an internal link does. */
  open: (path: string) => void;
  /** Opens a vault note in a new tab (a step's output from the steps list). */
  openInNewTab: (path: string) => void;
  /** Whether the note exists (a link to a missing note is not drawn). */
  exists: (path: string) => boolean;
}

/** Plain words for the design's statuses; the properties keep the design's terms. */
const STATUS_LABELS: Record<string, string> = {
  "awaiting-review": "waiting for you",
  pending: "not started",
  streaming: "writing",
  interrupted: "stopped",
  stale: "to redo",
  planned: "about to start",
  running: "working",
};

const STATUS_ICONS: Record<string, string> = {
  approved: "circle-check",
  skipped: "circle-slash",
  "awaiting-review": "circle-dot",
  streaming: "loader",
  interrupted: "circle-pause",
  stale: "circle-alert",
  pending: "circle",
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

/** The step the run is on: streaming or at its gate, else the first not yet approved or skipped; null when all are settled. */
export function currentStepOf(record: RunRecord): StepState | null {
  return record.state.steps.find((s) => s.status !== "approved" && s.status !== "skipped") ?? null;
}

/** The step whose output and reviews the view shows: the current one, else the last (a finished run). */
export function focusStepOf(record: RunRecord): StepState | null {
  return currentStepOf(record) ?? record.state.steps[record.state.steps.length - 1] ?? null;
}

export function internalLink(parent: HTMLElement, path: string, text: string, open: (path: string) => void): HTMLElement {
  const a = parent.createEl("a", { cls: "internal-link", text, attr: { href: path, "data-href": path } });
  a.addEventListener("click", (event) => {
    event.preventDefault();
    open(path);
  });
  return a;
}

export function badge(parent: HTMLElement, status: string): HTMLElement {
  return parent.createSpan({ cls: ["sop-run-view-badge", `is-${status}`], text: statusLabel(status) });
}

/** "45s", "4m 12s", "1h 3m". */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** Time from the run's start to its finish, or to now while it is open; null when the start is unknown. */
export function elapsedOf(record: RunRecord, now: number): string | null {
  const started = Date.parse(record.started);
  if (Number.isNaN(started)) return null;
  const finished = Date.parse(record.finished);
  return formatElapsed((Number.isNaN(finished) ? now : finished) - started);
}

export function revisionLabel(revision: number): string {
  return `Revision ${Math.max(revision, 1)}`;
}

export function renderHeader(el: HTMLElement, record: RunRecord, links: LinkOpener): void {
  el.empty();
  const top = el.createDiv({ cls: "sop-run-view-header-top" });
  const title = top.createDiv({ cls: "sop-run-view-title" });
  internalLink(title, record.sopPath, record.procedure.title || noteName(record.sopPath), links.open).addClass("sop-run-view-sop-link");
  badge(top, record.state.status);
  const runNote = iconButton(top, "file-text", "Open run note", "sop-run-view-run-link");
  runNote.setAttr("data-href", record.runPath);
  runNote.addEventListener("click", () => links.open(record.runPath));

  const steps = record.state.steps;
  const settled = steps.filter((s) => s.status === "approved" || s.status === "skipped").length;
  const current = currentStepOf(record);
  const meta = el.createDiv({ cls: "sop-run-view-meta" });
  if (record.projectPath) {
    const project = meta.createSpan({ cls: "sop-run-view-project" });
    setIcon(project.createSpan({ cls: "sop-run-view-meta-icon" }), "folder");
    internalLink(project, record.projectPath, noteName(record.projectPath), links.open);
  }
  meta.createSpan({ cls: "sop-run-view-step-of", text: current ? `Step ${current.index} of ${steps.length}` : `${steps.length} of ${steps.length} steps settled` });
  meta.createSpan({ cls: "sop-run-view-elapsed", text: elapsedOf(record, Date.now()) ?? "" });
  const tokens = record.tokensIn + record.tokensOut;
  meta.createSpan({ cls: "sop-run-view-usage", text: formatCost(record.cost, "cost unknown"), attr: { "aria-label": `${tokens.toLocaleString("en-US")} tokens` } });
  el.createEl("progress", { cls: "sop-run-view-progress", attr: { max: String(Math.max(steps.length, 1)), value: String(settled), "aria-label": `${settled} of ${steps.length} steps settled` } });
  if (record.state.error && (record.state.status === "paused" || record.state.status === "failed")) {
    el.createDiv({ cls: "sop-run-view-error", text: record.state.error });
  }
}

export interface StepActions {
  reopen(step: StepState): void;
}

/** Every step on one line (status icon, title, role, revision); a click on the line shows more, on the title opens its output. */
export function renderSteps(el: HTMLElement, record: RunRecord, links: LinkOpener, actions: StepActions, canReopen: boolean): void {
  el.empty();
  const current = currentStepOf(record);
  const list = el.createDiv({ cls: "sop-run-view-steps" });
  for (const step of record.state.steps) {
    const item = list.createEl("details", { cls: ["sop-run-view-step", `is-${step.status}`] });
    if (step === current) item.addClass("is-current");
    const line = item.createEl("summary", { cls: "sop-run-view-step-line" });
    const icon = line.createSpan({ cls: ["sop-run-view-step-icon", `is-${step.status}`], attr: { "aria-label": statusLabel(step.status) } });
    setIcon(icon, STATUS_ICONS[step.status] ?? "circle");
    line.createSpan({ cls: "sop-run-view-step-number", text: String(step.index) });
    const waypoint = record.waypointPaths.get(step.index);
    const titleEl = line.createSpan({ cls: "sop-run-view-step-title" });
    if (waypoint && links.exists(waypoint)) internalLink(titleEl, waypoint, step.title, links.openInNewTab).addClass("sop-run-view-step-link");
    else titleEl.setText(step.title);
    const role = step.human ? "you" : (record.roles.get(step.index) ?? "");
    if (role !== "") line.createSpan({ cls: "sop-run-view-step-role", text: role });
    if (step.revision > 1) line.createSpan({ cls: "sop-run-view-step-revisions", text: `r${step.revision}`, attr: { "aria-label": revisionLabel(step.revision) } });

    const details = item.createDiv({ cls: "sop-run-view-step-details" });
    details.createDiv({ text: `${statusLabel(step.status)}${step.revision > 0 ? ` · ${revisionLabel(step.revision)}` : ""}${step.archived.length > 0 ? ` · ${step.archived.length} kept` : ""}` });
    if (step.skipReason) details.createDiv({ text: `Skipped: ${step.skipReason}` });
    if (step.feedback) details.createDiv({ text: `Your feedback: ${step.feedback}` });
    if (canReopen && (step.status === "approved" || step.status === "skipped")) {
      const reopen = details.createEl("button", { cls: "sop-run-view-step-reopen", text: "Reopen this step", attr: { type: "button" } });
      reopen.addEventListener("click", () => actions.reopen(step));
    }
  }
}
