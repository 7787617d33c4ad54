// Shows the exact messages a step would send, the notes they include and the token estimate, before anything is sent.
import { Modal } from "obsidian";
import type { App } from "obsidian";
import type { PromptPreview } from "../../core/run/engine-types";

export class PromptPreviewModal extends Modal {
  constructor(app: App, preview: PromptPreview) {
    super(app);
    this.setTitle(`Prompt for step ${preview.step}: ${preview.title}`);
    const { contentEl } = this;
    contentEl.addClass("sop-runtime-preview");
    const who = preview.model === null ? "This step goes to you as a checklist." : `Model: ${preview.model || "the endpoint's default"}.`;
    contentEl.createEl("p", { cls: "sop-runtime-preview-summary", text: `${who} About ${preview.estimatedTokens} tokens.` });
    contentEl.createEl("h4", { text: "Included notes" });
    const list = contentEl.createEl("ul", { cls: "sop-runtime-preview-notes" });
    for (const note of preview.included) {
      const cut = note.cut > 0 ? `, ${note.cut} cut` : "";
      list.createEl("li", { text: `${note.path} (${note.role}, ${note.chars} characters${cut})` });
    }
    contentEl.createEl("h4", { text: "Messages" });
    for (const message of preview.messages) {
      const block = contentEl.createDiv({ cls: "sop-runtime-preview-message" });
      block.createDiv({ cls: "sop-runtime-preview-role", text: message.role });
      block.createEl("pre", { cls: "sop-runtime-preview-text", text: message.content });
    }
  }
}
