// Asks for an SOP's typed inputs (sop_inputs) in one modal before a run starts: a field per input, defaults filled, a note picker for notes.
import { FuzzySuggestModal, Modal, Setting } from "obsidian";
import type { App, TFile } from "obsidian";
import { allowedText, resolveInputs, type InputSpec } from "../../core/sop/inputs";

export interface InputsModalOptions {
  sopTitle: string;
  specs: InputSpec[];
  /** Resolves a note name typed or picked for a `note` input; null when no such note exists. */
  resolveNote(name: string): string | null;
  onSubmit(values: Record<string, string>): void;
}

export class InputsModal extends Modal {
  private readonly values: Record<string, string> = {};
  private readonly messageEl: HTMLElement;
  private submitted = false;

  constructor(app: App, private readonly options: InputsModalOptions) {
    super(app);
    this.setTitle(`Inputs for ${options.sopTitle}`);
    const { contentEl } = this;
    contentEl.addClass("sop-runtime-inputs");
    for (const spec of options.specs) this.field(spec);
    this.messageEl = contentEl.createDiv({ cls: "sop-runtime-setting-error" });
    new Setting(contentEl)
      .addButton((button) => button.setButtonText("Run").setCta().onClick(() => this.submit()))
      .addButton((button) => button.setButtonText("Cancel").onClick(() => this.close()));
  }

  /** The current values as typed, for tests and for the person's next try after a refusal. */
  current(): Record<string, string> {
    return { ...this.values };
  }

  set(name: string, value: string): void {
    this.values[name] = value;
  }

  /** Checks every value; a bad one is named under the fields and nothing starts. */
  submit(): void {
    if (this.submitted) return;
    const given = Object.fromEntries(Object.entries(this.values).filter(([, value]) => value.trim() !== ""));
    const checked = resolveInputs(this.options.specs, given, (name) => this.options.resolveNote(name));
    if (!checked.ok) {
      this.messageEl.setText(checked.error);
      return;
    }
    this.submitted = true;
    this.close();
    this.options.onSubmit(given);
  }

  private field(spec: InputSpec): void {
    if (spec.default !== null) this.values[spec.name] = spec.default;
    const setting = new Setting(this.contentEl).setName(`${spec.label || spec.name}${spec.required ? " (required)" : ""}`).setDesc(`${spec.name}: ${allowedText(spec)}`);
    setting.settingEl.addClass("sop-runtime-input-field");
    setting.settingEl.dataset.input = spec.name;
    const initial = this.values[spec.name] ?? "";
    switch (spec.type) {
      case "choice":
        setting.addDropdown((dropdown) => {
          if (!spec.required || spec.default === null) dropdown.addOption("", "—");
          for (const option of spec.options) dropdown.addOption(option, option);
          dropdown.setValue(initial).onChange((value) => this.set(spec.name, value));
        });
        return;
      case "boolean":
        this.values[spec.name] = initial || "false";
        setting.addToggle((toggle) => toggle.setValue(initial === "true").onChange((value) => this.set(spec.name, String(value))));
        return;
      case "note":
        setting.addText((text) => {
          text.setPlaceholder("Note name").setValue(initial).onChange((value) => this.set(spec.name, value));
          setting.addButton((button) =>
            button.setButtonText("Pick…").onClick(() => {
              new InputNotePicker(this.app, (file) => {
                text.setValue(file.basename);
                this.set(spec.name, file.basename);
              }).open();
            }),
          );
        });
        return;
      default:
        setting.addText((text) => {
          if (spec.type === "number") text.inputEl.type = "number";
          if (spec.type === "date") text.inputEl.type = "date";
          text.setValue(initial).onChange((value) => this.set(spec.name, value));
        });
    }
  }
}

/** The note picker for a `note` input: every Markdown note of the vault. */
export class InputNotePicker extends FuzzySuggestModal<TFile> {
  constructor(
    app: App,
    private readonly onPick: (file: TFile) => void,
  ) {
    super(app);
    this.setPlaceholder("Pick a note");
  }

  override getItems(): TFile[] {
    return this.app.vault.getMarkdownFiles().sort((a, b) => a.path.localeCompare(b.path));
  }

  override getItemText(item: TFile): string {
    return item.path;
  }

  override onChooseItem(item: TFile): void {
    this.onPick(item);
  }
}
