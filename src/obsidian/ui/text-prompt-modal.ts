// A modal that asks the person for one piece of text: the cue for a run, feedback for a revision, a reason to skip.
import { Modal } from "obsidian";
import type { App } from "obsidian";

export interface TextPromptOptions {
  title: string;
  description: string;
  placeholder: string;
  submitText: string;
  /** When true, an empty answer is refused with a sentence under the field. */
  required: boolean;
  /** Said under the field when a required answer is empty. */
  emptyMessage?: string;
  onSubmit(text: string): void;
}

export class TextPromptModal extends Modal {
  private submitted = false;
  readonly textArea: HTMLTextAreaElement;
  private readonly messageEl: HTMLElement;

  constructor(app: App, private readonly options: TextPromptOptions) {
    super(app);
    this.setTitle(options.title);
    const { contentEl } = this;
    contentEl.addClass("sop-runtime-text-prompt");
    contentEl.createEl("p", { cls: "sop-runtime-text-prompt-description", text: options.description });
    this.textArea = contentEl.createEl("textarea", { cls: "sop-runtime-text-prompt-input", attr: { placeholder: options.placeholder, rows: "4" } });
    this.messageEl = contentEl.createDiv({ cls: "sop-runtime-setting-error" });
    const buttons = contentEl.createDiv({ cls: "sop-runtime-modal-buttons" });
    const submit = buttons.createEl("button", { cls: "mod-cta", text: options.submitText });
    submit.addEventListener("click", () => this.submit());
    const cancel = buttons.createEl("button", { text: "Cancel" });
    cancel.addEventListener("click", () => this.close());
    // Ctrl/Cmd+Enter submits, as in Obsidian's own multi-line prompts; plain Enter makes a new line.
    this.scope.register(["Mod"], "Enter", () => {
      this.submit();
      return false;
    });
  }

  /** Submits what the field holds; the same as pressing the button. */
  submit(): void {
    if (this.submitted) return;
    const text = this.textArea.value.trim();
    if (this.options.required && text === "") {
      this.messageEl.setText(this.options.emptyMessage ?? "This cannot be empty.");
      return;
    }
    this.submitted = true;
    this.close();
    this.options.onSubmit(text);
  }

  override onOpen(): void {
    this.textArea.focus();
  }
}
