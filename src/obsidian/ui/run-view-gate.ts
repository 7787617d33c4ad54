// The run view's gate bar: approve, revise, retry, skip, resume and cancel, each enabled only when the run allows it.
import type { App } from "obsidian";
import type { RunRecord } from "../../core/run/run-record";
import type { RunController } from "../run-controller";
import { askRevisionFeedback, askSkipReason } from "./gate-prompts";

export interface GateBarHost {
  app: App;
  runs: RunController;
  /** The run the view shows now, or null. */
  record(): RunRecord | null;
  /** Listens through the view, so the listener goes when the view closes. */
  listen(el: HTMLElement, handler: () => void): void;
  /** Called once an action settles, to redraw. */
  settled(): void;
}

interface GateButton {
  el: HTMLButtonElement;
  enabled: (runPath: string) => boolean;
}

const RESUMABLE = new Set(["paused", "failed", "running", "planned"]);

export class GateBar {
  private readonly buttons: GateButton[] = [];
  private readonly noteEl: HTMLElement;

  constructor(el: HTMLElement, private readonly host: GateBarHost) {
    const { runs, app } = host;
    const atGate = (run: string): boolean => runs.isAtGate(run);
    this.add(el, "Approve and continue", atGate, (run) => this.act(runs.approve(run)), true);
    this.add(el, "Revise with feedback…", atGate, (run) => askRevisionFeedback(app, (feedback) => this.act(runs.revise(run, feedback))));
    this.add(el, "Retry", atGate, (run) => this.act(runs.retry(run)));
    this.add(el, "Skip…", atGate, (run) => askSkipReason(app, (reason) => this.act(runs.skip(run, reason))));
    this.add(el, "Resume", (run) => !runs.isAdvancing(run) && RESUMABLE.has(host.record()?.state.status ?? ""), (run) => this.act(runs.resume(run)));
    this.add(el, "Cancel run", (run) => runs.isUnfinished(run), (run) => this.act(runs.cancel(run)));
    this.noteEl = el.createDiv({ cls: "sop-run-view-gate-note" });
  }

  private add(el: HTMLElement, text: string, enabled: (runPath: string) => boolean, act: (runPath: string) => void, cta = false): void {
    const button = el.createEl("button", { cls: cta ? ["sop-run-view-gate-button", "mod-cta"] : "sop-run-view-gate-button", text });
    this.host.listen(button, () => {
      const runPath = this.host.record()?.runPath;
      if (runPath && enabled(runPath)) act(runPath);
    });
    this.buttons.push({ el: button, enabled });
  }

  /** Buttons go grey at once so a second click cannot queue a second action; the controller's events redraw the view. */
  act(action: Promise<unknown>): void {
    for (const button of this.buttons) button.el.disabled = true;
    void action.then(() => this.host.settled());
  }

  update(): void {
    const runPath = this.host.record()?.runPath ?? null;
    for (const button of this.buttons) button.el.disabled = runPath === null || !button.enabled(runPath);
    const { runs } = this.host;
    this.noteEl.setText(
      runPath === null
        ? ""
        : runs.isAdvancing(runPath)
          ? "Working on the step…"
          : runs.isAtGate(runPath)
            ? "This step waits for you: read the output, then approve, revise, retry or skip."
            : "",
    );
  }
}
