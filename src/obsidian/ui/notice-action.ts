// A notice body with one sentence and a button that acts on it (for example Resume on a paused run).
import type { NoticeAction } from "../controllers/run-runtime";
import { withoutControlCharacters } from "../../core/notes/untrusted-text";

export function noticeWithAction(message: string, action: NoticeAction): DocumentFragment {
  return createFragment((fragment) => {
    fragment.createDiv({ text: withoutControlCharacters(message) });
    const button = fragment.createEl("button", { cls: "sop-runtime-notice-action mod-cta", text: action.label });
    button.addEventListener("click", () => action.run());
  });
}
