// The Obsidian host page's entry: in-memory app from obsidian-test-mocks, workspace shell, and main.js loaded as Obsidian loads it.
import { setup } from "obsidian-test-mocks/setup";
import * as obsidianMocks from "obsidian-test-mocks/obsidian";
import * as codemirrorState from "@codemirror/state";
import * as codemirrorView from "@codemirror/view";
import { installModals } from "./modals.mjs";
import { installSettingControls } from "./setting-controls.mjs";
import { hostSetIcon, hostSetTooltip, installMenus, loadIcons } from "./icons-and-menus.mjs";
import { HostNotice, expireNotices, installMarkdownRenderer, noticeLog, renders } from "./notices-and-markdown.mjs";
import { editors } from "./editor.mjs";
import { installLateIndexing, installLinkSettings } from "./links-and-metadata.mjs";
import { installPalette } from "./palette.mjs";
import { installWorkspace, setTheme } from "./workspace.mjs";

setup();

/** What Obsidian hands a plugin's require(); anything else is refused and recorded. */
const provided = {
  obsidian: { ...obsidianMocks, Notice: HostNotice, setIcon: hostSetIcon, setTooltip: hostSetTooltip },
  "@codemirror/state": codemirrorState,
  "@codemirror/view": codemirrorView,
};
const refused = [];
const plugins = [];

/** Loads main.js from the page's server into a fresh app seeded with `/vault.json`; settings stand for data.json. */
async function start() {
  const query = new URLSearchParams(location.search);
  setTheme(query.get("theme") === "dark" ? "dark" : "light");
  const [files, mainJs, manifest, settings] = await Promise.all([
    fetch("/vault.json").then((r) => r.json()),
    fetch("/main.js").then((r) => r.text()),
    fetch("/manifest.json").then((r) => r.json()),
    fetch("/settings.json").then((r) => r.json()),
  ]);
  await loadIcons();
  installModals();
  installSettingControls();
  installMenus();
  installMarkdownRenderer();
  const app = obsidianMocks.App.createConfigured__({ files }).asOriginalType__();
  countReads(app);
  installLinkSettings(app);
  installLateIndexing();
  const { paletteButton } = installWorkspace(app, () => plugins);
  installPalette(paletteButton, () => plugins);

  const module = { exports: {} };
  const hostRequire = (id) => {
    if (id in provided) return provided[id];
    refused.push(id);
    throw new Error(`main.js required "${id}", which Obsidian does not provide.`);
  };
  new Function("module", "exports", "require", mainJs)(module, module.exports, hostRequire);
  const PluginClass = module.exports.default ?? module.exports;
  const plugin = new PluginClass(app, manifest);
  // With ?persist=1 the plugin's data.json outlives a reload (an app restart): kept in this origin's localStorage.
  const persist = query.get("persist") === "1";
  const stored = persist ? localStorage.getItem("sop-e2e-data") : null;
  plugin.data__ = stored ? JSON.parse(stored) : settings;
  if (persist) {
    const saveData = plugin.saveData.bind(plugin);
    plugin.saveData = (data) => {
      localStorage.setItem("sop-e2e-data", JSON.stringify(data));
      return saveData(data);
    };
  }
  // Obsidian calls load(), which runs the (async) onload; the host waits for it before the layout is ready.
  let loaded = Promise.resolve();
  const onload = plugin.onload;
  plugin.onload = function () {
    loaded = Promise.resolve(onload.call(this));
    return loaded;
  };
  plugin.load();
  await loaded;
  plugins.push(plugin);
  app.workspace.setLayoutReady__();
  return { app, plugin };
}

/** Every read of a note's text from disk, by path (`read` and `cachedRead`), for the tests of what reads what. */
const reads = new Map();
function countReads(app) {
  for (const method of ["read", "cachedRead"]) {
    const original = app.vault[method].bind(app.vault);
    app.vault[method] = (file) => {
      reads.set(file.path, (reads.get(file.path) ?? 0) + 1);
      return original(file);
    };
  }
}

const started = start();

/** What the runner reads back from the page (the DOM is asserted directly). */
window.sopHost = {
  ready: started.then(() => true),
  refused,
  notices: noticeLog,
  setTheme,
  async readNote(path) {
    const { app } = await started;
    const file = app.vault.getFileByPath(path);
    return file ? app.vault.read(file) : null;
  },
  async notePaths() {
    const { app } = await started;
    return app.vault.getMarkdownFiles().map((file) => file.path).sort();
  },
  /** Reads of each note since the last reset (`{ path: count }`). */
  reads() {
    return Object.fromEntries(reads);
  },
  resetReads() {
    reads.clear();
  },
  /** Markdown renders so far and the render children still loaded. */
  renders() {
    return { count: renders.count, live: renders.live.size };
  },
  /** Writes a note as another window or a sync would (the view must notice through the vault's events). */
  async writeNote(path, text) {
    const { app } = await started;
    const file = app.vault.getFileByPath(path);
    if (file) await app.vault.modify(file, text);
    else await app.vault.create(path, text);
  },
  /** Lets every timed notice's time pass: what stays is what the person must dismiss. */
  expireNotices,
  /** The links the metadata cache found in a note's properties, by property (Obsidian counts only "[[…]]" there). */
  async frontmatterLinks(path) {
    const { app } = await started;
    const file = app.vault.getFileByPath(path);
    const cache = file ? app.metadataCache.getFileCache(file) : null;
    return Object.fromEntries((cache?.frontmatterLinks ?? []).map((link) => [link.key, link.link]));
  },
  /** The center's tabs in order: the note each shows (null for an empty tab) and whether it is the active one. */
  tabs() {
    return [...document.querySelectorAll(".workspace-tab-header")].map((el) => ({ path: el.getAttribute("data-path"), active: el.classList.contains("is-active") }));
  },
  /** Each open editor's note, what its buffer shows and whether that is not yet on disk. */
  editors() {
    return [...editors].map((editor) => ({ path: editor.view.file?.path ?? null, text: editor.text(), dirty: editor.dirty() }));
  },
  async settings() {
    const { plugin } = await started;
    return plugin.settings;
  },
};
