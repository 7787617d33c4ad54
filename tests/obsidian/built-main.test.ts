/** @jest-environment jsdom */
// The built main.js (production bundle) loaded the way Obsidian loads it: CommonJS, `obsidian` from the host, nothing else.
import type { App as ObsidianApp, PluginManifest } from "obsidian";
import * as obsidianMocks from "obsidian-test-mocks/obsidian";
import { Modal, Plugin } from "obsidian-test-mocks/obsidian";
import { createMockApp } from "../support/obsidian-mock-app";
import { ensureBuiltPlugin, loadBuiltPlugin } from "../support/obsidian-built-plugin";
import { SOP_VAULT } from "../support/obsidian-sop-vault";

/** The bundle's class extends the mocks' Plugin; its onload is async. */
type BundledPlugin = Omit<Plugin, "onload"> & { onload(): Promise<void> };
type PluginClass = new (app: ObsidianApp, manifest: PluginManifest) => BundledPlugin;

const manifest: PluginManifest = {
  id: "sop-runtime",
  name: "SOP Runtime",
  version: "0.1.0",
  minAppVersion: "1.11.4",
  author: "SOP Runtime contributors",
  description: "",
};

let PluginFromBundle: PluginClass;
let refused: string[];

beforeAll(async () => {
  ensureBuiltPlugin();
  const loaded = await loadBuiltPlugin({ obsidian: obsidianMocks });
  refused = loaded.refused;
  PluginFromBundle = (loaded.exports.default ?? loaded.exports) as unknown as PluginClass;
}, 120_000);

it("asks the host for nothing but obsidian while loading", () => {
  expect(refused).toEqual([]);
});

it("exports a plugin class that instantiates", () => {
  const plugin = new PluginFromBundle(createMockApp(), manifest);
  expect(plugin).toBeInstanceOf(Plugin);
});

it("registers its commands and settings tab on load, with no default hotkeys", async () => {
  const plugin = new PluginFromBundle(createMockApp(SOP_VAULT), manifest);
  await plugin.onload();
  const commands = [...plugin.commands__.values()];
  expect(commands.map((command) => [command.id, command.name])).toContainEqual(["open-sop", "Open an SOP…"]);
  for (const command of commands) expect(command.hotkeys).toBeUndefined();
  expect(plugin.settingTabs__).toHaveLength(1);
});

it("lists the vault's SOPs with step counts when the command runs", async () => {
  const app = createMockApp(SOP_VAULT);
  const plugin = new PluginFromBundle(app, manifest);
  await plugin.onload();
  const opened: Modal[] = [];
  const spy = jest.spyOn(Modal.prototype, "open").mockImplementation(function (this: Modal) {
    opened.push(this);
  });
  try {
    await Promise.resolve(plugin.commands__.get("open-sop")?.callback?.());
    for (let i = 0; i < 20 && opened.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    spy.mockRestore();
  }
  expect(opened).toHaveLength(1);
  const picker = opened[0] as unknown as { getItems(): { path: string; stepCount: number | null }[] };
  expect(picker.getItems().map((item) => [item.path, item.stepCount])).toEqual([
    ["Ops/Backup restore.md", 2],
    ["SOPs/Idea without steps.md", null],
    ["SOPs/Incident runbook.md", 5],
    ["SOPs/Release checklist.md", 4],
  ]);
});
