// "What changed since Revision 1": the first kept revision against the current text, word by word.
import { diffWordsWithSpace } from "diff";

export function renderRevisionDiff(el: HTMLElement, before: string, after: string, fromRevision: number, toRevision: number): void {
  el.empty();
  el.createDiv({ cls: "sop-run-view-muted", text: `Changes from Revision ${fromRevision} to Revision ${toRevision}: added text is marked, removed text struck through.` });
  const body = el.createDiv({ cls: "sop-run-view-diff" });
  for (const part of diffWordsWithSpace(before, after)) {
    if (part.added) body.createEl("ins", { cls: "sop-diff-word-added", text: part.value });
    else if (part.removed) body.createEl("del", { cls: "sop-diff-word-removed", text: part.value });
    else body.appendText(part.value);
  }
}
