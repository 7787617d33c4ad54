// The status bar count of due SOPs and overdue runs ("2 SOPs due · 1 overdue"); empty and hidden when nothing is due.
import type { DueCheckResult } from "../controllers/due-watcher";

export class DueStatusBar {
  constructor(private readonly el: HTMLElement) {
    el.addClass("sop-runtime-due-status");
    this.show({ due: [], overdue: [] });
  }

  show(result: DueCheckResult): void {
    const parts: string[] = [];
    if (result.due.length) parts.push(`${result.due.length} SOP${result.due.length === 1 ? "" : "s"} due`);
    if (result.overdue.length) parts.push(`${result.overdue.length} overdue`);
    this.el.setText(parts.join(" · "));
    this.el.toggleClass("is-overdue", result.overdue.length > 0);
    this.el.toggleClass("sop-runtime-hidden", parts.length === 0);
  }

  text(): string {
    return this.el.textContent ?? "";
  }
}
