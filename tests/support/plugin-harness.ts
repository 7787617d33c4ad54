// One way to make the plugin for a test: over a mock app, with a fake model layer and Ollama-like settings, and the
// notices it shows collected as text.
import type { App as ObsidianApp } from "obsidian";
import type { Plugin } from "obsidian-test-mocks/obsidian";
import SopRuntimePlugin from "../../src/obsidian/plugin";
import type { FakeModelLayer } from "./fake-model-layer";
import { pluginManifest } from "./manifest";

/** The plugin as the mocks see it (registered commands, status bar items, stored data). */
export function mockOf(plugin: SopRuntimePlugin): Plugin {
  return plugin as unknown as Plugin;
}

/** A plugin not yet loaded (call `onload` when the test is ready), and the notices it will show. */
export function newPlugin(app: ObsidianApp, layer: FakeModelLayer): { plugin: SopRuntimePlugin; notices: string[] } {
  const plugin = new SopRuntimePlugin(app, pluginManifest);
  plugin.modelLayer = layer;
  mockOf(plugin).data__ = { provider: "ollama", baseUrl: "http://localhost:11434/v1", defaultModel: "llama3.2" };
  const notices: string[] = [];
  jest.spyOn(plugin, "notify").mockImplementation((message) => {
    notices.push(typeof message === "string" ? message : (message.textContent ?? ""));
  });
  return { plugin, notices };
}
