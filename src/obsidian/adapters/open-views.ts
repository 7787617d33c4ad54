// The Markdown views the person has open, by note: a gate asks them to save, background writes go through their editor.
import { MarkdownView } from "obsidian";
import type { App, TFile } from "obsidian";

/** Every open Markdown view whose note passes `shows` (a note can be open in several tabs and splits). */
export function openMarkdownViews(app: App, shows: (file: TFile) => boolean): MarkdownView[] {
  const views: MarkdownView[] = [];
  for (const leaf of app.workspace.getLeavesOfType("markdown")) {
    const view = leaf.view;
    if (view instanceof MarkdownView && view.file && shows(view.file) && !views.includes(view)) views.push(view);
  }
  return views;
}

/**
 * Writes the buffer of every open view of those notes to disk now. The editor saves about 2 s after the last
 * keystroke (TextFileView.requestSave); anything that reads the note from disk before then reads older text.
 */
export async function saveOpenViews(app: App, shows: (file: TFile) => boolean): Promise<void> {
  await Promise.all(openMarkdownViews(app, shows).map((view) => view.save()));
}

/**
 * Shows `file` without replacing the note the person is reading (getLeaf(false) would): a tab already showing it is
 * brought forward; else, with "run-tab", the tab showing another note of the same run moves on to it; else a new tab.
 */
export async function openInOwnTab(app: App, file: TFile, mode: "run-tab" | "new-tab", sameRun: (other: TFile) => boolean): Promise<void> {
  const leaves = app.workspace.getLeavesOfType("markdown");
  const showing = leaves.find((leaf) => leaf.view instanceof MarkdownView && leaf.view.file?.path === file.path);
  if (showing) {
    await app.workspace.revealLeaf(showing);
    return;
  }
  const runTab = mode === "run-tab" ? leaves.find((leaf) => leaf.view instanceof MarkdownView && leaf.view.file !== null && sameRun(leaf.view.file)) : undefined;
  const leaf = runTab ?? app.workspace.getLeaf("tab");
  await leaf.openFile(file, { active: true });
  app.workspace.setActiveLeaf(leaf, { focus: true });
}

/** A note's open editor, as the vault adapter writes through it. */
export interface OpenEditor {
  /** What the person sees, unsaved typing included. */
  text(): string;
  /** Replaces the code units [from, to) with `insert` as one editor change (the cursor and undo history stay). */
  replace(from: number, to: number, insert: string): void;
  save(): Promise<void>;
}

/** The editor of the first open view of `path`, or null when the note is not open. */
export function openEditorOf(app: App, path: string): OpenEditor | null {
  const view = openMarkdownViews(app, (file) => file.path === path)[0];
  if (!view) return null;
  const editor = view.editor;
  return {
    text: () => editor.getValue(),
    replace: (from, to, insert) => editor.transaction({ changes: [{ from: editor.offsetToPos(from), to: editor.offsetToPos(to), text: insert }] }),
    save: () => view.save(),
  };
}
