// Benchmark: main.js size (production build) with its contributors from the build's metafile, and the time to evaluate
// main.js and run onload, cold (a fresh process per load, as Obsidian starting) and warm, under obsidian-test-mocks.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Script } from "node:vm";
import type { Metafile } from "esbuild";
import { JSDOM } from "jsdom";
import type { App as ObsidianApp, PluginManifest } from "obsidian";
import { cells, machineLine, met, summarize, write } from "./bench-report";
import { SOP_VAULT } from "../tests/support/obsidian-sop-vault";

const ROOT = process.cwd();
const MAIN_JS = join(ROOT, "main.js");
/** Written by the production build (esbuild.config.mjs). */
const METAFILE = join(ROOT, "dist", "main.meta.json");
/** Issue 18's budget, and DESIGN.md §11's. */
const SIZE_BUDGET_KB = 300;
const ONLOAD_BUDGET_MS = 5;
/** Issue 18: evaluating main.js and running onload, together. */
const LOAD_BUDGET_MS = 10;
const LOADS = 50;
const COLD_LOADS = 21;
const COLD_FLAG = "--cold-load";

/** Packages that together are "the markdown parser" (markdown-it and the micromark/mdast family, whichever is bundled). */
const PARSER_PACKAGES = /^(markdown-it|mdurl|uc\.micro|linkify-it|entities|punycode(\.js)?|micromark.*|mdast.*|unist.*|decode-named-character-reference|character-entities.*|devlop|zwitch|longest-streak|ccount|escape-string-regexp|markdown-table)$/;

/** The build the plugin ships: `npm run build`. */
function buildPlugin(): void {
  execFileSync(process.execPath, ["esbuild.config.mjs", "production"], { cwd: ROOT, stdio: "pipe" });
}

/** The metafile of the build that wrote main.js. */
function metafile(): Metafile {
  return JSON.parse(readFileSync(METAFILE, "utf8")) as Metafile;
}

/** "node_modules/@scope/name/…" → "@scope/name"; our sources by top folder ("src/core", "src/obsidian", …). */
function ownerOf(input: string): string {
  const parts = input.split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at >= 0) return parts[at + 1].startsWith("@") ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
  if (parts[0] === "src") return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

/** "…/node_modules/a/node_modules/b/x.js" → "node_modules/a/node_modules/b": where one copy of a package lives. */
function packageRoot(input: string): string | null {
  const parts = input.split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return null;
  return parts.slice(0, at + (parts[at + 1].startsWith("@") ? 3 : 2)).join("/");
}

function contributors(meta: Metafile): { byOwner: [string, number][]; groups: [string, number][]; twice: string[]; cliFiles: string[]; stubs: number } {
  const output = Object.values(meta.outputs).find((out) => out.entryPoint === "main.ts") ?? Object.values(meta.outputs)[0];
  const byOwner = new Map<string, number>();
  const copies = new Map<string, Set<string>>();
  let stubs = 0;
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    // Stand-ins for the parts of the openai SDK the plugin never calls (scripts/esbuild/slim-openai.mjs).
    if (input.startsWith("openai-unbundled:")) {
      stubs += bytesInOutput;
      continue;
    }
    const owner = ownerOf(input);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + bytesInOutput);
    const root = packageRoot(input);
    if (root) copies.set(owner, (copies.get(owner) ?? new Set()).add(root));
  }
  const twice = [...copies].filter(([, roots]) => roots.size > 1).map(([owner, roots]) => `${owner} (${[...roots].join(", ")})`);
  const cliFiles = Object.keys(output.inputs).filter((input) => input.startsWith("src/cli/"));
  const groups = new Map<string, number>();
  for (const [owner, bytes] of byOwner) {
    const group = owner === "openai" ? "openai SDK" : PARSER_PACKAGES.test(owner) ? "markdown parser" : owner.startsWith("src/") || owner === "main.ts" ? "our code (src/, main.ts)" : owner === "scripts" ? "stand-ins (scripts/esbuild/shims)" : "other packages";
    groups.set(group, (groups.get(group) ?? 0) + bytes);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { byOwner: sorted(byOwner), groups: sorted(groups), twice, cliFiles, stubs };
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

/** Compiles main.js as Obsidian does, inside a CommonJS wrapper: V8 parses the whole file before any of it runs. */
function compileBundle(source: string): Script {
  return new Script(`(function (module, exports, require) {\n${source}\n})`, { filename: "main.js" });
}

/** Runs the compiled main.js: a require that gives `obsidian`, the editor packages and nothing else. */
function evaluateBundle(script: Script, obsidian: unknown): PluginClass {
  const wrapper = script.runInThisContext() as (m: { exports: Record<string, unknown> }, e: Record<string, unknown>, r: (id: string) => unknown) => void;
  const module = { exports: {} as Record<string, unknown> };
  wrapper(module, module.exports, (id) => {
    if (id === "obsidian") return obsidian;
    if (HOST_PACKAGES.has(id)) return hostRequire(id);
    throw new Error(`main.js required "${id}", which Obsidian does not provide on every platform.`);
  });
  return (module.exports.default ?? module.exports) as unknown as PluginClass;
}

type Mocks = { App: { createConfigured__(o: { files: Record<string, string> }): { asOriginalType__(): ObsidianApp } } };

async function loadMocks(): Promise<Mocks> {
  installDomGlobals();
  // Loaded after the DOM globals exist: the mocks read them while initialising.
  const { setup } = (await import("obsidian-test-mocks/setup")) as { setup: () => void };
  setup();
  return await import("obsidian-test-mocks/obsidian");
}

interface LoadTimes {
  /** Evaluating main.js's top level (parse, compile, run), before Obsidian can call onload. */
  evaluate: number;
  /** The part of `evaluate` spent compiling (parsing) main.js, before its top level runs. */
  compile: number;
  /** onload until its first await (loadData). */
  firstSlice: number;
  /** onload, call to resolved promise. */
  onload: number;
  /** CPU time of the process (user + system) over evaluating main.js and onload: the work, without waiting for a core. */
  cpu: number;
}

/** One load as Obsidian does it: evaluate main.js, construct the plugin, await onload; a fresh mock app each time. */
async function loadOnce(source: string, obsidian: Mocks): Promise<LoadTimes> {
  const app = obsidian.App.createConfigured__({ files: SOP_VAULT }).asOriginalType__();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const script = compileBundle(source);
  const tc = performance.now();
  const Plugin = evaluateBundle(script, obsidian);
  const t1 = performance.now();
  const plugin = new Plugin(app, manifest);
  const t2 = performance.now();
  const done = plugin.onload();
  const t3 = performance.now();
  await done;
  const t4 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  // A load that registered nothing would time nothing worth measuring.
  if (plugin.commands__.size === 0) throw new Error("The built plugin registered no commands on load.");
  return { evaluate: t1 - t0, compile: tc - t0, firstSlice: t3 - t2, onload: t4 - t2, cpu: (cpu.user + cpu.system) / 1000 };
}

/** A child process: one cold load (V8 has never seen main.js in this process), printed as JSON. */
async function coldChild(): Promise<void> {
  const obsidian = await loadMocks();
  // Obsidian has its editor packages loaded long before any plugin; loading them from disk is not main.js's cost.
  for (const id of HOST_PACKAGES) hostRequire(id);
  const source = readFileSync(MAIN_JS, "utf8");
  process.stdout.write(JSON.stringify(await loadOnce(source, obsidian)));
}

/** Cold loads, one fresh Node process each, one after the other. */
function coldLoads(): LoadTimes[] {
  const samples: LoadTimes[] = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const child = spawnSync(process.execPath, [process.argv[1], COLD_FLAG], { cwd: ROOT, encoding: "utf8" });
    if (child.status !== 0) throw new Error(`cold load ${i + 1} failed: ${child.stderr}`);
    samples.push(JSON.parse(child.stdout) as LoadTimes);
  }
  return samples;
}

async function main(): Promise<void> {
  const load = machineLine();
  buildPlugin();
  const size = statSync(MAIN_JS).size;
  const meta = metafile();
  const { byOwner, groups, twice, cliFiles, stubs } = contributors(meta);
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  const metaBytes = groups.reduce((sum, [, bytes]) => sum + bytes, 0) + stubs;

  const cold = coldLoads();
  const obsidian = await loadMocks();
  const source = readFileSync(MAIN_JS, "utf8");
  const warm: LoadTimes[] = [];
  for (let i = 0; i < LOADS + 5; i++) {
    const times = await loadOnce(source, obsidian);
    // Warm-up: V8 compiles main.js on the first evaluations and reuses the code for the same source afterwards.
    if (i >= 5) warm.push(times);
  }
  const coldTogether = summarize(cold.map((t) => t.evaluate + t.onload));
  const warmTogether = summarize(warm.map((t) => t.evaluate + t.onload));
  const onloadSummary = summarize(cold.map((t) => t.onload));
  const coldCpu = summarize(cold.map((t) => t.cpu));

  write([
    "### main.js size and load time",
    "",
    load,
    "",
    "| Measure | Budget | Measured | Met? |",
    "|---|---:|---:|---|",
    `| main.js, minified production build (\`npm run build\`) | ≤ ${SIZE_BUDGET_KB} KB (issue 18, DESIGN.md §11) | ${kb(size)} KB (${size.toLocaleString("en-US")} bytes) | ${met(size / 1024 <= SIZE_BUDGET_KB)} |`,
    `| packages bundled twice (two copies or versions, from the metafile) | none | ${twice.length ? twice.join("; ") : "none"} | ${met(twice.length === 0)} |`,
    `| command-line files (src/cli/) in main.js | none | ${cliFiles.length ? cliFiles.join(", ") : "none"} | ${met(cliFiles.length === 0)} |`,
    "",
    `Contributors (bytes in the minified output, from the metafile the same build wrote, dist/main.meta.json: ${kb(metaBytes)} KB without the banner; stand-ins for the SDK's left-out API ${kb(stubs)} KB):`,
    "",
    "| Group | KB | Share |",
    "|---|---:|---:|",
    ...groups.map(([name, bytes]) => `| ${name} | ${kb(bytes)} | ${((bytes / metaBytes) * 100).toFixed(0)}% |`),
    "",
    "| Package or folder | KB |",
    "|---|---:|",
    ...byOwner.slice(0, 14).map(([name, bytes]) => `| ${name} | ${kb(bytes)} |`),
    "",
    `Loading the built main.js under obsidian-test-mocks (jsdom globals), a fresh mock app (${Object.keys(SOP_VAULT).length} notes) and a fresh plugin each time:`,
    `cold = ${COLD_LOADS} loads, each in a new Node process that has never compiled main.js (as when Obsidian starts); warm = ${LOADS} loads in one process after 5 warm-up loads (V8 reuses its compiled code).`,
    "",
    "| Measure | Budget | Median ms | Min–max ms | Met? |",
    "|---|---:|---:|---:|---|",
    `| evaluating main.js + onload, cold, wall clock | ≤ ${LOAD_BUDGET_MS} ms (issue 18) | ${cells(coldTogether, 2)} | ${met(coldTogether.median <= LOAD_BUDGET_MS)} |`,
    `| evaluating main.js + onload, cold, CPU time of the process (what an idle core would take) | ≤ ${LOAD_BUDGET_MS} ms (issue 18) | ${cells(coldCpu, 2)} | ${met(coldCpu.median <= LOAD_BUDGET_MS)} |`,
    `| (evaluating main.js alone, cold) | — | ${cells(summarize(cold.map((t) => t.evaluate)), 2)} | — |`,
    `| (of which compiling main.js, cold: V8 parsing ${kb(size)} KB, before any of it runs) | — | ${cells(summarize(cold.map((t) => t.compile)), 2)} | — |`,
    `| onload, call to resolved promise, cold (the mocks' loadData resolves at once) | ≤ ${ONLOAD_BUDGET_MS} ms (DESIGN.md §11) | ${cells(onloadSummary, 2)} | ${met(onloadSummary.median <= ONLOAD_BUDGET_MS)} |`,
    `| onload, first synchronous slice (until its first await, loadData), cold | — | ${cells(summarize(cold.map((t) => t.firstSlice)), 3)} | — |`,
    `| evaluating main.js + onload, warm | — | ${cells(warmTogether, 2)} | — |`,
    `| evaluating main.js + onload, warm, CPU time | — | ${cells(summarize(warm.map((t) => t.cpu)), 2)} | — |`,
    "",
  ]);
}

void (process.argv.includes(COLD_FLAG) ? coldChild() : main()).catch((error: unknown) => {
  process.stderr.write(`bundle benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
