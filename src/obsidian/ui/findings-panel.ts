// The run view's findings panel: reviews of one waypoint, counts by severity, and accept / send to revision / dismiss per finding.
import type { Severity } from "../../core/review/finding";
import type { AnchoredFindingView, ReviewView } from "../controllers/review-controller";
import { iconButton } from "./icon-button";

export interface FindingActions {
  accept(review: ReviewView, finding: AnchoredFindingView): Promise<void>;
  sendToRevision(review: ReviewView, finding: AnchoredFindingView): Promise<void>;
  dismiss(review: ReviewView, finding: AnchoredFindingView): Promise<void>;
  checkWithRole(): void;
}

export interface FindingsPanelState {
  waypointPath: string | null;
  reviews: ReviewView[];
  /** Reviewers are at work on this waypoint. */
  checking: boolean;
  /** Send to revision needs the run to wait at this waypoint's gate. */
  canRevise: boolean;
  /** Why an accepted suggestion was not applied, by `findingKey`; kept across redraws. */
  reasons: ReadonlyMap<string, string>;
}

export function findingKey(review: ReviewView, finding: AnchoredFindingView): string {
  return `${review.path}#${finding.finding.id}`;
}

const SEVERITY_ORDER: readonly Severity[] = ["high", "medium", "low"];

/** Open findings by severity, across every review of the waypoint. */
export function countOpen(reviews: readonly ReviewView[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const review of reviews) for (const { finding } of review.findings) if (finding.state === "open") counts[finding.severity] += 1;
  return counts;
}

function setBusy(buttons: HTMLButtonElement[], busy: boolean): void {
  for (const button of buttons) button.disabled = busy;
}

function renderFinding(list: HTMLElement, review: ReviewView, item: AnchoredFindingView, state: FindingsPanelState, actions: FindingActions): void {
  const { finding } = item;
  const el = list.createEl("li", { cls: ["sop-run-view-finding", `is-${finding.severity}`, `is-${finding.state}`] });
  const top = el.createDiv({ cls: "sop-run-view-finding-top" });
  top.createSpan({ cls: ["sop-run-view-severity", `is-${finding.severity}`], text: finding.severity });
  if (finding.state !== "open") top.createSpan({ cls: "sop-run-view-finding-state", text: finding.state });
  if (item.detached || finding.quote === "") {
    el.createDiv({ cls: "sop-run-view-finding-detached", text: finding.quote === "" ? "About the whole step output" : "Detached: quote no longer in the text" });
    if (finding.quote !== "") el.createEl("blockquote", { cls: "sop-run-view-finding-quote is-detached", text: finding.quote });
  } else el.createEl("blockquote", { cls: "sop-run-view-finding-quote", text: finding.quote });
  el.createDiv({ cls: "sop-run-view-finding-problem", text: finding.problem });
  if (finding.suggestion !== "") el.createDiv({ cls: "sop-run-view-finding-suggestion", text: `Suggestion: ${finding.suggestion}` });
  if (finding.source !== "") el.createDiv({ cls: "sop-run-view-finding-source", text: `Source: ${finding.source}` });
  el.createDiv({ cls: "sop-run-view-finding-message", text: state.reasons.get(findingKey(review, item)) ?? "" });
  if (finding.state !== "open") return;
  const buttons = el.createDiv({ cls: "sop-run-view-finding-buttons" });
  const accept = buttons.createEl("button", { cls: "mod-cta", text: "Accept", attr: { "aria-label": "Accept", type: "button" } });
  const revise = iconButton(buttons, "message-square-reply", "Send to revision", "sop-run-view-finding-revise");
  const dismiss = iconButton(buttons, "x", "Dismiss", "sop-run-view-finding-dismiss");
  const all = [accept, revise, dismiss];
  revise.disabled = !state.canRevise;
  if (!state.canRevise) revise.setAttr("title", "Send to revision: the run must wait at this step's gate");
  accept.addEventListener("click", () => {
    setBusy(all, true);
    void actions.accept(review, item).then(() => setBusy(all, false));
  });
  revise.addEventListener("click", () => {
    setBusy(all, true);
    void actions.sendToRevision(review, item);
  });
  dismiss.addEventListener("click", () => {
    setBusy(all, true);
    void actions.dismiss(review, item);
  });
}

export function renderFindings(el: HTMLElement, state: FindingsPanelState, actions: FindingActions): void {
  el.empty();
  const top = el.createDiv({ cls: "sop-run-view-findings-top" });
  const counts = countOpen(state.reviews);
  const summary = top.createDiv({ cls: "sop-run-view-counts" });
  // Counts mean something once a reviewer has looked; before that the panel says what to do instead.
  if (state.reviews.length > 0) {
    for (const severity of SEVERITY_ORDER) {
      summary.createSpan({ cls: ["sop-run-view-severity", `is-${severity}`], text: `${counts[severity]} ${severity}` });
    }
  }
  const check = iconButton(top, "user-check", "Check with role…", "sop-run-view-check");
  check.disabled = state.waypointPath === null;
  check.addEventListener("click", () => actions.checkWithRole());
  if (state.checking) el.createDiv({ cls: "sop-run-view-muted", text: "Reviewers are checking this step output…" });
  if (state.waypointPath === null) {
    el.createDiv({ cls: "sop-run-view-muted", text: "No step output yet: reviews appear once the step has written it." });
    return;
  }
  if (state.reviews.length === 0) {
    el.createDiv({ cls: "sop-run-view-muted", text: "No reviews yet. Check with role… asks a role note to review this step output." });
    return;
  }
  for (const review of state.reviews) {
    const block = el.createDiv({ cls: "sop-run-view-review" });
    block.createDiv({ cls: "sop-run-view-review-title", text: `${review.reviewer} on revision ${review.revision}` });
    if (review.error) block.createDiv({ cls: "sop-run-view-error", text: review.error });
    if (review.findings.length === 0) {
      if (!review.error) block.createDiv({ cls: "sop-run-view-muted", text: "No findings." });
      continue;
    }
    const list = block.createEl("ul", { cls: "sop-run-view-findings" });
    const ordered = [...review.findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.finding.severity) - SEVERITY_ORDER.indexOf(b.finding.severity));
    for (const item of ordered) renderFinding(list, review, item, state, actions);
  }
}
