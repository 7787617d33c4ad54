// A notice that stays while a long operation runs: one line of progress and a button that cancels it.
import { Notice } from "obsidian";
import { withoutControlCharacters } from "../../core/notes/untrusted-text";

export interface ProgressHandle {
  update(text: string): void;
  close(): void;
}

export function progressNotice(first: string, cancelText: string, cancel: () => void): ProgressHandle {
  const render = (text: string): DocumentFragment =>
    createFragment((fragment) => {
      fragment.createDiv({ text: withoutControlCharacters(text) });
      const button = fragment.createEl("button", { cls: "sop-runtime-notice-action", text: cancelText });
      button.addEventListener("click", cancel);
    });
  const notice = new Notice(render(first), 0);
  return { update: (text) => notice.setMessage(render(text)), close: () => notice.hide() };
}
