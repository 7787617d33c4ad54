/** @jest-environment jsdom */
// Review changes reach the editors that show the waypoint: its open findings are highlighted there, other notes untouched.
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { App as ObsidianApp } from "obsidian";
import { MarkdownView, WorkspaceLeaf } from "obsidian-test-mocks/obsidian";
import type { Finding } from "../../../../src/core/review/finding";
import { findingsExtension, findingsField } from "../../../../src/obsidian/ui/editor/findings-extension";
import { pushFindings } from "../../../../src/obsidian/ui/editor/push-findings";
import { createMockApp } from "../../../support/obsidian-mock-app";

const WAYPOINT = "SOP runs/Run/01 Audience.md";
const OTHER = "Notes/Other.md";
const TEXT = "---\nwaypoint_status: awaiting-review\n---\nEveryone gets admin rights. Passwords rotate yearly.\n";

/** A Markdown leaf showing `path` whose editor is a real CodeMirror view with the findings extension. */
async function editorFor(app: ObsidianApp, path: string): Promise<EditorView> {
  const leaf = app.workspace.getLeaf(true) as unknown as WorkspaceLeaf;
  const view = MarkdownView.create2__(leaf);
  view.file = app.vault.getFileByPath(path) as unknown as typeof view.file;
  const cm = new EditorView({ state: EditorState.create({ doc: TEXT, extensions: findingsExtension() }), parent: document.body.createDiv() });
  (view.editor as unknown as { cm: EditorView }).cm = cm;
  leaf.view = view.asOriginalType7__();
  await leaf.setViewState({ type: "markdown" });
  return cm;
}

function finding(id: string, quote: string, severity: Finding["severity"], state: Finding["state"] = "open"): Finding {
  return { id, quote, problem: `Problem ${id}`, severity, suggestion: "", source: "", state };
}

it("highlights the open findings in every editor showing the waypoint and clears them when none are left", async () => {
  const app = createMockApp({ [WAYPOINT]: TEXT, [OTHER]: TEXT });
  const waypointEditor = await editorFor(app, WAYPOINT);
  const otherEditor = await editorFor(app, OTHER);

  pushFindings(app, WAYPOINT, [finding("f1", "admin rights", "high"), finding("f2", "Passwords rotate yearly", "low", "dismissed")]);
  const placed = waypointEditor.state.field(findingsField).findings;
  expect(placed.map((f) => [f.id, waypointEditor.state.doc.sliceString(f.from, f.to)])).toEqual([["f1", "admin rights"]]);
  expect(waypointEditor.dom.querySelector(".sop-finding-high")?.textContent).toBe("admin rights");
  expect(otherEditor.state.field(findingsField).findings).toEqual([]);

  pushFindings(app, WAYPOINT, [finding("f1", "admin rights", "high", "accepted")]);
  expect(waypointEditor.state.field(findingsField).findings).toEqual([]);
  expect(waypointEditor.dom.querySelector(".sop-finding")).toBeNull();
});
