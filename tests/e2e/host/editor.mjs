// The center editor: a real CodeMirror 6 view inside a mocks MarkdownView, carrying the plugins' registered editor extensions.
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { MarkdownView, TFile } from "obsidian-test-mocks/obsidian";

/**
 * Obsidian's Markdown view exposes its CodeMirror view as `editor.cm`; plugins find it through
 * getLeavesOfType("markdown") and getActiveViewOfType(MarkdownView). The host gives the root leaf such a view.
 */
export function createMarkdownEditor(app, leaf, parent, extensions) {
  const view = MarkdownView.create2__(leaf);
  let writing = false;
  const cm = new EditorView({
    parent,
    state: EditorState.create({ doc: "", extensions: editorExtensions(extensions, () => writing, (text) => save(text)) }),
  });
  view.editor.cm = cm;
  leaf.view = view;
  leaf.viewState = { type: "markdown" };

  let saveTimer = null;
  const save = (text) => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      const file = view.file;
      if (file instanceof TFile) void app.vault.modify(file, text);
    }, 300);
  };

  /** Replaces only what differs, so marks on unchanged text (findings) stay where they are. */
  const show = (text) => {
    const current = cm.state.doc.toString();
    if (current === text) return;
    let from = 0;
    while (from < current.length && from < text.length && current[from] === text[from]) from++;
    let end = 0;
    while (end < current.length - from && end < text.length - from && current[current.length - 1 - end] === text[text.length - 1 - end]) end++;
    writing = true;
    cm.dispatch({ changes: { from, to: current.length - end, insert: text.slice(from, text.length - end) } });
    writing = false;
  };

  return {
    view,
    async open(file) {
      view.file = file;
      show(await app.vault.read(file));
    },
    show,
  };
}

function editorExtensions(pluginExtensions, isHostWrite, onEdit) {
  return [
    EditorView.lineWrapping,
    // CodeMirror owns its root element's class list; classes on it go through this facet.
    EditorView.editorAttributes.of({ class: "host-editor" }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged && !isHostWrite()) onEdit(update.state.doc.toString());
    }),
    ...pluginExtensions().flat(Infinity),
  ];
}
