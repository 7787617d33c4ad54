// Sends a waypoint's open findings to every editor showing it, anchored again in the editor's own text.
import { MarkdownView } from "obsidian";
import type { App } from "obsidian";
import type { EditorView } from "@codemirror/view";
import { anchorFinding } from "../../../core/review/anchor";
import type { Finding } from "../../../core/review/finding";
import { setFindings } from "./findings-extension";
import type { EditorFinding } from "./findings-extension";

/**
 * Review spans are offsets into the waypoint's body; the editor holds the whole note (properties included) and
 * may hold unsaved edits, so each quote is located again in what the editor shows now.
 */
export function editorFindings(text: string, findings: readonly Finding[]): EditorFinding[] {
  const placed: EditorFinding[] = [];
  for (const finding of findings) {
    if (finding.state !== "open" || finding.quote.trim() === "") continue;
    const span = anchorFinding(text, finding.quote);
    if (!span) continue;
    placed.push({ id: finding.id, from: span.from, to: span.to, severity: finding.severity, problem: finding.problem, suggestion: finding.suggestion });
  }
  return placed;
}

/** Obsidian exposes the CodeMirror view of a Markdown editor as `editor.cm` (desktop and mobile). */
function codeMirrorOf(view: MarkdownView): EditorView | null {
  const holder = view.editor as unknown as { cm?: EditorView };
  const cm = "cm" in holder ? holder.cm : undefined;
  return cm && typeof cm.dispatch === "function" ? cm : null;
}

export function pushFindings(app: App, path: string, findings: readonly Finding[]): void {
  for (const leaf of app.workspace.getLeavesOfType("markdown")) {
    const view = leaf.view;
    if (!(view instanceof MarkdownView) || view.file?.path !== path) continue;
    const cm = codeMirrorOf(view);
    if (!cm) continue;
    cm.dispatch({ effects: setFindings.of(editorFindings(cm.state.doc.toString(), findings)) });
  }
}
