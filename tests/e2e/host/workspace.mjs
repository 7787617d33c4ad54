// The workspace shell: file list (left), the open note (center), the right sidebar where views mount, the status bar.
import { Plugin, Workspace, WorkspaceLeaf } from "obsidian-test-mocks/obsidian";
import { createMarkdownEditor } from "./editor.mjs";
import { hostSetIcon } from "./icons-and-menus.mjs";

/** View creators by type, from every plugin's registerView. */
const viewCreators = new Map();
/** Host data per leaf (its side and element); a WeakMap because the mocks' proxies throw on unknown properties. */
const leafInfo = new WeakMap();

/** Builds the page's chrome and patches the mocks' workspace so what plugins open shows up in it. */
export function installWorkspace(app, plugins) {
  const body = document.body;
  const appEl = body.createDiv({ cls: "app-container" });
  const workspaceEl = appEl.createDiv({ cls: "workspace" });
  const left = workspaceEl.createDiv({ cls: "workspace-split mod-left-split" });
  const leftHeader = left.createDiv({ cls: "host-pane-header", text: "Files" });
  leftHeader.createDiv({ cls: "host-spacer" });
  const ribbon = leftHeader.createDiv({ cls: "host-ribbon" });
  const fileList = left.createDiv({ cls: "nav-files-container" });
  const root = workspaceEl.createDiv({ cls: "workspace-split mod-root" });
  const rootHeader = root.createDiv({ cls: "host-pane-header" });
  const rootTitle = rootHeader.createSpan({ cls: "host-note-title", text: "No note open" });
  rootHeader.createDiv({ cls: "host-spacer" });
  const paletteButton = rootHeader.createEl("button", { cls: "host-open-palette", text: "Command palette" });
  const themeButton = rootHeader.createEl("button", { cls: "host-toggle-theme", text: "Theme" });
  const tabBar = root.createDiv({ cls: "workspace-tab-header-container" });
  const tabBodies = root.createDiv({ cls: "workspace-tab-container" });
  const right = workspaceEl.createDiv({ cls: "workspace-split mod-right-split is-collapsed" });
  const statusBar = appEl.createDiv({ cls: "status-bar" });
  body.createDiv({ cls: "notice-container" });

  const empty = createDiv({ cls: "host-empty-state", text: "Open a note from the file list." });
  tabBodies.appendChild(empty);
  themeButton.addEventListener("click", () => setTheme(body.hasClass("theme-dark") ? "light" : "dark"));

  /** The center's tabs, in order; each has its own editor, made on the first note it opens. */
  const tabs = [];
  const newTab = () => {
    const leaf = WorkspaceLeaf.create2__(app);
    const el = tabBodies.createDiv({ cls: "workspace-leaf host-root-leaf" });
    const header = tabBar.createDiv({ cls: "workspace-tab-header", text: "New tab" });
    header.addEventListener("click", () => void activateTab(leaf));
    leafInfo.set(leaf, { side: "root", el, tabHeader: header });
    tabs.push(leaf);
    app.workspace.leaves.push(leaf);
    return leaf;
  };
  const editors = new WeakMap();
  let lastRoot = newTab();
  app.workspace.activeLeaf = lastRoot;
  const activateTab = async (leaf) => {
    lastRoot = leaf;
    for (const tab of tabs) {
      const info = leafInfo.get(tab);
      info.el.toggleClass("mod-active", tab === leaf);
      info.tabHeader.toggleClass("is-active", tab === leaf);
    }
    const file = leaf.file;
    rootTitle.setText(file?.basename ?? "No note open");
    rootTitle.setAttr("data-path", file?.path ?? "");
    rootTitle.setAttr("title", file?.path ?? "");
    app.workspace.setActiveLeaf(leaf);
    renderFiles();
  };
  void activateTab(lastRoot);

  const openFileOriginal = WorkspaceLeaf.prototype.openFile;
  WorkspaceLeaf.prototype.openFile = async function openFile(file, openState) {
    await openFileOriginal.call(this, file, openState);
    const info = leafInfo.get(this);
    if (info?.side !== "root") return;
    empty.remove();
    info.tabHeader.setText(file.basename);
    info.tabHeader.setAttr("data-path", file.path);
    let editor = editors.get(this);
    if (!editor) {
      editor = createMarkdownEditor(app, this, info.el, () => plugins().flatMap((plugin) => plugin.editorExtensions__));
      editors.set(this, editor);
    }
    await editor.open(file);
    await activateTab(this);
    app.workspace.trigger("file-open", file);
  };

  const setViewStateOriginal = WorkspaceLeaf.prototype.setViewState;
  WorkspaceLeaf.prototype.setViewState = async function setViewState(viewState, eState) {
    await setViewStateOriginal.call(this, viewState, eState);
    const create = viewCreators.get(viewState.type);
    if (!create) return;
    const info = leafInfo.get(this) ?? leafInfo.get(lastRoot);
    if (this.view && this.view.getViewType() === viewState.type) {
      if (viewState.state) await this.view.setState(viewState.state, { history: false });
      return;
    }
    await closeView(this);
    const view = create(this);
    this.view = view;
    view.containerEl.addClass("workspace-leaf-content");
    view.containerEl.setAttr("data-type", viewState.type);
    if ("contentEl" in view) view.contentEl.addClass("view-content");
    const header = info.el.createDiv({ cls: "host-pane-header view-header", text: view.getDisplayText() });
    info.header = header;
    info.el.appendChild(view.containerEl);
    leafInfo.set(this, info);
    view.load();
    await view.onOpen();
    if (viewState.state) await view.setState(viewState.state, { history: false });
    if (info.side === "right") right.removeClass("is-collapsed");
  };

  WorkspaceLeaf.prototype.detach = function detach() {
    void closeView(this);
    const info = leafInfo.get(this);
    info?.el.remove();
    info?.tabHeader?.remove();
    editors.get(this)?.close();
    app.workspace.removeLeaf__(this);
    const at = tabs.indexOf(this);
    if (at !== -1) {
      tabs.splice(at, 1);
      if (tabs.length === 0) newTab();
      if (lastRoot === this) void activateTab(tabs[Math.max(0, at - 1)]);
    }
  };

  const sideLeaf = (side) => {
    const leaf = WorkspaceLeaf.create2__(app);
    const el = (side === "right" ? right : left).createDiv({ cls: "workspace-leaf" });
    leafInfo.set(leaf, { side, el });
    app.workspace.leaves.push(leaf);
    return leaf;
  };
  Workspace.prototype.getRightLeaf = () => sideLeaf("right");
  Workspace.prototype.getLeftLeaf = () => sideLeaf("left");
  Workspace.prototype.ensureSideLeaf = async function ensureSideLeaf(type, side, options = {}) {
    const existing = this.getLeavesOfType(type)[0];
    const leaf = existing ?? sideLeaf(side === "left" ? "left" : "right");
    if (!existing) await leaf.setViewState({ type, active: options.active ?? false, state: options.state });
    if (options.reveal) await this.revealLeaf(leaf);
    return leaf;
  };
  // obsidian.d.ts, Workspace.getLeaf: false (or unset) returns the tab the person is in, whose note is replaced;
  // true, 'tab', 'split' and 'window' make a new tab (here a tab stands for a split and a window too).
  Workspace.prototype.getLeaf = (newLeaf) => {
    if (!newLeaf) return lastRoot;
    const leaf = newTab();
    void activateTab(leaf);
    return leaf;
  };
  Workspace.prototype.revealLeaf = async function revealLeaf(leaf) {
    if (leafInfo.get(leaf)?.side === "right") right.removeClass("is-collapsed");
    this.setActiveLeaf(leaf);
  };
  // As in Obsidian: the file of the active file view, else the most recent one (a sidebar view keeps it).
  Workspace.prototype.getActiveFile = () => lastRoot.file;
  Workspace.prototype.setActiveLeaf = function setActiveLeaf(leaf) {
    if (tabs.includes(leaf) && leaf !== lastRoot) {
      void activateTab(leaf);
      return;
    }
    this.activeLeaf = leaf;
    if (!this.leaves.includes(leaf)) this.leaves.push(leaf);
    this.trigger("active-leaf-change", leaf);
  };
  Workspace.prototype.getActiveViewOfType = function getActiveViewOfType(type) {
    const view = this.activeLeaf?.view;
    return view instanceof type ? view : null;
  };

  const registerViewOriginal = Plugin.prototype.registerView;
  Plugin.prototype.registerView = function registerView(type, creator) {
    registerViewOriginal.call(this, type, creator);
    viewCreators.set(type, creator);
  };
  const addStatusBarItemOriginal = Plugin.prototype.addStatusBarItem;
  Plugin.prototype.addStatusBarItem = function addStatusBarItem() {
    const el = addStatusBarItemOriginal.call(this);
    el.addClass("status-bar-item");
    el.addClass(`plugin-${this.manifest.id}`);
    statusBar.appendChild(el);
    return el;
  };
  Plugin.prototype.addRibbonIcon = function addRibbonIcon(icon, title, callback) {
    const el = ribbon.createEl("button", { cls: "side-dock-ribbon-action clickable-icon", attr: { "aria-label": title, title } });
    hostSetIcon(el, icon);
    el.addEventListener("click", (event) => callback(event));
    return el;
  };

  // Every tab showing a note follows writes to it on disk (a step streaming into its waypoint, an accepted finding).
  app.vault.on("modify", (file) => {
    for (const tab of tabs) if (tab.file === file) void editors.get(tab)?.reload();
  });

  function renderFiles() {
    fileList.empty();
    const byFolder = new Map();
    for (const file of app.vault.getMarkdownFiles()) {
      const folder = file.parent?.path && file.parent.path !== "/" ? file.parent.path : "";
      if (!byFolder.has(folder)) byFolder.set(folder, []);
      byFolder.get(folder).push(file);
    }
    for (const folder of [...byFolder.keys()].sort()) {
      if (folder !== "") fileList.createDiv({ cls: "nav-folder-title", text: folder });
      for (const file of byFolder.get(folder).sort((a, b) => a.basename.localeCompare(b.basename))) {
        const item = fileList.createDiv({ cls: "nav-file-title", text: file.basename, attr: { "data-path": file.path } });
        if (file === lastRoot.file) item.addClass("is-active");
        item.addEventListener("click", () => void lastRoot.openFile(file));
      }
    }
  }
  for (const event of ["create", "delete", "rename"]) app.vault.on(event, () => renderFiles());
  renderFiles();

  return { paletteButton };
}

async function closeView(leaf) {
  const view = leaf.view;
  if (!view) return;
  leaf.view = null;
  const info = leafInfo.get(leaf);
  info?.header?.remove();
  view.containerEl.remove();
  await view.onClose();
  view.unload();
}

export function setTheme(theme) {
  document.body.classList.remove("theme-light", "theme-dark");
  document.body.classList.add(theme === "dark" ? "theme-dark" : "theme-light");
}
