/** @jest-environment jsdom */
// The plugin under obsidian-test-mocks: what onload registers, how settings persist, and what the SOP picker lists.
import type { App as ObsidianApp, FuzzyMatch } from "obsidian";
import { Notice, Workspace } from "obsidian-test-mocks/obsidian";
import { noticeWithAction } from "../../src/obsidian/ui/notice-action";
import { progressNotice } from "../../src/obsidian/ui/progress-notice";
import SopRuntimePlugin from "../../src/obsidian/plugin";
import { DEFAULT_SETTINGS } from "../../src/obsidian/settings";
import type { SopListing } from "../../src/obsidian/adapters/sop-catalog";
import { SopPickerModal } from "../../src/obsidian/ui/sop-picker-modal";
import { createMockApp } from "../support/obsidian-mock-app";
import { SOP_VAULT, SOP_VAULT_PICKER_ROWS } from "../support/obsidian-sop-vault";
import { pluginManifest } from "../support/manifest";
import { mockOf } from "../support/plugin-harness";


async function loadPlugin(app: ObsidianApp, saved?: unknown): Promise<SopRuntimePlugin> {
  const plugin = new SopRuntimePlugin(app, pluginManifest);
  if (saved !== undefined) mockOf(plugin).data__ = saved;
  await plugin.onload();
  return plugin;
}

function layoutReady(app: ObsidianApp): void {
  (app.workspace as unknown as Workspace).setLayoutReady__();
}

/** Runs a command as the palette would and returns the picker it opened (if any). */
async function runPickerCommand(plugin: SopRuntimePlugin, id: string): Promise<SopPickerModal | null> {
  const opened: SopPickerModal[] = [];
  const spy = jest.spyOn(SopPickerModal.prototype, "open").mockImplementation(function (this: SopPickerModal) {
    opened.push(this);
  });
  try {
    const command = mockOf(plugin).commands__.get(`${id}`);
    if (!command?.callback) throw new Error(`No command "${id}"`);
    await command.callback();
    for (let i = 0; i < 20 && opened.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    spy.mockRestore();
  }
  return opened[0] ?? null;
}

/** The picker's rows as the person sees them. */
function pickerRows(modal: SopPickerModal): { title: string; steps: string; path: string }[] {
  return modal.getItems().map((item) => {
    const el = createDiv();
    const match: FuzzyMatch<SopListing> = { item, match: { score: 0, matches: [] } };
    modal.renderSuggestion(match, el);
    return {
      title: el.querySelector(".sop-runtime-picker-title")?.textContent ?? "",
      steps: el.querySelector(".sop-runtime-picker-steps")?.textContent ?? "",
      path: el.querySelector(".sop-runtime-picker-path")?.textContent ?? "",
    };
  });
}

describe("onload", () => {
  it("registers the open-sop command without default hotkeys, and the settings tab", async () => {
    const plugin = await loadPlugin(createMockApp(SOP_VAULT));
    const command = mockOf(plugin).commands__.get("open-sop");
    expect(command?.name).toBe("Open an SOP…");
    expect(command).not.toHaveProperty("hotkeys");
    for (const registered of mockOf(plugin).commands__.values()) expect(registered.hotkeys).toBeUndefined();
    expect(mockOf(plugin).settingTabs__).toHaveLength(1);
  });

  it("reads no note while loading: discovery waits until a picker is opened", async () => {
    const app = createMockApp(SOP_VAULT);
    const reads = jest.spyOn(app.vault, "cachedRead");
    const plainReads = jest.spyOn(app.vault, "read");
    await loadPlugin(app);
    layoutReady(app);
    expect(reads).not.toHaveBeenCalled();
    expect(plainReads).not.toHaveBeenCalled();
  });
});

describe("settings", () => {
  it("apply the defaults on first load", async () => {
    const plugin = await loadPlugin(createMockApp());
    expect(plugin.settings).toEqual(DEFAULT_SETTINGS);
  });

  it("persist through saveData and come back on the next load", async () => {
    const app = createMockApp();
    const first = await loadPlugin(app);
    first.settings.sopTag = "procedure";
    first.settings.defaultMode = "auto";
    await first.saveSettings();
    const second = await loadPlugin(app, mockOf(first).data__);
    expect(second.settings).toEqual({ ...DEFAULT_SETTINGS, sopTag: "procedure", defaultMode: "auto" });
  });

  it("keep the valid part of damaged saved data", async () => {
    const plugin = await loadPlugin(createMockApp(), { sopTag: "", runsFolder: "Ops/Runs", defaultMode: 3 });
    expect(plugin.settings).toEqual({ ...DEFAULT_SETTINGS, runsFolder: "Ops/Runs" });
  });
});

describe("Open an SOP…", () => {
  it("lists exactly the notes tagged sop (frontmatter, inline, nested), with step counts, titles and paths", async () => {
    const app = createMockApp(SOP_VAULT);
    const plugin = await loadPlugin(app);
    layoutReady(app);
    const modal = await runPickerCommand(plugin, "open-sop");
    expect(modal).not.toBeNull();
    expect(pickerRows(modal as SopPickerModal)).toEqual(SOP_VAULT_PICKER_ROWS);
  });

  it("follows the SOP tag setting", async () => {
    const app = createMockApp({
      ...SOP_VAULT,
      "Procedures/Vendor onboarding.md": "---\ntags: [procedure]\n---\n# Vendor onboarding\n\n1. Collect the W-9\n2. Add to the ledger\n3. Send the welcome pack\n",
    });
    const plugin = await loadPlugin(app, { sopTag: "procedure" });
    const modal = await runPickerCommand(plugin, "open-sop");
    expect(pickerRows(modal as SopPickerModal)).toEqual([
      { title: "Vendor onboarding", steps: "3 steps", path: "Procedures/Vendor onboarding.md" },
    ]);
  });

  it("opens the chosen note", async () => {
    const app = createMockApp(SOP_VAULT);
    const plugin = await loadPlugin(app);
    const modal = (await runPickerCommand(plugin, "open-sop")) as SopPickerModal;
    const incident = modal.getItems().find((item) => item.path === "SOPs/Incident runbook.md");
    modal.onChooseItem(incident as SopListing);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(app.workspace.getActiveFile()?.path).toBe("SOPs/Incident runbook.md");
  });

  it("parses each SOP once, and again only after it changes", async () => {
    const app = createMockApp(SOP_VAULT);
    const plugin = await loadPlugin(app);
    layoutReady(app);
    const reads = jest.spyOn(app.vault, "cachedRead");
    await runPickerCommand(plugin, "open-sop");
    expect(reads).toHaveBeenCalledTimes(SOP_VAULT_PICKER_ROWS.length);
    await runPickerCommand(plugin, "open-sop");
    expect(reads).toHaveBeenCalledTimes(SOP_VAULT_PICKER_ROWS.length);

    const file = app.vault.getFileByPath("SOPs/Incident runbook.md");
    if (!file) throw new Error("fixture missing");
    await app.vault.process(file, (text) => `${text}6. Close the incident\n`);
    const modal = (await runPickerCommand(plugin, "open-sop")) as SopPickerModal;
    expect(reads).toHaveBeenCalledTimes(SOP_VAULT_PICKER_ROWS.length + 1);
    expect(pickerRows(modal).find((row) => row.path === "SOPs/Incident runbook.md")?.steps).toBe("6 steps");
  });

  it("opens no picker in a vault without SOPs", async () => {
    const app = createMockApp({ "Notes/Plain list.md": SOP_VAULT["Notes/Plain list.md"] });
    const plugin = await loadPlugin(app);
    expect(await runPickerCommand(plugin, "open-sop")).toBeNull();
  });
});

it("shows no control character in any notice: an endpoint's escape sequence is inert text", () => {
  const esc = String.fromCharCode(27);
  const shown: string[] = [];
  jest.spyOn(Notice.prototype, "constructor__").mockImplementation(function (this: Notice) {
    shown.push(this.messageEl.textContent ?? "");
  });
  const plugin = new SopRuntimePlugin(createMockApp(), pluginManifest);
  plugin.notify(`Run paused: the endpoint said ${esc}[2Jno${String.fromCharCode(7)}\r${String.fromCharCode(0x9b)}31m.`);
  plugin.notify(noticeWithAction(`Run paused: ${esc}]0;owned`, { label: "Resume", run: () => undefined }));
  progressNotice(`Checking${esc}[1A`, "Cancel", () => undefined);
  expect(shown).toEqual(["Run paused: the endpoint said [2Jno31m.", "Run paused: ]0;ownedResume", "Checking[1ACancel"]);
  jest.restoreAllMocks();
});
