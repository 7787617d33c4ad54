/** @jest-environment jsdom */
// The built main.js (production bundle) loaded the way Obsidian loads it: CommonJS, `obsidian` from the host, nothing else.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { App as ObsidianApp, PluginManifest } from "obsidian";
import * as obsidianMocks from "obsidian-test-mocks/obsidian";
import { Modal, Plugin } from "obsidian-test-mocks/obsidian";
import { createMockApp } from "../support/obsidian-mock-app";
import * as codemirrorState from "@codemirror/state";
import * as codemirrorView from "@codemirror/view";
import { MAIN_JS, REPO_ROOT, ensureBuiltPlugin, loadBuiltPlugin } from "../support/obsidian-built-plugin";
import { SOP_VAULT } from "../support/obsidian-sop-vault";
import { RUN_COMMAND_IDS } from "../../src/obsidian/commands/run";

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
  // Obsidian hands plugins its own CodeMirror 6 packages (the editor extension uses them), as it does `obsidian`.
  const loaded = await loadBuiltPlugin({ obsidian: obsidianMocks, "@codemirror/state": codemirrorState, "@codemirror/view": codemirrorView });
  refused = loaded.refused;
  PluginFromBundle = (loaded.exports.default ?? loaded.exports) as unknown as PluginClass;
}, 120_000);

it("asks the host for nothing but obsidian and its CodeMirror packages while loading", () => {
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
  expect(commands.map((command) => command.id)).toEqual(expect.arrayContaining([...RUN_COMMAND_IDS]));
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

describe("mobile safety", () => {
  /** What Obsidian hands a plugin's require() on phones as well as desktops. */
  const providedEverywhere = (id: string): boolean => id === "obsidian" || id.startsWith("@codemirror/") || id.startsWith("@lezer/");

  it("main.js requires nothing that is missing on mobile (no Node builtins, no electron)", () => {
    const bundle = readFileSync(MAIN_JS, "utf8");
    const required = [...bundle.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]);
    expect(required).toContain("obsidian");
    expect(required.filter((id) => !providedEverywhere(id))).toEqual([]);
  });

  it("main.js, dependencies included, has no regex lookbehind (iOS before 16.4 cannot parse it)", () => {
    expect(readFileSync(MAIN_JS, "utf8")).not.toMatch(/\(\?<[=!]/);
  });

  it("no source file under src/ uses regex lookbehind", () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith(".ts") && /\(\?<[=!]/.test(readFileSync(path, "utf8"))) offenders.push(path);
      }
    };
    walk(join(REPO_ROOT, "src"));
    expect(offenders).toEqual([]);
  });
});
