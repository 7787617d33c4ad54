// Marks review findings inside the rendered step output, where their quoted text appears, by severity.
import type { Severity } from "../../core/review/finding";

export interface QuoteMark {
  quote: string;
  severity: Severity;
  /** Shown on hover: the reviewer's problem statement. */
  problem: string;
}

/** Wraps the first occurrence of each quote found inside one text node; quotes spanning formatting stay unmarked. */
export function highlightQuotes(root: HTMLElement, marks: readonly QuoteMark[]): number {
  let marked = 0;
  for (const mark of marks) {
    const quote = mark.quote.trim();
    if (quote === "") continue;
    const walker = root.doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node.textContent ?? "";
      const at = text.indexOf(quote);
      if (at < 0 || node.parentElement?.closest(".sop-output-finding")) continue;
      const range = root.doc.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + quote.length);
      const el = createEl("mark", { cls: ["sop-output-finding", `is-${mark.severity}`], attr: { "aria-label": `${mark.severity}: ${mark.problem}` } });
      range.surroundContents(el);
      marked += 1;
      break;
    }
  }
  return marked;
}
