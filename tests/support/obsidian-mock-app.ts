// Test support: an in-memory Obsidian app from obsidian-test-mocks, for code that touches the Obsidian API (jsdom).
import type { App as ObsidianApp } from "obsidian";
import { App } from "obsidian-test-mocks/obsidian";
import { setup } from "obsidian-test-mocks/setup";

let installed = false;

/** Obsidian's DOM helpers (createDiv, el.empty, …) and globals; needs the jsdom test environment. */
export function installObsidianGlobals(): void {
  if (installed) return;
  setup();
  installed = true;
}

/** A configured app whose vault holds `files` (path → text), with the metadata cache already built. */
export function createMockApp(files: Record<string, string> = {}): ObsidianApp {
  installObsidianGlobals();
  return App.createConfigured__({ files }).asOriginalType__();
}

/** Puts a note in the mock vault as the app would on sync: parent folders first, then the file. */
export async function seedNote(app: ObsidianApp, path: string, content: string): Promise<void> {
  const parts = path.split("/").slice(0, -1);
  let folder = "";
  for (const part of parts) {
    folder = folder === "" ? part : `${folder}/${part}`;
    if (!app.vault.getAbstractFileByPath(folder)) await app.vault.createFolder(folder);
  }
  await app.vault.create(path, content);
}
