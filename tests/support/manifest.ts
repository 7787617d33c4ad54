// The plugin's manifest.json, read once for every test that loads the plugin.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PluginManifest } from "obsidian";

export const pluginManifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "manifest.json"), "utf8")) as PluginManifest;
