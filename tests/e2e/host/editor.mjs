// A center tab's editor: a real CodeMirror 6 view inside a mocks MarkdownView, carrying the plugins' registered editor
// extensions, with Obsidian's save timing (TextFileView.requestSave: "Debounced save in 2 seconds from now").
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { MarkdownView, TFile } from "obsidian-test-mocks/obsidian";

/** obsidian.d.ts, TextFileView.requestSave: "Debounced save in 2 seconds from now". */
export const SAVE_DELAY_MS = 2000;

/** Every editor on the page, for `window.sopHost` (what the buffer holds against what is on disk). */
export const editors = new Set();

/**
 * Obsidian's Markdown view exposes its CodeMirror view as `editor.cm`; plugins find it through
 * getLeavesOfType("markdown") and getActiveViewOfType(MarkdownView). Its `editor` (Obsidian's Editor API) edits the
 * buffer; the buffer reaches the disk only when the debounced save fires or `save()` is awaited.
 */
export function createMarkdownEditor(app, leaf, parent, extensions) {
  const view = MarkdownView.create2__(leaf);
  let hostWriting = false;
  /** The text this editor last read from or wrote to disk. */
  let onDisk = "";
  let saveTimer = null;
  const cm = new EditorView({
    parent,
    state: EditorState.create({
      doc: "",
      extensions: [
        EditorView.lineWrapping,
        // CodeMirror owns its root element's class list; classes on it go through this facet.
        EditorView.editorAttributes.of({ class: "host-editor" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !hostWriting) view.requestSave();
        }),
        ...extensions().flat(Infinity),
      ],
    }),
  });
  const text = () => cm.state.doc.toString();
  installEditorApi(view.editor, cm);
  view.editor.cm = cm;
  leaf.view = view;
  leaf.viewState = { type: "markdown" };

  const save = async () => {
    clearTimeout(saveTimer);
    saveTimer = null;
    const file = view.file;
    const current = text();
    if (!(file instanceof TFile) || current === onDisk) return;
    onDisk = current;
    await app.vault.modify(file, current);
  };
  view.requestSave = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void save(), SAVE_DELAY_MS);
  };
  view.save = () => save();
  view.getViewData = () => text();

  /** Replaces only what differs, so marks on unchanged text (findings) stay where they are. */
  const show = (next) => {
    const current = text();
    if (current === next) return;
    let from = 0;
    while (from < current.length && from < next.length && current[from] === next[from]) from++;
    let end = 0;
    while (end < current.length - from && end < next.length - from && current[current.length - 1 - end] === next[next.length - 1 - end]) end++;
    hostWriting = true;
    cm.dispatch({ changes: { from, to: current.length - end, insert: next.slice(from, next.length - end) } });
    hostWriting = false;
  };

  const editor = {
    view,
    leaf,
    async open(file) {
      if (view.file && view.file !== file) await save();
      view.file = file;
      onDisk = await app.vault.read(file);
      show(onDisk);
    },
    /**
     * The note changed on disk (another writer): the editor reloads it. Unsaved typing in the buffer is dropped with
     * its pending save, as when the app reloads a file that changed under an editor: the race a plugin must avoid by
     * writing an open note through its editor.
     */
    async reload() {
      const disk = await app.vault.read(view.file);
      if (disk === onDisk) return;
      clearTimeout(saveTimer);
      saveTimer = null;
      onDisk = disk;
      show(disk);
    },
    dirty: () => text() !== onDisk,
    text,
    close() {
      clearTimeout(saveTimer);
      editors.delete(editor);
      cm.destroy();
    },
  };
  editors.add(editor);
  return editor;
}

/** Obsidian's Editor over the CodeMirror document (the mocks' Editor keeps its own string, which nothing shows). */
function installEditorApi(editor, cm) {
  const doc = () => cm.state.doc;
  const posToOffset = (pos) => {
    const line = doc().line(Math.min(Math.max(pos.line, 0), doc().lines - 1) + 1);
    return line.from + Math.min(pos.ch, line.length);
  };
  const offsetToPos = (offset) => {
    const line = doc().lineAt(Math.min(Math.max(offset, 0), doc().length));
    return { line: line.number - 1, ch: offset - line.from };
  };
  Object.assign(editor, {
    getValue: () => doc().toString(),
    setValue: (content) => cm.dispatch({ changes: { from: 0, to: doc().length, insert: content } }),
    getLine: (n) => (n >= 0 && n < doc().lines ? doc().line(n + 1).text : ""),
    lineCount: () => doc().lines,
    lastLine: () => doc().lines - 1,
    posToOffset,
    offsetToPos,
    getRange: (from, to) => doc().sliceString(posToOffset(from), posToOffset(to)),
    replaceRange: (replacement, from, to) => cm.dispatch({ changes: { from: posToOffset(from), to: to ? posToOffset(to) : posToOffset(from), insert: replacement } }),
    transaction: (tx) => {
      const changes = (tx.changes ?? []).map((change) => ({ from: posToOffset(change.from), to: change.to ? posToOffset(change.to) : posToOffset(change.from), insert: change.text }));
      cm.dispatch({ changes });
    },
    getCursor: () => offsetToPos(cm.state.selection.main.head),
    setCursor: (pos, ch) => {
      const at = posToOffset(typeof pos === "number" ? { line: pos, ch: ch ?? 0 } : pos);
      cm.dispatch({ selection: { anchor: at } });
    },
    focus: () => cm.focus(),
    hasFocus: () => cm.hasFocus,
  });
}
