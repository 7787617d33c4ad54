// The amendment review: each hunk of a proposed SOP change with line and word highlights, accepted or rejected one by one.
import { Modal } from "obsidian";
import type { App } from "obsidian";
import type { DiffHunk, DiffLine } from "../../core/learn/diff";

export interface DiffModalOptions {
  title: string;
  hunks: readonly DiffHunk[];
  fromVersion: number;
  toVersion: number;
  /** The Changelog line the amendment adds, as it will be written. */
  changelogLine: string;
  warnings: readonly string[];
  /** Called once, with the ids of the hunks left ticked (possibly none). */
  onApply(acceptedIds: number[]): void;
}

const LINE_CLASS: Record<DiffLine["kind"], string> = {
  context: "sop-diff-context",
  removed: "sop-diff-removed",
  added: "sop-diff-added",
};

const GUTTER: Record<DiffLine["kind"], string> = { context: " ", removed: "-", added: "+" };

export class DiffModal extends Modal {
  /** One checkbox per hunk, by hunk id; all ticked at first. */
  readonly toggles = new Map<number, HTMLInputElement>();
  private decided = false;

  constructor(app: App, private readonly options: DiffModalOptions) {
    super(app);
    this.setTitle(options.title);
    const { contentEl } = this;
    contentEl.addClass("sop-diff");
    contentEl.createEl("p", { cls: "sop-diff-version", text: `Version ${options.fromVersion} → ${options.toVersion}` });
    const changelog = contentEl.createEl("p", { cls: "sop-diff-changelog" });
    changelog.createSpan({ cls: "sop-diff-label", text: "Changelog: " });
    changelog.createEl("code", { text: options.changelogLine });
    if (options.warnings.length > 0) {
      const list = contentEl.createEl("ul", { cls: "sop-diff-warnings" });
      for (const warning of options.warnings) list.createEl("li", { cls: "sop-diff-warning", text: warning });
    }
    const count = options.hunks.length;
    contentEl.createEl("p", { cls: "sop-diff-hint", text: `${count} change${count === 1 ? "" : "s"}. Untick any you do not want.` });
    for (const hunk of options.hunks) this.renderHunk(contentEl, hunk);

    const buttons = contentEl.createDiv({ cls: "sop-runtime-modal-buttons" });
    const apply = buttons.createEl("button", { cls: "mod-cta", text: "Apply selected" });
    apply.addEventListener("click", () => this.apply());
    const cancel = buttons.createEl("button", { text: "Cancel" });
    cancel.addEventListener("click", () => this.close());
  }

  /** The ids of the ticked hunks, in text order. */
  acceptedIds(): number[] {
    return [...this.toggles.entries()].filter(([, box]) => box.checked).map(([id]) => id);
  }

  /** Same as pressing "Apply selected". */
  apply(): void {
    if (this.decided) return;
    this.decided = true;
    const ids = this.acceptedIds();
    this.close();
    this.options.onApply(ids);
  }

  private renderHunk(parent: HTMLElement, hunk: DiffHunk): void {
    const block = parent.createDiv({ cls: "sop-diff-hunk" });
    const header = block.createEl("label", { cls: "sop-diff-hunk-header" });
    const box = header.createEl("input", { cls: "sop-diff-toggle", attr: { type: "checkbox" } });
    box.checked = true;
    this.toggles.set(hunk.id, box);
    header.createSpan({ text: `Change ${hunk.id}, at line ${hunk.oldStart}` });
    const lines = block.createDiv({ cls: "sop-diff-lines" });
    for (const line of hunk.lines) {
      const row = lines.createDiv({ cls: ["sop-diff-line", LINE_CLASS[line.kind]] });
      row.createSpan({ cls: "sop-diff-gutter", text: GUTTER[line.kind] });
      const text = row.createSpan({ cls: "sop-diff-text" });
      if (!line.parts) {
        text.setText(line.text);
        continue;
      }
      for (const part of line.parts) {
        if (part.kind === "same") text.appendText(part.text);
        else text.createSpan({ cls: part.kind === "added" ? "sop-diff-word-added" : "sop-diff-word-removed", text: part.text });
      }
    }
  }
}
