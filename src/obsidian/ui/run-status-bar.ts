// The status bar item: the active run, its step, tokens and cost; a click opens the run note.
import type { RunSnapshot } from "../controllers/run-controller";
import { formatCost } from "../../core/notes/money";

export function statusText(snapshot: RunSnapshot): string {
  const where =
    snapshot.status === "done"
      ? "done"
      : snapshot.status === "cancelled"
        ? "cancelled"
        : `step ${Math.min(snapshot.step, snapshot.steps)}/${snapshot.steps}`;
  return `SOP: ${snapshot.title} · ${where} · ${snapshot.tokens.toLocaleString("en-US")} tokens · ${formatCost(snapshot.costUsd, "cost unknown")}`;
}

/** Cents for ordinary amounts; more digits for the fractions of a cent that small runs cost. */

export class RunStatusBar {
  private current: RunSnapshot | null = null;

  constructor(private readonly el: HTMLElement) {
    el.addClass("sop-runtime-status");
    el.addClass("mod-clickable");
    el.setAttr("aria-label", "Open the run view");
    el.addClass("is-hidden");
  }

  /** The run whose note a click opens, or null. */
  run(): string | null {
    return this.current?.runPath ?? null;
  }

  show(snapshot: RunSnapshot | null): void {
    this.current = snapshot;
    if (!snapshot) {
      this.el.setText("");
      this.el.addClass("is-hidden");
      return;
    }
    this.el.setText(statusText(snapshot));
    this.el.removeClass("is-hidden");
  }
}
