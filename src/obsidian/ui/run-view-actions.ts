// The run view's action bar: one primary action (approve, stop or resume), icon buttons for revise, retry and skip, and a ⋯ menu.
import { Menu } from "obsidian";
import type { App } from "obsidian";
import type { RunRecord } from "../../core/run/run-record";
import type { RunController } from "../controllers/run-controller";
import { iconButton, labelledButton, setButtonContent } from "./icon-button";
import { confirmBudget } from "./confirm-budget";

export interface ActionBarHost {
  app: App;
  runs: RunController;
  /** The run the view shows now, or null. */
  record(): RunRecord | null;
  /** Listens through the view, so the listener goes when the view closes. */
  listen: <K extends keyof HTMLElementEventMap>(el: HTMLElement, type: K, handler: (event: HTMLElementEventMap[K]) => void) => void;
  /** Called once an action settles, to redraw. */
  settled(): void;
  /** The ⋯ menu's entries that live elsewhere in the view. */
  reopen(runPath: string): void;
  checkWithRole(): void;
  previewPrompt(runPath: string): void;
  openRunNote(runPath: string): void;
  cancel(runPath: string): void;
}

type Primary = "approve" | "stop" | "resume" | "none";
type Ask = { kind: "revise" | "skip" } | null;

const RESUMABLE = new Set(["paused", "failed", "running", "planned"]);

const ASK_TEXT = {
  revise: { placeholder: "What should change? The current text is kept as Revision N.", submit: "Revise", label: "Feedback for the revision" },
  skip: { placeholder: "Why skip this step? The reason is kept in the run note.", submit: "Skip step", label: "Reason to skip" },
};

export class ActionBar {
  private readonly primary: HTMLButtonElement;
  private readonly revise: HTMLButtonElement;
  private readonly retry: HTMLButtonElement;
  private readonly skip: HTMLButtonElement;
  private readonly more: HTMLButtonElement;
  private readonly noteEl: HTMLElement;
  private readonly askEl: HTMLElement;
  private readonly askInput: HTMLTextAreaElement;
  private readonly askSubmit: HTMLButtonElement;
  private readonly askMessage: HTMLElement;
  private primaryKind: Primary = "none";
  private ask: Ask = null;
  private busy = false;

  constructor(el: HTMLElement, private readonly host: ActionBarHost) {
    const row = el.createDiv({ cls: "sop-run-view-actions" });
    this.primary = labelledButton(row, "check", "Approve and continue", ["sop-run-view-primary", "mod-cta"]);
    this.revise = iconButton(row, "message-square-text", "Revise with feedback", "sop-run-view-revise");
    this.retry = iconButton(row, "rotate-ccw", "Retry the step", "sop-run-view-retry");
    this.skip = iconButton(row, "skip-forward", "Skip the step", "sop-run-view-skip");
    this.more = iconButton(row, "more-horizontal", "More actions", "sop-run-view-more");
    this.noteEl = el.createDiv({ cls: "sop-run-view-gate-note" });

    this.askEl = el.createDiv({ cls: ["sop-run-view-ask", "is-hidden"] });
    this.askInput = this.askEl.createEl("textarea", { cls: "sop-run-view-ask-input", attr: { rows: "3" } });
    this.askMessage = this.askEl.createDiv({ cls: "sop-run-view-error" });
    const askButtons = this.askEl.createDiv({ cls: "sop-run-view-ask-buttons" });
    this.askSubmit = askButtons.createEl("button", { cls: "mod-cta", text: "Revise", attr: { type: "button" } });
    const askCancel = askButtons.createEl("button", { text: "Cancel", attr: { type: "button" } });

    const { listen } = host;
    listen(this.primary, "click", () => this.onPrimary());
    listen(this.revise, "click", () => this.openAsk("revise"));
    listen(this.retry, "click", () => this.atGate((run) => this.act(host.runs.retry(run))));
    listen(this.skip, "click", () => this.openAsk("skip"));
    listen(this.more, "click", (event) => this.openMenu(event));
    listen(this.askSubmit, "click", () => this.submitAsk());
    listen(askCancel, "click", () => this.closeAsk(true));
    listen(this.askInput, "keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        this.closeAsk(true);
      } else if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        this.submitAsk();
      }
    });
  }

  private runPath(): string | null {
    return this.host.record()?.runPath ?? null;
  }

  private atGate(act: (runPath: string) => void): void {
    const record = this.host.record();
    const run = record?.runPath ?? null;
    if (run && record?.state.status === "awaiting-review" && !this.host.runs.isAdvancing(run) && !this.busy) act(run);
  }

  private onPrimary(): void {
    const run = this.runPath();
    if (!run || this.busy) return;
    if (this.primaryKind === "approve") this.atGate((r) => this.act(this.host.runs.approve(r)));
    else if (this.primaryKind === "stop") this.act(this.host.runs.stop(run));
    else if (this.primaryKind === "resume") void confirmBudget(this.host.app, this.host.runs, run, () => this.act(this.host.runs.resume(run)));
  }

  /** Opens the inline box for revise feedback or a skip reason (no modal: the output stays in view). */
  openAsk(kind: "revise" | "skip"): void {
    const record = this.host.record();
    if (!record || record.state.status !== "awaiting-review" || this.host.runs.isAdvancing(record.runPath) || this.busy) return;
    const text = ASK_TEXT[kind];
    this.ask = { kind };
    this.askInput.placeholder = text.placeholder;
    this.askInput.setAttr("aria-label", text.label);
    this.askSubmit.setText(text.submit);
    this.askMessage.setText("");
    this.askEl.removeClass("is-hidden");
    this.askInput.focus();
  }

  private closeAsk(refocus: boolean): void {
    const kind = this.ask?.kind;
    this.ask = null;
    this.askInput.value = "";
    this.askMessage.setText("");
    this.askEl.addClass("is-hidden");
    if (refocus && kind) (kind === "revise" ? this.revise : this.skip).focus();
  }

  private submitAsk(): void {
    const ask = this.ask;
    const text = this.askInput.value.trim();
    if (!ask) return;
    if (text === "") {
      this.askMessage.setText(ask.kind === "revise" ? "A revision needs feedback." : "Skipping needs a reason.");
      this.askInput.focus();
      return;
    }
    this.atGate((run) => {
      this.closeAsk(false);
      this.act(ask.kind === "revise" ? this.host.runs.revise(run, text) : this.host.runs.skip(run, text));
      this.primary.focus();
    });
  }

  private openMenu(event: MouseEvent): void {
    const run = this.runPath();
    const { runs } = this.host;
    const menu = new Menu();
    const unfinished = run !== null && runs.isUnfinished(run);
    menu.addItem((item) =>
      item
        .setTitle("Reopen an earlier step…")
        .setIcon("history")
        .setDisabled(run === null || runs.isAdvancing(run) || !unfinished)
        .onClick(() => run && this.host.reopen(run)),
    );
    menu.addItem((item) => item.setTitle("Check with role…").setIcon("user-check").setDisabled(run === null).onClick(() => this.host.checkWithRole()));
    menu.addItem((item) => item.setTitle("Preview prompt").setIcon("eye").setDisabled(!unfinished).onClick(() => run && this.host.previewPrompt(run)));
    menu.addItem((item) => item.setTitle("Open run note").setIcon("file-text").setDisabled(run === null).onClick(() => run && this.host.openRunNote(run)));
    menu.addSeparator();
    menu.addItem((item) =>
      item
        .setTitle("Cancel run…")
        .setIcon("circle-x")
        .setWarning(true)
        .setDisabled(!unfinished)
        .onClick(() => run && this.host.cancel(run)),
    );
    // Opened by the keyboard (no pointer position): under the button, as a core pane's menu opens.
    if (event.detail === 0) {
      const rect = this.more.getBoundingClientRect();
      menu.showAtPosition({ x: rect.left, y: rect.bottom });
    } else menu.showAtMouseEvent(event);
  }

  /** Buttons go grey at once so a second click cannot queue a second action; the controller's events redraw the view. */
  act(action: Promise<unknown>): void {
    this.busy = true;
    for (const button of [this.primary, this.revise, this.retry, this.skip]) button.disabled = true;
    void action.finally(() => {
      this.busy = false;
      this.host.settled();
    });
  }

  update(): void {
    const record = this.host.record();
    const run = record?.runPath ?? null;
    const { runs } = this.host;
    const advancing = run !== null && runs.isAdvancing(run);
    // What the view just read from the notes decides, so a run changed by a command elsewhere shows its true state.
    const atGate = run !== null && !advancing && record?.state.status === "awaiting-review";
    const resumable = run !== null && !advancing && RESUMABLE.has(record?.state.status ?? "");
    this.primaryKind = advancing ? "stop" : atGate ? "approve" : resumable ? "resume" : "none";
    const primary = {
      stop: { icon: "square", label: "Stop generating", cls: "mod-warning" },
      approve: { icon: "check", label: "Approve and continue", cls: "mod-cta" },
      resume: { icon: "play", label: "Resume", cls: "mod-cta" },
      none: { icon: "check", label: "Approve and continue", cls: "" },
    }[this.primaryKind];
    setButtonContent(this.primary, primary.icon, primary.label);
    this.primary.toggleClass("mod-cta", primary.cls === "mod-cta");
    this.primary.toggleClass("mod-warning", primary.cls === "mod-warning");
    this.primary.disabled = this.busy || this.primaryKind === "none";
    for (const button of [this.revise, this.retry, this.skip]) button.disabled = this.busy || !atGate;
    if (!atGate && this.ask) this.closeAsk(false);
    this.noteEl.setText(
      run === null
        ? ""
        : advancing
          ? "Writing the step output… Stop keeps what is written so far."
          : atGate
            ? "Your review: read the step output, then approve, revise, retry or skip."
            : resumable
              ? "The run is paused. Resume goes on where it stopped."
              : "",
    );
  }
}
