/** @jest-environment jsdom */
// The editor highlights' pure part: pushed findings become severity-classed decorations that follow edits.
import { EditorState } from "@codemirror/state";
import type { DecorationSet } from "@codemirror/view";
import { editorFindings } from "../../../../src/obsidian/ui/editor/push-findings";
import { findingsAt, findingsExtension, findingsField, setFindings } from "../../../../src/obsidian/ui/editor/findings-extension";
import type { EditorFinding } from "../../../../src/obsidian/ui/editor/findings-extension";
import type { Finding } from "../../../../src/core/review/finding";

const DOC = "---\nsop_run: x\n---\nAll staff get admin rights on day one. Passwords rotate yearly.";

function spanOf(text: string, quote: string): { from: number; to: number } {
  const from = text.indexOf(quote);
  if (from < 0) throw new Error(`"${quote}" not in the text`);
  return { from, to: from + quote.length };
}

function finding(id: string, quote: string, severity: EditorFinding["severity"]): EditorFinding {
  return { id, ...spanOf(DOC, quote), severity, problem: `Problem ${id}`, suggestion: `Suggestion ${id}` };
}

function ranges(set: DecorationSet, state: EditorState): Array<{ text: string; cls: string }> {
  const out: Array<{ text: string; cls: string }> = [];
  set.between(0, state.doc.length, (from, to, value) => {
    out.push({ text: state.doc.sliceString(from, to), cls: String((value.spec as { class?: string }).class) });
  });
  return out;
}

it("starts with no decorations and marks each pushed finding with its severity's class", () => {
  let state = EditorState.create({ doc: DOC, extensions: findingsExtension() });
  expect(ranges(state.field(findingsField).decorations, state)).toEqual([]);
  state = state.update({ effects: setFindings.of([finding("f2", "Passwords rotate yearly", "medium"), finding("f1", "admin rights", "high")]) }).state;
  expect(ranges(state.field(findingsField).decorations, state)).toEqual([
    { text: "admin rights", cls: "sop-finding sop-finding-high" },
    { text: "Passwords rotate yearly", cls: "sop-finding sop-finding-medium" },
  ]);
  expect(findingsAt(state, DOC.indexOf("rights")).map((f) => f.problem)).toEqual(["Problem f1"]);
  expect(findingsAt(state, DOC.indexOf("day one"))).toEqual([]);
});

it("replaces the findings on each push and clears them with an empty push", () => {
  let state = EditorState.create({ doc: DOC, extensions: findingsExtension() });
  state = state.update({ effects: setFindings.of([finding("f1", "admin rights", "high")]) }).state;
  state = state.update({ effects: setFindings.of([finding("f3", "day one", "low")]) }).state;
  expect(ranges(state.field(findingsField).decorations, state)).toEqual([{ text: "day one", cls: "sop-finding sop-finding-low" }]);
  state = state.update({ effects: setFindings.of([]) }).state;
  expect(ranges(state.field(findingsField).decorations, state)).toEqual([]);
});

it("keeps a highlight on its words while the person types before it, and drops one whose words are deleted", () => {
  let state = EditorState.create({ doc: DOC, extensions: findingsExtension() });
  state = state.update({ effects: setFindings.of([finding("f1", "admin rights", "high"), finding("f2", "Passwords rotate yearly", "medium")]) }).state;
  const at = DOC.indexOf("All staff");
  state = state.update({ changes: { from: at, insert: "Note: " } }).state;
  const passwords = state.doc.toString().indexOf("Passwords rotate yearly");
  state = state.update({ changes: { from: passwords, to: passwords + "Passwords rotate yearly".length } }).state;
  expect(ranges(state.field(findingsField).decorations, state)).toEqual([{ text: "admin rights", cls: "sop-finding sop-finding-high" }]);
  expect(state.field(findingsField).findings.map((f) => f.id)).toEqual(["f1"]);
});

it("clamps spans past the end of the document instead of failing", () => {
  let state = EditorState.create({ doc: "short", extensions: findingsExtension() });
  state = state.update({ effects: setFindings.of([{ id: "f1", from: 2, to: 500, severity: "low", problem: "p", suggestion: "" }]) }).state;
  expect(ranges(state.field(findingsField).decorations, state)).toEqual([{ text: "ort", cls: "sop-finding sop-finding-low" }]);
});

it("places only open findings whose quote is in the editor's text, at offsets of the whole note", () => {
  const make = (id: string, quote: string, state: Finding["state"]): Finding => ({ id, quote, problem: "p", severity: "high", suggestion: "s", source: "", state });
  const placed = editorFindings(DOC, [make("a", "admin rights", "open"), make("b", "day one", "dismissed"), make("c", "not in the note at all", "open"), make("d", "", "open")]);
  expect(placed).toEqual([{ id: "a", ...spanOf(DOC, "admin rights"), severity: "high", problem: "p", suggestion: "s" }]);
});
