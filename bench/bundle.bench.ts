// Benchmark: main.js size (production build) with its largest contributors, and onload time of the built bundle under obsidian-test-mocks.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { join } from "node:path";
import { runInThisContext } from "node:vm";
import { build, type Metafile } from "esbuild";
import { JSDOM } from "jsdom";
import type { App as ObsidianApp, PluginManifest } from "obsidian";
import { cells, machineLine, met, summarize, write } from "./bench-report";
import { SOP_VAULT } from "../tests/support/obsidian-sop-vault";

const ROOT = process.cwd();
const MAIN_JS = join(ROOT, "main.js");
const SIZE_BUDGET_KB = 250;
const ONLOAD_BUDGET_MS = 5;
const LOADS = 50;

/** Packages that together are "the markdown parser" (markdown-it and the micromark/mdast family, whichever is bundled). */
const PARSER_PACKAGES = /^(markdown-it|mdurl|uc\.micro|linkify-it|entities|punycode(\.js)?|micromark.*|mdast.*|unist.*|decode-named-character-reference|character-entities.*|devlop|zwitch|longest-streak|ccount|escape-string-regexp|markdown-table)$/;

/** The build the plugin ships: `npm run build`. */
function buildPlugin(): void {
  execFileSync(process.execPath, ["esbuild.config.mjs", "production"], { cwd: ROOT, stdio: "pipe" });
}

/** The same bundle as esbuild.config.mjs, kept in memory with its metafile (the config does not write one to disk). */
async function metafile(): Promise<{ metafile: Metafile; bytes: number }> {
  const result = await build({
    entryPoints: [join(ROOT, "main.ts")],
    bundle: true,
    format: "cjs",
    platform: "browser",
    target: "es2021",
    outfile: join(ROOT, "main.js"),
    write: false,
    minify: true,
    treeShaking: true,
    metafile: true,
    logLevel: "silent",
    external: ["obsidian", "electron", "@codemirror/*", "@lezer/*", ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
  });
  return { metafile: result.metafile, bytes: result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0) };
}

/** "node_modules/@scope/name/…" → "@scope/name"; our sources by top folder ("src/core", "src/obsidian", …). */
function ownerOf(input: string): string {
  const parts = input.split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at >= 0) return parts[at + 1].startsWith("@") ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
  if (parts[0] === "src") return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

function contributors(meta: Metafile): { byOwner: [string, number][]; groups: [string, number][] } {
  const output = Object.values(meta.outputs)[0];
  const byOwner = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const owner = ownerOf(input);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + bytesInOutput);
  }
  const groups = new Map<string, number>();
  for (const [owner, bytes] of byOwner) {
    const group = owner === "openai" ? "openai SDK" : PARSER_PACKAGES.test(owner) ? "markdown parser" : owner.startsWith("src/") || owner === "main.ts" ? "our code (src/, main.ts)" : "other packages";
    groups.set(group, (groups.get(group) ?? 0) + bytes);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { byOwner: sorted(byOwner), groups: sorted(groups) };
}

/** What Obsidian's window provides and the mocks expect: a jsdom window's globals, installed once. */
function installDomGlobals(): void {
  const dom = new JSDOM("<!doctype html><html><body></body></html>", { url: "http://localhost/" });
  const target = globalThis as Record<string, unknown>;
  const source = dom.window as unknown as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(dom.window)) {
    if (key in target) continue;
    target[key] = source[key];
  }
  target.window = dom.window;
}

/** The bundle's class extends the mocks' Plugin; `commands__` is the mocks' record of registered commands. */
type BundledPlugin = { onload(): Promise<void>; commands__: Map<string, unknown> };
type PluginClass = new (app: ObsidianApp, manifest: PluginManifest) => BundledPlugin;

const manifest: PluginManifest = { id: "sop-runtime", name: "SOP Runtime", version: "0.1.0", minAppVersion: "1.11.4", author: "SOP Runtime contributors", description: "" };

/** What Obsidian's require hands a plugin besides `obsidian` (the editor packages), taken from node_modules. */
const HOST_PACKAGES = new Set(["@codemirror/state", "@codemirror/view"]);
const hostRequire = createRequire(join(ROOT, "package.json"));

/** Evaluates main.js as Obsidian does: a CommonJS wrapper whose require gives `obsidian`, the editor packages and nothing else. */
function evaluateBundle(source: string, obsidian: unknown): PluginClass {
  const wrapper = runInThisContext(`(function (module, exports, require) {\n${source}\n})`, { filename: "main.js" }) as (m: { exports: Record<string, unknown> }, e: Record<string, unknown>, r: (id: string) => unknown) => void;
  const module = { exports: {} as Record<string, unknown> };
  wrapper(module, module.exports, (id) => {
    if (id === "obsidian") return obsidian;
    if (HOST_PACKAGES.has(id)) return hostRequire(id);
    throw new Error(`main.js required "${id}", which Obsidian does not provide on every platform.`);
  });
  return (module.exports.default ?? module.exports) as unknown as PluginClass;
}

async function main(): Promise<void> {
  const load = machineLine();
  buildPlugin();
  const size = statSync(MAIN_JS).size;
  const meta = await metafile();
  const { byOwner, groups } = contributors(meta.metafile);
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);

  installDomGlobals();
  // Loaded after the DOM globals exist: the mocks read them while initialising.
  const { setup } = (await import("obsidian-test-mocks/setup")) as { setup: () => void };
  setup();
  const obsidian = (await import("obsidian-test-mocks/obsidian")) as unknown as { App: { createConfigured__(o: { files: Record<string, string> }): { asOriginalType__(): ObsidianApp } } };
  const source = readFileSync(MAIN_JS, "utf8");

  const evaluate: number[] = [];
  const firstSlice: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < LOADS + 5; i++) {
    const app = obsidian.App.createConfigured__({ files: SOP_VAULT }).asOriginalType__();
    const t0 = performance.now();
    const Plugin = evaluateBundle(source, obsidian);
    const t1 = performance.now();
    const plugin = new Plugin(app, manifest);
    const t2 = performance.now();
    const done = plugin.onload();
    const t3 = performance.now();
    await done;
    const t4 = performance.now();
    // A load that registered nothing would time nothing worth measuring.
    if (plugin.commands__.size === 0) throw new Error("The built plugin registered no commands on load.");
    if (i < 5) continue; // warm-up: first evaluations include parsing and compiling 300 KB of JavaScript
    evaluate.push(t1 - t0);
    firstSlice.push(t3 - t2);
    whole.push(t4 - t2);
  }
  const wholeSummary = summarize(whole);

  write([
    "### main.js size and onload",
    "",
    load,
    "",
    "| Measure | Budget | Measured | Met? |",
    "|---|---:|---:|---|",
    `| main.js, minified production build (\`npm run build\`) | ≤ ${SIZE_BUDGET_KB} KB | ${kb(size)} KB (${size.toLocaleString("en-US")} bytes) | ${met(size / 1024 <= SIZE_BUDGET_KB)} |`,
    "",
    `Largest contributors (bytes in the minified output, from esbuild's metafile of the same build; that in-memory build is ${kb(meta.bytes)} KB without the banner and the lookbehind patch):`,
    "",
    "| Group | KB | Share |",
    "|---|---:|---:|",
    ...groups.map(([name, bytes]) => `| ${name} | ${kb(bytes)} | ${((bytes / meta.bytes) * 100).toFixed(0)}% |`),
    "",
    "| Package or folder | KB |",
    "|---|---:|",
    ...byOwner.slice(0, 12).map(([name, bytes]) => `| ${name} | ${kb(bytes)} |`),
    "",
    `onload of the built main.js under obsidian-test-mocks (jsdom globals), ${LOADS} loads after 5 warm-up loads, each a fresh evaluation of main.js, a fresh mock app (${Object.keys(SOP_VAULT).length} notes) and a fresh plugin:`,
    "",
    "| Measure | Budget | Median ms | Min–max ms | Met? |",
    "|---|---:|---:|---:|---|",
    `| onload, call to resolved promise (all its synchronous slices; the mocks' loadData resolves at once) | ≤ ${ONLOAD_BUDGET_MS} ms | ${cells(wholeSummary, 2)} | ${met(wholeSummary.median <= ONLOAD_BUDGET_MS)} |`,
    `| onload, first synchronous slice (until its first await, loadData) | — | ${cells(summarize(firstSlice), 3)} | — |`,
    `| evaluating main.js (module top level, before onload; not part of the budget) | — | ${cells(summarize(evaluate), 2)} | — |`,
    "",
  ]);
}

void main().catch((error: unknown) => {
  process.stderr.write(`bundle benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
