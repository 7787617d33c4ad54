// A modal that asks the person to confirm a larger action (a batch of runs) after saying what it will do.
import { Modal } from "obsidian";
import type { App } from "obsidian";

export interface ConfirmOptions {
  title: string;
  /** One paragraph per line. */
  lines: string[];
  confirmText: string;
  /** The button that closes without acting; "Cancel" when not given. */
  dismissText?: string;
  /** The confirming action is destructive: drawn as a warning. */
  warning?: boolean;
  onConfirm(): void;
}

export class ConfirmModal extends Modal {
  constructor(app: App, options: ConfirmOptions) {
    super(app);
    this.setTitle(options.title);
    const { contentEl } = this;
    contentEl.addClass("sop-runtime-confirm");
    for (const line of options.lines) contentEl.createEl("p", { text: line });
    const buttons = contentEl.createDiv({ cls: "sop-runtime-modal-buttons" });
    const confirm = buttons.createEl("button", { cls: options.warning ? "mod-warning" : "mod-cta", text: options.confirmText });
    confirm.addEventListener("click", () => {
      this.close();
      options.onConfirm();
    });
    const cancel = buttons.createEl("button", { text: options.dismissText ?? "Cancel" });
    cancel.addEventListener("click", () => this.close());
  }
}
